import { z } from 'zod'
import { Id, EpochMs, MinorUnits, Coordinates, defineKind } from './common'

/** Every kind of follow-up (跟进) the mixed timeline shows. */
export const ActivityKind = z.enum([
  'visit',
  'call',
  'sms',
  'email',
  'wechat',
  'task',
  'quote',
  'requirement',
  'proposal',
  'contract',
  'delivery',
  'payment',
  'note',
  'ride_along',
  'role_play',
  'amount_change',
  'close_date_change',
  'owner_change',
  'pool_claim',
  'pool_reclaim',
  'big_deal_flag',
  'audit_result',
  'coaching_comment'
])
export type ActivityKind = z.infer<typeof ActivityKind>

/** The iron-army rule splits the eight daily visits into 4 new / 2 follow-up / 2 closing. */
export const VisitKind = z.enum(['new', 'follow_up', 'closing'])
export type VisitKind = z.infer<typeof VisitKind>

/** The behaviour control sheet (销售行为控制表), planned before a visit and reviewed after. */
export const BehaviourSheet = z.object({
  objective: z.string().max(2000).optional(),
  conversationLogic: z.string().max(2000).optional(),
  needsUncovered: z.string().max(2000).optional(),
  impressionLeft: z.string().max(2000).optional()
})
export type BehaviourSheet = z.infer<typeof BehaviourSheet>

export const Activity = z.object({
  id: Id,
  kind: ActivityKind,
  customerId: Id,
  dealId: Id.nullable(),
  /** Who did it: the rep who made the visit or call (also on ride-alongs), or the manager who wrote a note. */
  userId: Id,
  /** When it happened (or is planned for). */
  at: EpochMs,
  /** When it was recorded; visits logged long after the fact are a risk signal. */
  loggedAt: EpochMs.optional(),
  status: z.enum(['planned', 'done', 'cancelled']).optional(),
  visitKind: VisitKind.optional(),
  contactId: Id.optional(),
  /** Seniority the rep recorded for the person met; compared with the contact's title. */
  recordedSeniority: z.number().int().min(1).max(5).optional(),
  checkIn: Coordinates.optional(),
  durationSec: z.number().int().min(0).max(86_400).optional(),
  /** Calls: whether the other side picked up; only connected calls count as a customer touch. */
  connected: z.boolean().optional(),
  subject: z.string().max(300).optional(),
  body: z.string().max(20_000).optional(),
  amount: MinorUnits.optional(),
  recordingId: Id.optional(),
  behaviour: BehaviourSheet.optional(),
  /** Ride-alongs: the manager who joined the rep's visit; coaching tasks: the assignee. */
  otherUserId: Id.optional(),
  /** Ride-alongs: the manager's score of how the rep ran the visit, 1 (poor) to 5 (model). */
  score: z.number().int().min(1).max(5).optional(),
  dueAt: EpochMs.optional(),
  /** Old and new value for change events (amount, close date, owner). */
  from: z.union([z.string(), z.number()]).optional(),
  to: z.union([z.string(), z.number()]).optional(),
  externalId: z.string().max(200).optional(),
  /** Coaching sessions (`coaching_comment`): the skill coached and the 16-character step reached. */
  coachingSkill: z.string().max(60).optional(),
  coachingStep: z.enum(['tell', 'show', 'explain', 'do']).optional()
})
export type Activity = z.infer<typeof Activity>
export const activityKind = defineKind({
  table: 'activities',
  placement: { kind: 'ref', refs: [['customerId', 'customers']] },
  indexes: ['[customerId+at]', '[dealId+at]', '[userId+at]', 'at', 'kind', 'recordingId', 'externalId'],
  schema: Activity,
  version: 1,
  merge: 'append'
})

/** Kinds that count as a real customer touch: a visit made or a call that connected. An email does not. */
export function isCustomerTouch(a: Pick<Activity, 'kind' | 'status' | 'connected'>): boolean {
  if (a.kind === 'visit' || a.kind === 'ride_along') return a.status !== 'planned' && a.status !== 'cancelled'
  if (a.kind === 'call') return a.connected === true
  return false
}
