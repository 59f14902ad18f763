import type { Deal } from '../../model'
import { DAY_MS } from '../calendar'
import { convertMinor, sumMoney, type CurrencyRates, type MoneyTotal } from '../currency'
import type { Range } from './periods'

/**
 * The facts every analytics figure is counted from: when a deal was won or lost, how long it
 * took, and money added up in one currency. One place, so "won in March" is the same set of
 * deals in the leadership view, a rep's row and the trend.
 */

/**
 * When a closed deal closed: its close time, else (imported closed deals without one) its
 * expected close date — the rule the forecast uses for won deals. Undefined for open deals.
 */
export function closedAtOf(d: Pick<Deal, 'status' | 'closedAt' | 'expectedCloseAt'>): number | undefined {
  if (d.status === 'open') return undefined
  return d.closedAt ?? d.expectedCloseAt
}

export function closedIn(d: Deal, r: Range): boolean {
  const at = closedAtOf(d)
  return !d.deleted && at !== undefined && at >= r.start && at < r.end
}

export function createdIn(d: Deal, r: Range): boolean {
  return !d.deleted && d.createdAt >= r.start && d.createdAt < r.end
}

/** Days from creation to close; null for open deals or a close before creation (bad data). */
export function cycleDays(d: Pick<Deal, 'status' | 'closedAt' | 'expectedCloseAt' | 'createdAt'>): number | null {
  const at = closedAtOf(d)
  if (at === undefined || at < d.createdAt) return null
  return (at - d.createdAt) / DAY_MS
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Won / (won + lost) of the deals closed in a period; null when none closed. */
export function winRate(won: number, lost: number): number | null {
  return won + lost > 0 ? won / (won + lost) : null
}

/** The money of a set of deals in the workspace's currency (converted with the rates, or naming the rate that is missing). */
export function moneyOf(deals: readonly Deal[], rates: CurrencyRates): MoneyTotal {
  return sumMoney(deals, rates, rates.base)
}

/** A total that can be shown: nothing is missing. */
export function moneyKnown(m: MoneyTotal): number | null {
  return m.missing.length === 0 ? m.amount : null
}

export interface Outcomes {
  /** Deals closed in the period, won and lost. */
  won: Deal[]
  lost: Deal[]
  wonAmount: MoneyTotal
  winRate: number | null
  /** Median days from creation to close over the won deals. */
  cycleDays: number | null
}

/** Won and lost deals closed in a period, the won amount, win rate and median cycle. */
export function outcomes(deals: Iterable<Deal>, r: Range, rates: CurrencyRates): Outcomes {
  return outcomesIn(deals, [r], rates)[0]!
}

/** `outcomes` for several periods in one pass over the deals (a period, its 环比 and its 同比). */
export function outcomesIn(deals: Iterable<Deal>, ranges: readonly Range[], rates: CurrencyRates): Outcomes[] {
  const won = ranges.map(() => [] as Deal[])
  const lost = ranges.map(() => [] as Deal[])
  for (const d of deals) {
    if (d.deleted || d.status === 'open') continue
    const at = d.closedAt ?? d.expectedCloseAt
    // Closed without any date (an imported history can be): no period to count it in.
    if (at === undefined) continue
    for (let i = 0; i < ranges.length; i++) {
      if (at < ranges[i]!.start || at >= ranges[i]!.end) continue
      if (d.status === 'won') won[i]!.push(d)
      else lost[i]!.push(d)
    }
  }
  return ranges.map((_, i) => outcomesOf(won[i]!, lost[i]!, rates))
}

function outcomesOf(won: Deal[], lost: Deal[], rates: CurrencyRates): Outcomes {
  const cycles: number[] = []
  for (const d of won) {
    const c = cycleDays(d)
    if (c !== null) cycles.push(c)
  }
  return { won, lost, wonAmount: moneyOf(won, rates), winRate: winRate(won.length, lost.length), cycleDays: median(cycles) }
}

export interface BaseCurrencyDeals {
  /** Every deal; those in another currency with a known rate are converted into the base. */
  deals: Deal[]
  /** Currencies that were converted (a note beside every total: "converted with the rates in Settings"). */
  converted: string[]
  /** Currencies without a rate: their deals keep their own currency, and totals that include them are refused. */
  missing: string[]
  /** The deal as stored, by id: the deals drawer shows a deal in its own currency. */
  original: Map<string, Deal>
}

/**
 * Deals with their amounts in the workspace currency, so the figures that add amounts (the
 * forecast, funnel amounts, heroes' won amount) add like with like. A deal whose currency has no
 * rate stays as it is; `moneyOf` then names the missing rate for any total that includes it.
 */
export function inBaseCurrency(deals: readonly Deal[], rates: CurrencyRates): BaseCurrencyDeals {
  const converted = new Set<string>()
  const missing = new Set<string>()
  const original = new Map<string, Deal>()
  let changed = false
  const out = deals.map((d) => {
    if (d.currency === rates.base || d.amount === undefined) return d
    const amount = convertMinor(d.amount, d.currency, rates.base, rates)
    if (amount === undefined) {
      missing.add(d.currency)
      return d
    }
    converted.add(d.currency)
    original.set(d.id, d)
    changed = true
    return { ...d, amount, currency: rates.base }
  })
  return { deals: changed ? out : (deals as Deal[]), converted: [...converted].sort(), missing: [...missing].sort(), original }
}

/** Group items by a key; items whose key is undefined are left out. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const it of items) {
    const k = key(it)
    if (k === undefined) continue
    const list = out.get(k)
    if (list) list.push(it)
    else out.set(k, [it])
  }
  return out
}

/** The items of a list sorted by `at` that fall in [start, end), found by binary search (no pass over the rest). */
export function within<T extends { at: number }>(sorted: readonly T[], r: Range): T[] {
  const first = (t: number): number => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid]!.at < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return sorted.slice(first(r.start), first(r.end))
}
