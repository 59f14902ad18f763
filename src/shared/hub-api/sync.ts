import { z } from 'zod'
import { Op } from '../sync/op'
import { migrateRole, UserRole } from '../model/user'
import { CleanId } from './text'

/**
 * The records protocol on the wire, one schema per request and answer: the hub parses the
 * requests with these and the laptop's bridge parses the answers with them, so a field added
 * on one side is a type error on the other.
 */

/** The stream every user pulls besides their regions' (org-wide rows: processes, settings…). */
export const GLOBAL_STREAM = 'global'

/** POST /sync/push. Ops are checked one by one by the hub, so each refusal can name its op. */
export const PushBody = z.object({
  clientId: z.string().min(1).max(64),
  batchId: z.string().min(1).max(64),
  ops: z.array(z.unknown()).min(1)
})
export type PushBody = z.infer<typeof PushBody>

/** The answer to an accepted push. */
export const PushAnswer = z.object({
  batchId: z.string(),
  accepted: z.number(),
  duplicates: z.number(),
  conflicts: z.number(),
  /** Each touched stream's newest sequence number after this batch (hubs before it: absent). */
  streams: z.record(z.string(), z.number()).optional(),
  /** The batch had been applied before: this is its stored answer. */
  replayed: z.boolean().optional()
})
export type PushAnswer = z.infer<typeof PushAnswer>

/** One refused op of a refused push (the answer's `details.rejected`), by its index in the batch. */
export const PushRejection = z.object({
  index: z.number(),
  code: z.string(),
  reason: z.string().optional(),
  table: z.string().optional(),
  rowId: z.string().optional(),
  /** `sync.forbidden`: the permission the write needs and who holds it (shared/domain/permissions). */
  permission: z.string().max(60).optional(),
  role: z.string().optional(),
  allowed: z.array(z.string()).optional()
})
export type PushRejection = z.infer<typeof PushRejection>

/** GET /sync/pull?stream&after&limit. */
export const PullQuery = z.object({
  stream: CleanId.min(1).max(64),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500)
})

/** One page of a stream. */
export const PullAnswer = z.object({
  stream: z.string(),
  ops: z.array(z.object({ seq: z.number(), op: Op })),
  head: z.number(),
  more: z.boolean(),
  /** The stream's newest conflict id (hubs before it: absent). */
  conflictTop: z.number().optional()
})
export type PullAnswer = z.infer<typeof PullAnswer>

/** The part of the org the hub lets this user see, and the region streams they may hold. */
export const OrgSnapshot = z.object({
  me: z.string(),
  regions: z.array(z.string()),
  orgUnits: z.array(z.object({ id: z.string(), kind: z.enum(['region', 'team']), name: z.string(), parentId: z.string().nullable() })),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      // A hub from before roles v2 still says `manager` (without the unit's kind: a team lead).
      role: z.preprocess((r) => (typeof r === 'string' ? (migrateRole(r) ?? r) : r), UserRole),
      orgUnitId: z.string(),
      email: z.string(),
      active: z.boolean()
    })
  )
})
export type OrgSnapshot = z.infer<typeof OrgSnapshot>

/** A losing value the hub kept that concerns this user (their edit lost, or beat a colleague's). */
export const HubConflict = z.object({
  id: z.number().int(),
  table: z.string(),
  rowId: z.string(),
  field: z.string(),
  value: z.unknown(),
  hlc: z.string(),
  winningHlc: z.string(),
  foundAt: z.number(),
  loserUserId: z.string().nullable(),
  winnerUserId: z.string().nullable(),
  // Names and roles of the two people (never their email), so the inbox can name someone outside
  // this user's org view. Optional: a hub from before them still answers without.
  loserName: z.string().nullable().optional(),
  loserRole: z.string().nullable().optional(),
  winnerName: z.string().nullable().optional(),
  winnerRole: z.string().nullable().optional()
})
export type HubConflict = z.infer<typeof HubConflict>

/** GET /sync/conflicts?after: this user's kept losing values past the cursor, and the cursor to ask from next. */
export const ConflictsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) })
export const ConflictsAnswer = z.object({ conflicts: z.array(HubConflict), next: z.number() })
export type ConflictsAnswer = z.infer<typeof ConflictsAnswer>

/**
 * What the hub says on /sync/live besides a strategy sheet's traffic (`sheet.*`, sheets.ts):
 * the socket is authenticated, a stream moved, or this user's part of the org changed.
 */
export const LiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).passthrough(),
  z.object({ type: z.literal('poke'), stream: z.string().min(1).max(64), seq: z.number().int().min(0) }),
  z.object({ type: z.literal('reset') }).passthrough()
])
export type LiveMessage = z.infer<typeof LiveMessage>

/** Every error answer: a code the laptop translates (STYLE.md §5). */
export const HubErrorBody = z.object({ code: z.string(), message: z.string().optional(), details: z.unknown().optional() })

/** POST /auth/login. */
export const LoginBody = z.object({ email: CleanId.min(3).max(200), password: z.string().min(1).max(200) })
export const LoginAnswer = z.object({ token: z.string(), expiresAt: z.number(), userId: z.string() })

/** POST /auth/accept-invite. */
export const AcceptInviteBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(10).max(200) })
export const AcceptInviteAnswer = z.object({ userId: z.string(), email: z.string() })

/** GET /auth/me. */
export const MeAnswer = z.object({ userId: z.string(), name: z.string().optional(), role: z.string().optional(), regions: z.array(z.string()) })
