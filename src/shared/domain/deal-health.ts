import type { Activity, Deal, SalesProcess, Stage, StageHistory } from '../model'
import { DAY_MS } from './calendar'
import { daysBetween, daysSince, isOverdue, lastTouchOf } from './days'

/**
 * Deal health (商机健康度): the flags the seeds' sales funnel sheet asks a manager to look at —
 * stalled, rushed, pushed, inflow, at risk and "give it up". Every finding carries a code and
 * the numbers behind it, so the UI can say *why* in the reader's language.
 */
export type HealthFlag = 'stalled' | 'rushed' | 'pushed' | 'inflow' | 'at_risk' | 'abandon'

/** Severity order, worst first: the board shows badges in this order. */
export const HEALTH_FLAGS: readonly HealthFlag[] = ['abandon', 'at_risk', 'stalled', 'rushed', 'pushed', 'inflow']

export type HealthCode =
  | 'stalled.inStage'
  | 'stalled.inStageNeverTouched'
  | 'stalled.noTouch'
  | 'stalled.neverTouched'
  | 'rushed.tooFast'
  | 'rushed.skipped'
  | 'rushed.unchecked'
  | 'pushed.count'
  | 'inflow.new'
  | 'atRisk.overdue'
  | 'atRisk.signals'
  | 'abandon.rules'

export interface HealthFinding {
  flag: HealthFlag
  code: HealthCode
  /** The numbers and names the explanation needs (stage names are already resolved). */
  params: Record<string, string | number>
}

