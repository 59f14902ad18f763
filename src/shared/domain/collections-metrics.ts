import { convertMinor, sumMoney, type CurrencyRates, type MoneyItem, type MoneyTotal } from './currency'
import { dateOfDay, lineOrderDay, monthStartDay, type ContractState, type LineState } from './collections'

/**
 * The manager's collection figures (docs/collections.md has the definitions in words). Every
 * figure takes contract states from `contractStates` and today's local day, so the home card,
 * the month view, the overdue list and the forecast agree by construction. Totals over several
 * currencies convert with the manager's rates and name any rate that is missing.
 */

/** Amounts per currency, totalled at the end with the manager's rates. */
export class MoneyBag {
  private readonly byCurrency = new Map<string, number>()

  add(amount: number, currency: string): void {
    if (amount !== 0) this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? 0) + amount)
  }

  items(): MoneyItem[] {
    return [...this.byCurrency].map(([currency, amount]) => ({ amount, currency }))
  }

  total(rates: CurrencyRates): MoneyTotal {
    if (this.byCurrency.size === 0) return { amount: 0, currency: rates.base, converted: [], missing: [] }
    return sumMoney(this.items(), rates, this.byCurrency.size === 1 ? undefined : rates.base)
  }
}

/** A total in the base currency for ratios (missing rates leave their amounts out). */
function inBase(t: MoneyTotal, rates: CurrencyRates): number {
  return t.currency === rates.base ? t.amount : (convertMinor(t.amount, t.currency, rates.base, rates) ?? 0)
}

/* ---------- this month vs plan ---------- */

export interface PlanRow {
  /** The collector (rep) or team. */
  id: string
  /** Instalments falling due this month (paid or not). */
  plan: MoneyTotal
  /** Money received this month. */
  collected: MoneyTotal
  /** collected / plan in the base currency; null when nothing is planned. */
  rate: number | null
  /** Outstanding of instalments due before today. */
  overdue: MoneyTotal
  overdueLines: number
  contracts: number
}

export interface MonthVsPlan {
  /** First day of the month and of the next (day numbers). */
  from: number
  to: number
  byCollector: PlanRow[]
  byTeam: PlanRow[]
  total: PlanRow
}

interface Bags {
  plan: MoneyBag
  collected: MoneyBag
  overdue: MoneyBag
  overdueLines: number
  contracts: Set<string>
}

function bags(): Bags {
  return { plan: new MoneyBag(), collected: new MoneyBag(), overdue: new MoneyBag(), overdueLines: 0, contracts: new Set() }
}

function planRow(id: string, b: Bags, rates: CurrencyRates): PlanRow {
  const plan = b.plan.total(rates)
  const collected = b.collected.total(rates)
  const p = inBase(plan, rates)
  return { id, plan, collected, rate: p > 0 ? inBase(collected, rates) / p : null, overdue: b.overdue.total(rates), overdueLines: b.overdueLines, contracts: b.contracts.size }
}

/**
 * Collections this month against plan, per collector and per team. Plan: every instalment
 * whose due day falls in this month, paid or not (an acceptance instalment counts once its
 * acceptance fixed the day). Collected: all money received this month, whichever instalment
 * it paid. Overdue: what is still missing of instalments due before today. Terminated
 * contracts are left out.
 */
