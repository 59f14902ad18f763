import type { Activity, Customer, User } from '../model'
import { DAY_MS } from './calendar'
import type { PoolRules } from './pool'
import { haversineKm } from './visit-risk'

/**
 * The cold-visit finder (扫楼): around each appointment already on tomorrow's plan, the pool
 * customers close enough to drop in on the same trip. A rep knocking on the doors next to a
 * booked visit turns travel time into new-customer visits — the four "new" of the eight.
 */

/** Bigger accounts first when two are equally close: they are worth the knock more. */
const TIER_RANK: Record<Customer['tier'], number> = { strategic: 0, key: 1, normal: 2 }
const SIZE_RANK: Record<Customer['size'], number> = { enterprise: 0, large: 1, medium: 2, small: 3, micro: 4 }

/** How long after the appointment the cold visit goes on the plan: the visit itself plus a short walk. */
export const COLD_VISIT_GAP_MS = 60 * 60_000

export interface ColdVisitInput {
  /** Tomorrow's planned visits of the chosen rep(s): the appointments to search around. */
  anchors: readonly Activity[]
  /** Every customer; pool customers (no owner) are the candidates, the rest locate the anchors. */
  customers: ReadonlyMap<string, Customer>
  users: ReadonlyMap<string, Pick<User, 'id' | 'orgUnitId'>>
  /** Pool rules per team: the cool-down decides who may take a customer back. */
  rules: ReadonlyMap<string, Pick<PoolRules, 'cooldownDays'>>
  maxKm: number
  /**
   * Customers already on tomorrow's plan (anyone's visit, cold or booked): suggesting them again
   * would send a second rep, or the same one twice, to one door.
   */
  planned?: ReadonlySet<string>
  now: number
  /** End of tomorrow: a suggested time never spills into the day after. */
  dayEnd: number
}

export interface ColdVisitMatch {
  customerId: string
  /** The appointment it is near, and the rep who has it. */
  anchorId: string
  userId: string
  /** Distance to the appointment's customer, rounded to 100 m (the sort key and what is shown). */
  km: number
  /** When to put the cold visit on the plan: right after the appointment. */
  suggestedAt: number
}

export interface ColdVisitResult {
  matches: ColdVisitMatch[]
  /** Pool customers in reach of no appointment because they have no coordinates. */
  customersWithoutLocation: string[]
  /** Appointments whose customer has no coordinates: nothing can be searched around them. */
  anchorsWithoutLocation: string[]
  /** Pool customers in range that the only nearby reps may not claim yet (their own, cooling down). */
  coolingDown: { customerId: string; userId: string; until: number }[]
}

const round1 = (x: number): number => Math.round(x * 10) / 10

function located(c: Customer | undefined): c is Customer & { lat: number; lng: number } {
  return c !== undefined && typeof c.lat === 'number' && typeof c.lng === 'number'
}

/** Until when the rep who gave the customer up may not claim it back (undefined: no cool-down). */
export function coolingUntil(c: Customer, userId: string, rule: Pick<PoolRules, 'cooldownDays'> | undefined, now: number): number | undefined {
  if (!rule || c.previousOwnerId !== userId || c.poolSince === undefined) return undefined
  const until = c.poolSince + rule.cooldownDays * DAY_MS
  return now < until ? until : undefined
}

/**
 * Pool customers within `maxKm` of an appointment, each once at its nearest appointment whose
 * rep may claim it; only customers of the rep's own team (the pool is per team). Best first:
 * nearest, then tier, then size, then name order by id for a stable list.
 */
export function findColdVisits(input: ColdVisitInput): ColdVisitResult {
  const anchorsWithoutLocation: string[] = []
  const anchors: { a: Activity; at: { lat: number; lng: number }; team: string | undefined }[] = []
  for (const a of input.anchors) {
    const c = input.customers.get(a.customerId)
    if (!located(c)) anchorsWithoutLocation.push(a.id)
    else anchors.push({ a, at: { lat: c.lat, lng: c.lng }, team: input.users.get(a.userId)?.orgUnitId })
  }
  const teams = new Set(anchors.map((x) => x.team))
  const matches: ColdVisitMatch[] = []
  const customersWithoutLocation: string[] = []
  const coolingDown: ColdVisitResult['coolingDown'] = []
  for (const c of input.customers.values()) {
    if (c.ownerId !== null || c.deleted || !teams.has(c.orgUnitId) || input.planned?.has(c.id)) continue
    if (!located(c)) {
      customersWithoutLocation.push(c.id)
      continue
    }
    let best: ColdVisitMatch | undefined
    let bestAt = Infinity
    let blocked: { userId: string; until: number } | undefined
    for (const x of anchors) {
      if (x.team !== c.orgUnitId || x.a.customerId === c.id) continue
      const km = round1(haversineKm(x.at, c))
      if (km > input.maxKm) continue
      const until = coolingUntil(c, x.a.userId, input.rules.get(c.orgUnitId), input.now)
      if (until !== undefined) {
        blocked ??= { userId: x.a.userId, until }
        continue
      }
      // Equally near two appointments: the earlier one, so the day's route stays in order.
      if (!best || km < best.km || (km === best.km && x.a.at < bestAt)) {
        bestAt = x.a.at
        const after = x.a.at + COLD_VISIT_GAP_MS
        best = { customerId: c.id, anchorId: x.a.id, userId: x.a.userId, km, suggestedAt: after < input.dayEnd ? after : Math.max(x.a.at - COLD_VISIT_GAP_MS, input.dayEnd - DAY_MS) }
      }
    }
    if (best) matches.push(best)
    else if (blocked) coolingDown.push({ customerId: c.id, ...blocked })
  }
  const rank = (id: string): [number, number] => {
    const c = input.customers.get(id)!
    return [TIER_RANK[c.tier], SIZE_RANK[c.size]]
  }
  matches.sort((a, b) => {
    const [ta, sa] = rank(a.customerId)
    const [tb, sb] = rank(b.customerId)
    return a.km - b.km || ta - tb || sa - sb || a.customerId.localeCompare(b.customerId)
  })
  customersWithoutLocation.sort()
  coolingDown.sort((a, b) => a.customerId.localeCompare(b.customerId))
  return { matches, customersWithoutLocation, anchorsWithoutLocation, coolingDown }
}
