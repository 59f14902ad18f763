import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

export const ScorecardQuestion = z.object({
  id: z.string().max(64),
  label: z.string().max(300),
  type: z.enum(['scale', 'yes_no', 'choice']),
  weight: z.number().min(0).max(100),
  options: z.array(z.string().max(100)).max(10).optional(),
  /** Skill from the coaching method this question trains, if any. */
  skill: z.string().max(60).optional()
})

export const ScorecardTemplate = RecordBase.extend({
  name: z.string().min(1).max(120),
  questions: z.array(ScorecardQuestion).min(1).max(40)
})
export type ScorecardTemplate = z.infer<typeof ScorecardTemplate>
export const scorecardTemplateKind = defineKind({
  table: 'scorecardTemplates',
  schema: ScorecardTemplate,
  version: 1,
  merge: 'record'
})

/** A coach's score of one call against a template. */
export const Scorecard = RecordBase.extend({
  templateId: Id,
  recordingId: Id,
  repId: Id,
  coachId: Id,
  answers: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  scoredAt: EpochMs
})
export type Scorecard = z.infer<typeof Scorecard>
export const scorecardKind = defineKind({ table: 'scorecards', schema: Scorecard, version: 1, merge: 'record' })
