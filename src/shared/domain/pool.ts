import { isCustomerTouch, type Activity, type Customer, type PoolRule, type User } from '../model'
import { DAY_MS, startOfDay } from './calendar'

/**
 * The public pool (公海): customers nobody works go back so someone else can; caps keep any rep
 * from hoarding; a cool-down keeps a rep from parking a customer in the pool and taking it back.
 * Everything here is pure: the write path applies what these functions decide.
 */
export type PoolRules = Pick<
  PoolRule,
  'reclaimAfterDays' | 'extensionPerTouchDays' | 'maxHoldDays' | 'holdingCap' | 'dailyClaimCap' | 'cooldownDays'
>

/** The only activity kinds a reclaim run reads: hand-overs and touches (callers may load just these). */
export const RECLAIM_ACTIVITY_KINDS: readonly Activity['kind'][] = ['pool_claim', 'owner_change', 'visit', 'ride_along', 'call']

export type ReclaimReason = 'no_touch' | 'owner_left' | 'over_cap'

export interface ReclaimCandidate {
  customerId: string
  ownerId: string
  reason: ReclaimReason
  /** Last real touch (visit made, call connected) while the owner held it; null: never. */
  lastTouchAt: number | null
  /** Whole days since the last touch, or since the owner took the customer if never touched. */
  daysSinceTouch: number
  /** The window the rule allowed: reclaim days plus extensions, capped by the hard maximum. */
  allowedDays: number
  touches: number
}

export interface PoolInput {
  customers: readonly Customer[]
  /** Only touches and claims matter; anything else is skipped. */
  activities: Iterable<Activity>
  users: ReadonlyMap<string, Pick<User, 'id' | 'active' | 'leftAt'>>
  /** Rules per team (orgUnitId); a team without rules is never reclaimed. */
  rules: ReadonlyMap<string, PoolRules>
  /** Customers the rule leaves alone (an open deal, a signed contract…). */
  exempt?: ReadonlySet<string>
  /**
   * Customers on anyone's visit plan for today or tomorrow (`plannedCustomers`): never reclaimed,
   * whatever the reason — a rep on the way to a customer must not find it gone from their book.
   */
  planned?: ReadonlySet<string>
  now: number
}

/** Customers with a planned visit or ride-along (by anyone) today or tomorrow, local days. */
export function plannedCustomers(activities: Iterable<Activity>, now: number, timeZone: string): Set<string> {
  const from = startOfDay(now, timeZone)
  // The day after tomorrow's midnight, found from inside it so a DST change cannot shift it.
  const to = startOfDay(startOfDay(from + DAY_MS + 2 * 3_600_000, timeZone) + DAY_MS + 2 * 3_600_000, timeZone)
  const out = new Set<string>()
  for (const a of activities) {
    if ((a.kind === 'visit' || a.kind === 'ride_along') && a.status === 'planned' && a.at >= from && a.at < to) out.add(a.customerId)
  }
  return out
}

interface Hold {
  since: number
  lastTouch: number | null
  touchDays: Set<number>
}

/**
 * When the current owner took each owned customer, and their touches since then. One pass over
 * the activities that reads the kind and status before any lookup (most activities are not a
 * hand-over or a touch), keeping touch times per customer; they are judged against the hold's
 * start once every hand-over has been seen, since the activities come in any order.
 */
function holds(input: PoolInput): Map<string, Hold> {
  const out = new Map<string, Hold & { ownerId: string; times: number[] }>()
  for (const c of input.customers) {
    if (c.ownerId && !c.deleted) out.set(c.id, { ownerId: c.ownerId, since: c.createdAt, lastTouch: null, touchDays: new Set(), times: [] })
  }
  const now = input.now
  for (const a of input.activities) {
    const kind = a.kind
    if (kind === 'visit' || kind === 'ride_along') {
      if (a.status === 'planned' || a.status === 'cancelled') continue
    } else if (kind === 'call') {
      if (a.connected !== true) continue
    } else if (kind !== 'pool_claim' && kind !== 'owner_change') continue
    if (a.at > now) continue
    const h = out.get(a.customerId)
    if (!h) continue
    if (kind === 'pool_claim' || kind === 'owner_change') {
      // The hold starts again whenever the customer changes hands.
      if (a.userId !== undefined && a.at > h.since) h.since = a.at
    } else if (a.userId === h.ownerId && isCustomerTouch(a)) h.times.push(a.at)
  }
  for (const h of out.values()) {
    for (const at of h.times) {
      if (at < h.since) continue
      if (h.lastTouch === null || at > h.lastTouch) h.lastTouch = at
      // Several touches on one day extend once: the extension rewards coming back, not logging twice.
      h.touchDays.add(Math.floor(at / DAY_MS))
    }
  }
  return out
}

