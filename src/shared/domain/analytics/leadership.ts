import type { Deal, OrgUnit, SalesProcess, Target } from '../../model'
import type { CurrencyRates } from '../currency'
import { forecastDeals, forecastPeriod, type ForecastBucket, type ForecastFigures } from '../forecast'
import { change, type Change } from './growth'
import { moneyKnown, outcomesIn, type Outcomes } from './facts'
import type { Comparison, Range } from './periods'
import { completion, targetForRange, type RangeTarget } from './targets'

/**
 * Leadership's figures: target completion by region, team and product line (objective and
 * stretch), won amount and win rate, each with 环比 and 同比, and the quarter's and year's
 * forecast against target.
 */
export type TargetOwner = { scopeKind: Target['scopeKind']; scopeId: string }

export interface CompletionGroup {
  id: string
  deals: readonly Deal[]
  /** Whose won-amount targets the group is measured against (summed); empty for groups without targets (product lines). */
  owners: readonly TargetOwner[]
}

export interface CompletionRow {
  id: string
  current: Outcomes
  prior: Outcomes
  lastYear: Outcomes
  target: RangeTarget | null
  /** Won / objective and won / stretch; null without a target or when the won amount is refused (a missing rate). */
  completion: number | null
  stretchCompletion: number | null
  /** 环比 and 同比 of the won amount (null figures when refused). */
  wonMoM: Change
  wonYoY: Change
  /** Win-rate changes: `delta` is in points (0.05 = 5 points). */
  winRateMoM: Change
  winRateYoY: Change
}

/**
 * `targetRange`: the period the target is for — the whole chosen period even while it is still
 * running (a month's target against the month so far, as 完成率 beside 时间进度 is read), and
 * a week's or a range's share of the monthly targets by days.
 */
export function completionRows(
  groups: readonly CompletionGroup[],
  cmp: Comparison,
  targets: readonly Target[],
  rates: CurrencyRates,
  timeZone: string,
  targetRange: Range = cmp.current
): CompletionRow[] {
  return groups.map((g) => {
    const [current, prior, lastYear] = outcomesIn(g.deals, [cmp.current, cmp.prior, cmp.lastYear], rates) as [Outcomes, Outcomes, Outcomes]
    const target = targetOfOwners(targets, g.owners, targetRange, timeZone)
    const won = moneyKnown(current.wonAmount)
    return {
      id: g.id,
      current,
      prior,
      lastYear,
      target,
      completion: completion(won, target?.objective),
      stretchCompletion: completion(won, target?.stretch),
      wonMoM: change(won, hasData(prior) ? moneyKnown(prior.wonAmount) : null),
      wonYoY: change(won, hasData(lastYear) ? moneyKnown(lastYear.wonAmount) : null),
      winRateMoM: change(current.winRate, prior.winRate),
      winRateYoY: change(current.winRate, lastYear.winRate)
    }
  })
}

/** The won-amount targets of several owners over a range, added up (the top regions for "everything"). */
export function targetOfOwners(targets: readonly Target[], owners: readonly TargetOwner[], range: Range, timeZone: string): RangeTarget | null {
  let target: RangeTarget | null = null
  for (const o of owners) {
    const t = targetForRange(targets, o, 'won_amount', range, timeZone)
    if (!t) continue
    target = target
      ? { objective: target.objective + t.objective, stretch: target.stretch + t.stretch, monthsWithTarget: Math.max(target.monthsWithTarget, t.monthsWithTarget), months: t.months }
      : t
  }
  return target
}

/** A comparison period with no closed deal at all is "no data", not zero: the change is not shown. */
function hasData(o: Outcomes): boolean {
  return o.won.length + o.lost.length > 0
}

/** Deals per org unit, a unit holding its own and its sub-units' deals (a region its teams'). */
export function dealsByUnit(deals: readonly Deal[], orgUnits: readonly OrgUnit[]): Map<string, Deal[]> {
  const parent = new Map(orgUnits.map((u) => [u.id, u.parentId]))
  const out = new Map<string, Deal[]>(orgUnits.map((u) => [u.id, []]))
  // Each unit's chain of listed ancestors, once: a deal is added to its unit's lists directly.
  const chains = new Map<string, Deal[][]>()
  const chainOf = (unitId: string): Deal[][] => {
    let chain = chains.get(unitId)
    if (chain) return chain
    chain = []
    const seen = new Set<string>()
    for (let id: string | null | undefined = unitId; id && !seen.has(id); id = parent.get(id)) {
      seen.add(id)
      const list = out.get(id)
      if (list) chain.push(list)
    }
    chains.set(unitId, chain)
    return chain
  }
  for (const d of deals) {
    if (d.deleted) continue
    for (const list of chainOf(d.orgUnitId)) list.push(d)
  }
  return out
}

/** Product lines in the order of their won amount; deals without a product line are grouped under ''. */
export function dealsByProduct(deals: readonly Deal[]): Map<string, Deal[]> {
  const out = new Map<string, Deal[]>()
  for (const d of deals) {
    if (d.deleted) continue
    const k = d.product?.trim() ?? ''
    const list = out.get(k)
    if (list) list.push(d)
    else out.set(k, [d])
  }
  return out
}

/** Won amount, win rate and cycle for each period of a series (for the trend chart). */
export function outcomeSeries(deals: readonly Deal[], ranges: readonly Range[], rates: CurrencyRates): Outcomes[] {
  return outcomesIn(deals, ranges, rates)
}

export interface ForecastVsTarget {
  range: Range
  figures: ForecastFigures
  /** The deals behind each figure (open = every open deal in the weighted and open totals). */
  behind: Record<ForecastBucket | 'open', Deal[]>
  target: RangeTarget | null
  /** Won + commit: what the team says it will land. */
  called: number
  /** Won / objective and (won + commit) / objective. */
  wonCompletion: number | null
  calledCompletion: number | null
  /** Currencies among the deals behind the figures that have no rate: the figures are refused. */
  missing: string[]
}

/**
 * The forecast of a period (the one definition in ../forecast.ts) beside the target: deals must
 * already be in the workspace currency (see `inBaseCurrency`); any that could not be converted
 * refuse the figures and name their currency.
 */
export function forecastVsTarget(input: {
  deals: readonly Deal[]
  processes: ReadonlyMap<string, SalesProcess>
  range: Range
  include: (d: Deal) => boolean
  targets: readonly Target[]
  owners: readonly TargetOwner[]
  rates: CurrencyRates
  timeZone: string
}): ForecastVsTarget {
  const { range } = input
  const figures = forecastPeriod(input.deals, input.processes, range.start, range.end, input.include)
  const behind = forecastDeals(input.deals, range.start, range.end, input.include)
  const missing = [...new Set([...behind.won, ...behind.open].filter((d) => d.currency !== input.rates.base).map((d) => d.currency))].sort()
  const target = targetOfOwners(input.targets, input.owners, range, input.timeZone)
  const called = figures.won + figures.commit
  const ok = missing.length === 0
  return {
    range,
    figures,
    behind,
    target,
    called,
    wonCompletion: ok ? completion(figures.won, target?.objective) : null,
    calledCompletion: ok ? completion(called, target?.objective) : null,
    missing
  }
}
