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

const dayCache = new Map<string, number>()

/** Day number of a YYYY-MM-DD date (NaN when it is not a real date). Cached: plans repeat their dates. */
export function dayOfDate(s: string): number {
  let d = dayCache.get(s)
  if (d === undefined) {
    if (dayCache.size > 100_000) dayCache.clear()
    dayCache.set(s, (d = parseDay(s)))
  }
  return d
}

function parseDay(s: string): number {
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
const offsetsByZone = new Map<string, Map<number, number>>()

export function localDayReader(timeZone: string): (ms: number) => number {
  // A zone's offset on a UTC day is a fact of the calendar, so it is kept across calls.
  let byUtcDay = offsetsByZone.get(timeZone)
  if (!byUtcDay) offsetsByZone.set(timeZone, (byUtcDay = new Map()))
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
 * (their rounding residue lands on the biggest share, so 30 % + 70 % of ¥100.01 is ¥100.01); an
 * instalment gated by a milestone falls due `daysAfter` days after the milestone's actual day;
 * a plan that covers less than the contract gets a line without a due day for the rest, one that
 * covers more is cut from its last lines, and both say so.
 */
export function resolveSchedule(
  contract: Pick<Contract, 'id' | 'amount'>,
  instalments: readonly Instalment[],
  milestonesById: ReadonlyMap<string, Pick<Milestone, 'plannedDate' | 'actualDate' | 'deleted'>>
): Schedule {
  return resolve(contract, live(instalments), milestonesById)
}

function bySeq(a: Instalment, b: Instalment): number {
  return a.seq - b.seq || (a.id < b.id ? -1 : 1)
}

/** Appends a problem, creating the list on the first: most of 10,000 plans have none. */
function noted(list: PlanProblem[] | undefined, p: PlanProblem): PlanProblem[] {
  if (!list) return [p]
  list.push(p)
  return list
}

/** `resolveSchedule` on live instalments in an array it may reorder. */
function resolve(
  contract: Pick<Contract, 'id' | 'amount'>,
  plan: Instalment[],
  milestonesById: ReadonlyMap<string, Pick<Milestone, 'plannedDate' | 'actualDate' | 'deleted'>>
): Schedule {
  let problems: PlanProblem[] | undefined
  if (plan.length > 1) plan.sort(bySeq)
  if (plan.length === 0) problems = noted(problems, { code: 'plan.none' })
  // Lines are built in the shape of a line's allocation state (see `allocateInPlace`), so
  // `contractStates` allocates each line once; as a `ScheduleLine` the extra fields are inert.
  const lines: LineState[] = []
  let lastShare = -1
  let shares = 0
  for (const ins of plan) {
    let amount = 0
    if (ins.amount !== undefined) {
      amount = ins.amount
      if (ins.percentBp !== undefined) problems = noted(problems, { code: 'plan.share-both', seq: ins.seq, instalmentId: ins.id })
    } else if (ins.percentBp !== undefined) {
      amount = Math.round((contract.amount * ins.percentBp) / 10_000)
      // The biggest share takes the rounding residue (a tiny share could go negative).
      if (lastShare < 0 || amount >= lines[lastShare]!.amount) lastShare = lines.length
      shares++
    } else problems = noted(problems, { code: 'plan.share-missing', seq: ins.seq, instalmentId: ins.id })

    let dueDay: number | null = null
    let expectedDay: number | null = null
    let gateMet = false
    const hasDate = ins.dueDate !== undefined && !Number.isNaN(dayOfDate(ins.dueDate))
    if (ins.milestoneId !== undefined) {
      if (hasDate) problems = noted(problems, { code: 'plan.due-both', seq: ins.seq, instalmentId: ins.id })
      const m = milestonesById.get(ins.milestoneId)
      if (!m || m.deleted) problems = noted(problems, { code: 'plan.gate-unknown', seq: ins.seq, instalmentId: ins.id })
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
    else problems = noted(problems, { code: 'plan.due-missing', seq: ins.seq, instalmentId: ins.id })

    lines.push(lineOf(ins.id, ins.id, ins.seq, ins.label || undefined, amount, dueDay, expectedDay, ins.milestoneId ?? null, gateMet))
  }

  let sum = 0
  for (const l of lines) sum += l.amount
  // Rounding of shares: a residue no bigger than one unit per share is theirs, not a gap.
  const residue = contract.amount - sum
  if (residue !== 0 && lastShare >= 0 && Math.abs(residue) <= shares && lines[lastShare]!.amount + residue >= 0) {
    lines[lastShare]!.amount += residue
    sum += residue
  }
  if (lines.length > 1) lines.sort(byOrder)
  if (sum > contract.amount) {
    problems = noted(problems, { code: 'plan.exceeds-contract', excess: sum - contract.amount })
    let cut = sum - contract.amount
    for (let i = lines.length - 1; i >= 0 && cut > 0; i--) {
      const take = Math.min(cut, lines[i]!.amount)
      lines[i]!.amount -= take
      cut -= take
    }
  } else if (sum < contract.amount) {
    if (plan.length > 0) problems = noted(problems, { code: 'plan.short', remainder: contract.amount - sum })
    lines.push(lineOf(`${contract.id}:rest`, null, LAST, undefined, contract.amount - sum, null, null, null, false))
  }
  for (const l of lines) l.outstanding = l.amount
  return { lines, problems: problems ?? NO_PROBLEMS }
}

const NO_PROBLEMS: PlanProblem[] = []

/** One shape for every line (label included, maybe undefined): the hot loops stay monomorphic. */
function lineOf(
  key: string,
  instalmentId: string | null,
  seq: number,
  label: string | undefined,
  amount: number,
  dueDay: number | null,
  expectedDay: number | null,
  milestoneId: string | null,
  gateMet: boolean
): LineState {
  return { key, instalmentId, seq, label, amount, dueDay, expectedDay, milestoneId, gateMet, collected: 0, outstanding: amount, allocations: NO_ALLOCATIONS, paidDay: null }
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
  return allocateInPlace(contract, schedule.lines.map(freshLine), schedule.problems, collections, dayOf)
}

/** No allocation yet: shared until a line receives its first money (most lines of 10,000 contracts never do). */
const NO_ALLOCATIONS: Allocation[] = []

function freshLine(l: ScheduleLine): LineState {
  return lineOf(l.key, l.instalmentId, l.seq, l.label, l.amount, l.dueDay, l.expectedDay, l.milestoneId, l.gateMet)
}

function pay(l: LineState, collectionId: string, day: number, left: number): number {
  const take = Math.min(left, l.outstanding)
  if (take <= 0) return 0
  l.collected += take
  l.outstanding -= take
  if (l.allocations === NO_ALLOCATIONS) l.allocations = []
  l.allocations.push({ collectionId, amount: take, day })
  if (l.outstanding === 0) l.paidDay = day
  return take
}

function byMoneyOrder(a: Collection, b: Collection): number {
  return a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The allocation on lines this call owns (fresh from `freshLine`). */
function allocateInPlace(contract: Contract, lines: LineState[], problems: PlanProblem[], collections: readonly Collection[], dayOf: (ms: number) => number): ContractState {
  let foreign: string[] | undefined
  let money: Collection[] | undefined
  for (const c of collections) {
    if (c.deleted) continue
    if (c.currency === contract.currency) (money ??= []).push(c)
    else (foreign ??= []).push(c.id)
  }
  let received = 0
  let overpaid = 0
  if (money) {
    if (money.length > 1) money.sort(byMoneyOrder)
    for (const c of money) {
      const day = dayOf(c.receivedAt)
      received += c.amount
      let left = c.amount
      if (c.instalmentId) {
        for (const l of lines) {
          if (l.instalmentId === c.instalmentId) {
            left -= pay(l, c.id, day, left)
            break
          }
        }
      }
      for (let i = 0; i < lines.length && left > 0; i++) left -= pay(lines[i]!, c.id, day, left)
      overpaid += left
    }
  }
  const collected = received - overpaid
  return {
    contract,
    lines,
    problems,
    received,
    collected,
    outstanding: contract.amount - collected,
    overpaid,
    foreignCollections: foreign ?? []
  }
}

/**
 * What a collection (in the contract's currency) did: the part applied to the plan and the part
 * beyond it. Read from the lines' allocations when asked, so the 10,000-contract pass stores
 * nothing per collection.
 */
export function collectionSplit(state: ContractState, collection: { id: string; amount: number }): { applied: number; overpaid: number } {
  let applied = 0
  for (const l of state.lines) for (const a of l.allocations) if (a.collectionId === collection.id) applied += a.amount
  return { applied, overpaid: collection.amount - applied }
}

/* ---------- whole workspace ---------- */

export interface PostSaleData {
  contracts: readonly Contract[]
  instalments: readonly Instalment[]
  milestones: readonly Milestone[]
  collections: readonly Collection[]
}

/**
 * Live rows grouped by their contract's position, by counting: one flat array and offsets, so
 * each contract's rows come out as one exact-size slice (arrays grown push by push cost more
 * than the rest of the pass at 10,000 contracts).
 */
class Buckets<T extends { contractId: string; deleted?: boolean }> {
  private readonly flat: T[]
  private readonly start: Int32Array

  constructor(rows: readonly T[], index: ReadonlyMap<string, number>, n: number) {
    const at = new Int32Array(rows.length).fill(-1)
    const count = new Int32Array(n + 1)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!
      if (row.deleted) continue
      const i = index.get(row.contractId)
      if (i === undefined) continue
      at[r] = i
      count[i + 1]!++
    }
    for (let i = 0; i < n; i++) count[i + 1]! += count[i]!
    this.start = count.slice()
    this.flat = new Array<T>(count[n]!)
    for (let r = 0; r < rows.length; r++) {
      const i = at[r]!
      if (i >= 0) this.flat[count[i]!++] = rows[r]!
    }
  }

  of(i: number): T[] {
    const a = this.start[i]!
    const b = this.start[i + 1]!
    return a === b ? [] : this.flat.slice(a, b)
  }
}

/** Every live contract's state, in the given order of contracts. */
export function contractStates(data: PostSaleData, timeZone: string): ContractState[] {
  const out: ContractState[] = []
  eachContractState(data, timeZone, (s) => {
    out.push(s)
  })
  return out
}

/**
 * Each live contract's state in turn, kept by the caller or not: a figure that needs few of
 * them (the overdue list) lets the rest die young, which is most of its cost at 10,000.
 */
export function eachContractState(data: PostSaleData, timeZone: string, visit: (s: ContractState) => void): void {
  const dayOf = localDayReader(timeZone)
  // Children bucketed by their contract's position: one lookup per row, arrays only where needed.
  const index = new Map<string, number>()
  for (let i = 0; i < data.contracts.length; i++) index.set(data.contracts[i]!.id, i)
  const instalments = new Buckets(data.instalments, index, data.contracts.length)
  const collections = new Buckets(data.collections, index, data.contracts.length)
  // Only the milestones that gate an instalment matter here (a few of the many).
  const gates = new Set<string>()
  for (const i of data.instalments) if (i.milestoneId !== undefined && !i.deleted) gates.add(i.milestoneId)
  const milestonesById = new Map<string, Milestone>()
  if (gates.size) for (const m of data.milestones) if (!m.deleted && gates.has(m.id)) milestonesById.set(m.id, m)
  for (let i = 0; i < data.contracts.length; i++) {
    const c = data.contracts[i]!
    if (c.deleted) continue
    // The buckets are ours and hold live rows only, so they are resolved in place; the lines
    // are fresh allocation states (see lineOf) and are allocated on directly.
    const schedule = resolve(c, instalments.of(i), milestonesById)
    visit(allocateInPlace(c, schedule.lines as LineState[], schedule.problems, collections.of(i), dayOf))
  }
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
  for (const s of states) collectOverdue(s, today, out)
  return sortOverdue(out)
}

function collectOverdue(s: ContractState, today: number, out: OverdueLine[]): void {
  if (s.contract.status === 'terminated') return
  for (const l of s.lines) {
    if (l.outstanding > 0 && l.dueDay !== null && l.dueDay < today) {
      out.push({ contract: s.contract, line: l, daysOverdue: today - l.dueDay, outstanding: l.outstanding, currency: s.contract.currency })
    }
  }
}

function sortOverdue(out: OverdueLine[]): OverdueLine[] {
  return out.sort(
    (a, b) => b.daysOverdue - a.daysOverdue || b.outstanding - a.outstanding || (a.line.key < b.line.key ? -1 : a.line.key > b.line.key ? 1 : 0)
  )
}

/** The overdue list of a workspace at `now`, in the team's time zone: plan, allocation and the rule in one call. */
export function overdueInstalments(data: PostSaleData, now: number, timeZone: string): OverdueLine[] {
  const today = localDayReader(timeZone)(now)
  const out: OverdueLine[] = []
  eachContractState(data, timeZone, (s) => collectOverdue(s, today, out))
  return sortOverdue(out)
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

export interface LateDelivery<M extends Milestone = Milestone> {
  milestone: M
  state: ContractState
  lateDays: number
  /** What is still open of the instalments gated on this milestone: money the late delivery holds up. */
  heldUp: number
}

/**
 * Late milestones of contracts still in force, with the money each holds up (in the contract's
 * currency), most late first. A terminated contract's deliveries are not chased.
 */
export function lateDeliveries<M extends Milestone>(milestones: readonly M[], stateById: ReadonlyMap<string, ContractState>, today: number): LateDelivery<M>[] {
  const out: LateDelivery<M>[] = []
  for (const { milestone, lateDays } of lateMilestones(milestones, today)) {
    const state = stateById.get(milestone.contractId)
    if (!state || state.contract.status === 'terminated') continue
    let heldUp = 0
    for (const l of state.lines) if (l.milestoneId === milestone.id && !l.gateMet) heldUp += l.outstanding
    out.push({ milestone, state, lateDays, heldUp })
  }
  return out
}
