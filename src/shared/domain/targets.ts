import type { Activity, Deal, OrgUnit, Target, User } from '../model'
import { DAY_MS, localDate, monthRange, startOfDay, startOfWeek } from './calendar'
import { isPlanVisit } from './eight-visit'
import { closedAtOf } from './analytics/facts'
import { newCustomerFirsts, newCustomersByRep, type NewCustomer, type NewCustomerBasis } from './new-customers'
import { convertMinor, type CurrencyRates } from './currency'

/**
 * Dual targets (双目标): the company's objective and the rep's own stretch, side by side, and
 * how far the period has come. Actuals are computed here so kickoff, review and the target
 * editor all count the same way.
 */
export type Period = Target['period']
export type Metric = Target['metric']
export const METRICS: readonly Metric[] = ['won_amount', 'visits', 'new_customers']
export const PERIODS: readonly Period[] = ['month', 'week', 'day']

export function periodRange(period: Period, ms: number, timeZone: string): { start: number; end: number; periodStart: string } {
  if (period === 'month') {
    const r = monthRange(ms, timeZone)
    return { ...r, periodStart: localDate(r.start, timeZone) }
  }
  const start = period === 'week' ? startOfWeek(ms, timeZone) : startOfDay(ms, timeZone)
  const end = startOfDay(start + (period === 'week' ? 7 : 1) * DAY_MS + 2 * 3_600_000, timeZone)
  return { start, end, periodStart: localDate(start, timeZone) }
}

export interface Actuals {
  won_amount: number
  visits: number
  new_customers: number
}

/**
 * What each rep achieved in [from, to): won amount (deals won, by close date — else expected close date) in `money.into`
 * (default the rates' base), each deal converted at the workspace's rates — a deal whose currency has no rate is left
 * out, never added as if it were yuan (callers say which, see inOneCurrency); done visits (ride-alongs included); and
 * new customers by the one definition (./new-customers.ts): the customer's first won deal or first completed visit.
 * A pool claim is not a new customer. `firsts` are computed over the whole history by the caller when
 * `deals`/`activities` hold only the period; without them they are computed from what is passed.
 */
export function actualsByRep(
  input: { deals: readonly Deal[]; activities: Iterable<Activity>; firsts?: ReadonlyMap<string, NewCustomer>; newCustomerBasis?: NewCustomerBasis },
  from: number,
  to: number,
  money: { rates: CurrencyRates; into?: string }
): Map<string, Actuals> {
  const into = money.into ?? money.rates.base
  const out = new Map<string, Actuals>()
  const row = (id: string): Actuals => {
    let r = out.get(id)
    if (!r) out.set(id, (r = { won_amount: 0, visits: 0, new_customers: 0 }))
    return r
  }
  for (const d of input.deals) {
    if (d.status !== 'won' || d.deleted || d.amount === undefined) continue
    // The forecast's and analytics' rule: an imported won deal without a close time counts on its expected close date.
    const at = closedAtOf(d)
    if (at === undefined || at < from || at >= to) continue
    const amount = convertMinor(d.amount, d.currency, into, money.rates)
    if (amount !== undefined) row(d.ownerId).won_amount += amount
  }
  const activities = input.firsts ? input.activities : [...input.activities]
  for (const a of activities) {
    if (a.at < from || a.at >= to) continue
    if (isPlanVisit(a) && (a.status === 'done' || a.status === undefined)) row(a.userId).visits++
  }
  const firsts = input.firsts ?? newCustomerFirsts({ deals: input.deals, activities }, input.newCustomerBasis)
  for (const [userId, list] of newCustomersByRep(firsts, from, to)) row(userId).new_customers += list.length
  return out
}

export function findTarget(
  targets: readonly Target[],
  scopeKind: Target['scopeKind'],
  scopeId: string,
  period: Period,
  periodStart: string,
  metric: Metric
): Target | undefined {
  return targets.find(
    (t) => !t.deleted && t.scopeKind === scopeKind && t.scopeId === scopeId && t.period === period && t.periodStart === periodStart && t.metric === metric
  )
}

