import { useEffect } from 'react'
import type { ForecastSnapshot } from '@shared/model'
import { dueSnapshots, forecastPeriod } from '@shared/domain/forecast'
import { DAY_MS, localDate, monthRange, startOfDay, startOfWeek } from '@shared/domain/calendar'
import { scopeMembers, inScope, type Scope } from '@shared/domain/org-scope'
import { getDb } from '../../db/database'
import { takeForecastSnapshot } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'

/** One run at a time: a remount (or a day change mid-run) must not snapshot twice. */
let running: Promise<void> | null = null

/** After launch, wait for the app to be idle: snapshots must not compete with the first paint. */
const IDLE_TIMEOUT_MS = 5_000

/**
 * Takes the automatic forecast snapshots (start of the month, then weekly) for every team,
 * region and rep, so forecast accuracy — per team and per rep — can be measured later even if
 * nobody pressed the button. Renders nothing. Mounted once by the shell, so it runs whenever
 * the app is open, whichever page is showing; it checks again when the day changes.
 */
export function AutoSnapshotEffect(): null {
  const { orgUnits, users, processById } = useWorkspaceData()
  const { timeZone } = useLocale()
  // Hourly is plenty: snapshots are due at most once a week.
  const tick = useNow(3_600_000)
  const today = startOfDay(tick, timeZone)
  // A laptop takes them only for someone whose role snapshots forecasts (the hub would refuse a rep's).
  const me = useMe()
  const ready = orgUnits.length > 0 && processById.size > 0 && (me?.can('forecast.snapshot') ?? false)

  useEffect(() => {
    if (!ready) return
    let cancelled = false
    const run = (): void => {
      if (cancelled || running) return
      running = takeDueSnapshots(today + DAY_MS - 1, timeZone, orgUnits, users, processById)
        .catch((e: unknown) => console.warn('[forecast] automatic snapshot failed', e))
        .finally(() => {
          running = null
        })
    }
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) : null
    const timer = idle === null ? setTimeout(run, 1_000) : null
    return () => {
      cancelled = true
      if (idle !== null) cancelIdleCallback(idle)
      if (timer !== null) clearTimeout(timer)
    }
    // Once per day and data set: re-runs when the day changes or the org chart loads.
  }, [ready, today, timeZone, orgUnits, users, processById])
  return null
}

async function takeDueSnapshots(
  now: number,
  timeZone: string,
  orgUnits: ReturnType<typeof useWorkspaceData>['orgUnits'],
  users: ReturnType<typeof useWorkspaceData>['users'],
  processById: ReturnType<typeof useWorkspaceData>['processById']
): Promise<void> {
  const db = getDb()
  const month = monthRange(now, timeZone)
  const periodStart = localDate(month.start, timeZone)
  const weekStart = startOfWeek(now, timeZone)
  const [snapshots, targets] = await Promise.all([
    db.forecastSnapshots.where('periodStart').equals(periodStart).toArray(),
    db.targets.where('periodStart').equals(periodStart).toArray()
  ])
  const scopes: { kind: ForecastSnapshot['scopeKind']; scope: Exclude<Scope, { kind: 'all' }> }[] = [
    ...orgUnits.map((u) => ({ kind: 'orgUnit' as const, scope: { kind: 'orgUnit' as const, id: u.id } })),
    ...users
      .filter((u) => u.active && u.role === 'rep')
      .map((u) => ({ kind: 'user' as const, scope: { kind: 'rep' as const, id: u.id } }))
  ]
  const due = scopes.flatMap(({ kind, scope }) =>
    dueSnapshots(
      snapshots.filter((s) => s.scopeKind === kind && s.scopeId === scope.id),
      periodStart,
      weekStart
    ).map((d) => ({ kind, scope, trigger: d.trigger }))
  )
  if (due.length === 0) return
  // Deals only when something is due: most launches read nothing.
  const deals = await db.deals.toArray()
  for (const { kind, scope, trigger } of due) {
    const members = scopeMembers(scope, orgUnits, users)
    const figures = forecastPeriod(deals, processById, month.start, month.end, (d) => inScope(members, d))
    const target = targets.find(
      (t) => !t.deleted && t.metric === 'won_amount' && t.period === 'month' && t.scopeKind === kind && t.scopeId === scope.id
    )
    await takeForecastSnapshot({
      scopeKind: kind,
      scopeId: scope.id,
      period: 'month',
      periodStart,
      figures,
      trigger,
      ...(target ? { target: target.objective } : {})
    })
  }
}
