import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, Customer, User } from '../model'
import { checkClaim, claimCounters, heldForPlan, plannedCustomers, poolFairness, previewReclaim, type PoolInput, type PoolRules } from './pool'

/** The customers after a run moves the previewed ones, as the write path (db/rhythm.ts) stores them. */
function applyReclaim(input: PoolInput): { customers: Customer[]; moved: ReturnType<typeof previewReclaim> } {
  const moved = previewReclaim(input)
  const ids = new Set(moved.map((m) => m.customerId))
  return {
    customers: input.customers.map((c) => (ids.has(c.id) ? { ...c, ownerId: null, poolSince: input.now, previousOwnerId: c.ownerId ?? c.previousOwnerId } : c)),
    moved
  }
}

const TZ = 'Asia/Shanghai'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 20, 6)
const rule: PoolRules = { reclaimAfterDays: 30, extensionPerTouchDays: 7, maxHoldDays: 60, holdingCap: 3, dailyClaimCap: 2, cooldownDays: 15 }
const cust = (id: string, over: Partial<Customer> = {}): Customer => ({
  id, name: id, industry: 'x', size: 'small', channel: 'x', ownerId: 'r1', orgUnitId: 't', tier: 'normal', createdAt: now - 400 * DAY, ...over
})
let n = 0
const touch = (customerId: string, daysAgo: number, over: Partial<Activity> = {}): Activity => ({
  id: `a${n++}`, kind: 'visit', customerId, dealId: null, userId: 'r1', at: now - daysAgo * DAY, status: 'done', ...over
})
const users = new Map<string, Pick<User, 'id' | 'active' | 'leftAt'>>([
  ['r1', { id: 'r1', active: true }],
  ['r2', { id: 'r2', active: true }],
  ['gone', { id: 'gone', active: false, leftAt: now - 3 * DAY }]
])
const input = (customers: Customer[], activities: Activity[], over: Partial<PoolInput> = {}): PoolInput => ({
  customers, activities, users, rules: new Map([['t', rule]]), now, ...over
})

