import type { Activity, Customer, Deal, OrgUnit, PoolRule, TerritoryRule, User } from '../model'
import { newId } from '../ids'
import type { AmountByCurrency } from './org-changes'
import { poolRuleOf } from './org-changes'
import { hasLocation, placeOf, type Place } from './places'

/**
 * Territory runs (销售易's territory management): rules match customers to a team, or to a rep of
 * it, in priority order (lower number first); a preview says what a run would change and the run
 * applies exactly that preview. Nothing is dropped: a customer no rule matches, or that rules of
 * several targets claim at the same priority, stays where it is and is listed. A customer a rep
 * already works stays with that rep (listed as held when the rule wants it elsewhere): moving it
 * is moving the rep, or a hand-over. Only pool customers are handed to a rep, and never past the
 * rep's pool cap: the rest stay in the team's pool and the preview says which.
 */

/** Why a customer is where the run leaves it. */
export type TerritoryOutcome =
  /** To another team's pool, or handed to the rule's rep (`ownerTo`); `capped`: the rep was full, it stays in the pool. */
  | { kind: 'moves'; ruleId: string; from: string; to: string; ownerTo?: string; capped?: string }
  | { kind: 'stays'; ruleId: string; team: string; capped?: string }
  /** `no-location`: no address, city or coordinates, and every rule that could apply needs a place. */
  | { kind: 'unmatched'; reason: 'no-location' | 'no-rule' }
  /** Rules of several targets match at the same best priority: the manager decides. */
  | { kind: 'conflict'; ruleIds: string[]; teams: string[] }
  /** Matched elsewhere, but a rep works it: it stays with them. */
  | { kind: 'held'; ruleId: string; to: string; ownerId: string }

type RuleDims = Pick<TerritoryRule, 'cities' | 'industries'> &
  Partial<Pick<TerritoryRule, 'provinces' | 'districts' | 'sizes' | 'customerIds'>>

const norm = (s: string | undefined): string => (s ?? '').trim().toLowerCase()
const list = <T>(xs: readonly T[] | undefined): readonly T[] => xs ?? []

const GEO = ['provinces', 'cities', 'districts'] as const

/** Does the rule name a place (so a customer with no location can never match it)? */
export function ruleNeedsPlace(rule: RuleDims): boolean {
  return GEO.some((k) => list(rule[k]).length > 0)
}

export function ruleIsEmpty(rule: RuleDims): boolean {
  return (
    !ruleNeedsPlace(rule) &&
    list(rule.industries).length === 0 &&
    list(rule.sizes).length === 0 &&
    list(rule.customerIds).length === 0
  )
}

function placeHit(
  level: 'province' | 'city' | 'district',
  wants: readonly string[],
  place: Place,
  c: Pick<Customer, 'city' | 'address'>
): boolean {
  const names = place[level]?.names ?? []
  const address = norm(c.address)
  const city = norm(c.city)
  return wants.some((x) => {
    const want = norm(x)
    if (!want) return false
    if (level === 'city' && city === want) return true
    // A place the gazetteer found is the answer (南京西路 is a road in 上海, not 南京); only a
    // place it does not know is looked for in the words of the address.
    if (names.length > 0) return names.includes(want) || names.includes(want.replace(/(省|市|区|新区|县)$/u, ''))
    return address.includes(want)
  })
}

/**
 * A rule matches when each dimension it names matches: a province, city or district (from the
 * address, else the coordinates), an industry, a size, or the customer being one of its named
 * accounts. A dimension left empty matches everything, but a rule naming none matches nothing
 * (an empty rule would otherwise swallow every customer).
 */
