import { z } from 'zod'
import { Op } from '../sync/op'
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
