import { useMemo } from 'react'
import type { Activity, Customer, User } from '@shared/model'
import { quotaByRep, type VisitQuota } from '@shared/domain/eight-visit'
import { DAY_MS, startOfDay, startOfWeek } from '@shared/domain/calendar'
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

/** Weeks of the board's compliance heat-map. */
export const HEATMAP_WEEKS = 13

/**
 * What the rhythm board reads for the day `offset` days from today: that day's visits and the
 * heat-map's weeks ending there (today: ending now). One function for the board and for the
 * warm-up after the home paints, so both ask the same query and the first visit finds it ready.
 */
export function boardRange(now: number, offset: number, timeZone: string): { today: number; day: number; heatEnd: number; heatFrom: number; from: number; to: number } {
  const today = startOfDay(now, timeZone)
  const day = startOfDay(today + offset * DAY_MS + 2 * 3_600_000, timeZone)
  // The heat-map's weeks end at the day looked at: going back a year shows that time's weeks.
  const heatEnd = offset < 0 ? day + DAY_MS - 1 : now
  const heatFrom = startOfWeek(heatEnd - (HEATMAP_WEEKS - 1) * 7 * DAY_MS, timeZone)
  return { today, day, heatEnd, heatFrom, from: Math.min(heatFrom, day), to: Math.max(Math.min(today, heatEnd), day) + DAY_MS + 3 * 3_600_000 }
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
