import { isCustomerTouch, type Activity, type Deal, type SalesProcess, type User } from '../model'
import { DAY_MS, monthRange, startOfDay } from './calendar'
import { daysSince, daysUntil, isOverdue } from './days'
import { HEALTH_FLAGS, type HealthFinding, type HealthFlag } from './deal-health'
import { byAmountDesc } from './deal-amount'
import { dealProbability } from './forecast'

/** A big deal (大单): over its process's threshold, or flagged by hand. */
export function isBigDeal(deal: Pick<Deal, 'amount' | 'bigDeal' | 'processId'>, processes: ReadonlyMap<string, SalesProcess>): boolean {
  if (deal.bigDeal) return true
  const p = processes.get(deal.processId)
  return p && deal.amount !== undefined ? deal.amount >= p.bigDealThreshold : false
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
export function dealsWithoutTouch(
  deals: readonly Deal[],
  touch: LastTouch,
  now: number,
  days: number,
  timeZone: string
): UntouchedDeal[] {
  const out: UntouchedDeal[] = []
  for (const deal of deals) {
    if (deal.status !== 'open' || deal.deleted) continue
    const d = touch.byDeal.get(deal.id)
    const c = deal.customerId === undefined ? undefined : touch.byCustomer.get(deal.customerId)
    const last = d === undefined ? (c ?? null) : c === undefined ? d : Math.max(d, c)
    const since = daysSince(last ?? deal.createdAt, now, timeZone)
    if (since >= days) out.push({ deal, lastTouchAt: last, days: since })
  }
  return out.sort((a, b) => byAmountDesc(a.deal, b.deal) || b.days - a.days)
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
    .filter((d) => {
      const at: number | undefined = d.expectedCloseAt
      return d.status === 'open' && !d.deleted && at !== undefined && at >= start && at < end && isBigDeal(d, processes)
    })
    .sort(byAmountDesc)
}

// ───────────────────────── the manager's agenda ─────────────────────────

/** Why a deal needs the manager today: each reason carries its numbers for a sentence. */
export type AgendaReason =
  /** A deal-health finding (stalled, rushed, pushed, at risk, abandon candidate), as the board explains it. */
  | { kind: Exclude<HealthFlag, 'inflow'>; finding: HealthFinding }
  /** Tasks on the deal past their due day and not done: how many, the oldest and how late it is. */
  | { kind: 'overdue_task'; count: number; days: number; subject: string }
  /** Open information gaps of the deal's strategy sheet past their due day. */
  | { kind: 'overdue_gap'; count: number; days: number; question: string }
  /** A big deal expected to close this month: when, and its win probability. */
  | { kind: 'big_closing'; closesAt: number; daysLeft: number; probability: number }

export type AgendaReasonKind = AgendaReason['kind']

/** The order reasons are listed in within a line: the health colours' severity, then the rest. */
export const AGENDA_REASONS: readonly AgendaReasonKind[] = [
  ...(HEALTH_FLAGS.filter((f) => f !== 'inflow') as Exclude<HealthFlag, 'inflow'>[]),
  'overdue_task',
  'overdue_gap',
  'big_closing'
]

export interface AgendaItem {
  deal: Deal
  reasons: AgendaReason[]
  /** What is at stake: the deal's amount (in the ranking currency when `stakeOf` converts); 0 when not set, so it ranks last. */
  stake: number
}

/** A task activity as the agenda reads it: open when neither marked done nor cancelled. */
export interface AgendaTask {
  dealId: string | null
  subject?: string | undefined
  /** Due date, else the task's own date. */
  dueAt: number
  done: boolean
}

export interface AgendaGap {
  question: string
  dueAt: number | null
  status: string
}

export interface AgendaInput {
  /** The deals in scope (any status; only open ones can need the manager). */
  deals: readonly Deal[]
  /** Health findings per open deal, from `workspaceHealth` — the board's very findings. */
  health: ReadonlyMap<string, readonly HealthFinding[]>
  processes: ReadonlyMap<string, SalesProcess>
  tasks: readonly AgendaTask[]
  /** Information gaps of each deal's strategy sheet, by deal id. */
  gaps: ReadonlyMap<string, readonly AgendaGap[]>
  now: number
  timeZone: string
  /** The amount at stake, e.g. converted into the workspace currency; default the deal's amount. */
  stakeOf?: (deal: Deal) => number | undefined
}

/**
 * The deals that need the manager today, for every reason the cockpit knows — the health
 * flags (stalled, rushed, pushed ≥ the limit, at risk, abandon candidate; "new this period"
 * is not a reason), overdue tasks, overdue strategy-sheet information gaps and big deals
 * closing this month — one line per deal with all its reasons, ranked by what is at stake
 * (the amount), then by how many reasons. Every day count is in calendar days (see `days.ts`),
 * so the list is the same at any hour of the day.
 */
export function managerAgenda(input: AgendaInput): AgendaItem[] {
  const { now, timeZone } = input
  const stakeOf = (d: Deal): number => (input.stakeOf ? input.stakeOf(d) : d.amount) ?? 0
  const month = monthRange(now, timeZone)
  const lateTasks = new Map<string, AgendaTask[]>()
  for (const task of input.tasks) {
    if (task.done || !task.dealId || !isOverdue(task.dueAt, now, timeZone)) continue
    const list = lateTasks.get(task.dealId)
    if (list) list.push(task)
    else lateTasks.set(task.dealId, [task])
  }
  const rank = new Map(AGENDA_REASONS.map((k, i) => [k, i]))
  const out: AgendaItem[] = []
  for (const deal of input.deals) {
    if (deal.deleted || deal.status !== 'open') continue
    const reasons: AgendaReason[] = []
    for (const finding of input.health.get(deal.id) ?? []) {
      if (finding.flag !== 'inflow') reasons.push({ kind: finding.flag, finding })
    }
    const tasks = lateTasks.get(deal.id)
    if (tasks) {
      const oldest = tasks.reduce((a, b) => (b.dueAt < a.dueAt ? b : a))
      reasons.push({ kind: 'overdue_task', count: tasks.length, days: daysSince(oldest.dueAt, now, timeZone), subject: oldest.subject ?? '' })
    }
    const late = (input.gaps.get(deal.id) ?? []).filter(
      (g): g is AgendaGap & { dueAt: number } => g.status === 'open' && g.dueAt !== null && isOverdue(g.dueAt, now, timeZone)
    )
    if (late.length > 0) {
      const oldest = late.reduce((a, b) => (b.dueAt < a.dueAt ? b : a))
      reasons.push({ kind: 'overdue_gap', count: late.length, days: daysSince(oldest.dueAt, now, timeZone), question: oldest.question })
    }
    const closesAt: number | undefined = deal.expectedCloseAt
    if (closesAt !== undefined && closesAt >= month.start && closesAt < month.end && isBigDeal(deal, input.processes)) {
      reasons.push({
        kind: 'big_closing',
        closesAt,
        daysLeft: daysUntil(closesAt, now, timeZone),
        probability: dealProbability(deal, input.processes.get(deal.processId))
      })
    }
    if (reasons.length === 0) continue
    reasons.sort((a, b) => rank.get(a.kind)! - rank.get(b.kind)!)
    out.push({ deal, reasons, stake: stakeOf(deal) })
  }
  return out.sort((a, b) => b.stake - a.stake || b.reasons.length - a.reasons.length || a.deal.name.localeCompare(b.deal.name))
}

/** How many agenda lines carry each kind of reason: the counts above the list. */
export function agendaCounts(items: readonly AgendaItem[]): Map<AgendaReasonKind, number> {
  const out = new Map<AgendaReasonKind, number>()
  for (const item of items) for (const k of new Set(item.reasons.map((r) => r.kind))) out.set(k, (out.get(k) ?? 0) + 1)
  return out
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
