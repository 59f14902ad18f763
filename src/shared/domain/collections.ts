import type { Collection, Contract, Instalment, Milestone } from '../model'
import { zoneOffsetMs } from './calendar'

/**
 * After the signature (线索到现金's post-sale leg): a contract's payment plan resolved to
 * amounts and due days, collections (回款) allocated to it, and what is overdue — in the
 * team's time zone.
 *
 * Days are integers (days since 1970-01-01 in the local calendar): a due date is a calendar
 * day, so "overdue" and "days overdue" are differences of calendar days and never depend on a
 * 23- or 25-hour DST day. Money is integer minor units of the contract's currency.
 */

export const DAY_MS = 86_400_000

/** Day number of a YYYY-MM-DD date (NaN when it is not a real date). */
export function dayOfDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return NaN
  const y = +m[1]!
  const mo = +m[2]!
  const d = +m[3]!
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN
  return ms / DAY_MS
}

/** YYYY-MM-DD of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** First day of the month `delta` months after the month containing `day`. */
export function monthStartDay(day: number, delta = 0): number {
  const d = new Date(day * DAY_MS)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1) / DAY_MS
}

/**
 * Local day numbers in one time zone, fast: the zone's offset is looked up once per UTC day
 * (twice, at its start and end; only a day with a DST change asks for the exact instant).
 * Collections come by the ten thousand and Intl lookups cost microseconds each.
 */
export function localDayReader(timeZone: string): (ms: number) => number {
  const byUtcDay = new Map<number, number>()
  return (ms) => {
    const utcDay = Math.floor(ms / DAY_MS)
    let off = byUtcDay.get(utcDay)
    if (off === undefined) {
      const a = zoneOffsetMs(utcDay * DAY_MS, timeZone)
      const b = zoneOffsetMs(utcDay * DAY_MS + DAY_MS - 1000, timeZone)
      off = a === b ? a : NaN
      byUtcDay.set(utcDay, off)
    }
    const o = Number.isNaN(off) ? zoneOffsetMs(ms, timeZone) : off
    return Math.floor((ms + o) / DAY_MS)
  }
}

/** Epoch ms of local noon on a day: how a date-only fact (a milestone, a due day) sits in time. */
export function noonOfDay(day: number, timeZone: string): number {
  const guess = day * DAY_MS + 12 * 3_600_000
  return guess - zoneOffsetMs(guess, timeZone)
}

/** Epoch ms of local midnight starting a day. */
export function startOfLocalDay(day: number, timeZone: string): number {
  const guess = day * DAY_MS
  const first = guess - zoneOffsetMs(guess, timeZone)
  // Re-read at the found instant: the offset may differ across a DST change that night.
  return guess - zoneOffsetMs(first, timeZone)
}

/* ---------- the payment plan ---------- */

export type PlanProblem =
  | { code: 'plan.none' }
  | { code: 'plan.share-missing' | 'plan.share-both' | 'plan.due-missing' | 'plan.due-both' | 'plan.gate-unknown'; seq: number; instalmentId: string }
  | { code: 'plan.exceeds-contract'; excess: number }
  | { code: 'plan.short'; remainder: number }

export interface ScheduleLine {
  /** The instalment's id, or `<contractId>:rest` for the part of the contract no instalment covers. */
  key: string
  instalmentId: string | null
  seq: number
  label?: string
  /** Minor units of the contract's currency. */
  amount: number
  /** The day it falls due: its date, or its milestone's actual day plus the days after. */
  dueDay: number | null
  /** A gated line whose milestone is not reached: when it would fall due if the milestone keeps its plan. */
  expectedDay: number | null
  /** The milestone gating it (acceptance 验收…), if any. */
  milestoneId: string | null
  gateMet: boolean
}

export interface Schedule {
  lines: ScheduleLine[]
  problems: PlanProblem[]
}

function live<T extends { deleted?: boolean }>(rows: readonly T[]): T[] {
  return rows.filter((r) => !r.deleted)
}

const LAST = Number.MAX_SAFE_INTEGER

/** When a line sits in the allocation order: due day, else expected day, else last. */
export function lineOrderDay(l: Pick<ScheduleLine, 'dueDay' | 'expectedDay'>): number {
  return l.dueDay ?? l.expectedDay ?? LAST
}

