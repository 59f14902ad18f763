import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, Customer, User } from '../model'
import { COLD_VISIT_GAP_MS, findColdVisits, type ColdVisitInput } from './cold-visits'
import { haversineKm } from './visit-risk'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 20, 10)
const tomorrow = Date.UTC(2026, 10, 20, 16) // 00:00 Shanghai on the 21st
const dayEnd = tomorrow + DAY

// Points on one meridian: the distance is 6371 km × Δlat in radians, so 0.01° ≈ 1.112 km,
// 0.02° ≈ 2.224 km, 0.045° ≈ 5.004 km, 0.05° ≈ 5.560 km (checked by hand).
const cust = (id: string, lat: number | undefined, over: Partial<Customer> = {}): Customer => ({
  id, name: id, industry: 'x', size: 'small', channel: 'x', ownerId: null, orgUnitId: 't', tier: 'normal', createdAt: 0,
  ...(lat === undefined ? {} : { lat, lng: 121 }), ...over
})
const plan = (id: string, userId: string, customerId: string, hour: number): Activity => ({
  id, kind: 'visit', customerId, dealId: null, userId, at: tomorrow + hour * 3_600_000, status: 'planned', visitKind: 'follow_up'
})
const users = new Map<string, Pick<User, 'id' | 'orgUnitId'>>([['r1', { id: 'r1', orgUnitId: 't' }], ['r2', { id: 'r2', orgUnitId: 't' }]])
const customers = [
  cust('home', 31, { ownerId: 'r1' }),
  cust('home2', 31.02, { ownerId: 'r2' }),
  cust('nowhere', undefined, { ownerId: 'r1' }),
  cust('p-small', 31.01),
  cust('p-big', 31.01, { size: 'enterprise' }),
  cust('p-key', 30.99, { tier: 'key' }),
  cust('p-mid', 31.02),
  cust('p-edge', 31.045),
  cust('p-far', 31.05),
  cust('p-noloc', undefined),
  cust('p-cool', 31.01, { previousOwnerId: 'r1', poolSince: now - 2 * DAY }),
  cust('p-other-team', 31.01, { orgUnitId: 'u' }),
  cust('owned', 31.01, { ownerId: 'r2' }),
  cust('p-gone', 31.01, { deleted: true })
]
const input = (anchors: Activity[]): ColdVisitInput => ({
  anchors, customers: new Map(customers.map((c) => [c.id, c])), users, rules: new Map([['t', { cooldownDays: 10 }]]), maxKm: 5, now, dayEnd
})

describe('cold-visit finder', () => {
  it('lists pool customers near a rep’s appointment, nearest first, then tier, then size', () => {
    const r = findColdVisits(input([plan('a1', 'r1', 'home', 10), plan('a2', 'r1', 'nowhere', 15)]))
    expect(r.matches.map((m) => [m.customerId, m.km])).toEqual([
      ['p-key', 1.1],
      ['p-big', 1.1],
      ['p-small', 1.1],
      ['p-mid', 2.2],
      ['p-edge', 5]
    ])
    expect(r.matches.every((m) => m.anchorId === 'a1' && m.userId === 'r1' && m.suggestedAt === tomorrow + 10 * 3_600_000 + COLD_VISIT_GAP_MS)).toBe(true)
    expect(r.customersWithoutLocation).toEqual(['p-noloc'])
    expect(r.anchorsWithoutLocation).toEqual(['a2'])
    // r1 gave p-cool up two days ago: ten days of cool-down before r1 may take it back.
    expect(r.coolingDown).toEqual([{ customerId: 'p-cool', userId: 'r1', until: now + 8 * DAY }])
  })

  it('for the team, a customer goes to its nearest appointment whose rep may claim it', () => {
    const r = findColdVisits(input([plan('a1', 'r1', 'home', 10), plan('a3', 'r2', 'home2', 9)]))
    const byId = new Map(r.matches.map((m) => [m.customerId, m]))
    expect(byId.get('p-mid')).toMatchObject({ anchorId: 'a3', userId: 'r2', km: 0 })
    expect(byId.get('p-cool')).toMatchObject({ anchorId: 'a3', userId: 'r2', km: 1.1 })
    expect(byId.get('p-key')).toMatchObject({ anchorId: 'a1', km: 1.1 })
    // 31.01 is 1.1 km from both: the earlier appointment (r2 at 09:00) takes it.
    expect(byId.get('p-small')).toMatchObject({ anchorId: 'a3', km: 1.1 })
    // 31.045 is 2.8 km from home2 (31.02), nearer than the 5.0 km to home.
    expect(byId.get('p-edge')).toMatchObject({ anchorId: 'a3', km: 2.8 })
    expect(r.coolingDown).toEqual([])
    expect(byId.get('p-far')).toMatchObject({ anchorId: 'a3', km: 3.3 })
    expect(new Set(r.matches.map((m) => m.customerId)).size).toBe(r.matches.length)
  })

  it('a late appointment puts the cold visit before it, never into the day after', () => {
    const r = findColdVisits(input([plan('a1', 'r1', 'home', 23.5)]))
    expect(r.matches[0]!.suggestedAt).toBe(tomorrow + 22.5 * 3_600_000)
  })

  it('no appointments, no matches; a zero distance finds only customers at the same spot', () => {
    expect(findColdVisits(input([])).matches).toEqual([])
    const r = findColdVisits({ ...input([plan('a3', 'r2', 'home2', 9)]), maxKm: 0 })
    expect(r.matches.map((m) => m.customerId)).toEqual(['p-mid'])
  })
})

