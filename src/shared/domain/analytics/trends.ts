import type { Activity, Customer, Deal } from '../../model'
import type { CurrencyRates } from '../currency'
import { isPlanVisit } from '../eight-visit'
import { closedAtOf, cycleDays, median, moneyOf, winRate } from './facts'
import { change, type Change } from './growth'
import type { Range } from './periods'
import { newCustomerFirsts, type NewCustomer, type NewCustomerBasis } from '../new-customers'

/**
 * Any metric by month, with 环比 (against the month before) and 同比 (against the same month a
 * year earlier). A month that ends before the metric's first record (the first deal closed for
 * won amounts and win rates, the first deal created, visit made or customer added) has no data:
 * its value is null and nothing is compared with it — an empty prior period is not a zero.
 */
export type TrendMetric = 'won_amount' | 'won_deals' | 'new_deals' | 'win_rate' | 'avg_won' | 'cycle_days' | 'visits' | 'new_customers'
export const TREND_METRICS: readonly TrendMetric[] = ['won_amount', 'won_deals', 'new_deals', 'win_rate', 'avg_won', 'cycle_days', 'visits', 'new_customers']

/** Which metrics are money, ratios or day counts (for formatting and for how a change is read). */
export const METRIC_KIND: Record<TrendMetric, 'money' | 'count' | 'ratio' | 'days'> = {
  won_amount: 'money',
  won_deals: 'count',
  new_deals: 'count',
  win_rate: 'ratio',
  avg_won: 'money',
  cycle_days: 'days',
  visits: 'count',
  new_customers: 'count'
}

/** Metrics that need the follow-ups loaded. */
export const ACTIVITY_METRICS: ReadonlySet<TrendMetric> = new Set(['visits'])

export interface TrendPoint {
  range: Range
  value: number | null
  /** The deals the value is computed from (the door). */
  deals: Deal[]
  /** Currencies without a rate among a money value's deals: the value is refused (null). */
  missing: string[]
  mom: Change
  yoy: Change
}

export interface TrendInput {
  deals: readonly Deal[]
  customers: readonly Customer[]
  /** Needed for `visits`, and for `new_customers` counted by first visit. */
  activities?: Iterable<Activity>
  newCustomerBasis?: NewCustomerBasis
  /**
   * Every customer's first qualifying event over the whole workspace (`newCustomerFirsts` of all
   * deals or visits). A scoped view passes it: a customer first won by another team is not new
   * when this team wins it later. Without it the firsts are taken from `deals`/`activities`.
   */
  newCustomerFirsts?: ReadonlyMap<string, NewCustomer>
  rates: CurrencyRates
}

/**
 * The metric for each month in `months` (ascending, consecutive). 同比 needs the months a year
 * back: pass 24 months to compare the last 12 with theirs.
 */
export function monthlyTrend(metric: TrendMetric, months: readonly Range[], input: TrendInput): TrendPoint[] {
  const n = months.length
  const first = months[0]?.start ?? 0
  const last = months[n - 1]?.end ?? 0
  const idx = (ms: number | undefined): number => {
    if (ms === undefined || ms < first || ms >= last) return -1
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (months[mid]!.start <= ms) lo = mid
      else hi = mid - 1
    }
    return ms < months[lo]!.end ? lo : -1
  }
  const won = months.map(() => [] as Deal[])
  const lost = months.map(() => [] as Deal[])
  const created = months.map(() => [] as Deal[])
  const counts = new Array<number>(n).fill(0)
  let firstCreated = Infinity
  let firstClosed = Infinity
  let firstVisit = Infinity
  let firstCustomer = Infinity
  for (const d of input.deals) {
    if (d.deleted) continue
    firstCreated = Math.min(firstCreated, d.createdAt)
    const closed = closedAtOf(d)
    if (closed !== undefined) firstClosed = Math.min(firstClosed, closed)
    const c = idx(d.createdAt)
    if (c >= 0) created[c]!.push(d)
    const at = closedAtOf(d)
    const k = idx(at)
    if (k >= 0) (d.status === 'won' ? won : lost)[k]!.push(d)
  }
  if (metric === 'visits') {
    for (const a of input.activities ?? []) {
      if (!isPlanVisit(a) || a.status === 'planned') continue
      firstVisit = Math.min(firstVisit, a.at)
      const k = idx(a.at)
      if (k >= 0) counts[k]!++
    }
  }
  // New customers open to the deals they have brought since.
  const newCustomerDeals = months.map(() => [] as Deal[])
  if (metric === 'new_customers') {
    const monthOf = new Map<string, number>()
    // The one definition (../new-customers.ts): a first won deal or first completed visit, never a claim or a new record.
    const inScope = input.newCustomerFirsts ? new Set(input.customers.map((c) => c.id)) : null
    const firsts = input.newCustomerFirsts ?? newCustomerFirsts({ deals: input.deals, activities: input.activities ?? [] }, input.newCustomerBasis)
    for (const e of firsts.values()) {
      if (inScope && !inScope.has(e.customerId)) continue
      firstCustomer = Math.min(firstCustomer, e.at)
      const k = idx(e.at)
      if (k < 0) continue
      counts[k]!++
      monthOf.set(e.customerId, k)
    }
    for (const d of input.deals) {
      const k = d.deleted || d.customerId === undefined ? undefined : monthOf.get(d.customerId)
      if (k !== undefined) newCustomerDeals[k]!.push(d)
    }
  }

  const dataStart =
    metric === 'new_deals' ? firstCreated : metric === 'visits' ? firstVisit : metric === 'new_customers' ? firstCustomer : firstClosed
  const base = months.map((r, i) => {
    if (r.end <= dataStart) return { value: null, deals: [] as Deal[], missing: [] as string[] }
    switch (metric) {
      case 'won_amount': {
        const m = moneyOf(won[i]!, input.rates)
        return { value: m.missing.length ? null : m.amount, deals: won[i]!, missing: m.missing }
      }
      case 'avg_won': {
        const m = moneyOf(won[i]!, input.rates)
        const value = m.missing.length || won[i]!.length === 0 ? null : Math.round(m.amount / won[i]!.length)
        return { value, deals: won[i]!, missing: m.missing }
      }
      case 'won_deals':
        return { value: won[i]!.length, deals: won[i]!, missing: [] }
      case 'new_deals':
        return { value: created[i]!.length, deals: created[i]!, missing: [] }
      case 'win_rate':
        return { value: winRate(won[i]!.length, lost[i]!.length), deals: [...won[i]!, ...lost[i]!], missing: [] }
      case 'cycle_days': {
        const cycles = won[i]!.map(cycleDays).filter((x): x is number => x !== null)
        return { value: median(cycles), deals: won[i]!, missing: [] }
      }
      case 'visits':
      case 'new_customers':
        return { value: counts[i]!, deals: metric === 'new_customers' ? newCustomerDeals[i]! : [], missing: [] }
    }
  })
  return months.map((range, i) => ({
    range,
    ...base[i]!,
    mom: change(base[i]!.value, i >= 1 ? base[i - 1]!.value : null),
    yoy: change(base[i]!.value, i >= 12 ? base[i - 12]!.value : null)
  }))
}