describe('reclaim rules', () => {
  it('hand-checked: touch window, extensions, hard maximum, departed owner, exemptions', () => {
    const customers = [
      cust('fresh'), // touched 10 days ago: stays
      cust('stale'), // touched 31 days ago, once: 30 + 7 = 37 allowed → stays
      cust('cold'), // touched 40 days ago, once: 37 allowed → goes
      cust('busy'), // 9 touch days, last 59 days ago: 30 + 63 capped at 60 → stays; 61 → goes
      cust('never', { createdAt: now - 45 * DAY }), // never touched, held 45 days → goes
      cust('left', { ownerId: 'gone' }),
      cust('key', { tier: 'key' }),
      cust('pool', { ownerId: null, poolSince: now - 5 * DAY })
    ]
    const acts = [
      touch('fresh', 10),
      touch('stale', 31),
      touch('cold', 40),
      ...Array.from({ length: 9 }, (_, i) => touch('busy', 61 + i)),
      // An email is not a touch; someone else's visit does not count for the owner.
      touch('never', 1, { kind: 'email' }),
      touch('never', 1, { userId: 'r2' })
    ]
    const preview = previewReclaim(input(customers, acts))
    expect(Object.fromEntries(preview.map((p) => [p.customerId, p.reason]))).toEqual({ cold: 'no_touch', busy: 'no_touch', never: 'no_touch', left: 'owner_left' })
    const busy = preview.find((p) => p.customerId === 'busy')!
    expect(busy.allowedDays).toBe(60)
    expect(busy.daysSinceTouch).toBe(61)
    expect(preview.find((p) => p.customerId === 'never')!.lastTouchAt).toBeNull()
  })

  it('a rep who left: all their customers go to the pool — touched yesterday, key accounts and open deals too — none is lost', () => {
    const customers = [
      cust('l-fresh', { ownerId: 'gone' }),
      cust('l-key', { ownerId: 'gone', tier: 'key' }),
      cust('l-deal', { ownerId: 'gone' }),
      cust('l-other-team', { ownerId: 'gone', orgUnitId: 'no-rules' }),
      cust('mine', { ownerId: 'r1' })
    ]
    const acts = [touch('l-fresh', 1, { userId: 'gone' }), touch('mine', 1)]
    const run = applyReclaim(input(customers, acts, { exempt: new Set(['l-deal']) }))
    expect(run.moved.map((m) => [m.customerId, m.reason]).sort()).toEqual([
      ['l-deal', 'owner_left'],
      ['l-fresh', 'owner_left'],
      ['l-key', 'owner_left'],
      ['l-other-team', 'owner_left']
    ])
    for (const c of run.customers.filter((x) => x.id.startsWith('l-'))) {
      expect(c.ownerId).toBeNull()
      expect(c.previousOwnerId).toBe('gone')
      expect(c.poolSince).toBe(now)
    }
    expect(run.customers.find((c) => c.id === 'mine')!.ownerId).toBe('r1')
  })

  it('a claim restarts the hold: touches by the previous owner do not count', () => {
    const acts = [touch('c', 5, { userId: 'r2' }), touch('c', 40, { kind: 'pool_claim' })]
    expect(previewReclaim(input([cust('c')], acts)).map((p) => p.customerId)).toEqual(['c'])
    const fresh = [touch('c', 5, { kind: 'pool_claim' })]
    expect(previewReclaim(input([cust('c')], fresh))).toEqual([])
  })

  it('holding cap: the least recently touched beyond the cap go back', () => {
    const customers = ['a', 'b', 'c', 'd', 'e'].map((id) => cust(id))
    const acts = customers.map((c, i) => touch(c.id, i + 1))
    const preview = previewReclaim(input(customers, acts))
    expect(preview.map((p) => [p.customerId, p.reason])).toEqual([['e', 'over_cap'], ['d', 'over_cap']])
  })

  it('property: a preview and its application move the same customers; no rep holds more than the cap after a run', () => {
    const arb = fc.record({
      custs: fc.array(fc.record({ owner: fc.constantFrom('r1', 'r2', 'gone', null), tier: fc.constantFrom('normal', 'normal', 'key'), age: fc.integer({ min: 0, max: 500 }) }), { maxLength: 30 }),
      touches: fc.array(fc.record({ c: fc.nat(40), ago: fc.integer({ min: -5, max: 400 }), kind: fc.constantFrom('visit', 'call', 'email', 'pool_claim'), connected: fc.boolean(), user: fc.constantFrom('r1', 'r2') }), { maxLength: 80 })
    })
    fc.assert(
      fc.property(arb, ({ custs, touches }) => {
        const customers = custs.map((c, i) => cust(`c${i}`, { ownerId: c.owner, tier: c.tier as Customer['tier'], createdAt: now - c.age * DAY }))
        const acts = touches.map((t) => touch(`c${t.c % Math.max(1, custs.length)}`, t.ago, { kind: t.kind as Activity['kind'], connected: t.connected, userId: t.user }))
        const inp = input(customers, acts)
        const preview = previewReclaim(inp)
        const applied = applyReclaim(inp)
        const movedIds = customers.filter((c, i) => c.ownerId !== null && applied.customers[i]!.ownerId === null).map((c) => c.id).sort()
        expect(movedIds).toEqual(preview.map((p) => p.customerId).sort())
        for (const c of applied.customers) if (movedIds.includes(c.id)) expect(c.poolSince).toBe(now)
        const held = new Map<string, number>()
        for (const c of applied.customers) if (c.ownerId && c.tier === 'normal') held.set(c.ownerId, (held.get(c.ownerId) ?? 0) + 1)
        for (const [owner, count] of held) {
          expect(owner).not.toBe('gone')
          const keyHeld = applied.customers.filter((c) => c.ownerId === owner && c.tier !== 'normal').length
          expect(Math.max(0, count - Math.max(0, rule.holdingCap - keyHeld))).toBe(0)
        }
      })
    )
  })
})