describe('cold-visit finder properties', () => {
  const TIER = { strategic: 0, key: 1, normal: 2 } as const
  const SIZE = { enterprise: 0, large: 1, medium: 2, small: 3, micro: 4 } as const
  const arbCustomer = fc.record({
    lat: fc.option(fc.double({ min: 30.9, max: 31.1, noNaN: true }), { nil: undefined }),
    lng: fc.double({ min: 120.9, max: 121.1, noNaN: true }),
    owner: fc.constantFrom(null, null, null, 'r1', 'r2'),
    tier: fc.constantFrom('normal', 'normal', 'key', 'strategic') as fc.Arbitrary<Customer['tier']>,
    size: fc.constantFrom('micro', 'small', 'medium', 'large', 'enterprise') as fc.Arbitrary<Customer['size']>
  })
  it('within the chosen distance, best first, never without coordinates, never a customer already planned', () => {
    fc.assert(
      fc.property(
        fc.array(arbCustomer, { minLength: 1, maxLength: 40 }),
        fc.array(fc.record({ rep: fc.constantFrom('r1', 'r2'), cust: fc.nat(), hour: fc.integer({ min: 8, max: 23 }) }), { maxLength: 8 }),
        fc.double({ min: 0, max: 15, noNaN: true }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (cs, plans, maxKm, plannedIdx) => {
          const list = cs.map((c, i) =>
            cust(`c${i}`, c.lat, { ownerId: c.owner, tier: c.tier, size: c.size, ...(c.lat === undefined ? {} : { lng: c.lng }) })
          )
          const byId = new Map(list.map((c) => [c.id, c]))
          const anchors = plans.map((p, i) => plan(`a${i}`, p.rep, list[p.cust % list.length]!.id, p.hour))
          const planned = new Set([...plannedIdx.map((i) => list[i % list.length]!.id), ...anchors.map((a) => a.customerId)])
          const r = findColdVisits({ anchors, customers: byId, users, rules: new Map(), maxKm, planned, now, dayEnd })
          const anchorById = new Map(anchors.map((a) => [a.id, a]))
          for (const m of r.matches) {
            const c = byId.get(m.customerId)!
            expect(c.ownerId).toBeNull()
            expect(c.lat).toBeDefined()
            expect(planned.has(c.id)).toBe(false)
            const at = byId.get(anchorById.get(m.anchorId)!.customerId)!
            // Shown rounded to 100 m: the true distance is within 50 m of what is shown, and the shown one within reach.
            expect(m.km).toBeLessThanOrEqual(maxKm)
            expect(Math.abs(haversineKm({ lat: at.lat!, lng: at.lng! }, { lat: c.lat!, lng: c.lng! }) - m.km)).toBeLessThanOrEqual(0.05 + 1e-9)
            expect(m.suggestedAt).toBeLessThan(dayEnd)
            expect(m.suggestedAt).toBeGreaterThanOrEqual(tomorrow)
          }
          expect(new Set(r.matches.map((m) => m.customerId)).size).toBe(r.matches.length)
          // Best first: nearer, then the bigger tier, then the bigger company.
          const key = (id: string): [number, number] => [TIER[byId.get(id)!.tier], SIZE[byId.get(id)!.size]]
          for (let i = 1; i < r.matches.length; i++) {
            const a = r.matches[i - 1]!
            const b = r.matches[i]!
            const [ta, sa] = key(a.customerId)
            const [tb, sb] = key(b.customerId)
            expect(a.km < b.km || (a.km === b.km && (ta < tb || (ta === tb && sa <= sb)))).toBe(true)
          }
          for (const id of r.customersWithoutLocation) expect(byId.get(id)!.lat).toBeUndefined()
        }
      )
    )
  })

  it('a pool customer already on tomorrow’s plan is not suggested again', () => {
    const base = input([plan('a1', 'r1', 'home', 10)])
    const all = findColdVisits(base).matches.map((m) => m.customerId)
    expect(all).toContain('p-small')
    const again = findColdVisits({ ...base, planned: new Set(['p-small']) }).matches.map((m) => m.customerId)
    expect(again).toEqual(all.filter((id) => id !== 'p-small'))
  })
})
