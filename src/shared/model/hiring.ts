import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'
import { CANDIDATE_STAGES } from '../domain/hiring'

/**
 * Hiring (issue 21): candidates for sales roles, the structured interview template, interviewers'
 * scores and the coaching plan a hired rep starts with. Candidates and plans sync in the region
 * stream of the team they are for; scores follow their candidate; templates are the workspace's.
 */

export const CandidateStage = z.enum(CANDIDATE_STAGES)

export const InterviewQuestion = z.object({ id: z.string().min(1).max(64), text: z.string().min(1).max(500) })
export const InterviewFactor = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(80),
  weight: z.number().int().min(0).max(100),
  rolePlay: z.boolean().optional(),
  questions: z.array(InterviewQuestion).min(1).max(20)
})

/** The interview scorecard: factors with weights (adding up to 100, checked before saving) and questions. */
export const InterviewTemplate = RecordBase.extend({
  name: z.string().min(1).max(120),
  /** Bumped on every edit; a score keeps the factors of the version it was made with. */
  version: z.number().int().min(1),
  factors: z.array(InterviewFactor).min(1).max(12),
  updatedAt: EpochMs,
  updatedBy: Id.optional()
})
export type InterviewTemplate = z.infer<typeof InterviewTemplate>
export const interviewTemplateKind = defineKind({
  table: 'interviewTemplates',
  placement: { kind: 'global' },
  indexes: [],
  schema: InterviewTemplate,
  version: 1,
  merge: 'record'
})

export const StageStep = z.object({ stage: CandidateStage, at: EpochMs, by: Id.optional() })

export const Candidate = RecordBase.extend({
  name: z.string().min(1).max(80),
  /** The role applied for: a rep or a team lead. */
  role: z.enum(['rep', 'team_lead']),
  /** The team hired for (places the candidate in its region's stream). */
  orgUnitId: Id,
  stage: CandidateStage,
  /** Every stage the candidate reached, oldest first (who moved them, when). */
  stageHistory: z.array(StageStep).max(100),
  interviewerIds: z.array(Id).max(12),
  templateId: Id,
  email: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  source: z.string().max(120).optional(),
  note: z.string().max(2000).optional(),
  /** The person created in the org when the candidate joined. */
  userId: Id.optional(),
  createdAt: EpochMs,
  createdBy: Id.optional()
})
export type Candidate = z.infer<typeof Candidate>
export const candidateKind = defineKind({
  table: 'candidates',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['orgUnitId', 'stage', 'externalId'],
  schema: Candidate,
  version: 1,
  merge: 'record'
})

export const TemplateSnapshot = z.object({
  templateId: Id,
  version: z.number().int().min(1),
  factors: z.array(InterviewFactor).min(1).max(12)
})

/** One interviewer's score of one candidate: per question 1–5 with notes; a draft until submitted. */
export const InterviewScore = RecordBase.extend({
  candidateId: Id,
  interviewerId: Id,
  template: TemplateSnapshot,
  answers: z.record(z.string(), z.number().int().min(1).max(5)),
  notes: z.record(z.string(), z.string().max(2000)).optional(),
  submittedAt: EpochMs.optional(),
  updatedAt: EpochMs
})
export type InterviewScore = z.infer<typeof InterviewScore>
export const interviewScoreKind = defineKind({
  table: 'interviewScores',
  placement: { kind: 'ref', refs: [['candidateId', 'candidates']] },
  indexes: ['candidateId', 'interviewerId'],
  schema: InterviewScore,
  version: 1,
  merge: 'record'
})

/**
 * A rep's coaching plan in the 16-character method: the skills to take through 我说你听 → 我做你看
 * → 你说我听 → 你做我看, with their coach. Sessions are logged as coaching follow-ups later; the plan
 * exists from day one, when the rep has no customer yet to hang a session on.
 */
export const CoachingPlan = RecordBase.extend({
  repId: Id,
  coachId: Id,
  /** The rep's team (places the plan). */
  orgUnitId: Id,
  skills: z.array(z.string().min(1).max(60)).min(1).max(20),
  startedAt: EpochMs,
  candidateId: Id.optional(),
  createdBy: Id.optional()
})
export type CoachingPlan = z.infer<typeof CoachingPlan>
export const coachingPlanKind = defineKind({
  table: 'coachingPlans',
  placement: { kind: 'unit', field: 'orgUnitId' },
  indexes: ['repId', 'orgUnitId'],
  schema: CoachingPlan,
  version: 1,
  merge: 'record'
})