export interface RollUp {
  objective: number
  stretch: number
  /** Reps with an objective set, of the reps under the unit. */
  withTarget: number
  reps: number
}

/**
 * The sum of the reps' targets under an org unit (the team's or region's bottom-up number),
 * to set beside the unit's own top-down target. A rep without a stretch counts their objective.
 */
export function rollUpTargets(
  targets: readonly Target[],
  orgUnitId: string,
  orgUnits: readonly OrgUnit[],
  users: readonly User[],
  period: Period,
  periodStart: string,
  metric: Metric
): RollUp {
  const units = new Set([orgUnitId])
  let grew = true
  while (grew) {
    grew = false
    for (const o of orgUnits) {
      if (o.parentId && units.has(o.parentId) && !units.has(o.id)) {
        units.add(o.id)
        grew = true
      }
    }
  }
  const out: RollUp = { objective: 0, stretch: 0, withTarget: 0, reps: 0 }
  for (const u of users) {
    if (u.role !== 'rep' || !u.active || !units.has(u.orgUnitId)) continue
    out.reps++
    const t = findTarget(targets, 'user', u.id, period, periodStart, metric)
    if (!t) continue
    out.withTarget++
    out.objective += t.objective
    out.stretch += t.stretch ?? t.objective
  }
  return out
}

/** A moment inside the period `offset` periods away from the one holding `ms` (−1: the last one). */
export function shiftPeriod(period: Period, ms: number, offset: number, timeZone: string): number {
  let at = periodRange(period, ms, timeZone).start + 3_600_000
  for (let i = 0; i < Math.abs(offset); i++) {
    const r = periodRange(period, at, timeZone)
    // Step from inside the period to inside the next (or previous) one, clear of DST edges.
    at = offset > 0 ? r.end + 3_600_000 : r.start - 3_600_000
  }
  return periodRange(period, at, timeZone).start + 3_600_000
}

/** Money targets are entered in yuan and stored in fen; counts are stored as they are. */
export function toStored(metric: Metric, entered: number): number {
  return metric === 'won_amount' ? Math.round(entered * 100) : Math.round(entered)
}
export function toEntered(metric: Metric, stored: number): number {
  return metric === 'won_amount' ? stored / 100 : stored
}

/**
 * The stretch is the rep's own bar above the objective: a stretch below it is a typo or the two
 * swapped, and the editor says so. Equal is allowed (no stretch beyond the objective).
 */
export function stretchBelowObjective(objective: number | undefined, stretch: number | undefined): boolean {
  return objective !== undefined && stretch !== undefined && stretch < objective
}

export type SpreadMode = 'even' | 'share' | 'hand'

/**
 * A team's objective spread over its reps before saving: evenly, or by each rep's share of what
 * the team did last period. Whole units (fen for money), largest remainders first, so the reps'
 * objectives always add up to the team's exactly. Nobody did anything last period: evenly.
 */
export function spreadTarget(total: number, repIds: readonly string[], mode: Exclude<SpreadMode, 'hand'>, lastPeriod?: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  if (repIds.length === 0) return out
  const weights = repIds.map((id) => (mode === 'share' ? Math.max(0, lastPeriod?.get(id) ?? 0) : 1))
  const sum = weights.reduce((a, b) => a + b, 0)
  const w = sum > 0 ? weights : repIds.map(() => 1)
  const wSum = sum > 0 ? sum : repIds.length
  const exact = w.map((x) => (total * x) / wSum)
  const floors = exact.map(Math.floor)
  let left = total - floors.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, frac: x - floors[i]! })).sort((a, b) => b.frac - a.frac || repIds[a.i]!.localeCompare(repIds[b.i]!))
  for (const { i } of order) {
    if (left <= 0) break
    floors[i]!++
    left--
  }
  repIds.forEach((id, i) => out.set(id, floors[i]!))
  return out
}
