import { describe, expect, it } from 'vitest'
import {
  canMove,
  candidateSummary,
  compareCandidates,
  interviewTotal,
  othersHidden,
  templateProblems,
  visibleScores,
  type InterviewFactor,
  type InterviewScoreLike,
  type TemplateSnapshot
} from './hiring'

// The seeds' model: drive 30, sales skill 30, role-play 25, experience 15.
const factors: InterviewFactor[] = [
  {
    id: 'drive',
    label: 'Drive',
    weight: 30,
    questions: [
      { id: 'd1', text: 'Why sales?' },
      { id: 'd2', text: 'Why leave?' }
    ]
  },
  { id: 'skill', label: 'Sales skill', weight: 30, questions: [{ id: 's1', text: 'Best and worst deal' }] },
  { id: 'role', label: 'Role-play', weight: 25, rolePlay: true, questions: [{ id: 'r1', text: 'Sell to the CEO' }] },
  { id: 'exp', label: 'Experience', weight: 15, questions: [{ id: 'e1', text: 'Related products' }] }
]
const v1: TemplateSnapshot = { templateId: 't', version: 1, factors }

function score(p: Partial<InterviewScoreLike> & Pick<InterviewScoreLike, 'interviewerId' | 'answers'>): InterviewScoreLike {
  return { id: `${p.interviewerId}-${p.candidateId ?? 'c1'}`, candidateId: 'c1', template: v1, submittedAt: 1, ...p }
}

describe('interviewTotal', () => {
  it('weighs factors by their share and questions equally within one', () => {
    // drive (4+5)/2 = 4.5 → 90; skill 3 → 60; role 4 → 80; exp 2 → 40
    // total = (30·90 + 30·60 + 25·80 + 15·40) / 100 = (2700 + 1800 + 2000 + 600) / 100 = 71
    const t = interviewTotal(v1, { d1: 4, d2: 5, s1: 3, r1: 4, e1: 2 })
    expect(t.total).toBe(71)
    expect(t.factors.map((f) => f.score)).toEqual([90, 60, 80, 40])
    expect(t.coverage).toBe(1)
  })

  it('leaves unanswered factors and questions out, and says how much weight was judged', () => {
    // drive: only d1 = 3 → 60; skill: 5 → 100; role and exp unanswered.
    // total = (30·60 + 30·100) / 60 = 80; coverage 60 / 100.
    const t = interviewTotal(v1, { d1: 3, s1: 5, r1: 0, e1: 7 })
    expect(t.total).toBe(80)
    expect(t.coverage).toBeCloseTo(0.6)
    expect(t.factors.find((f) => f.factorId === 'drive')).toMatchObject({ answered: 1, questions: 2, score: 60 })
    expect(t.factors.find((f) => f.factorId === 'role')?.score).toBeNull()
  })

  it('is null when nothing is answered', () => {
    expect(interviewTotal(v1, {})).toMatchObject({ total: null, coverage: 0 })
  })
})

describe('templateProblems', () => {
  it("accepts the seeds' default and names what is wrong otherwise", () => {
    expect(templateProblems(factors)).toEqual([])
    const bad = factors.map((f) => (f.id === 'exp' ? { ...f, weight: 10 } : f))
    expect(templateProblems(bad)).toEqual([{ code: 'hiring.template.weights-sum', sum: 95 }])
    expect(templateProblems([{ id: 'x', label: ' ', weight: 100, questions: [] }])).toEqual([
      { code: 'hiring.template.factor-no-label', n: 1 },
      { code: 'hiring.template.factor-no-questions', factor: '1' }
    ])
    expect(templateProblems([])).toEqual([{ code: 'hiring.template.no-factors' }])
  })
})

describe('independent scoring', () => {
  const a = score({ interviewerId: 'amy', answers: { d1: 5 } })
  const bDraft = score({ interviewerId: 'bo', answers: { d1: 2 }, submittedAt: undefined })

  it('an interviewer who has not submitted sees only their own score', () => {
    expect(visibleScores([a, bDraft], 'bo', ['amy', 'bo']).map((s) => s.interviewerId)).toEqual(['bo'])
    expect(othersHidden([a, bDraft], 'bo', ['amy', 'bo'])).toBe(true)
    // Not even a score started yet: nothing of Amy's.
    expect(visibleScores([a], 'bo', ['amy', 'bo'])).toEqual([])
  })

  it('after submitting, sees the others; drafts stay their author’s', () => {
    const bDone = { ...bDraft, submittedAt: 2 }
    expect(visibleScores([a, bDone], 'bo', ['amy', 'bo']).map((s) => s.interviewerId)).toEqual(['amy', 'bo'])
    expect(visibleScores([a, bDraft], 'amy', ['amy', 'bo']).map((s) => s.interviewerId)).toEqual(['amy'])
  })

  it('the hiring manager who does not interview sees submitted scores only', () => {
    expect(visibleScores([a, bDraft], 'lead', ['amy', 'bo']).map((s) => s.interviewerId)).toEqual(['amy'])
    expect(othersHidden([a, bDraft], 'lead', ['amy', 'bo'])).toBe(false)
  })
})

