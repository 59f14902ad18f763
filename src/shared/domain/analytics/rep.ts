import type { Deal, ForecastSnapshot, Target } from '../../model'
import { forecastAccuracy, type AccuracyPoint } from '../forecast'
import { leaderboard, type HeroMetric } from '../heroes'
import type { Actuals } from '../targets'
import { closedIn } from './facts'
import { formatDay, dayOf, type Range } from './periods'
import { completion, targetForRange, type RangeTarget } from './targets'

/**
 * A rep's own view: where they rank on the heroes' metrics, their targets and how well they
 * forecast. Rankings and the accuracy call the definitions in ../heroes.ts and ../forecast.ts.
 */
export const HERO_METRICS: readonly HeroMetric[] = ['won_amount', 'visits', 'new_customers', 'conversion']

export interface Ranking {
  metric: HeroMetric
  /** The rep's value; 0 when they have nothing (they are then unranked). */
  value: number
  /** 1-based, ties share a rank; null when the rep has nothing on this metric. */
  rank: number | null
  /** Reps ranked (with something on the metric). */
  of: number
  /** The leader's value, for "the top is at …". */
  top: number | null
}

/** The rep's place among `peers` on each hero metric over the actuals of a period. */
export function rankings(actuals: ReadonlyMap<string, Actuals>, repId: string, peers: ReadonlySet<string>): Ranking[] {
  return HERO_METRICS.map((metric) => {
    const board = leaderboard(actuals, metric, peers)
    const mine = board.find((r) => r.userId === repId)
    return { metric, value: mine?.value ?? 0, rank: mine?.rank ?? null, of: board.length, top: board[0]?.value ?? null }
  })
}

export interface RepTargetRow {
  metric: Target['metric']
  target: RangeTarget | null
  actual: number
  completion: number | null
  stretchCompletion: number | null
}

/** The rep's objective and stretch for each target metric over the period, against what they did. */
export function repTargets(targets: readonly Target[], repId: string, actual: Actuals, range: Range, timeZone: string): RepTargetRow[] {
  return (['won_amount', 'visits', 'new_customers'] as const).map((metric) => {
    const target = targetForRange(targets, { scopeKind: 'user', scopeId: repId }, metric, range, timeZone)
    return {
      metric,
      target,
      actual: actual[metric],
      completion: completion(actual[metric], target?.objective),
      stretchCompletion: completion(actual[metric], target?.stretch)
    }
  })
}

/**
 * The rep's forecast accuracy month by month: their own first snapshot of each month against
 * what they won (deals they own, closed won in the month), by ../forecast.ts `forecastAccuracy`.
 */
export function repAccuracy(
  snapshots: readonly ForecastSnapshot[],
  deals: readonly Deal[],
  repId: string,
  months: readonly Range[],
  now: number,
  timeZone: string
): AccuracyPoint[] {
  const actual = new Map<string, number>()
  for (const m of months) {
    let won = 0
    for (const d of deals) if (d.ownerId === repId && d.status === 'won' && closedIn(d, m) && d.amount !== undefined) won += d.amount
    actual.set(formatDay(dayOf(m.start, timeZone)), won)
  }
  // A call is judged only against a whole month's result (the shared definition): the month still running is left out.
  const running = months.find((m) => m.start <= now && now < m.end)
  const closedBefore = running ? formatDay(dayOf(running.start, timeZone)) : '9999-12-31'
  return forecastAccuracy(
    snapshots.filter((s) => s.scopeKind === 'user'),
    actual,
    repId,
    { closedBefore, period: 'month' }
  )
}