export function ruleMatches(
  rule: RuleDims,
  c: Pick<Customer, 'id' | 'city' | 'address' | 'industry' | 'size' | 'lat' | 'lng'>,
  place?: Place
): boolean {
  if (ruleIsEmpty(rule)) return false
  if (list(rule.customerIds).length > 0 && !list(rule.customerIds).includes(c.id)) return false
  if (list(rule.sizes).length > 0 && !list(rule.sizes).includes(c.size)) return false
  if (list(rule.industries).length > 0 && !rule.industries.some((x) => norm(x) !== '' && norm(x) === norm(c.industry)))
    return false
  if (ruleNeedsPlace(rule)) {
    const p = place ?? placeOf(c)
    if (list(rule.provinces).length > 0 && !placeHit('province', list(rule.provinces), p, c)) return false
    if (list(rule.cities).length > 0 && !placeHit('city', rule.cities, p, c)) return false
    if (list(rule.districts).length > 0 && !placeHit('district', list(rule.districts), p, c)) return false
  }
  return true
}

const targetOf = (r: Pick<TerritoryRule, 'orgUnitId' | 'ownerId'>): string => `${r.orgUnitId}/${r.ownerId ?? ''}`

/** The rules a customer matches, best first (priority, then id so ties read the same everywhere). */
export function matchingRules(rules: readonly TerritoryRule[], c: Customer, place?: Place): TerritoryRule[] {
  const p = place ?? placeOf(c)
  return rules
    .filter((r) => !r.deleted && ruleMatches(r, c, p))
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id))
}

/** The outcome before pool caps: where the best rule sends the customer (a rep's share is decided by the run). */
export function matchCustomer(
  rules: readonly TerritoryRule[],
  c: Customer,
  ownerTeam: (ownerId: string) => string | undefined
): TerritoryOutcome {
  const live = matchingRules(rules, c)
  if (live.length === 0)
    return {
      kind: 'unmatched',
      reason: !hasLocation(c) && rules.some((r) => !r.deleted && ruleNeedsPlace(r)) ? 'no-location' : 'no-rule'
    }
  const best = live[0]!.priority
  const top = live.filter((r) => r.priority === best)
  if (new Set(top.map(targetOf)).size > 1)
    return { kind: 'conflict', ruleIds: top.map((r) => r.id), teams: [...new Set(top.map((r) => r.orgUnitId))].sort() }
  const rule = top[0]!
  if (c.ownerId) {
    const ownersTeam = ownerTeam(c.ownerId)
    const wantedRep = rule.ownerId && rule.ownerId !== c.ownerId
    if (ownersTeam !== rule.orgUnitId || wantedRep)
      return { kind: 'held', ruleId: rule.id, to: rule.orgUnitId, ownerId: c.ownerId }
    if (c.orgUnitId === rule.orgUnitId) return { kind: 'stays', ruleId: rule.id, team: rule.orgUnitId }
    return { kind: 'moves', ruleId: rule.id, from: c.orgUnitId, to: rule.orgUnitId }
  }
  if (rule.ownerId) return { kind: 'moves', ruleId: rule.id, from: c.orgUnitId, to: rule.orgUnitId, ownerTo: rule.ownerId }
  if (c.orgUnitId === rule.orgUnitId) return { kind: 'stays', ruleId: rule.id, team: rule.orgUnitId }
  return { kind: 'moves', ruleId: rule.id, from: c.orgUnitId, to: rule.orgUnitId }
}

export interface TeamDelta {
  team: string
  customersIn: number
  customersOut: number
  /** Open pipeline arriving with the customers coming in, and leaving with those going out. */
  pipelineIn: AmountByCurrency[]
  pipelineOut: AmountByCurrency[]
}

export interface RepDelta {
  repId: string
  team: string
  /** Customers the rep held before the run, and their pool cap (undefined: the team has no pool rule). */
  holding: number
  cap: number | undefined
  /** Pool customers the run hands them, within the cap, with their open pipeline. */
  customersIn: string[]
  pipelineIn: AmountByCurrency[]
  /** Customers their rules matched that stay in the team's pool: the rep was full (or is not in that team any more). */
  leftInPool: string[]
}

export interface TerritoryMove {
  customerId: string
  from: string
  to: string
  /** Set when the customer is handed to a rep (it was in the pool). */
  ownerTo?: string
}