export function allowedHoldDays(rule: PoolRules, touches: number): number {
  return Math.min(rule.maxHoldDays, rule.reclaimAfterDays + rule.extensionPerTouchDays * touches)
}

/**
 * What the next reclaim run will move, and why:
 * - `owner_left`: the owner left the company — the book goes to the pool, never lost;
 * - `no_touch`: no touch for the allowed window (reclaim days + an extension per touch day,
 *   never beyond the hard maximum);
 * - `over_cap`: the owner holds more than the team's cap — the least recently touched go back.
 * Sorted by team, owner, then longest untouched first.
 */
export function previewReclaim(input: PoolInput): ReclaimCandidate[] {
  const h = holds(input)
  const out: ReclaimCandidate[] = []
  const kept = new Map<string, ReclaimCandidate[]>()
  for (const c of input.customers) {
    if (!c.ownerId || c.deleted || input.planned?.has(c.id)) continue
    const rule = input.rules.get(c.orgUnitId)
    const owner = input.users.get(c.ownerId)
    const hold = h.get(c.id)!
    const last = hold.lastTouch
    const daysSinceTouch = Math.max(0, Math.floor((input.now - (last ?? hold.since)) / DAY_MS))
    const base = { customerId: c.id, ownerId: c.ownerId, lastTouchAt: last, daysSinceTouch, touches: hold.touchDays.size }
    if (owner && (owner.active === false || (owner.leftAt !== undefined && owner.leftAt <= input.now))) {
      out.push({ ...base, reason: 'owner_left', allowedDays: 0 })
      continue
    }
    if (!rule || input.exempt?.has(c.id) || c.tier !== 'normal') continue
    const allowedDays = allowedHoldDays(rule, hold.touchDays.size)
    if (daysSinceTouch >= allowedDays) {
      out.push({ ...base, reason: 'no_touch', allowedDays })
      continue
    }
    const list = kept.get(c.ownerId) ?? []
    list.push({ ...base, reason: 'over_cap', allowedDays })
    kept.set(c.ownerId, list)
  }
  // Holding cap: counted over everything the rep still holds after this run (exempt ones too).
  const holding = new Map<string, number>()
  const moving = new Set(out.map((x) => x.customerId))
  const ruleOf = new Map<string, PoolRules>()
  for (const c of input.customers) {
    if (!c.ownerId || c.deleted || moving.has(c.id)) continue
    holding.set(c.ownerId, (holding.get(c.ownerId) ?? 0) + 1)
    const rule = input.rules.get(c.orgUnitId)
    if (rule && !ruleOf.has(c.ownerId)) ruleOf.set(c.ownerId, rule)
  }
  for (const [ownerId, list] of kept) {
    const rule = ruleOf.get(ownerId)
    const excess = (holding.get(ownerId) ?? 0) - (rule?.holdingCap ?? Infinity)
    if (excess <= 0) continue
    list.sort((a, b) => b.daysSinceTouch - a.daysSinceTouch || a.customerId.localeCompare(b.customerId))
    out.push(...list.slice(0, excess))
  }
  const team = new Map(input.customers.map((c) => [c.id, c.orgUnitId]))
  return out.sort(
    (a, b) =>
      (team.get(a.customerId) ?? '').localeCompare(team.get(b.customerId) ?? '') ||
      a.ownerId.localeCompare(b.ownerId) ||
      b.daysSinceTouch - a.daysSinceTouch ||
      a.customerId.localeCompare(b.customerId)
  )
}

/**
 * The customers a run would have moved but leaves with their owner because someone plans to
 * visit them today or tomorrow: the preview names them, so the manager knows why they are absent.
 */
export function heldForPlan(input: PoolInput): ReclaimCandidate[] {
  if (!input.planned || input.planned.size === 0) return []
  const planned = input.planned
  return previewReclaim({ ...input, planned: undefined }).filter((c) => planned.has(c.customerId))
}

export type ClaimRefusal = 'not_in_pool' | 'holding_cap' | 'daily_cap' | 'cooldown' | 'no_rule'

export interface ClaimContext {
  rule: PoolRules | undefined
  /** Customers the rep holds now. */
  holding: number
  /** Customers the rep claimed today (local day). */
  claimedToday: number
  now: number
}

export type ClaimCheck = { ok: true } | { ok: false; reason: ClaimRefusal; until?: number }

