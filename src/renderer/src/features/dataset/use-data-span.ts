import { useLiveQuery } from 'dexie-react-hooks'
import { getDb } from '../../db/database'

export interface DataSpan {
  /** The oldest and newest moment anything happened in the workspace (deals created or closed, stage moves, follow-ups up to now). */
  first: number
  last: number
}

/**
 * When the workspace's data begins and ends. An imported history may end years ago: period
 * pickers reach back to `first`, and the home says when `last` is long past. Planned follow-ups
 * in the future and expected close dates are plans, not data, and do not count. Undefined while
 * reading, null for an empty workspace.
 */
export function useDataSpan(now: number): DataSpan | null | undefined {
  // Re-read at most once an hour of `now`: the span moves with the data, not with the clock.
  const hour = Math.floor(now / 3_600_000)
  return useLiveQuery(async () => {
    const db = getDb()
    const until = (hour + 1) * 3_600_000
    let first = Infinity
    let last = -Infinity
    const see = (ms: number | undefined): void => {
      if (ms === undefined || ms > until) return
      if (ms < first) first = ms
      if (ms > last) last = ms
    }
    await db.deals.each((d) => {
      if (d.deleted) return
      see(d.createdAt)
      see(d.closedAt)
    })
    const [a0, a1, h0, h1] = await Promise.all([
      db.activities.orderBy('at').first(),
      db.activities.where('at').belowOrEqual(until).last(),
      db.stageHistory.orderBy('at').first(),
      db.stageHistory.where('at').belowOrEqual(until).last()
    ])
    see(a0?.at)
    see(a1?.at)
    see(h0?.at)
    see(h1?.at)
    return Number.isFinite(first) ? { first, last } : null
  }, [hour])
}
