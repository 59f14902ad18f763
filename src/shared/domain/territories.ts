import type { Customer, Deal, TerritoryRule, User } from '../model'
import type { AmountByCurrency } from './org-changes'

/**
 * Territory runs (销售易's territory management): rules match customers to a team in priority
 * order (lower number first); a preview says what a run would change and the run applies exactly
 * that preview. Nothing is dropped: a customer no rule matches, or two teams claim at the same
 * priority, stays where it is and is listed. A run moves customers between teams' pools only and
 * never hands a rep anything, so no rep ends above a pool cap: a customer a rep of another team
 * holds stays with them and is listed as held (moving it is moving the rep, or a hand-over).
 */

/** Why a customer is where the run leaves it. */
export type TerritoryOutcome =
  | { kind: 'moves'; ruleId: string; from: string; to: string }
  | { kind: 'stays'; ruleId: string; team: string }
  | { kind: 'unmatched' }
  /** Rules of several teams match at the same best priority: the manager decides. */
  | { kind: 'conflict'; ruleIds: string[]; teams: string[] }
  /** Matched to another team, but a rep outside that team holds it. */
  | { kind: 'held'; ruleId: string; to: string; ownerId: string }

const norm = (s: string | undefined): string => (s ?? '').trim().toLowerCase()

/**
 * A rule matches when each dimension it names matches (a city from the customer's city or
 * address, an industry); a dimension left empty matches everything, but a rule naming none
 * matches nothing (an empty rule would otherwise swallow every customer).
 */
export function ruleMatches(
  rule: Pick<TerritoryRule, 'cities' | 'industries'>,
  c: Pick<Customer, 'city' | 'address' | 'industry'>
): boolean {
  if (rule.cities.length === 0 && rule.industries.length === 0) return false
  if (rule.cities.length > 0) {
    const city = norm(c.city)
    const address = norm(c.address)
    const hit = rule.cities.some((x) => {
      const want = norm(x)
      return want !== '' && (city === want || (city === '' && address.includes(want)))
    })
    if (!hit) return false
  }
  if (rule.industries.length > 0 && !rule.industries.some((x) => norm(x) !== '' && norm(x) === norm(c.industry))) return false
  return true
}

export function matchCustomer(
  rules: readonly TerritoryRule[],
  c: Customer,
  ownerTeam: (ownerId: string) => string | undefined
): TerritoryOutcome {
  const live = rules.filter((r) => !r.deleted && ruleMatches(r, c))
  if (live.length === 0) return { kind: 'unmatched' }
  const best = Math.min(...live.map((r) => r.priority))
  const top = live.filter((r) => r.priority === best).sort((a, b) => a.id.localeCompare(b.id))
  const teams = [...new Set(top.map((r) => r.orgUnitId))].sort()
  if (teams.length > 1) return { kind: 'conflict', ruleIds: top.map((r) => r.id), teams }
  const rule = top[0]!
  if (c.orgUnitId === rule.orgUnitId) return { kind: 'stays', ruleId: rule.id, team: rule.orgUnitId }
  if (c.ownerId && ownerTeam(c.ownerId) !== rule.orgUnitId)
    return { kind: 'held', ruleId: rule.id, to: rule.orgUnitId, ownerId: c.ownerId }
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

export interface TerritoryRun {
  outcomes: Map<string, TerritoryOutcome>
  moves: { customerId: string; from: string; to: string }[]
  /** Open deals on moving customers: they follow the customer to its new team. */
  dealMoves: { dealId: string; from: string; to: string }[]
  perTeam: TeamDelta[]
  unmatched: string[]
  conflicts: string[]
  held: string[]
}

function add(m: Map<string, Map<string, number>>, team: string, d: Deal): void {
  if (d.amount === undefined) return
  const inner = m.get(team) ?? new Map<string, number>()
  inner.set(d.currency, (inner.get(d.currency) ?? 0) + d.amount)
  m.set(team, inner)
}
const amounts = (m: Map<string, number> | undefined): AmountByCurrency[] =>
  [...(m ?? [])].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency))

/** The preview of a run; `applyTerritoryRun` applies exactly its moves. */
export function previewTerritoryRun(input: {
  rules: readonly TerritoryRule[]
  customers: readonly Customer[]
  deals: readonly Deal[]
  users: readonly Pick<User, 'id' | 'orgUnitId'>[]
}): TerritoryRun {
  const teamOf = new Map(input.users.map((u) => [u.id, u.orgUnitId]))
  const outcomes = new Map<string, TerritoryOutcome>()
  const moves: TerritoryRun['moves'] = []
  const unmatched: string[] = []
  const conflicts: string[] = []
  const held: string[] = []
  for (const c of input.customers) {
    if (c.deleted) continue
    const o = matchCustomer(input.rules, c, (id) => teamOf.get(id))
    outcomes.set(c.id, o)
    if (o.kind === 'moves') moves.push({ customerId: c.id, from: o.from, to: o.to })
    else if (o.kind === 'unmatched') unmatched.push(c.id)
    else if (o.kind === 'conflict') conflicts.push(c.id)
    else if (o.kind === 'held') held.push(c.id)
  }
  const moving = new Map(moves.map((m) => [m.customerId, m]))
  const dealMoves: TerritoryRun['dealMoves'] = []
  const pin = new Map<string, Map<string, number>>()
  const pout = new Map<string, Map<string, number>>()
  for (const d of input.deals) {
    const m = d.customerId ? moving.get(d.customerId) : undefined
    if (!m || d.deleted || d.status !== 'open') continue
    if (d.orgUnitId !== m.to) dealMoves.push({ dealId: d.id, from: d.orgUnitId, to: m.to })
    add(pin, m.to, d)
    add(pout, m.from, d)
  }
  const teams = [...new Set(moves.flatMap((m) => [m.from, m.to]))].sort()
  const perTeam = teams.map((team) => ({
    team,
    customersIn: moves.filter((m) => m.to === team).length,
    customersOut: moves.filter((m) => m.from === team).length,
    pipelineIn: amounts(pin.get(team)),
    pipelineOut: amounts(pout.get(team))
  }))
  return { outcomes, moves, dealMoves, perTeam, unmatched, conflicts, held }
}

/** Customers and deals after a previewed run: exactly the preview's moves, nothing else. */
export function applyTerritoryRun(
  run: TerritoryRun,
  customers: readonly Customer[],
  deals: readonly Deal[]
): { customers: Customer[]; deals: Deal[] } {
  const cm = new Map(run.moves.map((m) => [m.customerId, m.to]))
  const dm = new Map(run.dealMoves.map((m) => [m.dealId, m.to]))
  return {
    customers: customers.map((c) => (cm.has(c.id) ? { ...c, orgUnitId: cm.get(c.id)! } : c)),
    deals: deals.map((d) => (dm.has(d.id) ? { ...d, orgUnitId: dm.get(d.id)! } : d))
  }
}
