import { z } from 'zod'
import { RecordBase, Id, LocalDate, defineKind } from './common'
import { CONTRACT_CHILD_PARENTS } from './post-sale'

export const MilestoneKind = z.enum(['kickoff', 'delivery', 'acceptance', 'go_live', 'other'])
export type MilestoneKind = z.infer<typeof MilestoneKind>

/** A delivery milestone of a contract (启动, 交付, 验收, 上线) with its planned and actual day. */
export const Milestone = RecordBase.extend({
  contractId: Id,
  kind: MilestoneKind,
  /** Shown instead of the kind's name when set. */
  name: z.string().max(80).optional(),
  seq: z.number().int().min(1).max(100),
  plannedDate: LocalDate,
  /** Set when reached; an instalment gated by it falls due from this day. */
  actualDate: LocalDate.optional(),
  note: z.string().max(500).optional()
})
export type Milestone = z.infer<typeof Milestone>
export const milestoneKind = defineKind({
  table: 'milestones',
  placement: { kind: 'ref', refs: CONTRACT_CHILD_PARENTS },
  indexes: ['contractId', 'externalId'],
  schema: Milestone,
  version: 1,
  merge: 'record'
})
export const milestoneParents = CONTRACT_CHILD_PARENTS
