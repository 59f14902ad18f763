import type { Activity, Customer, Deal, OrgUnit, PoolRule, Target, User } from '../model'
import { newId } from '../ids'

/**
 * Org changes that carry a rep's book of business: a rep moved to another team, and a rep who
 * leaves. Each is planned first (what the manager previews) and applied as exactly the planned
 * changes, so the preview and the result cannot disagree. Only customers, deals and the person
 * change; history (follow-ups, stage moves, comments) is never touched and stays attributed to
 * whoever made it. Every hand-over is recorded as a new follow-up authored by the manager.
 */

/** One field-level change the write path makes; the only tables an org change writes. */
export type OrgChange =
  | { table: 'customers'; id: string; patch: Partial<Pick<Customer, 'ownerId' | 'orgUnitId' | 'poolSince' | 'previousOwnerId'>> }
  | { table: 'deals'; id: string; patch: Partial<Pick<Deal, 'ownerId' | 'orgUnitId'>> }
  | { table: 'users'; id: string; patch: Partial<Pick<User, 'orgUnitId' | 'active' | 'leftAt'>> }

export interface OrgBook {
  users: readonly User[]
  orgUnits: readonly OrgUnit[]
  customers: readonly Customer[]
  deals: readonly Deal[]
  targets: readonly Target[]
  poolRules: readonly PoolRule[]
}

/** Open pipeline in each currency (never added across currencies here; the view converts if it must). */
export interface AmountByCurrency {
  currency: string
  amount: number
}

export type OrgChangeError =
  | 'org.rep-unknown'
  | 'org.unit-unknown'
  | 'org.same-unit'
  | 'org.not-a-team'
  | 'org.colleague-unknown'
  | 'org.colleague-inactive'
  | 'org.colleague-is-leaver'
  | 'org.deals-need-owner'
  | 'org.rep-inactive'

export class OrgChangeRefused extends Error {
  constructor(readonly code: OrgChangeError) {
    super(code)
  }
}

function sumByCurrency(deals: readonly Deal[]): AmountByCurrency[] {
  const out = new Map<string, number>()
  for (const d of deals) if (d.amount !== undefined) out.set(d.currency, (out.get(d.currency) ?? 0) + d.amount)
  return [...out].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency))
}

/** The pool rule a team works under: its own, else its region's. */
export function poolRuleOf(book: Pick<OrgBook, 'orgUnits' | 'poolRules'>, unitId: string): PoolRule | undefined {
  const live = book.poolRules.filter((r) => !r.deleted)
  const own = live.find((r) => r.orgUnitId === unitId)
  if (own) return own
  const parent = book.orgUnits.find((u) => u.id === unitId)?.parentId
  return parent ? live.find((r) => r.orgUnitId === parent) : undefined
}

const liveCustomersOf = (book: OrgBook, repId: string): Customer[] => book.customers.filter((c) => !c.deleted && c.ownerId === repId)
const openDealsOf = (book: OrgBook, repId: string): Deal[] => book.deals.filter((d) => !d.deleted && d.ownerId === repId && d.status === 'open')

function handOver(customerId: string, dealId: string | null, actorId: string, now: number, kind: 'owner_change' | 'pool_reclaim', from: string, to?: string): Activity {
  return { id: newId(), kind, customerId, dealId, userId: actorId, at: now, loggedAt: now, status: 'done', from, ...(to ? { to } : {}) }
}

// ─── a rep moves to another team ────────────────────────────────────────────────────────────

export interface RepMovePlan {
  repId: string
  fromUnitId: string
  toUnitId: string
  /** Customers that go with the rep to the new team (and its pool rules). */
  customersMoving: Customer[]
  /** Customers that stay in the old team's pool: over the new team's holding cap, without an open deal. */
  customersToPool: Customer[]
  /** Open deals that go with the rep; their amount per currency. */
  dealsMoving: Deal[]
  openAmount: AmountByCurrency[]
  /** Won and lost deals stay with the team they were closed for, so its past results do not change. */
  closedDealsStaying: number
  /** The rep's own targets (current and later periods) follow them; the old team's targets stay. */
  targetsFollowing: Target[]
  /** Holding after the move against the new team's cap (undefined: no pool rule there). */
  holding: { after: number; cap: number | undefined; overCap: number }
  changes: OrgChange[]
  /** The follow-ups that record each hand-back to the pool, authored by the manager. */
  activities: Activity[]
}

