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

export function targetForRange(
  targets: readonly Target[],
  owner: { scopeKind: Target['scopeKind']; scopeId: string },
  metric: Target['metric'],
  range: Range,
  timeZone: string
): RangeTarget | null {
  const months = monthsOverlapping(range, timeZone)
  const byStart = new Map<string, Target>()
  for (const t of targets) {
    if (t.deleted || t.period !== 'month' || t.metric !== metric || t.scopeKind !== owner.scopeKind || t.scopeId !== owner.scopeId) continue
    byStart.set(t.periodStart, t)
  }
  let objective = 0
  let stretch = 0
  let found = 0
  for (const m of months) {
    const t = byStart.get(m.periodStart)
    if (!t) continue
    found++
    const overlap = { start: Math.max(m.range.start, range.start), end: Math.min(m.range.end, range.end) }
    const share = daysBetween(overlap.start, overlap.end, timeZone) / daysBetween(m.range.start, m.range.end, timeZone)
    objective += t.objective * share
    stretch += (t.stretch ?? t.objective) * share
  }
  if (found === 0) return null
  return { objective: Math.round(objective), stretch: Math.round(stretch), monthsWithTarget: found, months: months.length }
}

/** Completion of a target: actual / target; null without a target or with a zero one. */
export function completion(actual: number | null, target: number | null | undefined): number | null {
  if (actual === null || target === null || target === undefined || target <= 0) return null
  return actual / target
}
