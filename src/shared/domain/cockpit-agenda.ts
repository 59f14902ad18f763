import { isCustomerTouch, type Activity, type Deal, type SalesProcess, type User } from '../model'
import { DAY_MS, monthRange, startOfDay } from './calendar'

/** A big deal (大单): over its process's threshold, or flagged by hand. */
export function isBigDeal(deal: Pick<Deal, 'amount' | 'bigDeal' | 'processId'>, processes: ReadonlyMap<string, SalesProcess>): boolean {
  if (deal.bigDeal) return true
  const p = processes.get(deal.processId)
  return p ? deal.amount >= p.bigDealThreshold : false
}

export interface LastTouch {
  byDeal: Map<string, number>
  byCustomer: Map<string, number>
}

/**
 * Latest real customer touch (a visit made, a call that connected) per deal and per customer.
 * Emails and messages don't count: the seeds' point is that only meeting or talking moves a deal.
 */
export function lastCustomerTouch(activities: Iterable<Activity>, now: number): LastTouch {
  const byDeal = new Map<string, number>()
  const byCustomer = new Map<string, number>()
  for (const a of activities) {
    if (a.at > now || !isCustomerTouch(a)) continue
    if (a.dealId && (byDeal.get(a.dealId) ?? -1) < a.at) byDeal.set(a.dealId, a.at)
    if ((byCustomer.get(a.customerId) ?? -1) < a.at) byCustomer.set(a.customerId, a.at)
  }
  return { byDeal, byCustomer }
}

export interface UntouchedDeal {
  deal: Deal
  /** null: never touched. */
  lastTouchAt: number | null
  /** Whole days since the last touch (or since the deal was created, if never touched). */
  days: number
}

/** Open deals nobody has visited or talked to for `days` days — the first thing to chase. */
export function dealsWithoutTouch(deals: readonly Deal[], touch: LastTouch, now: number, days: number): UntouchedDeal[] {
  const out: UntouchedDeal[] = []
  for (const deal of deals) {
    if (deal.status !== 'open' || deal.deleted) continue
    const d = touch.byDeal.get(deal.id)
    const c = deal.customerId === undefined ? undefined : touch.byCustomer.get(deal.customerId)
    const last = d === undefined ? (c ?? null) : c === undefined ? d : Math.max(d, c)
    const since = Math.floor((now - (last ?? deal.createdAt)) / DAY_MS)
    if (since >= days) out.push({ deal, lastTouchAt: last, days: since })
  }
  return out.sort((a, b) => b.deal.amount - a.deal.amount || b.days - a.days)
}

/** Open big deals expected to close in the current month, largest first. */
export function bigDealsClosingThisMonth(
  deals: readonly Deal[],
  processes: ReadonlyMap<string, SalesProcess>,
  now: number,
  timeZone: string
): Deal[] {
  const { start, end } = monthRange(now, timeZone)
  return deals
    .filter((d) => d.status === 'open' && !d.deleted && d.expectedCloseAt !== undefined && d.expectedCloseAt >= start && d.expectedCloseAt < end && isBigDeal(d, processes))
    .sort((a, b) => b.amount - a.amount)
}

export interface RepVisitsToday {
  user: User
  planned: number
  done: number
  /** Done visits by kind, against the 4 new / 2 follow-up / 2 closing rule. */
  doneByKind: { new: number; follow_up: number; closing: number }
  target: number
}

/**
 * Today's visits per rep: planned (everything on today's plan) and done. A visit counts as
 * planned whether it is still planned or already done, so "done / planned" reads as progress.
 */
export function visitsToday(
  reps: readonly User[],
  activities: Iterable<Activity>,
  now: number,
  timeZone: string,
  dailyTarget = 8
): RepVisitsToday[] {
  const from = startOfDay(now, timeZone)
  const to = from + DAY_MS
  const rows = new Map<string, RepVisitsToday>()
  for (const user of reps) {
    if (user.role !== 'rep' || !user.active) continue
    rows.set(user.id, { user, planned: 0, done: 0, doneByKind: { new: 0, follow_up: 0, closing: 0 }, target: dailyTarget })
  }
  for (const a of activities) {
    // A ride-along is one of the rep's visits with the manager along; it counts for the rep.
    if ((a.kind !== 'visit' && a.kind !== 'ride_along') || a.at < from || a.at >= to || a.status === 'cancelled') continue
    const row = rows.get(a.userId)
    if (!row) continue
    row.planned++
    if (a.status !== 'planned') {
      row.done++
      if (a.visitKind) row.doneByKind[a.visitKind]++
    }
  }
  return [...rows.values()].sort((a, b) => a.done - b.done || a.user.name.localeCompare(b.user.name))
}
