import { useEffect } from 'react'
import { dueSnapshots, forecastPeriod } from '@shared/domain/forecast'
import { localDate, monthRange, startOfWeek } from '@shared/domain/calendar'
import { scopeMembers, inScope } from '@shared/domain/org-scope'
import { getDb } from '../../db/database'
import { takeForecastSnapshot } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import type { PipelineData } from './use-pipeline-data'

/** One run at a time across mounts: two views opening together must not snapshot twice. */
let running: Promise<void> | null = null

/**
 * Takes the automatic forecast snapshots (start of the month, then weekly) for every team and
 * region, so forecast accuracy can be measured later even if nobody pressed the button.
 * Renders nothing. Mounted by the pipeline page; the shell could host it to run at launch.
 */
export function AutoSnapshotEffect({ data }: { data: PipelineData }): null {
  const { orgUnits, users, processById } = useWorkspaceData()
  const { timeZone } = useLocale()
  const { deals, now } = data

  useEffect(() => {
    if (running) return
    running = (async () => {
      const db = getDb()
      const month = monthRange(now, timeZone)
      const periodStart = localDate(month.start, timeZone)
      const weekStart = startOfWeek(now, timeZone)
      const [snapshots, targets] = await Promise.all([
        db.forecastSnapshots.where('periodStart').equals(periodStart).toArray(),
        db.targets.where('periodStart').equals(periodStart).toArray()
      ])
      for (const unit of orgUnits) {
        const due = dueSnapshots(
          snapshots.filter((s) => s.scopeKind === 'orgUnit' && s.scopeId === unit.id),
          periodStart,
          weekStart
        )
        if (due.length === 0) continue
        const members = scopeMembers({ kind: 'orgUnit', id: unit.id }, orgUnits, users)
        const figures = forecastPeriod(deals, processById, month.start, month.end, (d) => inScope(members, d))
        const target = targets.find(
          (t) =>
            !t.deleted && t.metric === 'won_amount' && t.period === 'month' && t.scopeKind === 'orgUnit' && t.scopeId === unit.id
        )
        for (const d of due) {
          await takeForecastSnapshot({
            scopeKind: 'orgUnit',
            scopeId: unit.id,
            period: 'month',
            periodStart,
            figures,
            trigger: d.trigger,
            ...(target ? { target: target.objective } : {})
          })
        }
      }
    })()
      .catch((e: unknown) => console.warn('[forecast] automatic snapshot failed', e))
      .finally(() => {
        running = null
      })
    // Once per day and data set: `now` is the end of today, so this re-runs when the day changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [now])
  return null
}
