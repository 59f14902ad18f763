import type { ModelTable } from '../shared/model'
import type { UserRole } from '../shared/model/user'
import { canGiveRole, interviewScoreRefusal, missingPermission, postSaleRefusal, refusal, refusalReason, ROLE_RANK, type Permission, type RowReader } from '../shared/domain/permissions'
import type { Op } from '../shared/sync/op'
import type { OpRejection } from './errors'
import type { Scope } from './org'

/**
 * The hub's half of the permission table (`shared/domain/permissions.ts`, which the app reads
 * too): a pushed op is refused when the pusher's role lacks what the write needs, with the
 * permission named so the laptop can say it in words. Scope (which regions) is checked apart,
 * in records.ts; this is about what a role may change inside them.
 */

export interface PermissionRejection extends Pick<OpRejection, 'code' | 'reason'> {
  code: 'sync.forbidden'
  permission: Permission
  role: UserRole
  allowed: readonly UserRole[]
}

function rejection(role: UserRole, permission: Permission): PermissionRejection {
  const r = refusal(role, permission)
  return { ...r, reason: refusalReason(r) }
}

/**
 * `stored`: the row's current values on the hub (empty for a new row). A person's role is
 * guarded twice: one may give only roles below one's own, and may not change someone who
 * already ranks at or above oneself (an admin may do both).
 */
export function permissionRefusal(scope: Scope, op: Op, stored: Record<string, unknown>): PermissionRejection | undefined {
  const role = scope.user.role
  const table = op.table as ModelTable
  const fields = Object.keys(op.fields)
  const regionCreated = table === 'orgUnits' && op.fields.kind === 'region' && stored.kind !== 'region'
  const missing = missingPermission(role, table, fields, { regionCreated })
  if (missing) return rejection(role, missing)
  if (table === 'users' && role !== 'admin') {
    const given = op.fields.role
    const held = stored.role
    if (typeof given === 'string' && given in ROLE_RANK && !canGiveRole(role, given as UserRole)) return rejection(role, 'people.manage')
    if (typeof held === 'string' && held in ROLE_RANK && !canGiveRole(role, held as UserRole)) return rejection(role, 'people.manage')
  }
  return undefined
}

/**
 * The post-sale owner rule (shared/domain/permissions.ts, the app applies the same): a rep's push
 * to a contract, plan, milestone, collection or invoice is refused unless the deal it hangs off
 * is theirs — before the write (stored) and after it (stored with the op's fields over them), so
 * a rep can neither edit another's contract nor move one onto or off their deal.
 */
export async function postSalePermissionRefusal(scope: Scope, op: Op, stored: Record<string, unknown>, read: RowReader): Promise<PermissionRejection | undefined> {
  const { role, id } = scope.user
  const after = await postSaleRefusal(role, id, op.table, { ...stored, ...op.fields }, read)
  const before = after ?? (Object.keys(stored).length ? await postSaleRefusal(role, id, op.table, stored, read) : undefined)
  return before ? rejection(role, before) : undefined
}

/**
 * An interview score is its interviewer's alone (shared/domain/permissions.ts, the app applies
 * the same): refused when the pusher is not the interviewer the row names, before or after the op.
 */
export function interviewScorePermissionRefusal(scope: Scope, op: Op, stored: Record<string, unknown>): PermissionRejection | undefined {
  const missing = interviewScoreRefusal(scope.user.id, op.table, stored, { ...stored, ...op.fields })
  return missing ? rejection(scope.user.role, missing) : undefined
}
