import type { ScorecardLink, ScorecardSuggestion, ScorecardTemplate } from '../model/scorecard'
import { figureOf, type CallMetrics } from './call-metrics'
import { SCALE_MAX, trackerHits, type ScorecardAnswer, type ScorecardAnswers, type TrackerSegment } from './coaching'

/**
 * Pre-filled scorecards: a question linked to a keyword tracker or a conversation figure gets a
 * suggested answer with its evidence (the moments the tracker was heard, the figure's value).
 * The coach confirms or overrides; the suggestion is kept beside the answer. Pure.
 */

type Question = ScorecardTemplate['questions'][number]
type Figure = Extract<ScorecardLink, { source: 'metric' }>['figure']

/**
 * A figure in the units a coach reads and writes rules in: talk ratio in % (rep's share of the
 * talk), monologue and patience in seconds, the rest as they are.
 */
export function figureInRuleUnits(figure: Figure, v: number): number {
  if (figure === 'talkRatio') return v * 100
  if (figure === 'longestRepMonologueMs' || figure === 'patienceMs') return v / 1000
  return v
}

/** Why a linked question has no suggestion: no audio here, one lane for both voices, no transcript. */
export type SuggestionMissing = 'no-audio' | 'mono' | 'no-transcript'

export type LinkValue = { value: number; moments: number[] } | { missing: SuggestionMissing }

/** The linked value of one call: a tracker's mentions (one per transcript moment) or a figure in rule units. */
export function linkValue(link: ScorecardLink, call: { metrics?: CallMetrics; segments: readonly TrackerSegment[] }): LinkValue {
  if (link.source === 'tracker') {
    if (call.segments.length === 0) return { missing: 'no-transcript' }
    const hits = trackerHits(call.segments, [link.word])
    return { value: hits.length, moments: hits.map((h) => h.startMs) }
  }
  if (!call.metrics) return { missing: 'no-audio' }
  const v = figureOf(call.metrics, link.figure)
  if (v === null || !Number.isFinite(v)) {
    const two = link.figure === 'questionsPerHour' || link.figure === 'fillersPerHour' ? call.metrics.wordsMissing : call.metrics.lanesMissing
    return { missing: two ?? 'no-transcript' }
  }
  return { value: figureInRuleUnits(link.figure, v), moments: [] }
}

/**
 * Pass inside [min, max]; "near" when outside by at most a fifth of the bound it missed (at
 * least 1, so "mentioned ≥ 1" with 0 mentions is near, not a flat fail); fail further out.
 */
export function ruleVerdict(link: Pick<ScorecardLink, 'min' | 'max'>, value: number): ScorecardSuggestion['verdict'] {
  const below = link.min !== undefined && value < link.min ? link.min - value : 0
  const above = link.max !== undefined && value > link.max ? value - link.max : 0
  if (below === 0 && above === 0) return 'pass'
  const bound = below > 0 ? link.min! : link.max!
  const margin = Math.max(1, Math.abs(bound) * 0.2)
  return (below || above) <= margin ? 'near' : 'fail'
}

/**
 * The answer a verdict suggests for a question: scale 5 / 3 / 1; yes / no (near is no); choice
 * (options best first) first / middle / last.
 */
export function answerFor(q: Pick<Question, 'type' | 'options'>, verdict: ScorecardSuggestion['verdict']): ScorecardAnswer | undefined {
  if (q.type === 'scale') return verdict === 'pass' ? SCALE_MAX : verdict === 'near' ? 3 : 1
  if (q.type === 'yes_no') return verdict === 'pass'
  const o = q.options ?? []
  if (o.length === 0) return undefined
  const i = verdict === 'pass' ? 0 : verdict === 'near' ? Math.floor((o.length - 1) / 2) : o.length - 1
  return o[i]
}

export type QuestionSuggestion = (ScorecardSuggestion & { missing?: undefined }) | { missing: SuggestionMissing }

/** Every linked question's suggestion (or why there is none), by question id. */
export function suggestScorecard(
  template: Pick<ScorecardTemplate, 'questions'>,
  call: { metrics?: CallMetrics; segments: readonly TrackerSegment[] }
): Map<string, QuestionSuggestion> {
  const out = new Map<string, QuestionSuggestion>()
  for (const q of template.questions) {
    if (!q.link) continue
    const v = linkValue(q.link, call)
    if ('missing' in v) {
      out.set(q.id, { missing: v.missing })
      continue
    }
    const verdict = ruleVerdict(q.link, v.value)
    const answer = answerFor(q, verdict)
    if (answer === undefined) continue
    out.set(q.id, { answer, value: Math.round(v.value * 10) / 10, verdict, ...(v.moments.length ? { moments: v.moments.slice(0, 50) } : {}) })
  }
  return out
}

/**
 * What the scorecard shows: the coach's own answers, and for linked questions the coach has not
 * answered, the suggestion.
 */
export function prefilledAnswers(
  answers: ScorecardAnswers,
  suggestions: ReadonlyMap<string, QuestionSuggestion>,
  touched: ReadonlySet<string>
): ScorecardAnswers {
  const out: ScorecardAnswers = { ...answers }
  for (const [id, s] of suggestions) {
    if (s.missing || touched.has(id) || id in out) continue
    out[id] = s.answer
  }
  return out
}

/** The suggestions to keep with a saved scorecard (those that had a value). */
export function keptSuggestions(suggestions: ReadonlyMap<string, QuestionSuggestion>): Record<string, ScorecardSuggestion> {
  const out: Record<string, ScorecardSuggestion> = {}
  for (const [id, s] of suggestions) if (!s.missing) out[id] = { answer: s.answer, value: s.value, verdict: s.verdict, ...(s.moments ? { moments: s.moments } : {}) }
  return out
}