export function monthVsPlan(
  states: readonly ContractState[],
  p: { today: number; rates: CurrencyRates; dayOf(ms: number): number; collections: readonly { contractId: string; amount: number; currency: string; receivedAt: number; deleted?: boolean }[] }
): MonthVsPlan {
  const from = monthStartDay(p.today)
  const to = monthStartDay(p.today, 1)
  const byCollector = new Map<string, Bags>()
  const byTeam = new Map<string, Bags>()
  const all = bags()
  const stateById = new Map<string, ContractState>()
  const each = (s: ContractState, f: (b: Bags) => void): void => {
    for (const [map, key] of [
      [byCollector, s.contract.collectorId],
      [byTeam, s.contract.orgUnitId]
    ] as const) {
      let b = map.get(key)
      if (!b) map.set(key, (b = bags()))
      f(b)
    }
    f(all)
  }
  for (const s of states) {
    if (s.contract.status === 'terminated') continue
    stateById.set(s.contract.id, s)
    const cur = s.contract.currency
    each(s, (b) => b.contracts.add(s.contract.id))
    for (const l of s.lines) {
      if (l.dueDay !== null && l.dueDay >= from && l.dueDay < to) each(s, (b) => b.plan.add(l.amount, cur))
      if (l.dueDay !== null && l.dueDay < p.today && l.outstanding > 0)
        each(s, (b) => {
          b.overdue.add(l.outstanding, cur)
          b.overdueLines++
        })
    }
  }
  for (const c of p.collections) {
    if (c.deleted) continue
    const s = stateById.get(c.contractId)
    if (!s || c.currency !== s.contract.currency) continue
    const d = p.dayOf(c.receivedAt)
    if (d >= from && d < to) each(s, (b) => b.collected.add(c.amount, c.currency))
  }
  const rows = (m: Map<string, Bags>): PlanRow[] =>
    [...m].map(([id, b]) => planRow(id, b, p.rates)).sort((a, b) => inBase(b.plan, p.rates) - inBase(a.plan, p.rates) || (a.id < b.id ? -1 : 1))
  return { from, to, byCollector: rows(byCollector), byTeam: rows(byTeam), total: planRow('all', all, p.rates) }
}

/* ---------- days sales outstanding ---------- */

export interface DsoPoint {
  /** YYYY-MM of the month. */
  month: string
  /** The day measured: the month's last day, or today for the current month. */
  day: number
  /** Due and not collected on that day. */
  receivable: MoneyTotal
  /** Fallen due in the window ending that day. */
  billed: MoneyTotal
  /** receivable ÷ billed × window days; null when nothing fell due in the window. */
  dso: number | null
}

/** The window DSO looks back over: a quarter, so one big instalment does not swing it. */
export const DSO_WINDOW_DAYS = 90

/**
 * Days sales outstanding at each month end (countback-free, the usual formula): receivables
 * on that day ÷ amounts fallen due in the 90 days before it × 90. "Due" stands in for
 * "invoiced": a plan's instalment is billable on its due day whether or not an invoice was
 * recorded. Receivables on a past day use only the money received by then.
 */
export function dsoTrend(states: readonly ContractState[], p: { today: number; months: number; rates: CurrencyRates }): DsoPoint[] {
  const points: { month: string; day: number; receivable: MoneyBag; billed: MoneyBag }[] = []
  for (let i = p.months - 1; i >= 0; i--) {
    const start = monthStartDay(p.today, -i)
    const day = i === 0 ? p.today : monthStartDay(p.today, -i + 1) - 1
    points.push({ month: dateOfDay(start).slice(0, 7), day, receivable: new MoneyBag(), billed: new MoneyBag() })
  }
  for (const s of states) {
    if (s.contract.status === 'terminated') continue
    const cur = s.contract.currency
    for (const l of s.lines) {
      if (l.dueDay === null) continue
      for (const pt of points) {
        if (l.dueDay > pt.day) continue
        if (l.dueDay > pt.day - DSO_WINDOW_DAYS) pt.billed.add(l.amount, cur)
        pt.receivable.add(l.amount - collectedBy(l, pt.day), cur)
      }
    }
  }
  return points.map((pt) => {
    const receivable = pt.receivable.total(p.rates)
    const billed = pt.billed.total(p.rates)
    const b = inBase(billed, p.rates)
    return { month: pt.month, day: pt.day, receivable, billed, dso: b > 0 ? (inBase(receivable, p.rates) / b) * DSO_WINDOW_DAYS : null }
  })
}

/** What a line had received by the end of a day (allocations are in the order money arrived). */
export function collectedBy(l: LineState, day: number): number {
  let n = 0
  for (const a of l.allocations) {
    if (a.day > day) break
    n += a.amount
  }
  return n
}

/* ---------- punctuality and the collections forecast ---------- */

/** An instalment's window to be paid "on time" for punctuality: 30 days after its due day. */
export const PUNCTUALITY_GRACE_DAYS = 30

export interface Punctuality {
  /** Share (0–1) of what fell due that has been collected by now, by amount: the forecast's weight. */
  share: number
  /** Share (0–1) of what fell due that arrived within 30 days of its due day, by amount. */
  onTimeShare: number
  /** Average days late of the money that did arrive, by amount (early counts as 0): the forecast's shift. */
  delayDays: number
  /** Instalments the figure rests on. */
  lines: number
  /** The customer's own history, the team's when the customer has none yet, or none at all. */
  source: 'customer' | 'team' | 'none'
}

