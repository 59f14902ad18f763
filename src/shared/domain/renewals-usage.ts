import type { Contract, UsageReading } from '../model'
import { dayOfDate } from './collections'
import { RENEWAL_LOOKBACK_DAYS, renewalCandidates, type ChurnRisk, type RenewalCandidate, type UsageNearCap, type UsageRunsOut } from './renewals'

/**
 * Renewals by usage: what the customer's readings of a contract say about its renewal.
 * - a prepaid quantity (`cumulative`) that runs out within the window at the recent burn rate,
 *   or is already used up → a top-up / early renewal (`usageRunsOut`);
 * - a licensed quantity in use (`level`, seats) at or above 90 % of the licence → an expansion
 *   (`usageNearCap`);
 * - a term that ends while the customer uses under half of what they bought → the term-end
 *   candidate carries a churn-risk warning.
 * Only the latest reading of each metric speaks, and only while it is recent: a year-old
 * console export says nothing about today.
 */

/** A reading older than this (days before today) no longer says how the customer uses the contract. */
export const USAGE_STALE_DAYS = 120
/** The burn rate is measured over the readings of this many days before the latest one. */
export const BURN_WINDOW_DAYS = 90
/** Seats 90 % taken: the next hire needs a bigger licence (the usual "expansion" trigger in SaaS account management). */
export const NEAR_CAP_SHARE = 0.9
/** Under half of what they bought used by the term's end: the renewal is at risk. */
export const WEAK_SHARE = 0.5

export interface UsageWindow {
  today: number
  withinDays: number
  dayOf(ms: number): number
}

interface Point {
  day: number
  used: number
  entitled?: number
  metric: string
  measure: UsageReading['measure']
}

/** Readings of one contract's metrics, each in day order (ties: the latest recorded wins the day). */
function seriesByMetric(readings: readonly UsageReading[]): Map<string, Point[]> {
  const byKey = new Map<string, UsageReading[]>()
  for (const r of readings) {
    if (r.deleted || !Number.isFinite(r.used) || r.used < 0 || Number.isNaN(dayOfDate(r.date))) continue
    const key = r.metric.normalize('NFKC').trim().toLowerCase()
    const list = byKey.get(key)
    if (list) list.push(r)
    else byKey.set(key, [r])
  }
  const out = new Map<string, Point[]>()
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1))
    const points: Point[] = []
    for (const r of list) {
      const p: Point = { day: dayOfDate(r.date), used: r.used, metric: r.metric.trim(), measure: r.measure }
      if (r.entitled !== undefined && r.entitled > 0) p.entitled = r.entitled
      if (points.length && points[points.length - 1]!.day === p.day) points[points.length - 1] = p
      else points.push(p)
    }
    out.set(key, points)
  }
  return out
}

/**
 * Consumed per day: from the earliest reading within the burn window before the latest to the
 * latest; with none in the window, from the reading before (however old), else from the term's
 * start at zero. Undefined when no span of days can be measured.
 */
function burnRate(points: readonly Point[], contract: Contract, dayOf: (ms: number) => number): number | undefined {
  const last = points[points.length - 1]!
  const before = points.slice(0, -1)
  const inWindow = before.find((p) => p.day >= last.day - BURN_WINDOW_DAYS)
  let base: { day: number; used: number } | undefined = inWindow ?? before[before.length - 1]
  if (!base) {
    const start = contract.startDate ? dayOfDate(contract.startDate) : dayOf(contract.signedAt)
    if (!Number.isNaN(start)) base = { day: start, used: 0 }
  }
  if (!base || last.day <= base.day) return undefined
  return (last.used - base.used) / (last.day - base.day)
}

const pct = (used: number, entitled: number): number => Math.round((used / entitled) * 100)

export interface UsageSignals {
  candidates: RenewalCandidate[]
  /** Weak use, by contract id (whatever its term: the caller attaches it to a term end). */
  risks: Map<string, ChurnRisk>
}