function byOrder(a: ScheduleLine, b: ScheduleLine): number {
  return lineOrderDay(a) - lineOrderDay(b) || a.seq - b.seq || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}

/**
 * The plan as amounts and days whose sum is exactly the contract amount: shares become amounts
 * (their rounding residue lands on the last share, so 30 % + 70 % of ¥100.01 is ¥100.01); an
 * instalment gated by a milestone falls due `daysAfter` days after the milestone's actual day;
 * a plan that covers less than the contract gets a line without a due day for the rest, one that
 * covers more is cut from its last lines, and both say so.
 */
export function resolveSchedule(
  contract: Pick<Contract, 'id' | 'amount'>,
  instalments: readonly Instalment[],
  milestonesById: ReadonlyMap<string, Pick<Milestone, 'plannedDate' | 'actualDate' | 'deleted'>>
): Schedule {
  const problems: PlanProblem[] = []
  const plan = live(instalments).sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1))
  if (plan.length === 0) problems.push({ code: 'plan.none' })
  const lines: ScheduleLine[] = []
  let lastShare = -1
  let shares = 0
  for (const ins of plan) {
    let amount = 0
    if (ins.amount !== undefined) {
      amount = ins.amount
      if (ins.percentBp !== undefined) problems.push({ code: 'plan.share-both', seq: ins.seq, instalmentId: ins.id })
    } else if (ins.percentBp !== undefined) {
      amount = Math.round((contract.amount * ins.percentBp) / 10_000)
      lastShare = lines.length
      shares++
    } else problems.push({ code: 'plan.share-missing', seq: ins.seq, instalmentId: ins.id })

    let dueDay: number | null = null
    let expectedDay: number | null = null
    let gateMet = false
    const hasDate = ins.dueDate !== undefined && !Number.isNaN(dayOfDate(ins.dueDate))
    if (ins.milestoneId !== undefined) {
      if (hasDate) problems.push({ code: 'plan.due-both', seq: ins.seq, instalmentId: ins.id })
      const m = milestonesById.get(ins.milestoneId)
      if (!m || m.deleted) problems.push({ code: 'plan.gate-unknown', seq: ins.seq, instalmentId: ins.id })
      else {
        const after = ins.daysAfter ?? 0
        const actual = m.actualDate !== undefined ? dayOfDate(m.actualDate) : NaN
        if (!Number.isNaN(actual)) {
          gateMet = true
          dueDay = actual + after
        } else {
          const planned = dayOfDate(m.plannedDate)
          expectedDay = Number.isNaN(planned) ? null : planned + after
        }
      }
    } else if (hasDate) dueDay = dayOfDate(ins.dueDate!)
    else problems.push({ code: 'plan.due-missing', seq: ins.seq, instalmentId: ins.id })

    const line: ScheduleLine = { key: ins.id, instalmentId: ins.id, seq: ins.seq, amount, dueDay, expectedDay, milestoneId: ins.milestoneId ?? null, gateMet }
    if (ins.label) line.label = ins.label
    lines.push(line)
  }

  let sum = 0
  for (const l of lines) sum += l.amount
  // Rounding of shares: a residue no bigger than one unit per share is theirs, not a gap.
  const residue = contract.amount - sum
  if (residue !== 0 && lastShare >= 0 && Math.abs(residue) <= shares) {
    lines[lastShare]!.amount += residue
    sum += residue
  }
  lines.sort(byOrder)
  if (sum > contract.amount) {
    problems.push({ code: 'plan.exceeds-contract', excess: sum - contract.amount })
    let cut = sum - contract.amount
    for (let i = lines.length - 1; i >= 0 && cut > 0; i--) {
      const take = Math.min(cut, lines[i]!.amount)
      lines[i]!.amount -= take
      cut -= take
    }
  } else if (sum < contract.amount) {
    if (plan.length > 0) problems.push({ code: 'plan.short', remainder: contract.amount - sum })
    lines.push({ key: `${contract.id}:rest`, instalmentId: null, seq: LAST, amount: contract.amount - sum, dueDay: null, expectedDay: null, milestoneId: null, gateMet: false })
  }
  return { lines, problems }
}