interface PunctualityAcc {
  due: number
  collected: number
  onTime: number
  paid: number
  lateWeighted: number
  lines: number
}

function accOf(): PunctualityAcc {
  return { due: 0, collected: 0, onTime: 0, paid: 0, lateWeighted: 0, lines: 0 }
}

function finish(a: PunctualityAcc, source: Punctuality['source']): Punctuality {
  return {
    share: a.due > 0 ? a.collected / a.due : 1,
    onTimeShare: a.due > 0 ? a.onTime / a.due : 1,
    delayDays: a.paid > 0 ? a.lateWeighted / a.paid : 0,
    lines: a.lines,
    source
  }
}

/**
 * Each customer's past punctuality from instalments whose grace window has closed (due at
 * least 30 days ago): which share of what fell due has been collected, which share arrived
 * within 30 days of the due day, and how late the money that came was on average. Amounts are
 * weighed in the base currency.
 */
export function customerPunctuality(
  states: readonly ContractState[],
  p: { today: number; rates: CurrencyRates }
): { byCustomer: Map<string, Punctuality>; team: Punctuality } {
  const acc = new Map<string, PunctualityAcc>()
  const team = accOf()
  for (const s of states) {
    const cur = s.contract.currency
    const w = (n: number): number => convertMinor(n, cur, p.rates.base, p.rates) ?? n
    for (const l of s.lines) {
      if (l.dueDay === null || l.amount === 0 || l.dueDay > p.today - PUNCTUALITY_GRACE_DAYS) continue
      let a = acc.get(s.contract.customerId)
      if (!a) acc.set(s.contract.customerId, (a = accOf()))
      const onTime = collectedBy(l, l.dueDay + PUNCTUALITY_GRACE_DAYS)
      for (const x of [a, team]) {
        x.due += w(l.amount)
        x.collected += w(l.collected)
        x.onTime += w(onTime)
        x.lines++
        for (const al of l.allocations) {
          x.paid += w(al.amount)
          x.lateWeighted += w(al.amount) * Math.max(0, al.day - l.dueDay)
        }
      }
    }
  }
  const byCustomer = new Map<string, Punctuality>()
  for (const [id, a] of acc) byCustomer.set(id, finish(a, 'customer'))
  return { byCustomer, team: team.lines > 0 ? finish(team, 'team') : finish(team, 'none') }
}

export interface ForecastLine {
  contractId: string
  customerId: string
  lineKey: string
  outstanding: number
  currency: string
  /** Due day, or the expected day of an instalment still waiting for its milestone. */
  scheduledDay: number
  /** Scheduled day shifted by the customer's usual delay; never before today. */
  expectedDay: number
  /** The customer's punctuality share: the weight of this line. */
  weight: number
  /** outstanding × weight, rounded. */
  expected: number
  punctuality: Punctuality
}

export interface ForecastBucket {
  /** YYYY-MM, or `later` for everything after the last month shown. */
  key: string
  /** Outstanding by scheduled day (overdue amounts count in the current month). */
  scheduled: MoneyTotal
  /** Weighted by punctuality, by expected day. */
  expected: MoneyTotal
}

/**
 * The collections forecast: every open instalment is expected on its due day (or, waiting for
 * acceptance, its expected day) moved later by its customer's average delay, and counts with
 * its customer's collection record as weight — a customer who has paid 60 % of what fell due
 * brings in 60 % of what is open; one who pays everything, a month late, brings in all of it, a
 * month later. A customer without history takes the team's figures.
 */
