import type { Customer, Deal } from '../../model'
import type { CurrencyRates, MoneyTotal } from '../currency'
import { closedAtOf, moneyOf } from './facts'
import type { Range } from './periods'

/**
 * The emerging-segment detector (the seeds' example: physical-exam centres growing inside the
 * hospital customers). A segment is a value of the customer's industry, size or city, or of the
 * deal's product line. It is "emerging" when its share of recent deals (or won deals) is
 * significantly higher than the rest's — it grows faster than the business around it.
 *
 * The test: for each segment, the 2×2 table segment/rest × recent/baseline window and a one-sided
 * Fisher exact test (hypergeometric upper tail) of "the segment's deals fall in the recent window
 * no more often than everyone else's". Every segment with at least `MIN_SEGMENT_DEALS` deals over
 * both windows is tested; Bonferroni over all of them keeps the chance that noise lists *any*
 * segment at or below α (5%). The eligibility rule looks only at the table's margins, so it does
 * not bend the test: under "no segment grows differently" the recent deals are a random subset
 * of all deals, each segment's recent count is exactly hypergeometric, and the union bound holds.
 * A segment also needs `MIN_RECENT` recent deals to be listed (a further filter, which can only
 * lower the false-positive rate). Counts, not amounts, are tested: one large deal is not a trend.
 * New customers can be counted the same way (industry, size, city): an industry that starts
 * bringing many customers shows there first, before its deals close.
 */
export type SegmentDimension = 'industry' | 'size' | 'city' | 'product'
export const SEGMENT_DIMENSIONS: readonly SegmentDimension[] = ['industry', 'size', 'city', 'product']
/** `deals`: deals created in each window; `won`: deals won in each window; `customers`: customers added (no product line). */
export type SegmentMeasure = 'deals' | 'won' | 'customers'

/** Family-wise false-positive rate: on data without real growth, the detector lists nothing 95% of the time or more. */
export const SEGMENT_ALPHA = 0.05
/** A segment needs this many deals over both windows to be tested at all. */
export const MIN_SEGMENT_DEALS = 12
/** …and this many in the recent window to be listed as emerging. */
export const MIN_RECENT = 6

export interface SegmentRow {
  dimension: SegmentDimension
  value: string
  /** What is counted (deals, or customers) in each window. */
  recentCount: number
  baselineCount: number
  /** The deals behind each count (a customer's deals when customers are counted). */
  recent: Deal[]
  baseline: Deal[]
  restRecent: number
  restBaseline: number
  /** recent / baseline − 1, for the segment and for the rest; null without a baseline. */
  growth: number | null
  restGrowth: number | null
  /** One-sided Fisher p-value; null when the segment was too small to test. */
  pValue: number | null
  emerging: boolean
  /** The segment's deals won in each window (whatever is tested), and their amounts. */
  wonRecentDeals: Deal[]
  wonRecent: MoneyTotal
  wonBaseline: MoneyTotal
}

export interface SegmentResult {
  /** Every segment with deals in either window, tested ones first by p-value. */
  rows: SegmentRow[]
  /** Segments tested (the Bonferroni divisor) and the per-test threshold α / tested. */
  tested: number
  threshold: number
}

/** ln(k!) for k = 0…n. */
function lnFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1)
  for (let k = 2; k <= n; k++) out[k] = out[k - 1]! + Math.log(k)
  return out
}

/**
 * P(X ≥ a) for X hypergeometric: `n` draws from a population of `N` holding `K` successes
 * (here: a segment of n deals, of all N deals K are recent, a of the segment's are recent).
 */
export function hypergeometricTail(a: number, N: number, K: number, n: number, lnF: Float64Array = lnFactorials(N)): number {
  const lnC = (x: number, y: number): number => lnF[x]! - lnF[y]! - lnF[x - y]!
  const lo = Math.max(a, 0, n - (N - K))
  const hi = Math.min(n, K)
  if (lo > hi) return a <= Math.max(0, n - (N - K)) ? 1 : 0
  const denom = lnC(N, n)
  let p = 0
  for (let x = lo; x <= hi; x++) p += Math.exp(lnC(K, x) + lnC(N - K, n - x) - denom)
  return Math.min(1, p)
}

export function segmentValue(dimension: SegmentDimension, d: Deal | undefined, customer: Customer | undefined): string | undefined {
  switch (dimension) {
    case 'industry':
      return customer?.industry?.trim() || undefined
    case 'size':
      return customer?.size
    case 'city':
      return customer?.city?.trim() || undefined
    case 'product':
      return d?.product?.trim() || undefined
  }
}

interface SegmentEvent {
  at: number | undefined
  value(dimension: SegmentDimension): string | undefined
  deals: readonly Deal[]
}

