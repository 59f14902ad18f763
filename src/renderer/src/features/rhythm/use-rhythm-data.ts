import { useMemo } from 'react'
import type { Activity, Customer, User } from '@shared/model'
import { quotaByRep, type VisitQuota } from '@shared/domain/eight-visit'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useWarmQuery, warmMemo } from '../../db/warm'

/** The reps the chosen scope covers, departed ones included (their history still counts). */
export function useScopedReps(): User[] {
  const { users } = useWorkspaceData()
  const { contains } = useScope()
  return useMemo(
    () => users.filter((u) => u.role === 'rep' && contains({ orgUnitId: u.orgUnitId, ownerId: u.id })).sort((a, b) => a.name.localeCompare(b.name)),
    [users, contains]
  )
}

/** Activities in [from, to), read through the `at` index so a year of history is never loaded for a day. */
export function useActivitiesBetween(from: number, to: number): Activity[] | undefined {
  return useWarmQuery(`activities:at:${from}:${to}`, () => getDb().activities.where('at').between(from, to, true, false).toArray())
}

export function useCustomerMap(): Map<string, Customer> | undefined {
  const rows = useWarmQuery('customers', () => getDb().customers.toArray())
  return rows ? warmMemo('customerMap', [rows], () => new Map(rows.map((c) => [c.id, c]))) : undefined
}

/**
 * Each rep's daily visit split, from their team's setting (else their region's, else 4 / 2 / 2).
 * It lives on the org unit, so every manager's board judges a team by the same split.
 */
export function useQuotaByRep(): (userId: string) => VisitQuota {
  const { users, orgUnitById } = useWorkspaceData()
  return useMemo(() => quotaByRep(users, orgUnitById), [users, orgUnitById])
}
