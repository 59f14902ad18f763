import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

/** The conversation figures a question can be linked to (the team benchmarks' figures). */
export const LINK_FIGURES = ['talkRatio', 'longestRepMonologueMs', 'switchesPerMinute', 'patienceMs', 'questionsPerHour', 'fillersPerHour'] as const

/**
 * What pre-fills a question: a keyword tracker's mentions or a conversation figure, with the
 * range that passes (in the units the coach reads: talk ratio in %, monologue and patience in
 * seconds, counts as counts). An absent bound is open.
 */
export const ScorecardLink = z.discriminatedUnion('source', [
  z.object({ source: z.literal('tracker'), word: z.string().min(1).max(60), min: z.number().min(0).optional(), max: z.number().min(0).optional() }),
  z.object({ source: z.literal('metric'), figure: z.enum(LINK_FIGURES), min: z.number().min(0).optional(), max: z.number().min(0).optional() })
])
export type ScorecardLink = z.infer<typeof ScorecardLink>

export const ScorecardQuestion = z.object({
  id: z.string().max(64),
  label: z.string().max(300),
  type: z.enum(['scale', 'yes_no', 'choice']),
  weight: z.number().min(0).max(100),
  options: z.array(z.string().max(100)).max(10).optional(),
  /** Skill from the coaching method this question trains, if any. */
  skill: z.string().max(60).optional(),
  /** A tracker or figure that suggests this question's answer when a call is scored. */
  link: ScorecardLink.optional()
})

export const ScorecardTemplate = RecordBase.extend({
  name: z.string().min(1).max(120),
  questions: z.array(ScorecardQuestion).min(1).max(40)
})
export type ScorecardTemplate = z.infer<typeof ScorecardTemplate>
export const scorecardTemplateKind = defineKind({
  table: 'scorecardTemplates',
  placement: { kind: 'global' },
  indexes: [],
  schema: ScorecardTemplate,
  // 2: questions may carry a `link` (pre-filled scorecards); older rows read as they are.
  version: 2,
  merge: 'record'
})

/** A linked question's suggestion as the coach saw it: the answer, the figure behind it and its moments. */
export const ScorecardSuggestion = z.object({
  answer: z.union([z.number(), z.boolean(), z.string()]),
  value: z.number(),
  verdict: z.enum(['pass', 'near', 'fail']),
  moments: z.array(z.number().int().min(0)).max(50).optional()
})
export type ScorecardSuggestion = z.infer<typeof ScorecardSuggestion>

/** A coach's score of one call against a template. */
export const Scorecard = RecordBase.extend({
  templateId: Id,
  recordingId: Id,
  repId: Id,
  coachId: Id,
  /** The coach's answers: what counts. */
  answers: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  /** What the linked questions suggested when the coach saved, kept beside the coach's answers. */
  suggestions: z.record(z.string(), ScorecardSuggestion).optional(),
  scoredAt: EpochMs
})
export type Scorecard = z.infer<typeof Scorecard>
// 2: `suggestions` kept beside the coach's answers.
export const scorecardKind = defineKind({
  table: 'scorecards',
  placement: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  indexes: ['recordingId', 'repId'],
  schema: Scorecard,
  version: 2,
  merge: 'record'
})