export function detectSegments(input: {
  deals: readonly Deal[]
  customerById: ReadonlyMap<string, Customer>
  /** Needed for the `customers` measure. */
  customers?: readonly Customer[]
  recent: Range
  baseline: Range
  measure: SegmentMeasure
  rates: CurrencyRates
  alpha?: number
  minSegment?: number
  minRecent?: number
  dimensions?: readonly SegmentDimension[]
}): SegmentResult {
  const alpha = input.alpha ?? SEGMENT_ALPHA
  const minSegment = input.minSegment ?? MIN_SEGMENT_DEALS
  const minRecent = input.minRecent ?? MIN_RECENT
  const dims = (input.dimensions ?? SEGMENT_DIMENSIONS).filter((d) => input.measure !== 'customers' || d !== 'product')
  const inWindow = (ms: number | undefined, r: Range): boolean => ms !== undefined && ms >= r.start && ms < r.end

  let events: SegmentEvent[]
  if (input.measure === 'customers') {
    const dealsOf = new Map<string, Deal[]>()
    for (const d of input.deals) {
      if (d.deleted || d.customerId === undefined) continue
      const list = dealsOf.get(d.customerId)
      if (list) list.push(d)
      else dealsOf.set(d.customerId, [d])
    }
    events = (input.customers ?? [])
      .filter((c) => !c.deleted)
      .map((c) => ({ at: c.createdAt, value: (dim) => (dim === 'product' ? undefined : segmentValue(dim, undefined, c)), deals: dealsOf.get(c.id) ?? [] }))
  } else {
    events = input.deals
      .filter((d) => !d.deleted && (input.measure !== 'won' || d.status === 'won'))
      .map((d) => ({ at: input.measure === 'won' ? closedAtOf(d) : d.createdAt, value: (dim) => segmentValue(dim, d, (d.customerId === undefined ? undefined : input.customerById.get(d.customerId))), deals: [d] }))
  }
  const recent: SegmentEvent[] = []
  const baseline: SegmentEvent[] = []
  for (const e of events) {
    if (inWindow(e.at, input.recent)) recent.push(e)
    else if (inWindow(e.at, input.baseline)) baseline.push(e)
  }
  const N = recent.length + baseline.length
  const K = recent.length
  // Won in each window, per segment, for the amounts listed beside the counts.
  const wonIn = (r: Range): Deal[] => input.deals.filter((d) => !d.deleted && d.status === 'won' && inWindow(closedAtOf(d), r))
  const wonRecentAll = wonIn(input.recent)
  const wonBaselineAll = wonIn(input.baseline)
  const ofSegment = (list: Deal[], dimension: SegmentDimension, value: string): Deal[] =>
    list.filter((d) => segmentValue(dimension, d, (d.customerId === undefined ? undefined : input.customerById.get(d.customerId))) === value)

  const cells: { dimension: SegmentDimension; value: string; recent: SegmentEvent[]; baseline: SegmentEvent[] }[] = []
  for (const dimension of dims) {
    const by = new Map<string, { recent: SegmentEvent[]; baseline: SegmentEvent[] }>()
    const add = (e: SegmentEvent, which: 'recent' | 'baseline'): void => {
      const v = e.value(dimension)
      if (v === undefined) return
      let c = by.get(v)
      if (!c) by.set(v, (c = { recent: [], baseline: [] }))
      c[which].push(e)
    }
    for (const e of recent) add(e, 'recent')
    for (const e of baseline) add(e, 'baseline')
    for (const [value, c] of by) cells.push({ dimension, value, ...c })
  }

  const eligible = (c: { recent: SegmentEvent[]; baseline: SegmentEvent[] }): boolean => c.recent.length + c.baseline.length >= minSegment && c.recent.length + c.baseline.length < N
  const tested = cells.filter(eligible).length
  const threshold = tested > 0 ? alpha / tested : alpha
  const lnF = lnFactorials(N)
  const rows: SegmentRow[] = cells.map((c) => {
    const a = c.recent.length
    const b = c.baseline.length
    const restRecent = K - a
    const restBaseline = N - K - b
    const pValue = eligible(c) ? hypergeometricTail(a, N, K, a + b, lnF) : null
    const growth = b > 0 ? a / b - 1 : null
    const restGrowth = restBaseline > 0 ? restRecent / restBaseline - 1 : null
    return {
      dimension: c.dimension,
      value: c.value,
      recentCount: a,
      baselineCount: b,
      recent: c.recent.flatMap((e) => e.deals),
      baseline: c.baseline.flatMap((e) => e.deals),
      restRecent,
      restBaseline,
      growth,
      restGrowth,
      pValue,
      emerging: pValue !== null && pValue <= threshold && a >= minRecent,
      wonRecentDeals: ofSegment(wonRecentAll, c.dimension, c.value),
      wonRecent: moneyOf(ofSegment(wonRecentAll, c.dimension, c.value), input.rates),
      wonBaseline: moneyOf(ofSegment(wonBaselineAll, c.dimension, c.value), input.rates)
    }
  })
  rows.sort((x, y) => (x.pValue ?? 2) - (y.pValue ?? 2) || y.recentCount - x.recentCount || x.value.localeCompare(y.value))
  return { rows, tested, threshold }
}