export interface TerritoryRun {
  outcomes: Map<string, TerritoryOutcome>
  moves: TerritoryMove[]
  /** Open deals on customers changing team: they follow the customer to its new team. */
  dealMoves: { dealId: string; from: string; to: string }[]
  perTeam: TeamDelta[]
  perRep: RepDelta[]
  unmatched: string[]
  conflicts: string[]
  held: string[]
}

function add(m: Map<string, Map<string, number>>, key: string, d: Deal): void {
  if (d.amount === undefined) return
  const inner = m.get(key) ?? new Map<string, number>()
  inner.set(d.currency, (inner.get(d.currency) ?? 0) + d.amount)
  m.set(key, inner)
}
const amounts = (m: Map<string, number> | undefined): AmountByCurrency[] =>
  [...(m ?? [])].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency))

export interface TerritoryInput {
  rules: readonly TerritoryRule[]
  customers: readonly Customer[]
  deals: readonly Deal[]
  users: readonly (Pick<User, 'id' | 'orgUnitId'> & { active?: boolean })[]
  /** For the pool caps (a team's rule, else its region's); without them no rep has a cap. */
  orgUnits?: readonly Pick<OrgUnit, 'id' | 'parentId'>[]
  poolRules?: readonly PoolRule[]
}

/** The preview of a run; `applyTerritoryRun` applies exactly its moves. */
export function previewTerritoryRun(input: TerritoryInput): TerritoryRun {
  const userOf = new Map(input.users.map((u) => [u.id, u]))
  const teamOf = (id: string): string | undefined => userOf.get(id)?.orgUnitId
  const openDeals = new Map<string, Deal[]>()
  for (const d of input.deals) {
    if (d.deleted || d.status !== 'open' || !d.customerId) continue
    openDeals.set(d.customerId, [...(openDeals.get(d.customerId) ?? []), d])
  }
  const outcomes = new Map<string, TerritoryOutcome>()
  const unmatched: string[] = []
  const conflicts: string[] = []
  const held: string[] = []
  const wanted = new Map<string, Customer[]>()
  const live = input.customers.filter((c) => !c.deleted)
  for (const c of live) {
    const o = matchCustomer(input.rules, c, teamOf)
    outcomes.set(c.id, o)
    if (o.kind === 'unmatched') unmatched.push(c.id)
    else if (o.kind === 'conflict') conflicts.push(c.id)
    else if (o.kind === 'held') held.push(c.id)
    else if (o.kind === 'moves' && o.ownerTo) wanted.set(o.ownerTo, [...(wanted.get(o.ownerTo) ?? []), c])
  }

  // Hand pool customers to reps within their caps: the biggest open pipeline first, then the oldest customer.
  const book = { orgUnits: (input.orgUnits ?? []) as OrgUnit[], poolRules: input.poolRules ?? [] }
  const open = (id: string): number => (openDeals.get(id) ?? []).reduce((s, d) => s + (d.amount ?? 0), 0)
  const perRep: RepDelta[] = []
  const repPipe = new Map<string, Map<string, number>>()
  for (const [repId, cs] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const rep = userOf.get(repId)
    const team = (outcomes.get(cs[0]!.id) as { to: string }).to
    const holding = live.filter((c) => c.ownerId === repId).length
    const cap = input.poolRules ? poolRuleOf(book, team)?.holdingCap : undefined
    // A rep who left or sits in another team now receives nothing; their customers stay in the pool.
    const room =
      !rep || rep.active === false || rep.orgUnitId !== team ? 0 : cap === undefined ? Infinity : Math.max(0, cap - holding)
    const order = [...cs].sort((a, b) => open(b.id) - open(a.id) || a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    const given = order.slice(0, room)
    const left = order.slice(given.length)
    for (const c of left) {
      const o = outcomes.get(c.id) as Extract<TerritoryOutcome, { kind: 'moves' }>
      outcomes.set(
        c.id,
        o.from === o.to
          ? { kind: 'stays', ruleId: o.ruleId, team: o.to, capped: repId }
          : { kind: 'moves', ruleId: o.ruleId, from: o.from, to: o.to, capped: repId }
      )
    }
    for (const c of given) for (const d of openDeals.get(c.id) ?? []) add(repPipe, repId, d)
    perRep.push({
      repId,
      team,
      holding,
      cap,
      customersIn: given.map((c) => c.id),
      pipelineIn: amounts(repPipe.get(repId)),
      leftInPool: left.map((c) => c.id)
    })
  }

  const moves: TerritoryMove[] = []
  for (const c of live) {
    const o = outcomes.get(c.id)!
    if (o.kind === 'moves') moves.push({ customerId: c.id, from: o.from, to: o.to, ...(o.ownerTo ? { ownerTo: o.ownerTo } : {}) })
  }
  const dealMoves: TerritoryRun['dealMoves'] = []
  const pin = new Map<string, Map<string, number>>()
  const pout = new Map<string, Map<string, number>>()
  for (const m of moves) {
    if (m.from === m.to) continue
    for (const d of openDeals.get(m.customerId) ?? []) {
      if (d.orgUnitId !== m.to) dealMoves.push({ dealId: d.id, from: d.orgUnitId, to: m.to })
      add(pin, m.to, d)
      add(pout, m.from, d)
    }
  }
  const teamMoves = moves.filter((m) => m.from !== m.to)
  const teams = [...new Set(teamMoves.flatMap((m) => [m.from, m.to]))].sort()
  const perTeam = teams.map((team) => ({
    team,
    customersIn: teamMoves.filter((m) => m.to === team).length,
    customersOut: teamMoves.filter((m) => m.from === team).length,
    pipelineIn: amounts(pin.get(team)),
    pipelineOut: amounts(pout.get(team))
  }))
  return { outcomes, moves, dealMoves, perTeam, perRep, unmatched, conflicts, held }
}

/** Customers and deals after a previewed run: exactly the preview's moves, nothing else. */
export function applyTerritoryRun(
  run: TerritoryRun,
  customers: readonly Customer[],
  deals: readonly Deal[]
): { customers: Customer[]; deals: Deal[] } {
  const cm = new Map(run.moves.map((m) => [m.customerId, m]))
  const dm = new Map(run.dealMoves.map((m) => [m.dealId, m.to]))
  return {
    customers: customers.map((c) => {
      const m = cm.get(c.id)
      return m ? { ...c, orgUnitId: m.to, ...(m.ownerTo ? { ownerId: m.ownerTo } : {}) } : c
    }),
    deals: deals.map((d) => (dm.has(d.id) ? { ...d, orgUnitId: dm.get(d.id)! } : d))
  }
}

/** The writes of a run, for the write path: one patch per customer and deal, and a hand-over follow-up per customer given to a rep. */
export function territoryRunChanges(
  run: TerritoryRun,
  input: { actorId: string; now: number }
): {
  customers: { id: string; patch: Partial<Pick<Customer, 'orgUnitId' | 'ownerId'>> }[]
  deals: { id: string; patch: Pick<Deal, 'orgUnitId'> }[]
  activities: Activity[]
} {
  return {
    customers: run.moves.map((m) => ({
      id: m.customerId,
      patch: { ...(m.from !== m.to ? { orgUnitId: m.to } : {}), ...(m.ownerTo ? { ownerId: m.ownerTo } : {}) }
    })),
    deals: run.dealMoves.map((m) => ({ id: m.dealId, patch: { orgUnitId: m.to } })),
    activities: run.moves
      .filter((m) => m.ownerTo)
      .map((m) => ({
        id: newId(),
        kind: 'owner_change' as const,
        customerId: m.customerId,
        dealId: null,
        userId: input.actorId,
        at: input.now,
        loggedAt: input.now,
        status: 'done' as const,
        to: m.ownerTo!
      }))
  }
}

/** Two rules that both match some customers: which one wins them, and why. */
export interface RuleOverlap {
  a: string
  b: string
  customers: number
  /** `priority`: the lower number wins; `same-target`: both send them to the same place; `conflict`: a tie between targets. */
  verdict: 'priority' | 'same-target' | 'conflict'
  winner?: string
}

/** Overlaps between live rules over the customers as they are now (rules nobody's customers hit are not overlaps). */
export function ruleOverlaps(rules: readonly TerritoryRule[], customers: readonly Customer[]): RuleOverlap[] {
  const live = rules.filter((r) => !r.deleted)
  const count = new Map<string, number>()
  for (const c of customers) {
    if (c.deleted) continue
    const hits = matchingRules(live, c)
    for (let i = 0; i < hits.length; i++)
      for (let j = i + 1; j < hits.length; j++) {
        const key = `${hits[i]!.id}\u0000${hits[j]!.id}`
        count.set(key, (count.get(key) ?? 0) + 1)
      }
  }
  const byId = new Map(live.map((r) => [r.id, r]))
  return [...count].map(([key, n]) => {
    const [ia, ib] = key.split('\u0000') as [string, string]
    const a = byId.get(ia)!
    const b = byId.get(ib)!
    if (targetOf(a) === targetOf(b)) return { a: ia, b: ib, customers: n, verdict: 'same-target' as const, winner: ia }
    if (a.priority === b.priority) return { a: ia, b: ib, customers: n, verdict: 'conflict' as const }
    return { a: ia, b: ib, customers: n, verdict: 'priority' as const, winner: ia }
  })
}

export interface CoverageRow {
  /** The rule's target team (and rep), or null for customers no rule matches. */
  team: string | null
  ownerId?: string
  ruleIds: string[]
  customers: number
  /** Customers of it a rep works now (the rest are in the pool). */
  owned: number
  openPipeline: AmountByCurrency[]
}

/**
 * Coverage: customers and open pipeline per territory (the target their best rule names), and
 * the customers no territory covers, with those in a conflict counted apart.
 */
export function territoryCoverage(
  rules: readonly TerritoryRule[],
  customers: readonly Customer[],
  deals: readonly Deal[]
): { rows: CoverageRow[]; uncovered: CoverageRow; conflicts: number } {
  const rows = new Map<string, CoverageRow & { pipe: Map<string, number> }>()
  const uncovered = {
    team: null,
    ruleIds: [],
    customers: 0,
    owned: 0,
    openPipeline: [],
    pipe: new Map<string, number>()
  } as CoverageRow & { pipe: Map<string, number> }
  const openBy = new Map<string, Deal[]>()
  for (const d of deals)
    if (!d.deleted && d.status === 'open' && d.customerId) openBy.set(d.customerId, [...(openBy.get(d.customerId) ?? []), d])
  let conflicts = 0
  for (const c of customers) {
    if (c.deleted) continue
    const hits = matchingRules(rules, c)
    let row = uncovered
    if (hits.length > 0) {
      const top = hits.filter((r) => r.priority === hits[0]!.priority)
      if (new Set(top.map(targetOf)).size > 1) {
        // Claimed by two territories at once: counted apart, in neither (the manager decides).
        conflicts++
        continue
      } else {
        const key = targetOf(top[0]!)
        row = rows.get(key) ?? {
          team: top[0]!.orgUnitId,
          ...(top[0]!.ownerId ? { ownerId: top[0]!.ownerId } : {}),
          ruleIds: [],
          customers: 0,
          owned: 0,
          openPipeline: [],
          pipe: new Map()
        }
        rows.set(key, row)
        for (const r of top) if (!row.ruleIds.includes(r.id)) row.ruleIds.push(r.id)
      }
    }
    row.customers++
    if (c.ownerId) row.owned++
    for (const d of openBy.get(c.id) ?? []) if (d.amount !== undefined) row.pipe.set(d.currency, (row.pipe.get(d.currency) ?? 0) + d.amount)
  }
  const out = (r: CoverageRow & { pipe: Map<string, number> }): CoverageRow => {
    const { pipe, ...rest } = r
    return { ...rest, openPipeline: amounts(pipe) }
  }
  return { rows: [...rows.values()].map(out).sort((a, b) => b.customers - a.customers), uncovered: out(uncovered), conflicts }
}
