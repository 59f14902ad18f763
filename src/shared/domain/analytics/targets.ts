import type { Target } from '../../model'
import { daysBetween, monthsOverlapping, type Range } from './periods'

/**
 * Targets over any period. Won-amount and visit targets are set per month (双目标: the
 * company's objective and the rep's stretch); a quarter adds up its months, a week or a range
 * of days takes each month's share by days. A rep without a stretch counts their objective, as
 * the roll-up in ../targets.ts does.
 */
export interface RangeTarget {
  objective: number
  stretch: number
  /** Months of the range that had a target, of those it overlaps. */
  monthsWithTarget: number
  months: number
}

type MonthIndex = Map<string, Map<string, Target>>

// Views look up dozens of owners' targets among thousands (weekly and daily visit targets too):
// the monthly ones are indexed once per targets array, and each range's month shares once.
const indexes = new WeakMap<readonly Target[], MonthIndex>()
const shares = new Map<string, { periodStart: string; share: number }[]>()

function monthIndex(targets: readonly Target[]): MonthIndex {
  let idx = indexes.get(targets)
  if (idx) return idx
  idx = new Map()
  for (const t of targets) {
    if (t.deleted || t.period !== 'month') continue
    const key = `${t.scopeKind}|${t.scopeId}|${t.metric}`
    let byStart = idx.get(key)
    if (!byStart) idx.set(key, (byStart = new Map()))
    byStart.set(t.periodStart, t)
  }
  indexes.set(targets, idx)
  return idx
}

function monthShares(range: Range, timeZone: string): { periodStart: string; share: number }[] {
  const key = `${range.start}|${range.end}|${timeZone}`
  let list = shares.get(key)
  if (list) return list
  list = monthsOverlapping(range, timeZone).map((m) => {
    const overlap = { start: Math.max(m.range.start, range.start), end: Math.min(m.range.end, range.end) }
    return { periodStart: m.periodStart, share: daysBetween(overlap.start, overlap.end, timeZone) / daysBetween(m.range.start, m.range.end, timeZone) }
  })
  if (shares.size > 500) shares.clear()
  shares.set(key, list)
  return list
}

export function targetForRange(
  targets: readonly Target[],
  owner: { scopeKind: Target['scopeKind']; scopeId: string },
  metric: Target['metric'],
  range: Range,
  timeZone: string
): RangeTarget | null {
  const byStart = monthIndex(targets).get(`${owner.scopeKind}|${owner.scopeId}|${metric}`)
  if (!byStart) return null
  const months = monthShares(range, timeZone)
  let objective = 0
  let stretch = 0
  let found = 0
  for (const m of months) {
    const t = byStart.get(m.periodStart)
    if (!t) continue
    found++
    objective += t.objective * m.share
    stretch += (t.stretch ?? t.objective) * m.share
  }
  if (found === 0) return null
  return { objective: Math.round(objective), stretch: Math.round(stretch), monthsWithTarget: found, months: months.length }
}

/** Completion of a target: actual / target; null without a target or with a zero one. */
export function completion(actual: number | null, target: number | null | undefined): number | null {
  if (actual === null || target === null || target === undefined || target <= 0) return null
  return actual / target
}
