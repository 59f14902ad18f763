import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, Deal } from '../model'
import { newCustomerFirsts, newCustomersByRep } from './new-customers'
import { actualsByRep } from './targets'

const DAY = 86_400_000
const t0 = Date.UTC(2026, 10, 1)
let n = 0
const deal = (customerId: string | undefined, ownerId: string, closedAt: number, over: Partial<Deal> = {}): Deal =>
  ({ id: `d${n++}`, customerId, ownerId, status: 'won', amount: 100, closedAt, createdAt: closedAt - 30 * DAY, ...over }) as Deal
const act = (kind: Activity['kind'], customerId: string, userId: string, at: number, over: Partial<Activity> = {}): Activity => ({
  id: `a${n++}`, kind, customerId, dealId: null, userId, at, status: 'done', ...over
})

describe('new customers: one definition', () => {
  it('by first won deal: the first win makes it new for its owner, later wins and lost deals do not', () => {
    const deals = [
      deal('c1', 'r1', t0 + 2 * DAY),
      deal('c1', 'r2', t0 + 5 * DAY), // a second win on c1: not a new customer
      deal('c2', 'r2', t0 - 40 * DAY), // c2 was won last month: not new this month
      deal('c2', 'r2', t0 + 3 * DAY),
      deal('c3', 'r1', t0 + 4 * DAY, { status: 'lost' }),
      deal('c4', 'r1', t0 + 4 * DAY, { deleted: true }),
      deal(undefined, 'r1', t0 + 4 * DAY), // no customer on the deal
      // An imported won deal without a close time counts on its expected close date.
      deal('c5', 'r2', t0, { closedAt: undefined, expectedCloseAt: t0 + 6 * DAY })
    ]
    const by = newCustomersByRep(newCustomerFirsts({ deals }), t0, t0 + 30 * DAY)
    expect(by.get('r1')?.map((e) => e.customerId)).toEqual(['c1'])
    expect(by.get('r2')?.map((e) => e.customerId)).toEqual(['c5'])
  })

  it('by first completed visit: planned and cancelled visits, calls and claims do not count', () => {
    const activities = [
      act('visit', 'c1', 'r1', t0 + DAY, { status: 'planned' }),
      act('visit', 'c1', 'r2', t0 + 2 * DAY),
      act('visit', 'c1', 'r1', t0 + 3 * DAY),
      act('visit', 'c2', 'r1', t0 + DAY, { status: 'cancelled' }),
      act('call', 'c2', 'r1', t0 + DAY, { connected: true }),
      act('pool_claim', 'c3', 'r1', t0 + DAY)
    ]
    const by = newCustomersByRep(newCustomerFirsts({ activities }, 'visit'), t0, t0 + 30 * DAY)
    expect([...by.keys()]).toEqual(['r2'])
    expect(by.get('r2')!.map((e) => e.customerId)).toEqual(['c1'])
  })

  it('property: claiming a customer from the pool never changes anyone’s new-customer count, on either basis', () => {
    const arb = fc.record({
      deals: fc.array(fc.record({ c: fc.integer({ min: 0, max: 5 }), r: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: -20, max: 40 }), won: fc.boolean() }), { maxLength: 15 }),
      visits: fc.array(fc.record({ c: fc.integer({ min: 0, max: 5 }), r: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: -20, max: 40 }), done: fc.boolean() }), { maxLength: 15 }),
      claims: fc.array(fc.record({ c: fc.integer({ min: 0, max: 5 }), r: fc.integer({ min: 0, max: 3 }), d: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 8 })
    })
    fc.assert(
      fc.property(arb, fc.constantFrom('won_deal' as const, 'visit' as const), ({ deals, visits, claims }, basis) => {
        const ds = deals.map((x, i) => ({ ...deal(`c${x.c}`, `r${x.r}`, t0 + x.d * DAY, { status: x.won ? 'won' : 'lost' }), id: `d${i}` }))
        const vs = visits.map((x, i) => ({ ...act('visit', `c${x.c}`, `r${x.r}`, t0 + x.d * DAY, { status: x.done ? 'done' : 'planned' }), id: `v${i}` }))
        const cs = claims.map((x, i) => ({ ...act('pool_claim', `c${x.c}`, `r${x.r}`, t0 + x.d * DAY), id: `p${i}` }))
        const count = (acts: Activity[]): Record<string, number> =>
          Object.fromEntries([...actualsByRep({ deals: ds, activities: acts, newCustomerBasis: basis }, t0, t0 + 30 * DAY, { rates: { base: 'CNY', perUnit: {} } })].map(([u, a]) => [u, a.new_customers]))
        const before = count(vs)
        const after = count([...vs, ...cs])
        for (const u of new Set([...Object.keys(before), ...Object.keys(after)])) expect(after[u] ?? 0).toBe(before[u] ?? 0)
      }),
      { numRuns: 300 }
    )
  })
})