describe('customers on a visit plan', () => {
  it('property: the pool never reclaims a customer planned for today or tomorrow, and names the ones it held back', () => {
    const arb = fc.record({
      custs: fc.array(fc.record({ owner: fc.constantFrom('r1', 'r2', 'gone'), age: fc.integer({ min: 0, max: 500 }) }), { minLength: 1, maxLength: 25 }),
      touches: fc.array(fc.record({ c: fc.nat(40), ago: fc.integer({ min: 0, max: 400 }) }), { maxLength: 40 }),
      // Planned visits from two days back to three days ahead (hours from now), by anyone.
      plans: fc.array(fc.record({ c: fc.nat(40), inHours: fc.integer({ min: -48, max: 72 }), user: fc.constantFrom('r1', 'r2', 'm'), kind: fc.constantFrom('visit', 'ride_along') }), { maxLength: 15 })
    })
    fc.assert(
      fc.property(arb, ({ custs, touches, plans }) => {
        const customers = custs.map((c, i) => cust(`c${i}`, { ownerId: c.owner, createdAt: now - c.age * DAY }))
        const id = (k: number): string => `c${k % custs.length}`
        const acts = [
          ...touches.map((t) => touch(id(t.c), t.ago)),
          ...plans.map((p) => touch(id(p.c), 0, { at: now + p.inHours * 3_600_000, status: 'planned', userId: p.user, kind: p.kind as Activity['kind'] }))
        ]
        const planned = plannedCustomers(acts, now, TZ)
        const inp = input(customers, acts, { planned })
        const moved = applyReclaim(inp).moved.map((m) => m.customerId)
        for (const c of moved) expect(planned.has(c)).toBe(false)
        // What the plan held back is exactly what the run would move without it, minus what it moves now.
        const without = new Set(previewReclaim({ ...inp, planned: undefined }).map((m) => m.customerId))
        for (const h of heldForPlan(inp)) {
          expect(planned.has(h.customerId)).toBe(true)
          expect(without.has(h.customerId)).toBe(true)
        }
        for (const c of without) if (planned.has(c)) expect(heldForPlan(inp).some((h) => h.customerId === c)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it('today and tomorrow are local days: a visit the day after tomorrow does not hold a customer back', () => {
    // now is 14:00 in Shanghai; tomorrow ends at 00:00 local on the 22nd (16:00 UTC on the 21st).
    const plan = (at: number): Activity => touch('x', 0, { at, status: 'planned' })
    expect(plannedCustomers([plan(Date.UTC(2026, 10, 21, 15, 59))], now, TZ).has('x')).toBe(true)
    expect(plannedCustomers([plan(Date.UTC(2026, 10, 21, 16))], now, TZ).has('x')).toBe(false)
    expect(plannedCustomers([plan(Date.UTC(2026, 10, 19, 16))], now, TZ).has('x')).toBe(true)
    expect(plannedCustomers([plan(Date.UTC(2026, 10, 19, 15, 59))], now, TZ).has('x')).toBe(false)
    expect(plannedCustomers([{ ...plan(now + 3_600_000), status: 'done' }], now, TZ).has('x')).toBe(false)
  })
})

describe('claiming from the pool', () => {
  const inPool = cust('p', { ownerId: null, poolSince: now - 5 * DAY, previousOwnerId: 'r1' })
  it('honours the holding cap, the daily cap and the cool-down', () => {
    expect(checkClaim(inPool, 'r2', { rule, holding: 0, claimedToday: 0, now })).toEqual({ ok: true })
    expect(checkClaim(inPool, 'r2', { rule, holding: 3, claimedToday: 0, now })).toEqual({ ok: false, reason: 'holding_cap' })
    expect(checkClaim(inPool, 'r2', { rule, holding: 0, claimedToday: 2, now })).toEqual({ ok: false, reason: 'daily_cap' })
    expect(checkClaim(inPool, 'r1', { rule, holding: 0, claimedToday: 0, now })).toEqual({ ok: false, reason: 'cooldown', until: now + 10 * DAY })
    expect(checkClaim(inPool, 'r1', { rule, holding: 0, claimedToday: 0, now: now + 11 * DAY })).toEqual({ ok: true })
    expect(checkClaim(cust('owned'), 'r2', { rule, holding: 0, claimedToday: 0, now })).toEqual({ ok: false, reason: 'not_in_pool' })
    expect(checkClaim(inPool, 'r2', { rule: undefined, holding: 0, claimedToday: 0, now })).toEqual({ ok: false, reason: 'no_rule' })
  })

  it('property: claiming one by one through checkClaim never exceeds either cap', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('r1', 'r2'), { maxLength: 30 }), fc.integer({ min: 0, max: 3 }), (claimers, startHolding) => {
        const customers: Customer[] = [...Array.from({ length: startHolding }, (_, i) => cust(`h${i}`, { ownerId: 'r1' }))]
        const pool = claimers.map((_, i) => cust(`p${i}`, { ownerId: null, poolSince: now - 30 * DAY }))
        const acts: Activity[] = []
        for (const [i, who] of claimers.entries()) {
          const { holding, claimedToday } = claimCounters([...customers, ...pool], acts, now, 'Asia/Shanghai')
          const c = pool[i]!
          const ok = checkClaim(c, who, { rule, holding: holding.get(who) ?? 0, claimedToday: claimedToday.get(who) ?? 0, now })
          if (!ok.ok) continue
          pool[i] = { ...c, ownerId: who }
          acts.push(touch(c.id, 0, { kind: 'pool_claim', userId: who }))
        }
        const { holding, claimedToday } = claimCounters([...customers, ...pool], acts, now, 'Asia/Shanghai')
        for (const who of ['r1', 'r2']) {
          expect(claimedToday.get(who) ?? 0).toBeLessThanOrEqual(rule.dailyClaimCap)
          expect(Math.max(holding.get(who) ?? 0, startHolding) <= Math.max(rule.holdingCap, startHolding)).toBe(true)
        }
      })
    )
  })

  it('fairness counts claims, reclaims and direct assignments per rep', () => {
    const rows = poolFairness(
      [touch('a', 1, { kind: 'pool_claim', userId: 'r2' }), touch('b', 1, { kind: 'pool_reclaim', userId: 'm', from: 'r1' }), touch('c', 1, { kind: 'owner_change', userId: 'm', to: 'r1' })],
      now - 30 * DAY,
      now + 1
    )
    expect(rows).toEqual([
      { userId: 'r2', claims: 1, reclaimedFrom: 0, directAssignments: 0 },
      { userId: 'r1', claims: 0, reclaimedFrom: 1, directAssignments: 1 }
    ])
  })
})
