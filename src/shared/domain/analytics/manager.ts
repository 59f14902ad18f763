import type { Activity, Customer, Deal, SalesProcess, StageHistory, User, VisitKind } from '../../model'
import type { CurrencyRates, MoneyTotal } from '../currency'
import { bucketOf, dayCompliance, dayStarts, isPlanVisit, IRON_ARMY_QUOTA, type QuotaFor, type VisitQuota } from '../eight-visit'
import { funnel, funnelDeals, type Funnel, type FunnelStageDeals } from '../funnel'
import { zoneOffsetMs } from '../calendar'
import { closedAtOf, closedIn, createdIn, moneyOf, outcomes, type Outcomes } from './facts'
import { daysBetween, type Range } from './periods'

/**
 * The front-line manager's figures: stage conversion by team and rep, visit behaviour (the
 * eight-visit compliance and whether visits go to target customers), win rate and cycle by
 * rep, and why deals were lost.
 */

export interface ConversionRow {
  id: string
  /** Stage completion (阶段推进): forward moves made in the period by any of the group's deals, and those deals. */
  advances: { moves: number; deals: Deal[] }
  /** Deals of the group created in the period: the cohort the funnel follows. */
  cohort: Deal[]
  funnel: Funnel
  /** The deals behind each stage's figures, computed on demand (a click). */
  deals(): Map<string, FunnelStageDeals> & { won: Deal[] }
}

/**
 * The funnel (../funnel.ts, the one definition) of each group's deals created in the period:
 * how far this period's new deals got and where they dropped out.
 */
export function conversionBy(
  groups: readonly { id: string; deals: readonly Deal[] }[],
  process: SalesProcess,
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>,
  range: Range
): ConversionRow[] {
  return groups.map((g) => {
    const cohort = g.deals.filter((d) => d.processId === process.id && createdIn(d, range))
    let behind: ReturnType<typeof funnelDeals> | null = null
    return {
      id: g.id,
      advances: advancesIn(g.deals, process, historyByDeal, range),
      cohort,
      funnel: funnel(process, cohort, historyByDeal),
      deals: () => (behind ??= funnelDeals(process, cohort, historyByDeal))
    }
  })
}

/**
 * Stages completed in the period: moves to a later open stage of the process, or to won, made in
 * the period (a move back or to lost is not a completion). Deals of other processes are left out.
 */
export function advancesIn(
  deals: readonly Deal[],
  process: SalesProcess,
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>,
  range: Range
): { moves: number; deals: Deal[] } {
  const perDeal = advancesByDeal(process, historyByDeal, range)
  let moves = 0
  const out: Deal[] = []
  for (const d of deals) {
    const n = d.deleted || d.processId !== process.id ? undefined : perDeal.get(d.id)
    if (n === undefined) continue
    moves += n
    out.push(d)
  }
  return { moves, deals: out }
}

// Teams and reps ask for the same deals' moves: counted once per history, process and period.
const advanceCache = new WeakMap<ReadonlyMap<string, readonly StageHistory[]>, Map<string, Map<string, number>>>()

function advancesByDeal(process: SalesProcess, historyByDeal: ReadonlyMap<string, readonly StageHistory[]>, range: Range): Map<string, number> {
  let byKey = advanceCache.get(historyByDeal)
  if (!byKey) advanceCache.set(historyByDeal, (byKey = new Map()))
  const key = `${process.id}|${process.revision}|${range.start}|${range.end}`
  const hit = byKey.get(key)
  if (hit) return hit
  const order = new Map<string, number>()
  let i = 0
  for (const s of process.stages) if (s.kind === 'open') order.set(s.id, i++)
  for (const s of process.stages) if (s.kind === 'won') order.set(s.id, i)
  const out = new Map<string, number>()
  for (const [dealId, rows] of historyByDeal) {
    let mine = 0
    for (const h of rows) {
      if (h.at < range.start || h.at >= range.end || h.fromStageId === null) continue
      const from = order.get(h.fromStageId)
      const to = order.get(h.toStageId)
      if (from !== undefined && to !== undefined && to > from) mine++
    }
    if (mine > 0) out.set(dealId, mine)
  }
  if (byKey.size > 50) byKey.clear()
  byKey.set(key, out)
  return out
}

export interface VisitRow {
  repId: string
  /** Visits made (ride-alongs standing for a visit included, as on the eight-visit board). */
  visits: number
  /** Working days judged: Monday–Friday, plus a weekend day with visits; not before hire, after leaving, or ahead of today. */
  judgedDays: number
  /** Visits per judged day; null with no judged day. */
  perDay: number | null
  /** Mean day score against the rep's quota (../eight-visit.ts `dayCompliance`), 0–1. */
  compliance: number | null
  /** Visits to target customers: a deal open in the pipeline at the time, or a key / strategic account. */
  toTarget: number
  targetShare: number | null
  /** The pipeline deals those visits went to (the door of the share). */
  targetDeals: Deal[]
}

/** A customer is a target when the manager has marked it key or strategic. */
export function isKeyAccount(c: Pick<Customer, 'tier'> | undefined): boolean {
  return c?.tier === 'key' || c?.tier === 'strategic'
}

const KIND_SLOT: Record<VisitKind, number> = { new: 0, follow_up: 1, closing: 2 }

/**
 * Visit behaviour per rep over a period. Day scores follow the eight-visit board exactly (each
 * kind counts up to its share of the quota, untyped visits fill the rest); the period's
 * compliance is their mean over the judged days — for a week, the heat-map's cell.
 */
