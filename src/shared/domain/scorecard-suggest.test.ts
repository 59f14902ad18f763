import { describe, expect, it } from 'vitest'
import type { ScorecardTemplate } from '../model/scorecard'
import type { CallMetrics } from './call-metrics'
import { scorecardTotal } from './coaching'
import { answerFor, keptSuggestions, linkValue, prefilledAnswers, ruleVerdict, suggestScorecard } from './scorecard-suggest'

// A 10-minute stereo call: rep talked 390 s, customer 210 s (65 % : 35 %), longest rep monologue
// 95 s, patience 0.8 s; transcript: 4 rep questions in 10 min = 24 per hour, 3 fillers = 18 per hour.
const metrics: CallMetrics = {
  durationMs: 600_000,
  lanes: {
    repTalkMs: 390_000,
    customerTalkMs: 210_000,
    talkRatio: 0.65,
    longestRepMonologueMs: 95_000,
    longestCustomerMonologueMs: 40_000,
    switchesPerMinute: 3,
    patienceMs: 800
  },
  words: { questionsPerHour: 24, repQuestions: 4, fillers: 3, keywords: {} }
}
const mono: CallMetrics = { durationMs: 600_000, lanes: null, lanesMissing: 'mono', words: null, wordsMissing: 'no-transcript' }
const segments = [
  { id: 's1', recordingId: 'r1', startMs: 12_000, text: '我们先看看预算' },
  { id: 's2', recordingId: 'r1', startMs: 30_000, text: '客户说价格太高' },
  { id: 's3', recordingId: 'r1', startMs: 95_500, text: 'The PRICE is fine, 价格也可以' }
]

const template: Pick<ScorecardTemplate, 'questions'> = {
  questions: [
    { id: 'listen', label: 'Lets the customer talk', type: 'scale', weight: 30, link: { source: 'metric', figure: 'talkRatio', min: 40, max: 60 } },
    { id: 'price', label: 'Talks about price', type: 'yes_no', weight: 20, link: { source: 'tracker', word: '价格', min: 1 } },
    { id: 'mono', label: 'Short monologues', type: 'choice', weight: 20, options: ['good', 'ok', 'poor'], link: { source: 'metric', figure: 'longestRepMonologueMs', max: 60 } },
    { id: 'fillers', label: 'Few fillers', type: 'scale', weight: 10, link: { source: 'metric', figure: 'fillersPerHour', max: 20 } },
    { id: 'opening', label: 'Opening', type: 'scale', weight: 20 }
  ]
}

describe('ruleVerdict', () => {
  it('passes inside the range, bounds included', () => {
    expect(ruleVerdict({ min: 40, max: 60 }, 40)).toBe('pass')
    expect(ruleVerdict({ min: 40, max: 60 }, 60)).toBe('pass')
    expect(ruleVerdict({ min: 1 }, 7)).toBe('pass')
  })
  it('is near within a fifth of the missed bound, fails beyond', () => {
    // max 60: margin 12 → 72 near, 72.1 fail; min 40: margin 8 → 32 near, 31 fail.
    expect(ruleVerdict({ min: 40, max: 60 }, 72)).toBe('near')
    expect(ruleVerdict({ min: 40, max: 60 }, 72.1)).toBe('fail')
    expect(ruleVerdict({ min: 40, max: 60 }, 32)).toBe('near')
    expect(ruleVerdict({ min: 40, max: 60 }, 31)).toBe('fail')
  })
  it('gives small bounds a margin of at least 1', () => {
    expect(ruleVerdict({ min: 1 }, 0)).toBe('near')
    expect(ruleVerdict({ min: 3 }, 1)).toBe('fail')
  })
})

describe('answerFor', () => {
  it('scale 5/3/1, yes/no, choice first/middle/last', () => {
    expect([answerFor({ type: 'scale' }, 'pass'), answerFor({ type: 'scale' }, 'near'), answerFor({ type: 'scale' }, 'fail')]).toEqual([5, 3, 1])
    expect([answerFor({ type: 'yes_no' }, 'pass'), answerFor({ type: 'yes_no' }, 'near')]).toEqual([true, false])
    const c = { type: 'choice' as const, options: ['a', 'b', 'c', 'd'] }
    expect([answerFor(c, 'pass'), answerFor(c, 'near'), answerFor(c, 'fail')]).toEqual(['a', 'b', 'd'])
  })
})

