import type { Activity, Contact, Customer, Deal, OrgUnit, SalesProcess, StageHistory, User } from '../model'
import type { Calendar } from './calendar'
import type { City, District, Industry, RegionDef } from './data'
import type { L } from './notes'
import type { ProcessDef } from './processes'
import type { IdMaker, Rng } from './rng'

/** Everything the generator's stages share. Rows are built once and never copied. */
export interface Ctx {
  L: L
  seed: number
  anchor: number
  cal: Calendar
  ids: IdMaker
  params: ScaleParams
  /** Local day numbers: first day of history, the anchor's day. */
  startDay: number
  anchorDay: number
  /** Epoch ms of the first history day's midnight. */
  startMs: number
  regions: RegionCtx[]
  teams: TeamCtx[]
  reps: Rep[]
  customers: Cust[]
  deals: DealSim[]
  processes: ProcCtx[]
  users: User[]
  orgUnits: OrgUnit[]
  contacts: Contact[]
  stageHistory: StageHistory[]
  activities: Activity[]
}

export interface ScaleParams {
  regions: readonly RegionDef[]
  repsPerTeam: number
  customers: number
  deals: number
  activities: number
  departed: number
  underVisitors: number
  /** Multiplier for the count of planted suspicious visits. */
  suspicious: number
}

export interface RegionCtx {
  unit: OrgUnit
  director: User
  coach: User
  teams: TeamCtx[]
}

export interface TeamCtx {
  idx: number
  unit: OrgUnit
  region: RegionCtx
  city: City
  /** Industries this team covers when several teams share a city (territory rule). */
  industries?: readonly string[]
  manager: User
  reps: Rep[]
  customers: Cust[]
  /** Working Saturdays (local day numbers) — make-up days and month-end pushes. */
  saturdays: Set<number>
}

export interface Rep {
  idx: number
  user: User
  team: TeamCtx
  hiredAt: number
  /** Epoch ms the rep left; Infinity while employed. */
  leftAt: number
  /** 1 for a rep who keeps the rhythm; ~0.55 for the under-visitors. */
  visitFactor: number
  /** Relative win rate; spreads reps out on the leaderboard. */
  skill: number
  customers: Cust[]
  deals: DealSim[]
  stretch: boolean
}

export interface OwnerSpan {
  rep: Rep
  from: number
  to: number
}

export interface ContactInfo {
  row: Contact
  /** How notes refer to the person: 王总 / Wang Jun. */
  salute: string
}

export interface Cust {
  row: Customer
  team: TeamCtx
  industry: Industry
  district: District
  contacts: ContactInfo[]
  short: string
  owners: OwnerSpan[]
  /** Customer touches (visit, connected call) are not generated from this time on. */
  quietFrom: number
  /** No activity at all by a rep from this time on (pool customers). */
  frozenFrom: number
  /** Pool leads that reps cold-visit (陌拜) while they sweep buildings. */
  coldTarget: boolean
  /** A deal of this customer is open until this time (Infinity: open at the anchor). */
  busyUntil: number
  firstDealAt: number
  firstWonAt: number
  lastDealActivityAt: number
  weight: number
}

export interface ProcCtx {
  def: ProcessDef
  row: SalesProcess
  openCount: number
  wonIdx: number
  lostIdx: number
}

export interface Move {
  at: number
  idx: number
}

export interface DealSim {
  /** The demo always sets an amount (an "amount not set" deal comes only from an import). */
  row: Deal & { amount: number }
  cust: Cust
  proc: ProcCtx
  moves: Move[]
  createdAt: number
  /** Infinity while open. */
  closedAt: number
  owners: OwnerSpan[]
  stalled: boolean
  pushes: number
  /** Expected close date over time (first value at creation, then each push). */
  expectedLog: TimedValue[]
  /** Amount over time (first value at creation, then the negotiated change). */
  amountLog: TimedValue[]
}

export interface TimedValue {
  at: number
  value: number
}

/** The value in effect at time t of a log sorted by time. */
export function valueAt(log: readonly TimedValue[], t: number): number {
  let v = (log[0] as TimedValue).value
  for (const x of log) {
    if (x.at > t) break
    v = x.value
  }
  return v
}

export function ownerAt(spans: readonly OwnerSpan[], t: number): Rep | null {
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i] as OwnerSpan
    if (t >= s.from && t < s.to) return s.rep
  }
  return null
}

/** Stage index of a deal at time t (−1 before creation). */
export function stageAt(deal: DealSim, t: number): number {
  let idx = -1
  for (const m of deal.moves) {
    if (m.at > t) break
    idx = m.idx
  }
  return idx
}

export type { Rng }