export function collectionsForecast(
  states: readonly ContractState[],
  p: { today: number; months: number; rates: CurrencyRates }
): { buckets: ForecastBucket[]; lines: ForecastLine[]; punctuality: ReturnType<typeof customerPunctuality> } {
  const punctuality = customerPunctuality(states, p)
  const keys: string[] = []
  for (let i = 0; i < p.months; i++) keys.push(dateOfDay(monthStartDay(p.today, i)).slice(0, 7))
  const bucketOf = (day: number): string => {
    const k = dateOfDay(day).slice(0, 7)
    return k < keys[0]! ? keys[0]! : keys.includes(k) ? k : 'later'
  }
  const scheduled = new Map<string, MoneyBag>()
  const expected = new Map<string, MoneyBag>()
  for (const k of [...keys, 'later']) {
    scheduled.set(k, new MoneyBag())
    expected.set(k, new MoneyBag())
  }
  const lines: ForecastLine[] = []
  for (const s of states) {
    if (s.contract.status === 'terminated') continue
    const pun = punctuality.byCustomer.get(s.contract.customerId) ?? punctuality.team
    for (const l of s.lines) {
      const at = lineOrderDay(l)
      if (l.outstanding === 0 || (l.dueDay === null && l.expectedDay === null)) continue
      const expectedDay = Math.max(p.today, at + Math.round(pun.delayDays))
      const e = Math.round(l.outstanding * pun.share)
      lines.push({
        contractId: s.contract.id,
        customerId: s.contract.customerId,
        lineKey: l.key,
        outstanding: l.outstanding,
        currency: s.contract.currency,
        scheduledDay: at,
        expectedDay,
        weight: pun.share,
        expected: e,
        punctuality: pun
      })
      scheduled.get(bucketOf(at))!.add(l.outstanding, s.contract.currency)
      expected.get(bucketOf(expectedDay))!.add(e, s.contract.currency)
    }
  }
  const buckets = [...keys, 'later'].map((key) => ({ key, scheduled: scheduled.get(key)!.total(p.rates), expected: expected.get(key)!.total(p.rates) }))
  return { buckets, lines: lines.sort((a, b) => a.expectedDay - b.expectedDay || b.expected - a.expected), punctuality }
}

/* ---------- what needs the manager today ---------- */

export type AttentionReason =
  | { kind: 'overdue'; days: number }
  | { kind: 'dueToday' }
  | { kind: 'dueSoon'; days: number }
  /** The milestone gating the instalment (acceptance…) is past its planned day. */
  | { kind: 'gateLate'; milestoneId: string; days: number }

export interface AttentionItem {
  state: ContractState
  line: LineState
  reason: AttentionReason
  /** What is at stake, in the contract's currency: the line's outstanding amount. */
  amount: number
  /** The same in the base currency, for ranking. */
  stake: number
}

/** "Due soon" looks this many days ahead: enough to send the invoice and call. */
export const DUE_SOON_DAYS = 3

/**
 * The collections that need the manager today: instalments overdue, due today or within three
 * days, and instalments held up by a milestone (acceptance) past its planned day. Ranked by
 * what is at stake — the amount in the base currency, weighted up by how long it is overdue
 * (a month overdue doubles it) — so a big fresh overdue and a small old one both surface.
 */
export function collectionsNeedingAttention(
  states: readonly ContractState[],
  p: { today: number; rates: CurrencyRates; milestoneDay(id: string): number | null }
): AttentionItem[] {
  const out: AttentionItem[] = []
  for (const s of states) {
    if (s.contract.status === 'terminated') continue
    const base = (n: number): number => convertMinor(n, s.contract.currency, p.rates.base, p.rates) ?? n
    for (const l of s.lines) {
      if (l.outstanding === 0) continue
      let reason: AttentionReason | null = null
      if (l.dueDay !== null) {
        if (l.dueDay < p.today) reason = { kind: 'overdue', days: p.today - l.dueDay }
        else if (l.dueDay === p.today) reason = { kind: 'dueToday' }
        else if (l.dueDay - p.today <= DUE_SOON_DAYS) reason = { kind: 'dueSoon', days: l.dueDay - p.today }
      } else if (l.milestoneId !== null && !l.gateMet) {
        const planned = p.milestoneDay(l.milestoneId)
        if (planned !== null && planned < p.today) reason = { kind: 'gateLate', milestoneId: l.milestoneId, days: p.today - planned }
      }
      if (!reason) continue
      const days = reason.kind === 'overdue' || reason.kind === 'gateLate' ? reason.days : 0
      out.push({ state: s, line: l, reason, amount: l.outstanding, stake: base(l.outstanding) * (1 + days / 30) })
    }
  }
  return out.sort((a, b) => b.stake - a.stake || (a.line.key < b.line.key ? -1 : 1))
}
