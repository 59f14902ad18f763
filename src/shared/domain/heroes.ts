import type { Actuals } from './targets'

/**
 * Heroes (英雄榜): make the best of the period visible. A leaderboard per metric, and honours
 * that go to one rep each — the iron army's habit of naming its heroes out loud.
 */
export type HeroMetric = keyof Actuals | 'conversion'

export interface HeroRow {
  userId: string
  value: number
  rank: number
}

/** Won amount per visit made: what a visit turns into, so volume alone does not win. */
function valueOf(a: Actuals, metric: HeroMetric): number {
  if (metric === 'conversion') return a.visits > 0 ? a.won_amount / a.visits : 0
  return a[metric]
}

/** Reps ranked on a metric; ties share a rank; reps with nothing are left off. */
export function leaderboard(actuals: ReadonlyMap<string, Actuals>, metric: HeroMetric, eligible?: ReadonlySet<string>): HeroRow[] {
  const rows = [...actuals]
    .filter(([id, a]) => (!eligible || eligible.has(id)) && valueOf(a, metric) > 0)
    .map(([userId, a]) => ({ userId, value: valueOf(a, metric), rank: 0 }))
    .sort((a, b) => b.value - a.value || a.userId.localeCompare(b.userId))
  rows.forEach((r, i) => (r.rank = i > 0 && rows[i - 1]!.value === r.value ? rows[i - 1]!.rank : i + 1))
  return rows
}

export type Honour = 'topSales' | 'visitStar' | 'bestVillageHead'

/** The honours and the metric each is won on; 最佳村长 goes to whoever opened the most new customers. */
export const HONOURS: readonly [Honour, HeroMetric][] = [
  ['topSales', 'won_amount'],
  ['visitStar', 'visits'],
  ['bestVillageHead', 'new_customers']
]

export function honours(actuals: ReadonlyMap<string, Actuals>, eligible?: ReadonlySet<string>): { honour: Honour; userId: string; value: number }[] {
  const out: { honour: Honour; userId: string; value: number }[] = []
  for (const [honour, metric] of HONOURS) {
    const top = leaderboard(actuals, metric, eligible)[0]
    if (top) out.push({ honour, userId: top.userId, value: top.value })
  }
  return out
}