/** Usage signals of live, not-yet-renewed contracts. Pure: same readings in any order, same answer. */
export function usageSignals(contracts: readonly Contract[], readings: readonly UsageReading[], p: UsageWindow): UsageSignals {
  const byContract = new Map<string, UsageReading[]>()
  for (const r of readings) {
    const list = byContract.get(r.contractId)
    if (list) list.push(r)
    else byContract.set(r.contractId, [r])
  }
  const candidates: RenewalCandidate[] = []
  const risks = new Map<string, ChurnRisk>()
  for (const c of contracts) {
    if (c.deleted || c.status === 'terminated' || c.renewalDealId) continue
    const own = byContract.get(c.id)
    if (!own) continue
    const endDay = c.endDate ? dayOfDate(c.endDate) : NaN
    // A term that ended long ago was renewed or lost; its readings are history.
    if (!Number.isNaN(endDay) && endDay < p.today - RENEWAL_LOOKBACK_DAYS) continue
    let risk: ChurnRisk | undefined
    // By metric name, so the same readings in any order give the same list.
    for (const [, points] of [...seriesByMetric(own)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const last = points[points.length - 1]!
      if (last.day < p.today - USAGE_STALE_DAYS) continue
      const entitled = last.entitled
      if (entitled === undefined) continue
      let weak: ChurnRisk | undefined
      if (last.measure === 'level') {
        const share = last.used / entitled
        if (share >= NEAR_CAP_SHARE) {
          const reason: UsageNearCap = { kind: 'usageNearCap', metric: last.metric, used: last.used, entitled, percent: pct(last.used, entitled), readingDay: last.day, daysLeft: 0 }
          candidates.push({ customerId: c.customerId, contract: c, reason })
        } else if (share < WEAK_SHARE) weak = { metric: last.metric, used: last.used, entitled, percent: pct(last.used, entitled), readingDay: last.day }
      } else {
        const rate = burnRate(points, c, p.dayOf)
        if (last.used >= entitled) {
          const first = points.find((x) => x.used >= (x.entitled ?? entitled))!
          const reason: UsageRunsOut = { kind: 'usageRunsOut', metric: last.metric, used: last.used, entitled, perDay: rate && rate > 0 ? rate : 0, exhaustDay: first.day, daysLeft: first.day - p.today, exhausted: true, readingDay: last.day }
          candidates.push({ customerId: c.customerId, contract: c, reason })
        } else if (rate !== undefined && rate > 0) {
          const exhaustDay = last.day + Math.ceil((entitled - last.used) / rate)
          const daysLeft = exhaustDay - p.today
          // Running out after the term ends is the term end's business, not a top-up.
          const beforeEnd = Number.isNaN(endDay) || exhaustDay <= endDay
          if (daysLeft <= p.withinDays && beforeEnd) {
            const reason: UsageRunsOut = { kind: 'usageRunsOut', metric: last.metric, used: last.used, entitled, perDay: rate, exhaustDay, daysLeft, exhausted: false, readingDay: last.day }
            candidates.push({ customerId: c.customerId, contract: c, reason })
          }
        }
        if (!Number.isNaN(endDay) && last.used < entitled) {
          const projected = last.used + Math.max(0, rate ?? 0) * Math.max(0, endDay - last.day)
          if (projected / entitled < WEAK_SHARE) {
            weak = { metric: last.metric, used: last.used, entitled, percent: pct(last.used, entitled), projectedPercent: pct(projected, entitled), readingDay: last.day }
          }
        }
      }
      // The weakest metric speaks for the contract.
      if (weak && (!risk || (weak.projectedPercent ?? weak.percent) < (risk.projectedPercent ?? risk.percent))) risk = weak
    }
    if (risk) risks.set(c.id, risk)
  }
  return { candidates, risks }
}

/**
 * Every renewal opportunity the manager sees: term ends and buying rhythm (renewals.ts) plus
 * usage, soonest first. A term end on weak usage carries the churn risk.
 */
export function renewalOpportunities(contracts: readonly Contract[], readings: readonly UsageReading[], p: UsageWindow): RenewalCandidate[] {
  const base = renewalCandidates(contracts, p)
  const { candidates, risks } = usageSignals(contracts, readings, p)
  for (const c of base) {
    const risk = c.reason.kind === 'termEnds' ? risks.get(c.contract.id) : undefined
    if (risk) c.churnRisk = risk
  }
  const tie = (c: RenewalCandidate): string => `${c.contract.id}|${c.reason.kind}|${'metric' in c.reason ? c.reason.metric : ''}`
  return [...base, ...candidates].sort((a, b) => a.reason.daysLeft - b.reason.daysLeft || (tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0))
}
