import { z } from 'zod'
import { Id, EpochMs, defineKind } from './common'

/** One stage move of a deal. Append-only: the funnel and time-in-stage are computed from it. */
export const StageHistory = z.object({
  id: Id,
  dealId: Id,
  fromStageId: z.string().max(64).nullable(),
  toStageId: z.string().max(64),
  at: EpochMs,
  byUserId: Id,
  /** Stages jumped over on this move; allowed only with a reason, and flagged. */
  skippedStageIds: z.array(z.string().max(64)).max(20).optional(),
  uncheckedCriteria: z.array(z.string().max(64)).max(50).optional(),
  reason: z.string().max(500).optional()
})
export type StageHistory = z.infer<typeof StageHistory>
export const stageHistoryKind = defineKind({
  table: 'stageHistory',
  placement: { kind: 'ref', refs: [['dealId', 'deals']] },
  indexes: ['dealId', 'at'],
  schema: StageHistory,
  version: 1,
  merge: 'append'
})