/**
 * A rep moves to another team: their customers and open deals go with them; closed deals stay
 * with the old team's results. The new team's pool cap holds: if the rep would hold more than
 * it allows, customers without an open deal go back to the old team's pool (those held longest
 * first) until the rep is at the cap; customers with an open deal always go with the deal.
 */
export function planRepMove(book: OrgBook, input: { repId: string; toUnitId: string; actorId: string; now: number; periodStart?: string }): RepMovePlan {
  const rep = book.users.find((u) => u.id === input.repId && !u.deleted)
  if (!rep) throw new OrgChangeRefused('org.rep-unknown')
  const to = book.orgUnits.find((u) => u.id === input.toUnitId && !u.deleted)
  if (!to) throw new OrgChangeRefused('org.unit-unknown')
  if (to.id === rep.orgUnitId) throw new OrgChangeRefused('org.same-unit')
  if (rep.role === 'rep' && to.kind !== 'team') throw new OrgChangeRefused('org.not-a-team')
  if (!rep.active) throw new OrgChangeRefused('org.rep-inactive')

  const held = liveCustomersOf(book, rep.id)
  const dealsMoving = openDealsOf(book, rep.id)
  const withOpenDeal = new Set(dealsMoving.map((d) => d.customerId).filter((id): id is string => id !== undefined))
  const cap = poolRuleOf(book, to.id)?.holdingCap
  const releasable = held.filter((c) => !withOpenDeal.has(c.id)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  const excess = cap === undefined ? 0 : Math.max(0, held.length - cap)
  const toPool = releasable.slice(0, excess)
  const poolIds = new Set(toPool.map((c) => c.id))
  const moving = held.filter((c) => !poolIds.has(c.id))

  const changes: OrgChange[] = [{ table: 'users', id: rep.id, patch: { orgUnitId: to.id } }]
  for (const c of moving) if (c.orgUnitId !== to.id) changes.push({ table: 'customers', id: c.id, patch: { orgUnitId: to.id } })
  for (const c of toPool) changes.push({ table: 'customers', id: c.id, patch: { ownerId: null, poolSince: input.now, previousOwnerId: rep.id } })
  for (const d of dealsMoving) if (d.orgUnitId !== to.id) changes.push({ table: 'deals', id: d.id, patch: { orgUnitId: to.id } })

  const targetsFollowing = book.targets.filter((t) => !t.deleted && t.scopeKind === 'user' && t.scopeId === rep.id && (input.periodStart === undefined || t.periodStart >= input.periodStart))
  return {
    repId: rep.id,
    fromUnitId: rep.orgUnitId,
    toUnitId: to.id,
    customersMoving: moving,
    customersToPool: toPool,
    dealsMoving,
    openAmount: sumByCurrency(dealsMoving),
    closedDealsStaying: book.deals.filter((d) => !d.deleted && d.ownerId === rep.id && d.status !== 'open').length,
    targetsFollowing,
    holding: { after: moving.length, cap, overCap: cap === undefined ? 0 : Math.max(0, moving.length - cap) },
    changes,
    activities: toPool.map((c) => handOver(c.id, null, input.actorId, input.now, 'pool_reclaim', rep.id))
  }
}

// ─── a rep leaves ───────────────────────────────────────────────────────────────────────────

/**
 * Where a leaving rep's book goes: customers to the pool of their team or all to one named
 * colleague; open deals always to a named colleague (a deal always has an owner).
 */
export interface DepartureRule {
  customersTo: { kind: 'pool' } | { kind: 'colleague'; colleagueId: string }
  /** Needed when the rep has open deals. */
  openDealsTo?: string
}

export interface DeparturePlan {
  repId: string
  customersToColleague: Customer[]
  customersToPool: Customer[]
  dealsHandedOver: Deal[]
  openAmount: AmountByCurrency[]
  /** Won and lost deals keep the rep as their owner: the results they earned stay theirs. */
  closedDealsKept: number
  /** The colleague's holding after the hand-over against their team's cap (a manager's assignment may pass it; shown as a warning). */
  colleagueHolding?: { colleagueId: string; after: number; cap: number | undefined }
  changes: OrgChange[]
  activities: Activity[]
}

function colleagueOf(book: OrgBook, id: string, repId: string): User {
  if (id === repId) throw new OrgChangeRefused('org.colleague-is-leaver')
  const c = book.users.find((u) => u.id === id && !u.deleted)
  if (!c) throw new OrgChangeRefused('org.colleague-unknown')
  if (!c.active || c.leftAt !== undefined) throw new OrgChangeRefused('org.colleague-inactive')
  return c
}

export function planDeparture(book: OrgBook, input: { repId: string; rule: DepartureRule; actorId: string; now: number }): DeparturePlan {
  const rep = book.users.find((u) => u.id === input.repId && !u.deleted)
  if (!rep) throw new OrgChangeRefused('org.rep-unknown')
  const held = liveCustomersOf(book, rep.id)
  const open = openDealsOf(book, rep.id)
  const rule = input.rule
  const custColleague = rule.customersTo.kind === 'colleague' ? colleagueOf(book, rule.customersTo.colleagueId, rep.id) : undefined
  if (open.length > 0 && !rule.openDealsTo) throw new OrgChangeRefused('org.deals-need-owner')
  const dealColleague = open.length > 0 && rule.openDealsTo ? colleagueOf(book, rule.openDealsTo, rep.id) : undefined

  const changes: OrgChange[] = []
  const activities: Activity[] = []
  for (const c of held) {
    if (custColleague) {
      changes.push({ table: 'customers', id: c.id, patch: { ownerId: custColleague.id, ...(c.orgUnitId !== custColleague.orgUnitId ? { orgUnitId: custColleague.orgUnitId } : {}) } })
      activities.push(handOver(c.id, null, input.actorId, input.now, 'owner_change', rep.id, custColleague.id))
    } else {
      changes.push({ table: 'customers', id: c.id, patch: { ownerId: null, poolSince: input.now, previousOwnerId: rep.id } })
      activities.push(handOver(c.id, null, input.actorId, input.now, 'pool_reclaim', rep.id))
    }
  }
  for (const d of open) {
    const to = dealColleague!
    changes.push({ table: 'deals', id: d.id, patch: { ownerId: to.id, ...(d.orgUnitId !== to.orgUnitId ? { orgUnitId: to.orgUnitId } : {}) } })
    if (d.customerId) activities.push(handOver(d.customerId, d.id, input.actorId, input.now, 'owner_change', rep.id, to.id))
  }
  changes.push({ table: 'users', id: rep.id, patch: { active: false, leftAt: input.now } })

  let colleagueHolding: DeparturePlan['colleagueHolding']
  if (custColleague) {
    const already = liveCustomersOf(book, custColleague.id).length
    colleagueHolding = { colleagueId: custColleague.id, after: already + held.length, cap: poolRuleOf(book, custColleague.orgUnitId)?.holdingCap }
  }
  return {
    repId: rep.id,
    customersToColleague: custColleague ? held : [],
    customersToPool: custColleague ? [] : held,
    dealsHandedOver: open,
    openAmount: sumByCurrency(open),
    closedDealsKept: book.deals.filter((d) => !d.deleted && d.ownerId === rep.id && d.status !== 'open').length,
    ...(colleagueHolding ? { colleagueHolding } : {}),
    changes,
    activities
  }
}

/** The book after a plan's changes (what the write path does row by row); tests and previews read it. */
export function applyOrgChanges<B extends Pick<OrgBook, 'users' | 'customers' | 'deals'>>(book: B, changes: readonly OrgChange[]): B {
  const byTable = { customers: new Map<string, object>(), deals: new Map<string, object>(), users: new Map<string, object>() }
  for (const ch of changes) {
    const m = byTable[ch.table]
    m.set(ch.id, { ...(m.get(ch.id) ?? {}), ...ch.patch })
  }
  const patch = <T extends { id: string }>(rows: readonly T[], m: Map<string, object>): T[] => rows.map((r) => (m.has(r.id) ? { ...r, ...m.get(r.id) } : r))
  return { ...book, customers: patch(book.customers, byTable.customers), deals: patch(book.deals, byTable.deals), users: patch(book.users, byTable.users) }
}
