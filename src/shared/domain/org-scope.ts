import type { OrgUnit, User } from '../model'

/** What the manager has chosen to look at: everything, a region, a team or one rep. */
export type Scope = { kind: 'all' } | { kind: 'orgUnit'; id: string } | { kind: 'rep'; id: string }

export interface ScopeMembers {
  /** Org units inside the scope (the unit and its subtree); null = no restriction. */
  orgUnitIds: Set<string> | null
  /** Users inside the scope; null = no restriction. */
  userIds: Set<string> | null
}

/** Resolve a scope to the org units and people it covers (a region covers its teams). */
export function scopeMembers(scope: Scope, orgUnits: readonly OrgUnit[], users: readonly User[]): ScopeMembers {
  if (scope.kind === 'all') return { orgUnitIds: null, userIds: null }
  if (scope.kind === 'rep') {
    const user = users.find((u) => u.id === scope.id)
    return { orgUnitIds: new Set(user ? [user.orgUnitId] : []), userIds: new Set([scope.id]) }
  }
  const children = new Map<string, string[]>()
  for (const u of orgUnits) {
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id])
  }
  const units = new Set<string>()
  const stack = [scope.id]
  while (stack.length) {
    const id = stack.pop()!
    if (units.has(id)) continue
    units.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  return { orgUnitIds: units, userIds: new Set(users.filter((u) => units.has(u.orgUnitId)).map((u) => u.id)) }
}

/** Does a row owned by `ownerId` in `orgUnitId` fall inside the scope? */
export function inScope(members: ScopeMembers, row: { orgUnitId?: string; ownerId?: string | null }): boolean {
  if (members.userIds && row.ownerId) return members.userIds.has(row.ownerId)
  if (members.orgUnitIds && row.orgUnitId) return members.orgUnitIds.has(row.orgUnitId)
  return members.orgUnitIds === null
}