describe('candidateSummary and compareCandidates', () => {
  it('one interviewer: their total, no spread', () => {
    const s = candidateSummary('c1', [score({ interviewerId: 'amy', answers: { d1: 4, d2: 5, s1: 3, r1: 4, e1: 2 } })])
    expect(s).toMatchObject({ total: 71, spread: 0 })
    expect(s.interviewers).toHaveLength(1)
  })

  it('disagreeing interviewers: mean total and the spread per factor', () => {
    // Amy all 5 → 100. Bo: d1 1, d2 1 → 20; s1 2 → 40; r1 3 → 60; e1 5 → 100
    // Bo's total = (30·20 + 30·40 + 25·60 + 15·100) / 100 = (600 + 1200 + 1500 + 1500) / 100 = 48
    const scores = [
      score({ interviewerId: 'amy', answers: { d1: 5, d2: 5, s1: 5, r1: 5, e1: 5 } }),
      score({ interviewerId: 'bo', answers: { d1: 1, d2: 1, s1: 2, r1: 3, e1: 5 } }),
      // A draft does not count.
      score({ interviewerId: 'cy', answers: { d1: 1 }, submittedAt: undefined })
    ]
    const s = candidateSummary('c1', scores)
    expect(s.total).toBe(74) // (100 + 48) / 2
    expect(s.spread).toBe(52)
    expect(s.factors.map((f) => [f.factorId, f.mean, f.spread])).toEqual([
      ['drive', 60, 80],
      ['skill', 70, 60],
      ['role', 80, 40],
      ['exp', 100, 0]
    ])
  })

  it('a template edited after scoring: each score keeps the version it was made with', () => {
    // v2 drops the role-play and puts its weight on drive (55); Amy scored on v1, Bo on v2.
    const v2: TemplateSnapshot = {
      templateId: 't',
      version: 2,
      factors: [{ ...factors[0]!, weight: 55 }, factors[1]!, factors[3]!]
    }
    const amy = score({ interviewerId: 'amy', answers: { d1: 4, d2: 5, s1: 3, r1: 4, e1: 2 } }) // 71 under v1
    // Bo under v2: drive 90, skill 60, exp 40 → (55·90 + 30·60 + 15·40) / 100 = (4950 + 1800 + 600) / 100 = 73.5
    const bo = score({ interviewerId: 'bo', template: v2, answers: { d1: 4, d2: 5, s1: 3, r1: 5, e1: 2 } })
    const s = candidateSummary('c1', [amy, bo])
    expect(s.interviewers.map((i) => [i.interviewerId, i.total, i.templateVersion])).toEqual([
      ['amy', 71, 1],
      ['bo', 73.5, 2]
    ])
    expect(s.total).toBe(72.3) // (71 + 73.5) / 2 = 72.25 → 72.3
    // The dropped role-play still shows (scored by Amy only), after v2's factors.
    expect(s.factors.map((f) => [f.factorId, f.weight, f.scoredBy])).toEqual([
      ['drive', 55, 2],
      ['skill', 30, 2],
      ['exp', 15, 2],
      ['role', 25, 1]
    ])
  })

  it('ranks candidates by total, unscored last', () => {
    const scores = [
      score({ interviewerId: 'amy', candidateId: 'c1', answers: { d1: 3, d2: 3, s1: 3, r1: 3, e1: 3 } }),
      score({ interviewerId: 'amy', candidateId: 'c2', answers: { d1: 5, d2: 5, s1: 5, r1: 5, e1: 5 } })
    ]
    const rows = compareCandidates(
      [
        { id: 'c0', name: 'Zed' },
        { id: 'c1', name: 'Ann' },
        { id: 'c2', name: 'Bea' }
      ],
      scores
    )
    expect(rows.map((r) => [r.candidate.name, r.total])).toEqual([
      ['Bea', 100],
      ['Ann', 60],
      ['Zed', null]
    ])
  })
})

describe('stages', () => {
  it('moves forward one stage at a time, rejects from any open stage, and reopens a rejected one', () => {
    expect(canMove('applied', 'interviews')).toBe(true)
    expect(canMove('applied', 'offer')).toBe(false)
    expect(canMove('offer', 'joined')).toBe(true)
    expect(canMove('joined', 'rejected')).toBe(false)
    expect(canMove('rejected', 'applied')).toBe(true)
  })
})