export interface HealthSettings {
  /** Days without a visit or connected call before an open deal counts as stalled. */
  noTouchDays: number
  /** Close-date pushes at which a deal is flagged (the issue: ≥ 3). */
  pushLimit: number
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = { noTouchDays: 14, pushLimit: 3 }

export interface DealHealthInput {
  deal: Pick<Deal, 'id' | 'status' | 'stageId' | 'stageEnteredAt' | 'createdAt' | 'expectedCloseAt' | 'deleted'>
  /** The deal's process; without one (deleted process) only the process-free flags are computed. */
  process: SalesProcess | undefined
  /** This deal's stage moves, any order. */
  history: readonly StageHistory[]
  /** Latest customer touch (visit made, call connected) on the deal or its customer; null = never. */
  lastTouchAt: number | null
  /** Close-date pushes so far (see `countPushes`). */
  pushes: number
  now: number
  /** The user's time zone: every day count is in calendar days there (see `days.ts`). */
  timeZone: string
  /** Start of the current period: deals created since are inflow (新增). */
  periodStart: number
  /** Median days deals spend in each stage of this process (from `stageMedianDays`). */
  stageMedians?: ReadonlyMap<string, number>
  /** Whether the rep has met someone in the economic-buyer role; undefined = unknown. */
  economicBuyerMet?: boolean | undefined
}

/** A close-date push: the expected close date moved later. Every push counts, not just month changes. */
export function isPush(a: Pick<Activity, 'kind' | 'from' | 'to'>): boolean {
  return a.kind === 'close_date_change' && typeof a.from === 'number' && typeof a.to === 'number' && a.to > a.from
}

/** Pushes per deal from its activities. */
export function countPushes(activities: Iterable<Pick<Activity, 'kind' | 'from' | 'to' | 'dealId'>>): Map<string, number> {
  const out = new Map<string, number>()
  for (const a of activities) {
    if (a.dealId && isPush(a)) out.set(a.dealId, (out.get(a.dealId) ?? 0) + 1)
  }
  return out
}

/** Stage by id with its position, per process object: health looks stages up for every move of every deal. */
const stageTables = new WeakMap<SalesProcess, Map<string, { stage: Stage; index: number }>>()
function stageTable(process: SalesProcess): Map<string, { stage: Stage; index: number }> {
  let table = stageTables.get(process)
  if (!table) {
    table = new Map(process.stages.map((stage, index) => [stage.id, { stage, index }]))
    stageTables.set(process, table)
  }
  return table
}

/**
 * Median days in each stage over every completed stay (a move into a stage followed by a move
 * out of it), across the given deals' histories. Open stays are left out: they are not over.
 */
export function stageMedianDays(historiesByDeal: Iterable<readonly StageHistory[]>): Map<string, number> {
  // Stays go into one growing typed buffer per stage: 40,000 boxed numbers in JS arrays were
  // most of this function's time (allocation and GC), the sort the rest.
  const stays = new Map<string, { xs: Float64Array; n: number }>()
  for (const rows of historiesByDeal) {
    const sorted = isSortedByTime(rows) ? rows : [...rows].sort((a, b) => a.at - b.at)
    for (let i = 0; i + 1 < sorted.length; i++) {
      const cur = sorted[i]!
      let buf = stays.get(cur.toStageId)
      if (!buf) stays.set(cur.toStageId, (buf = { xs: new Float64Array(256), n: 0 }))
      else if (buf.n === buf.xs.length) {
        const grown = new Float64Array(buf.xs.length * 2)
        grown.set(buf.xs)
        buf.xs = grown
      }
      buf.xs[buf.n++] = (sorted[i + 1]!.at - cur.at) / DAY_MS
    }
  }
  const out = new Map<string, number>()
  for (const [stage, { xs: all, n }] of stays) {
    // A typed array sorts numerically without a comparator call per pair.
    const xs = all.subarray(0, n).sort()
    const m = n >> 1
    out.set(stage, n % 2 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2)
  }
  return out
}

function isSortedByTime(rows: readonly StageHistory[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.at < rows[i - 1]!.at) return false
  return true
}

/** Findings for the moves that brought the deal here: too fast, skipped stages, unchecked gates. */
function rushedFindings(process: SalesProcess, history: readonly StageHistory[], timeZone: string): HealthFinding[] {
  const out: HealthFinding[] = []
  const sorted = isSortedByTime(history) ? history : [...history].sort((a, b) => a.at - b.at)
  const table = stageTable(process)
  const nameOf = (id: string): string => table.get(id)?.stage.name ?? id
  for (let i = 0; i < sorted.length; i++) {
    const move = sorted[i]!
    const toRow = table.get(move.toStageId)
    const to = toRow?.stage
    if (move.skippedStageIds && move.skippedStageIds.length > 0) {
      out.push({
        flag: 'rushed',
        code: 'rushed.skipped',
        params: {
          stage: nameOf(move.toStageId),
          skipped: move.skippedStageIds.map(nameOf).join('、'),
          count: move.skippedStageIds.length,
          reason: move.reason ?? ''
        }
      })
    }
    if (move.uncheckedCriteria && move.uncheckedCriteria.length > 0) {
      out.push({
        flag: 'rushed',
        code: 'rushed.unchecked',
        params: { stage: nameOf(move.toStageId), count: move.uncheckedCriteria.length, reason: move.reason ?? '' }
      })
    }
    // Too fast: the stay in the previous stage was shorter than that stage's minimum.
    const prev = sorted[i - 1]
    if (prev && move.fromStageId === prev.toStageId && to && to.kind === 'open') {
      const fromRow = table.get(prev.toStageId)
      const from = fromRow?.stage
      const stayed = daysBetween(prev.at, move.at, timeZone)
      if (from && from.kind === 'open' && toRow!.index > fromRow.index && stayed < from.minDays) {
        out.push({ flag: 'rushed', code: 'rushed.tooFast', params: { stage: from.name, days: stayed, min: from.minDays } })
      }
    }
  }
  return out
}

/**
 * Health of one deal. Closed and deleted deals have no health: only open deals can still be
 * helped. Pure: everything time-dependent comes in through `now`.
 */
export function dealHealth(input: DealHealthInput, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): HealthFinding[] {
  const { deal, process, now, timeZone } = input
  if (deal.status !== 'open' || deal.deleted) return []
  const out: HealthFinding[] = []
  const stage: Stage | undefined = process ? stageTable(process).get(deal.stageId)?.stage : undefined
  const stageName = stage?.name ?? deal.stageId
  const inStage = daysSince(deal.stageEnteredAt, now, timeZone)
  const touchDays = input.lastTouchAt === null ? null : daysSince(input.lastTouchAt, now, timeZone)

  // Stalled (停滞): too long in the stage, or nobody has met or talked to the customer lately.
  const overStage = stage !== undefined && stage.expectedDays > 0 && inStage > stage.expectedDays
  if (overStage) {
    out.push(
      touchDays === null
        ? {
            flag: 'stalled',
            code: 'stalled.inStageNeverTouched',
            params: { stage: stageName, days: inStage, expected: stage.expectedDays }
          }
        : {
            flag: 'stalled',
            code: 'stalled.inStage',
            params: { stage: stageName, days: inStage, expected: stage.expectedDays, touchDays }
          }
    )
  } else if (touchDays === null) {
    const age = daysSince(deal.createdAt, now, timeZone)
    if (age >= settings.noTouchDays) out.push({ flag: 'stalled', code: 'stalled.neverTouched', params: { days: age } })
  } else if (touchDays >= settings.noTouchDays) {
    out.push({ flag: 'stalled', code: 'stalled.noTouch', params: { days: touchDays, limit: settings.noTouchDays } })
  }

  // Rushed (草率). A deal never moved has nothing rushed.
  if (process && input.history.length > 0) for (const f of rushedFindings(process, input.history, timeZone)) out.push(f)

  // Pushed: the close date keeps moving out.
  if (input.pushes >= settings.pushLimit) out.push({ flag: 'pushed', code: 'pushed.count', params: { count: input.pushes } })

  // Inflow (新增): new this period.
  if (deal.createdAt >= input.periodStart && deal.createdAt <= now) {
    out.push({ flag: 'inflow', code: 'inflow.new', params: { days: daysSince(deal.createdAt, now, timeZone) } })
  }

  // At risk: a composite. An overdue close date alone is enough; otherwise two red signals.
  let stalled = 0
  let rushed = 0
  let pushed = 0
  for (const f of out) {
    if (f.flag === 'stalled') stalled = 1
    else if (f.flag === 'rushed') rushed = 1
    else if (f.flag === 'pushed') pushed = 1
  }
  const red = stalled + rushed + pushed
  // A deal without a close date (an import that did not say) cannot be overdue.
  if (deal.expectedCloseAt !== undefined && isOverdue(deal.expectedCloseAt, now, timeZone)) {
    out.push({ flag: 'at_risk', code: 'atRisk.overdue', params: { days: daysSince(deal.expectedCloseAt, now, timeZone) } })
  } else if (red >= 2) {
    out.push({ flag: 'at_risk', code: 'atRisk.signals', params: { count: red } })
  }

  // Abandon candidate (放弃候选): the process's rules. Age vs. the stage median is required —
  // a young deal is never given up — plus one more reason: pushes, no touch, no economic buyer.
  const median = input.stageMedians?.get(deal.stageId)
  if (process && stage && median !== undefined && median > 0) {
    const rules = process.abandonRules
    const ratio = inStage / median
    if (ratio >= rules.ageVsMedian) {
      const reasons: string[] = []
      if (input.pushes >= rules.maxPushes) reasons.push('pushes')
      if (touchDays === null || touchDays >= settings.noTouchDays) reasons.push('noTouch')
      if (rules.requireEconomicBuyer && input.economicBuyerMet === false) reasons.push('noEconomicBuyer')
      if (reasons.length > 0) {
        out.push({
          flag: 'abandon',
          code: 'abandon.rules',
          params: {
            stage: stageName,
            days: inStage,
            median: Math.round(median),
            ratio: Math.round(ratio * 10) / 10,
            pushes: input.pushes,
            reasons: reasons.join(',')
          }
        })
      }
    }
  }
  return out
}

/**
 * What deal health needs from the activities: last customer touch per deal and per customer,
 * and close-date pushes per deal. Kept apart from `workspaceHealth` because it is one pass over
 * every activity of the workspace (200,000 at bench scale): compute it when activities change,
 * not on every render or filter.
 */
export interface ActivitySignals {
  touchByDeal: Map<string, number>
  touchByCustomer: Map<string, number>
  pushes: Map<string, number>
  /**
   * Customers where someone in the economic-buyer role (a contact with decision role
   * "economic") has been visited or reached by a connected call; absent when the contacts were
   * not given, so the abandon rule treats "met the economic buyer" as unknown, not as no.
   */
  economicBuyerMet?: Set<string>
}

/**
 * `economicBuyers`: ids of the contacts in the economic-buyer role (Contact.decisionRole
 * "economic"); a touch with one of them counts as meeting the economic buyer.
 */
export function activitySignals(
  activities: Iterable<Activity>,
  now: number,
  economicBuyers?: ReadonlySet<string>
): ActivitySignals {
  const pushes = new Map<string, number>()
  const touchByDeal = new Map<string, number>()
  const touchByCustomer = new Map<string, number>()
  const economicBuyerMet = economicBuyers ? new Set<string>() : undefined
  for (const a of activities) {
    const kind = a.kind
    if (kind === 'close_date_change') {
      if (a.dealId && a.at <= now && isPush(a)) pushes.set(a.dealId, (pushes.get(a.dealId) ?? 0) + 1)
      continue
    }
    // Inline of isCustomerTouch: this loop runs over every activity of the workspace.
    if (kind === 'visit' || kind === 'ride_along') {
      if (a.status === 'planned' || a.status === 'cancelled') continue
    } else if (kind !== 'call' || a.connected !== true) continue
    const at = a.at
    if (at > now) continue
    if ((touchByCustomer.get(a.customerId) ?? -1) < at) touchByCustomer.set(a.customerId, at)
    if (a.dealId && (touchByDeal.get(a.dealId) ?? -1) < at) touchByDeal.set(a.dealId, at)
    if (economicBuyerMet && a.contactId && economicBuyers!.has(a.contactId)) economicBuyerMet.add(a.customerId)
  }
  return economicBuyerMet ? { touchByDeal, touchByCustomer, pushes, economicBuyerMet } : { touchByDeal, touchByCustomer, pushes }
}

/** Stage medians per grouped history map: see `medianDaysOf`. */
const mediansByGrouping = new WeakMap<ReadonlyMap<string, readonly StageHistory[]>, Map<string, number>>()

/**
 * Stage medians of a grouped history (from `historyByDeal`), computed once per grouping. The
 * pipeline builds the grouping once per change of the stage history (a memo on the Dexie
 * query) and never mutates it, so health recomputed on every deal edit, filter or clock tick
 * reuses the medians instead of sorting ~34,000 stays again: they depend on the history only.
 */
export function medianDaysOf(byDeal: ReadonlyMap<string, readonly StageHistory[]>): Map<string, number> {
  let medians = mediansByGrouping.get(byDeal)
  if (!medians) {
    medians = stageMedianDays(byDeal.values())
    mediansByGrouping.set(byDeal, medians)
  }
  return medians
}

/**
 * What the pipeline prepares once per change of the stage history: moves grouped by deal (in
 * time order) and the stage medians the abandon rule compares against.
 */
export function prepareDealHistory(history: readonly StageHistory[]): {
  byDeal: Map<string, StageHistory[]>
  medians: Map<string, number>
} {
  const byDeal = historyByDeal(history)
  return { byDeal, medians: medianDaysOf(byDeal) }
}

/** Stage moves grouped by deal, each list in time order. */
export function historyByDeal(history: readonly StageHistory[]): Map<string, StageHistory[]> {
  const out = new Map<string, StageHistory[]>()
  for (const h of history) {
    const list = out.get(h.dealId)
    if (list) list.push(h)
    else out.set(h.dealId, [h])
  }
  for (const list of out.values()) if (!isSortedByTime(list)) list.sort((a, b) => a.at - b.at)
  return out
}

export interface WorkspaceHealthInput {
  deals: readonly Deal[]
  processes: ReadonlyMap<string, SalesProcess>
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
  signals: ActivitySignals
  now: number
  /** The user's time zone, for every day count. */
  timeZone: string
  periodStart: number
  /** Precomputed stage medians; when absent, those of `historyByDeal` (computed once per grouping). */
  medians?: ReadonlyMap<string, number>
}

export interface WorkspaceHealth {
  byDeal: Map<string, HealthFinding[]>
  lastTouch: Map<string, number>
  medians: ReadonlyMap<string, number>
}

/** Health for every open deal at once. */
export function workspaceHealth(
  input: WorkspaceHealthInput,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS
): WorkspaceHealth {
  const { touchByDeal, touchByCustomer, pushes, economicBuyerMet } = input.signals
  const medians = input.medians ?? medianDaysOf(input.historyByDeal)
  const byDeal = new Map<string, HealthFinding[]>()
  const lastTouch = new Map<string, number>()
  for (const deal of input.deals) {
    if (deal.status !== 'open' || deal.deleted) continue
    const last = lastTouchOf(deal, touchByDeal, touchByCustomer)
    if (last !== null) lastTouch.set(deal.id, last)
    byDeal.set(
      deal.id,
      dealHealth(
        {
          deal,
          process: input.processes.get(deal.processId),
          history: input.historyByDeal.get(deal.id) ?? [],
          lastTouchAt: last,
          pushes: pushes.get(deal.id) ?? 0,
          now: input.now,
          timeZone: input.timeZone,
          periodStart: input.periodStart,
          stageMedians: medians,
          economicBuyerMet: deal.customerId === undefined ? false : economicBuyerMet?.has(deal.customerId)
        },
        settings
      )
    )
  }
  return { byDeal, lastTouch, medians }
}

/** The distinct flags of a list of findings, worst first. */
export function flagsOf(findings: readonly HealthFinding[]): HealthFlag[] {
  return HEALTH_FLAGS.filter((f) => findings.some((x) => x.flag === f))
}

export interface StageGate {
  direction: 'forward' | 'back' | 'same' | 'won' | 'lost'
  /** Open stages jumped over on a forward move (or on the way to won). */
  skippedStageIds: string[]
  /** Criteria that must hold to enter the target: its own plus those of skipped stages. */
  requiredCriteria: { id: string; label: string; stageId: string }[]
  /** Required criteria not checked, neither before nor in this move. */
  unchecked: string[]
}

/**
 * The gate a move passes through (阶段里程碑): moving forward needs the target stage's exit
 * criteria — and those of any stage skipped — checked, or a written reason. Moving back needs
 * nothing; losing needs a loss reason, checked by the caller.
 */
export function stageGate(process: SalesProcess, fromStageId: string, toStageId: string, checked: Iterable<string>): StageGate {
  const stages = process.stages
  const to = stages.find((s) => s.id === toStageId)
  const fromIdx = stages.findIndex((s) => s.id === fromStageId)
  const toIdx = stages.findIndex((s) => s.id === toStageId)
  const none: StageGate = { direction: 'same', skippedStageIds: [], requiredCriteria: [], unchecked: [] }
  if (!to || toStageId === fromStageId) return none
  if (to.kind === 'lost') return { ...none, direction: 'lost' }
  if (to.kind === 'open' && fromIdx >= 0 && toIdx < fromIdx) return { ...none, direction: 'back' }
  const lastOpen = to.kind === 'won' ? stages.filter((s) => s.kind === 'open').length : toIdx
  // A deal whose stage vanished in a process edit counts as coming from before the first stage.
  const skipped = stages.filter((s, i) => s.kind === 'open' && i > fromIdx && i < lastOpen && s.id !== toStageId)
  const gates = [...skipped, ...(to.kind === 'open' ? [to] : [])]
  const requiredCriteria = gates.flatMap((s) => s.exitCriteria.map((c) => ({ id: c.id, label: c.label, stageId: s.id })))
  const have = new Set(checked)
  return {
    direction: to.kind === 'won' ? 'won' : 'forward',
    skippedStageIds: skipped.map((s) => s.id),
    requiredCriteria,
    unchecked: requiredCriteria.filter((c) => !have.has(c.id)).map((c) => c.id)
  }
}