describe('linkValue', () => {
  it('counts a tracker once per moment it is heard, case-insensitive, with the moments', () => {
    expect(linkValue({ source: 'tracker', word: '价格' }, { segments })).toEqual({ value: 2, moments: [30_000, 95_500] })
    expect(linkValue({ source: 'tracker', word: 'price' }, { segments })).toEqual({ value: 1, moments: [95_500] })
  })
  it('reads figures in rule units and says why one is absent', () => {
    expect(linkValue({ source: 'metric', figure: 'talkRatio' }, { metrics, segments })).toEqual({ value: 65, moments: [] })
    expect(linkValue({ source: 'metric', figure: 'patienceMs' }, { metrics, segments })).toEqual({ value: 0.8, moments: [] })
    expect(linkValue({ source: 'metric', figure: 'talkRatio' }, { metrics: mono, segments })).toEqual({ missing: 'mono' })
    expect(linkValue({ source: 'metric', figure: 'questionsPerHour' }, { metrics: mono, segments })).toEqual({ missing: 'no-transcript' })
    expect(linkValue({ source: 'metric', figure: 'talkRatio' }, { segments })).toEqual({ missing: 'no-audio' })
    expect(linkValue({ source: 'tracker', word: '价格' }, { metrics, segments: [] })).toEqual({ missing: 'no-transcript' })
  })
})

describe('suggestScorecard', () => {
  it('suggests each linked question from the call, with its evidence', () => {
    const s = suggestScorecard(template, { metrics, segments })
    // talk 65 % vs 40–60: over by 5 ≤ 12 → near → 3 of 5.
    expect(s.get('listen')).toEqual({ answer: 3, value: 65, verdict: 'near' })
    // 价格 heard twice ≥ 1 → yes, at 0:30 and 1:35.5.
    expect(s.get('price')).toEqual({ answer: true, value: 2, verdict: 'pass', moments: [30_000, 95_500] })
    // 95 s vs ≤ 60 s: over by 35 > 12 → fail → last option.
    expect(s.get('mono')).toEqual({ answer: 'poor', value: 95, verdict: 'fail' })
    // 3 fillers in 10 min = 18 per hour ≤ 20 → 5.
    expect(s.get('fillers')).toEqual({ answer: 5, value: 18, verdict: 'pass' })
    expect(s.has('opening')).toBe(false)
  })

  it('pre-fills what the coach has not touched; the coach’s answers win; both are kept', () => {
    const s = suggestScorecard(template, { metrics, segments })
    const shown = prefilledAnswers({ opening: 4 }, s, new Set())
    expect(shown).toEqual({ opening: 4, listen: 3, price: true, mono: 'poor', fillers: 5 })
    // (30×3/5 + 20×1 + 20×0 + 10×1 + 20×4/5) / 100 = (18 + 20 + 0 + 10 + 16) = 64
    expect(scorecardTotal(template, shown).total).toBe(64)
    // The coach overrides "listen" with 5 and clears "mono" (touched, now unanswered).
    const after = prefilledAnswers({ opening: 4, listen: 5 }, s, new Set(['listen', 'mono']))
    expect(after).toEqual({ opening: 4, listen: 5, price: true, fillers: 5 })
    const kept = keptSuggestions(s)
    expect(kept.listen).toEqual({ answer: 3, value: 65, verdict: 'near' })
    expect(Object.keys(kept).sort()).toEqual(['fillers', 'listen', 'mono', 'price'])
  })

  it('a mono call without transcript suggests nothing and says why', () => {
    const s = suggestScorecard(template, { metrics: mono, segments: [] })
    expect(s.get('listen')).toEqual({ missing: 'mono' })
    expect(s.get('price')).toEqual({ missing: 'no-transcript' })
    expect(prefilledAnswers({}, s, new Set())).toEqual({})
    expect(keptSuggestions(s)).toEqual({})
  })
})
