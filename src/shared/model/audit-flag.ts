import { z } from 'zod'
import { RecordBase, Id, EpochMs, defineKind } from './common'

export const AuditRule = z.enum([
  'far_check_in',
  'impossible_travel',
  'seniority_inflated',
  'phone_as_visit',
  'identical_notes',
  'bulk_logged',
  // Picked by the weekly random sample, no rule flagged it: the manager checks it all the same.
  'sample'
])
export type AuditRule = z.infer<typeof AuditRule>

/** A suspicious visit found by a risk rule, with its evidence, and the manager's verdict. */
export const AuditFlag = RecordBase.extend({
  activityId: Id,
  userId: Id,
  rule: AuditRule,
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  status: z.enum(['open', 'confirmed', 'cleared']),
  createdAt: EpochMs,
  reviewedBy: Id.optional(),
  reviewedAt: EpochMs.optional(),
  sampled: z.boolean().optional(),
  /** Why the reviewer judged so (a call to the customer, the check-in photo…). */
  note: z.string().max(2000).optional(),
  /** Earlier verdicts, oldest first: a verdict can be changed for a week and the change is kept. */
  history: z
    .array(z.object({ status: z.enum(['confirmed', 'cleared']), at: EpochMs, by: Id.optional(), note: z.string().max(2000).optional() }))
    .max(100)
    .optional()
})
export type AuditFlag = z.infer<typeof AuditFlag>
export const auditFlagKind = defineKind({
  table: 'auditFlags',
  placement: { kind: 'ref', refs: [['activityId', 'activities']] },
  indexes: ['activityId', 'userId', 'status'],
  schema: AuditFlag,
  version: 2,
  merge: 'record'
})