/** May this rep take this customer from the pool now? */
export function checkClaim(customer: Pick<Customer, 'ownerId' | 'poolSince' | 'previousOwnerId' | 'deleted'>, userId: string, ctx: ClaimContext): ClaimCheck {
  if (customer.ownerId !== null || customer.deleted) return { ok: false, reason: 'not_in_pool' }
  if (!ctx.rule) return { ok: false, reason: 'no_rule' }
  if (ctx.holding >= ctx.rule.holdingCap) return { ok: false, reason: 'holding_cap' }
  if (ctx.claimedToday >= ctx.rule.dailyClaimCap) return { ok: false, reason: 'daily_cap' }
  if (customer.previousOwnerId === userId && customer.poolSince !== undefined) {
    const until = customer.poolSince + ctx.rule.cooldownDays * DAY_MS
    if (ctx.now < until) return { ok: false, reason: 'cooldown', until }
  }
  return { ok: true }
}

/** How many customers each rep holds and has claimed today: the inputs of `checkClaim`. */
export function claimCounters(
  customers: readonly Customer[],
  activities: Iterable<Activity>,
  now: number,
  timeZone: string
): { holding: Map<string, number>; claimedToday: Map<string, number> } {
  const holding = new Map<string, number>()
  for (const c of customers) if (c.ownerId && !c.deleted) holding.set(c.ownerId, (holding.get(c.ownerId) ?? 0) + 1)
  const from = startOfDay(now, timeZone)
  const claimedToday = new Map<string, number>()
  for (const a of activities) {
    if (a.kind === 'pool_claim' && a.at >= from && a.at <= now) claimedToday.set(a.userId, (claimedToday.get(a.userId) ?? 0) + 1)
  }
  return { holding, claimedToday }
}

export interface FairnessRow {
  userId: string
  claims: number
  reclaimedFrom: number
  /** Owner changes by hand (bulk transfers) that bypassed the pool's caps. */
  directAssignments: number
}

/** Who took what from the pool over a period, and who received customers around it. */
export function poolFairness(activities: Iterable<Activity>, from: number, to: number, undone: ReadonlySet<string> = new Set()): FairnessRow[] {
  const rows = new Map<string, FairnessRow>()
  const row = (id: string): FairnessRow => {
    let r = rows.get(id)
    if (!r) rows.set(id, (r = { userId: id, claims: 0, reclaimedFrom: 0, directAssignments: 0 }))
    return r
  }
  for (const a of activities) {
    if (a.at < from || a.at >= to) continue
    if (a.kind === 'pool_claim') row(a.userId).claims++
    else if (a.kind === 'pool_reclaim' && typeof a.from === 'string' && !undone.has(a.id)) row(a.from).reclaimedFrom++
    else if (a.kind === 'owner_change' && typeof a.to === 'string') row(a.to).directAssignments++
  }
  return [...rows.values()].sort((a, b) => b.claims - a.claims || b.directAssignments - a.directAssignments || a.userId.localeCompare(b.userId))
}

/** What an undo writes on the customer's timeline (a note) so a run is undone once and visibly. */
export const RECLAIM_UNDONE = 'reclaim_undone'
/** A reclaim run can be undone for a day. */
export const UNDO_WINDOW_MS = DAY_MS

export interface ReclaimRun {
  /** The run's time: every move of one run is stamped with it. */
  at: number
  /** Who ran it. */
  userId: string
  moves: { activityId: string; customerId: string; ownerId: string; state: 'returnable' | 'claimed_since' | 'undone' }[]
}

/**
 * The reclaim runs of the last day that can still be undone, newest first. A move goes back to
 * its owner only while the customer still sits in the pool from that run: a customer claimed
 * since (or moved again) stays with whoever has it now.
 */
export function undoableRuns(
  activities: Iterable<Activity>,
  customers: ReadonlyMap<string, Pick<Customer, 'ownerId' | 'poolSince' | 'deleted'>>,
  now: number
): ReclaimRun[] {
  const undone = new Set<string>()
  const reclaims: Activity[] = []
  for (const a of activities) {
    if (a.kind === 'note' && a.to === RECLAIM_UNDONE && typeof a.from === 'string') undone.add(a.from)
    else if (a.kind === 'pool_reclaim' && now - a.at <= UNDO_WINDOW_MS && typeof a.from === 'string') reclaims.push(a)
  }
  const runs = new Map<string, ReclaimRun>()
  for (const a of reclaims) {
    const key = `${a.userId}|${a.at}`
    let run = runs.get(key)
    if (!run) runs.set(key, (run = { at: a.at, userId: a.userId, moves: [] }))
    const c = customers.get(a.customerId)
    const state = undone.has(a.id) ? 'undone' : c && !c.deleted && c.ownerId === null && c.poolSince === a.at ? 'returnable' : 'claimed_since'
    run.moves.push({ activityId: a.id, customerId: a.customerId, ownerId: a.from as string, state })
  }
  return [...runs.values()].filter((r) => r.moves.some((m) => m.state === 'returnable')).sort((a, b) => b.at - a.at)
}
