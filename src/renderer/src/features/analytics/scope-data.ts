import type { Activity, Customer, Deal, OrgUnit, User } from '@shared/model'
import type { Scope, ScopeMembers } from '@shared/domain/org-scope'
import type { TargetOwner } from '@shared/domain/analytics/leadership'
import type { Range } from '@shared/domain/analytics/periods'

/** What the scope picker leaves in view, computed once per scope and data change. */
export interface ScopedData {
  deals: Deal[]
  customers: Customer[]
  /** Reps in scope (active or not: a rep who left still has history). */
  reps: User[]
  /** Regions and teams in scope, regions first; none when the scope is one rep. */
  units: OrgUnit[]
  /** Whose targets stand for the whole scope: the top units for everything, the unit, or the rep. */
  owners: TargetOwner[]
  /** Follow-ups of the people in scope (null until loaded). */
  activities: Activity[] | null
  /** Every follow-up loaded, in scope or not (rankings compare a rep with their whole team). */
  allActivities: Activity[] | null
}

export function scopedData(input: {
  deals: readonly Deal[]
  customers: readonly Customer[]
  activities: readonly Activity[] | null
  scope: Scope
  members: ScopeMembers
  contains(row: { orgUnitId?: string; ownerId?: string | null }): boolean
  orgUnits: readonly OrgUnit[]
  users: readonly User[]
}): ScopedData {
  const { scope, members } = input
  const deals = input.deals.filter((d) => !d.deleted && input.contains(d))
  const customers = input.customers.filter((c) => !c.deleted && input.contains(c))
  const reps = input.users.filter((u) => u.role === 'rep' && !u.deleted && (members.userIds === null || members.userIds.has(u.id)))
  const units =
    scope.kind === 'rep'
      ? []
      : input.orgUnits
          .filter((o) => !o.deleted && (members.orgUnitIds === null || members.orgUnitIds.has(o.id)))
          .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'region' ? -1 : 1))
  const owners: TargetOwner[] =
    scope.kind === 'rep'
      ? [{ scopeKind: 'user', scopeId: scope.id }]
      : scope.kind === 'orgUnit'
        ? [{ scopeKind: 'orgUnit', scopeId: scope.id }]
        : input.orgUnits.filter((o) => !o.deleted && o.parentId === null).map((o) => ({ scopeKind: 'orgUnit' as const, scopeId: o.id }))
  const activities = input.activities
    ? members.userIds === null
      ? (input.activities as Activity[])
      : input.activities.filter((a) => members.userIds!.has(a.userId))
    : null
  return { deals, customers, reps, units, owners, activities, allActivities: (input.activities as Activity[] | null) ?? null }
}

/** Reps employed at some point of the period. */
export function repsIn(reps: readonly User[], r: Range): User[] {
  return reps.filter((u) => (u.hiredAt === undefined || u.hiredAt < r.end) && (u.leftAt === undefined || u.leftAt > r.start))
}
