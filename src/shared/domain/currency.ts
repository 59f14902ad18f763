/**
 * Money in several currencies, added up honestly. A workspace can hold deals in CNY, USD and
 * EUR at once (real CRM exports do); a total is either in one currency, or converted with the
 * rates the manager entered in Settings — and then it says so — or it refuses and names the
 * rate that is missing. Never a silent sum of yuan and dollars.
 */

export interface CurrencyRates {
  /** The currency totals are shown in (the workspace's currency, e.g. CNY). */
  base: string
  /** How many units of `base` one unit of each other currency is worth (USD → 7.1 for CNY). */
  perUnit: Record<string, number>
}

export interface MoneyItem {
  /** Integer minor units (fen, cents); absent = "amount not set", left out of every sum and counted. */
  amount?: number | undefined
  currency: string
}

export interface MoneyTotal {
  /** Integer minor units of `currency`; when `missing` is not empty, the sum of what could be converted. */
  amount: number
  currency: string
  /** Currencies that were converted into `currency` with a rate (empty: no conversion happened). */
  converted: string[]
  /** Currencies present in the items for which no rate is known: the total leaves them out. */
  missing: string[]
  /** Items whose amount is not set (absent when none): the total leaves them out, and a view says how many. */
  unset?: number
}

/** Units of `rates.base` per unit of `currency`, or undefined when unknown. The base is 1. */
export function rateOf(currency: string, rates: CurrencyRates): number | undefined {
  if (currency === rates.base) return 1
  const r = rates.perUnit[currency]
  return typeof r === 'number' && Number.isFinite(r) && r > 0 ? r : undefined
}

/**
 * An amount in minor units converted to another currency (all ISO 4217 currencies used here
 * have two decimals, so minor units convert at the same rate). Undefined when a rate is missing.
 */
export function convertMinor(amount: number, from: string, to: string, rates: CurrencyRates): number | undefined {
  if (from === to) return amount
  const fromRate = rateOf(from, rates)
  const toRate = rateOf(to, rates)
  if (fromRate === undefined || toRate === undefined) return undefined
  return Math.round((amount * fromRate) / toRate)
}

/**
 * The total of amounts in possibly several currencies. One currency → that currency, no
 * conversion. Several → converted into `target` (default: the single currency present, else
 * the base), listing what was converted and which rates were missing.
 */
export function sumMoney(items: Iterable<MoneyItem>, rates: CurrencyRates, target?: string): MoneyTotal {
  const byCurrency = new Map<string, number>()
  let unset = 0
  const unsetCurrencies = new Set<string>()
  for (const it of items) {
    if (it.amount === undefined) {
      unset++
      unsetCurrencies.add(it.currency)
    } else byCurrency.set(it.currency, (byCurrency.get(it.currency) ?? 0) + it.amount)
  }
  const present = [...byCurrency.keys()].sort()
  const into = target ?? (present.length === 1 ? present[0]! : present.length === 0 && unsetCurrencies.size === 1 ? [...unsetCurrencies][0]! : rates.base)
  let amount = 0
  const converted: string[] = []
  const missing: string[] = []
  for (const cur of present) {
    const sum = byCurrency.get(cur)!
    if (cur === into) {
      amount += sum
      continue
    }
    const c = convertMinor(sum, cur, into, rates)
    if (c === undefined) missing.push(cur)
    else {
      amount += c
      converted.push(cur)
    }
  }
  return { amount, currency: into, converted, missing, ...(unset > 0 ? { unset } : {}) }
}

/**
 * The currencies among items, sorted; one entry means no conversion is needed. Items whose
 * amount is not set add nothing to convert, unless no item has one: a total of 0 over dollar
 * deals without amounts is still "$0", not the workspace's currency.
 */
export function currenciesOf(items: Iterable<MoneyItem>): string[] {
  const set = new Set<string>()
  const all = new Set<string>()
  for (const it of items) {
    all.add(it.currency)
    if (it.amount !== undefined) set.add(it.currency)
  }
  return [...(set.size ? set : all)].sort()
}

export interface InOneCurrency<T> {
  /** The items with `amount` converted into `currency` (an item whose rate is missing counts 0). */
  items: T[]
  currency: string
  /** As in `MoneyTotal`: what was converted, and what could not be (left out at 0). */
  converted: string[]
  missing: string[]
  /** Items whose amount is not set (absent when none): passed through untouched, counted here. */
  unset?: number
}

/**
 * Items (deals) with their amounts converted into one currency, so a rule that adds amounts —
 * the funnel, the forecast, a leaderboard — adds like with like. The currency is the one all
 * items share, else `target`, else the rates' base; the same choice `sumMoney` makes. Items
 * already in it are returned as they are (the same objects).
 */
export function inOneCurrency<T extends MoneyItem>(items: readonly T[], rates: CurrencyRates, target?: string): InOneCurrency<T> {
  const present = currenciesOf(items)
  const into = target ?? (present.length === 1 ? present[0]! : rates.base)
  let unset = 0
  for (const it of items) if (it.amount === undefined) unset++
  if (present.length === 0 || (present.length === 1 && present[0] === into)) return { items: [...items], currency: into, converted: [], missing: [], ...(unset > 0 ? { unset } : {}) }
  const converted = new Set<string>()
  const missing = new Set<string>()
  const out = items.map((it) => {
    if (it.currency === into || it.amount === undefined) return it
    const amount = convertMinor(it.amount, it.currency, into, rates)
    if (amount === undefined) {
      missing.add(it.currency)
      return { ...it, amount: 0, currency: into }
    }
    converted.add(it.currency)
    return { ...it, amount, currency: into }
  })
  return { items: out, currency: into, converted: [...converted].sort(), missing: [...missing].sort(), ...(unset > 0 ? { unset } : {}) }
}