/* ---------- allocation of collections ---------- */

export interface Allocation {
  collectionId: string
  amount: number
  /** Local day the money arrived. */
  day: number
}

export interface LineState extends ScheduleLine {
  collected: number
  outstanding: number
  allocations: Allocation[]
  /** The day the line was paid in full, or null. */
  paidDay: number | null
}

export interface ContractState {
  contract: Contract
  lines: LineState[]
  problems: PlanProblem[]
  /** Everything received in the contract's currency. */
  received: number
  /** Received and applied to the plan; never more than the contract amount. */
  collected: number
  /** Contract amount − collected. */
  outstanding: number
  /** Received beyond the contract amount (a credit to return or to apply to the next contract). */
  overpaid: number
  /** Per collection: the part applied to the plan and the part beyond it. */
  byCollection: Map<string, { applied: number; overpaid: number }>
  /** Collections in a currency other than the contract's: not allocated, listed so they are fixed. */
  foreignCollections: string[]
}

/**
 * Allocates collections to the plan, oldest money first: a collection that names an instalment
 * pays that one first; the rest (and every collection that names none) pays the open lines in
 * order of their due day — so a partial payment leaves its line partly open, an early payment
 * simply pays the next line before it is due, and money beyond the contract amount is
 * over-payment. Because money is taken in the order it arrived, the state "as of" any day is
 * the allocations up to that day.
 */
export function allocateCollections(
  contract: Contract,
  schedule: Schedule,
  collections: readonly Collection[],
  dayOf: (ms: number) => number
): ContractState {
  const lines: LineState[] = schedule.lines.map((l) => ({ ...l, collected: 0, outstanding: l.amount, allocations: [], paidDay: null }))
  const byInstalment = new Map<string, LineState>()
  for (const l of lines) if (l.instalmentId) byInstalment.set(l.instalmentId, l)
  const byCollection = new Map<string, { applied: number; overpaid: number }>()
  const foreign: string[] = []
  const money = live(collections)
    .filter((c) => {
      if (c.currency === contract.currency) return true
      foreign.push(c.id)
      return false
    })
    .sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  let received = 0
  let overpaid = 0
  const pay = (l: LineState, c: Collection, day: number, left: number): number => {
    const take = Math.min(left, l.outstanding)
    if (take <= 0) return 0
    l.collected += take
    l.outstanding -= take
    l.allocations.push({ collectionId: c.id, amount: take, day })
    if (l.outstanding === 0) l.paidDay = day
    return take
  }
  for (const c of money) {
    const day = dayOf(c.receivedAt)
    received += c.amount
    let left = c.amount
    const named = c.instalmentId ? byInstalment.get(c.instalmentId) : undefined
    if (named) left -= pay(named, c, day, left)
    for (let i = 0; i < lines.length && left > 0; i++) left -= pay(lines[i]!, c, day, left)
    overpaid += left
    byCollection.set(c.id, { applied: c.amount - left, overpaid: left })
  }
  const collected = received - overpaid
  return {
    contract,
    lines,
    problems: schedule.problems,
    received,
    collected,
    outstanding: contract.amount - collected,
    overpaid,
    byCollection,
    foreignCollections: foreign
  }
}

/* ---------- whole workspace ---------- */

export interface PostSaleData {
  contracts: readonly Contract[]
  instalments: readonly Instalment[]
  milestones: readonly Milestone[]
  collections: readonly Collection[]
}

function groupBy<T extends { contractId: string; deleted?: boolean }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    if (r.deleted) continue
    const list = out.get(r.contractId)
    if (list) list.push(r)
    else out.set(r.contractId, [r])
  }
  return out
}

/** Every live contract's state, in the given order of contracts. */
export function contractStates(data: PostSaleData, timeZone: string): ContractState[] {
  const dayOf = localDayReader(timeZone)
  const instalments = groupBy(data.instalments)
  const collections = groupBy(data.collections)
  const milestonesById = new Map<string, Milestone>()
  for (const m of data.milestones) if (!m.deleted) milestonesById.set(m.id, m)
  const out: ContractState[] = []
  for (const c of data.contracts) {
    if (c.deleted) continue
    const schedule = resolveSchedule(c, instalments.get(c.id) ?? [], milestonesById)
    out.push(allocateCollections(c, schedule, collections.get(c.id) ?? [], dayOf))
  }
  return out
}