export function visitBehaviour(input: {
  reps: readonly User[]
  activities: Iterable<Activity>
  deals: readonly Deal[]
  customerById: ReadonlyMap<string, Customer>
  range: Range
  timeZone: string
  now: number
  quota?: QuotaFor
}): VisitRow[] {
  const { range, timeZone, now } = input
  const quotaOf = (id: string): VisitQuota =>
    input.quota === undefined ? IRON_ARMY_QUOTA : typeof input.quota === 'function' ? input.quota(id) : input.quota
  const nDays = Math.max(0, daysBetween(range.start, range.end, timeZone))
  const starts = dayStarts(range.start, nDays, timeZone)
  const reps = input.reps.filter((u) => u.role === 'rep' && !u.deleted)
  const repIdx = new Map(reps.map((u, i) => [u.id, i]))
  const counts = new Int32Array(reps.length * Math.max(1, nDays) * 4)
  const toTarget = new Int32Array(reps.length)
  const targetDeals = reps.map(() => new Set<Deal>())

  // The period's visits first, then the pipeline of only the customers they went to.
  const visits: Activity[] = []
  const visited = new Set<string>()
  for (const a of input.activities) {
    // The period first: most of a year's follow-ups fall outside it.
    if (a.at < range.start || a.at >= range.end || !isPlanVisit(a) || a.status === 'planned') continue
    if (!repIdx.has(a.userId)) continue
    visits.push(a)
    visited.add(a.customerId)
  }
  // Each visited customer's deals with the time they were open in the pipeline.
  const pipeline = new Map<string, { from: number; to: number; deal: Deal }[]>()
  for (const d of input.deals) {
    if (d.deleted || d.customerId === undefined || !visited.has(d.customerId)) continue
    const list = pipeline.get(d.customerId)
    const span = { from: d.createdAt, to: closedAtOf(d) ?? Infinity, deal: d }
    if (list) list.push(span)
    else pipeline.set(d.customerId, [span])
  }

  for (const a of visits) {
    const r = repIdx.get(a.userId)!
    const day = bucketOf(starts, a.at)
    if (day < 0) continue
    counts[(r * nDays + day) * 4 + (a.visitKind ? KIND_SLOT[a.visitKind] : 3)]!++
    let hit = false
    for (const p of pipeline.get(a.customerId) ?? []) {
      if (p.from <= a.at && a.at < p.to) {
        targetDeals[r]!.add(p.deal)
        hit = true
      }
    }
    if (hit || isKeyAccount(input.customerById.get(a.customerId))) toTarget[r]!++
  }

  const weekday = starts.map((s) => new Date(s + zoneOffsetMs(s, timeZone) + 12 * 3_600_000).getUTCDay())
  return reps.map((u, r) => {
    const quota = quotaOf(u.id)
    let visits = 0
    let judged = 0
    let sum = 0
    for (let d = 0; d < nDays; d++) {
      const dayStart = starts[d]!
      const dayEnd = starts[d + 1]!
      const base = (r * nDays + d) * 4
      const n = counts[base]!
      const f = counts[base + 1]!
      const c = counts[base + 2]!
      const x = counts[base + 3]!
      visits += n + f + c + x
      if (dayEnd > now) continue
      if (u.hiredAt !== undefined && u.hiredAt >= dayEnd) continue
      if (u.leftAt !== undefined && u.leftAt <= dayStart) continue
      const wd = weekday[d]!
      if ((wd === 0 || wd === 6) && n + f + c + x === 0) continue
      sum += dayCompliance({ byKind: { new: { planned: n, done: n }, follow_up: { planned: f, done: f }, closing: { planned: c, done: c } }, untyped: { planned: x, done: x } }, quota)
      judged++
    }
    return {
      repId: u.id,
      visits,
      judgedDays: judged,
      perDay: judged > 0 ? visits / judged : null,
      compliance: judged > 0 ? sum / judged : null,
      toTarget: toTarget[r]!,
      targetShare: visits > 0 ? toTarget[r]! / visits : null,
      targetDeals: [...targetDeals[r]!]
    }
  })
}

export interface RepOutcomeRow extends Outcomes {
  repId: string
}

/** Win rate, won amount and median cycle of each rep's deals closed in the period. */
export function outcomesByRep(repIds: readonly string[], deals: readonly Deal[], range: Range, rates: CurrencyRates): RepOutcomeRow[] {
  const byOwner = new Map<string, Deal[]>(repIds.map((id) => [id, []]))
  for (const d of deals) if (closedIn(d, range)) byOwner.get(d.ownerId)?.push(d)
  return repIds.map((repId) => ({ repId, ...outcomes(byOwner.get(repId)!, range, rates) }))
}

export interface LossReasonRow {
  /** The reason as recorded; '' when none was given. */
  reason: string
  deals: Deal[]
  amount: MoneyTotal
  /** Of all deals lost in the period. */
  share: number
}

/** Deals lost in the period by reason, most frequent first. */
export function lossReasons(deals: readonly Deal[], range: Range, rates: CurrencyRates): LossReasonRow[] {
  const by = new Map<string, Deal[]>()
  let total = 0
  for (const d of deals) {
    if (d.status !== 'lost' || !closedIn(d, range)) continue
    total++
    const k = d.lossReason?.trim() ?? ''
    const list = by.get(k)
    if (list) list.push(d)
    else by.set(k, [d])
  }
  return [...by.entries()]
    .map(([reason, list]) => ({ reason, deals: list, amount: moneyOf(list, rates), share: list.length / total }))
    .sort((a, b) => b.deals.length - a.deals.length || a.reason.localeCompare(b.reason))
}
