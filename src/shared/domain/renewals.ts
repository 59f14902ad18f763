import type { Contract } from '../model'
import { dayOfDate } from './collections'

/**
 * Repeat purchase (the last step of lead to cash): customers to approach for a renewal, from
 * their contracts. Two signals:
 * - `termEnds`: a contract with a service term ends within the window (or ended in the last
 *   30 days) and was not renewed — no later contract signed from 90 days before its end, no
 *   renewal deal opened from it;
 * - `purchaseCycle`: a customer who bought at least twice without a term (one-off purchases)
 *   is due again: the median gap between their signings, counted from the last one.
 * Usage readings add their own signals (a prepaid quantity running out, seats nearly full, a
 * term ending on weak use): see renewals-usage.ts, which merges all of them for the views.
 */

export type RenewalReason =
  | { kind: 'termEnds'; endDay: number; daysLeft: number }
  | { kind: 'purchaseCycle'; cycleDays: number; nextDay: number; daysLeft: number; purchases: number }
  | UsageRunsOut
  | UsageNearCap

/** A prepaid quantity (cumulative measure) projected to run out at the recent burn rate, or already used up. */
export interface UsageRunsOut {
  kind: 'usageRunsOut'
  metric: string
  used: number
  entitled: number
  /** Consumed per day over the recent readings; 0 when it is already used up and no rate was needed. */
  perDay: number
  /** The day it runs out (projected), or the first reading at or over the entitlement. */
  exhaustDay: number
  daysLeft: number
  exhausted: boolean
  /** The latest reading's day. */
  readingDay: number
}

/** A licensed quantity in use (level measure, e.g. seats) at or above the expansion threshold. */
export interface UsageNearCap {
  kind: 'usageNearCap'
  metric: string
  used: number
  entitled: number
  /** used / entitled in whole percent (may exceed 100). */
  percent: number
  readingDay: number
  /** 0: an expansion is worth a call now. */
  daysLeft: number
}

/** A term ending while the customer uses little of what they bought: the renewal is at risk. */
export interface ChurnRisk {
  metric: string
  used: number
  entitled: number
  /** Share used now, whole percent. */
  percent: number
  /** For a prepaid quantity: the share used by the term's end at the recent rate, whole percent. */
  projectedPercent?: number
  readingDay: number
}

export interface RenewalCandidate {
  customerId: string
  /** The contract to renew (the last one for a purchase cycle). */
  contract: Contract
  reason: RenewalReason
  /** Weak usage on a contract whose term ends (only on `termEnds`). */
  churnRisk?: ChurnRisk
}

/** A contract that ended up to this long ago is still worth a renewal call. */
export const RENEWAL_LOOKBACK_DAYS = 30
/** A contract signed this long before another one's end counts as its renewal. */
export const RENEWED_IF_SIGNED_WITHIN_DAYS = 90
/** Gaps shorter than this are one project's several contracts, not a buying rhythm. */
const MIN_CYCLE_DAYS = 30

export function renewalCandidates(
  contracts: readonly Contract[],
  p: { today: number; withinDays: number; dayOf(ms: number): number }
): RenewalCandidate[] {
  const byCustomer = new Map<string, Contract[]>()
  for (const c of contracts) {
    if (c.deleted || c.status === 'terminated') continue
    const list = byCustomer.get(c.customerId)
    if (list) list.push(c)
    else byCustomer.set(c.customerId, [c])
  }
  const inWindow = (daysLeft: number): boolean => daysLeft >= -RENEWAL_LOOKBACK_DAYS && daysLeft <= p.withinDays
  const out: RenewalCandidate[] = []
  for (const [customerId, list] of byCustomer) {
    list.sort((a, b) => a.signedAt - b.signedAt || (a.id < b.id ? -1 : 1))
    let termed = false
    for (const c of list) {
      if (!c.endDate) continue
      const endDay = dayOfDate(c.endDate)
      if (Number.isNaN(endDay)) continue
      if (endDay >= p.today) termed = true
      if (c.renewalDealId) continue
      const daysLeft = endDay - p.today
      if (!inWindow(daysLeft)) continue
      const renewed = list.some((o) => o !== c && o.signedAt > c.signedAt && p.dayOf(o.signedAt) >= endDay - RENEWED_IF_SIGNED_WITHIN_DAYS)
      if (!renewed) out.push({ customerId, contract: c, reason: { kind: 'termEnds', endDay, daysLeft } })
    }
    // A customer on a running subscription is renewed by its term, not by its buying rhythm.
    const oneOff = list.filter((c) => !c.endDate)
    if (termed || oneOff.length < 2) continue
    const last = oneOff[oneOff.length - 1]!
    if (last.renewalDealId) continue
    const days = oneOff.map((c) => p.dayOf(c.signedAt))
    const gaps = days
      .slice(1)
      .map((d, i) => d - days[i]!)
      .filter((g) => g >= MIN_CYCLE_DAYS)
      .sort((a, b) => a - b)
    if (gaps.length === 0) continue
    const mid = gaps.length >> 1
    const cycleDays = gaps.length % 2 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2)
    const nextDay = days[days.length - 1]! + cycleDays
    const daysLeft = nextDay - p.today
    if (inWindow(daysLeft)) out.push({ customerId, contract: last, reason: { kind: 'purchaseCycle', cycleDays, nextDay, daysLeft, purchases: oneOff.length } })
  }
  return out.sort((a, b) => a.reason.daysLeft - b.reason.daysLeft || (a.contract.id < b.contract.id ? -1 : 1))
}