/* ---------- what each line is now ---------- */

export type LineStatus =
  /** Paid in full. */
  | 'paid'
  /** Due day passed, money missing. */
  | 'overdue'
  /** Not due yet (some may be paid already). */
  | 'upcoming'
  /** Due today. */
  | 'dueToday'
  /** Waits for its milestone (acceptance…). */
  | 'awaitingMilestone'
  /** Part of the contract no instalment covers: no due day. */
  | 'unscheduled'

export function lineStatus(l: LineState, today: number): LineStatus {
  if (l.outstanding === 0) return 'paid'
  if (l.dueDay !== null) return l.dueDay < today ? 'overdue' : l.dueDay === today ? 'dueToday' : 'upcoming'
  if (l.milestoneId !== null) return 'awaitingMilestone'
  return 'unscheduled'
}

/** Days late a line was paid (negative: early), or null while it is not paid or has no due day. */
export function paidLateDays(l: LineState): number | null {
  return l.paidDay === null || l.dueDay === null ? null : l.paidDay - l.dueDay
}

export interface OverdueLine {
  contract: Contract
  line: LineState
  /** Calendar days since the due day, in the team's time zone (1 on the day after). */
  daysOverdue: number
  outstanding: number
  currency: string
}

/**
 * Overdue instalments: due before today (a line due today is due, not overdue), not paid in
 * full, of a contract still in force. Longest overdue first, then the biggest amount.
 */
export function overdueOf(states: readonly ContractState[], today: number): OverdueLine[] {
  const out: OverdueLine[] = []
  for (const s of states) {
    if (s.contract.status === 'terminated') continue
    for (const l of s.lines) {
      if (l.outstanding > 0 && l.dueDay !== null && l.dueDay < today) {
        out.push({ contract: s.contract, line: l, daysOverdue: today - l.dueDay, outstanding: l.outstanding, currency: s.contract.currency })
      }
    }
  }
  return out.sort(
    (a, b) => b.daysOverdue - a.daysOverdue || b.outstanding - a.outstanding || (a.line.key < b.line.key ? -1 : a.line.key > b.line.key ? 1 : 0)
  )
}

/** The overdue list of a workspace at `now`, in the team's time zone: plan, allocation and the rule in one call. */
export function overdueInstalments(data: PostSaleData, now: number, timeZone: string): OverdueLine[] {
  const today = localDayReader(timeZone)(now)
  return overdueOf(contractStates(data, timeZone), today)
}

/* ---------- milestones ---------- */

export type MilestoneState = 'done' | 'doneLate' | 'late' | 'upcoming' | 'dueToday'

export interface MilestoneStatus {
  state: MilestoneState
  /** Days behind plan: reached late (actual − planned) or still open past its planned day (today − planned). */
  lateDays: number
}

export function milestoneStatus(m: Pick<Milestone, 'plannedDate' | 'actualDate'>, today: number): MilestoneStatus {
  const planned = dayOfDate(m.plannedDate)
  const actual = m.actualDate !== undefined ? dayOfDate(m.actualDate) : NaN
  if (!Number.isNaN(actual)) return actual > planned ? { state: 'doneLate', lateDays: actual - planned } : { state: 'done', lateDays: 0 }
  if (planned < today) return { state: 'late', lateDays: today - planned }
  return { state: planned === today ? 'dueToday' : 'upcoming', lateDays: 0 }
}

/** Milestones past their planned day and not reached, most late first. */
export function lateMilestones<M extends Milestone>(milestones: readonly M[], today: number): { milestone: M; lateDays: number }[] {
  const out: { milestone: M; lateDays: number }[] = []
  for (const m of milestones) {
    if (m.deleted) continue
    const s = milestoneStatus(m, today)
    if (s.state === 'late') out.push({ milestone: m, lateDays: s.lateDays })
  }
  return out.sort((a, b) => b.lateDays - a.lateDays)
}
