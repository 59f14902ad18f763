import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Customer, Deal, OrgUnit, PoolRule, User } from '../model'
import { applyOrgChanges, OrgChangeRefused, planDeparture, planRepMove, type DepartureRule, type OrgBook } from './org-changes'

const DAY = 86_400_000
const now = Date.UTC(2026, 11, 7, 2)
const units: OrgUnit[] = [
  { id: 'east', kind: 'region', name: '华东', parentId: null },
  { id: 'south', kind: 'region', name: '华南', parentId: null },
  { id: 'sh1', kind: 'team', name: '上海一队', parentId: 'east' },
  { id: 'sh2', kind: 'team', name: '上海二队', parentId: 'east' },
  { id: 'gz1', kind: 'team', name: '广州一队', parentId: 'south' }
]
const person = (id: string, orgUnitId: string, over: Partial<User> = {}): User => ({
  id,
  name: id,
  role: 'rep',
  orgUnitId,
  active: true,
  ...over
})
const users: User[] = [
  person('li', 'sh1'),
  person('wang', 'sh1'),
  person('zhao', 'gz1'),
  person('lead', 'sh1', { role: 'team_lead' }),
  person('gone', 'sh1', { active: false, leftAt: now - 30 * DAY })
]
const cust = (id: string, ownerId: string | null, orgUnitId = 'sh1', over: Partial<Customer> = {}): Customer => ({
  id,
  name: id,
  industry: '制造',
  size: 'medium',
  channel: '展会',
  ownerId,
  orgUnitId,
  tier: 'normal',
  createdAt: now - 100 * DAY,
  ...over
})
const deal = (
  id: string,
  ownerId: string,
  customerId: string | undefined,
  status: Deal['status'],
  amount: number,
  currency = 'CNY',
  orgUnitId = 'sh1'
): Deal => ({
  id,
  name: id,
  ...(customerId ? { customerId } : {}),
  ownerId,
  orgUnitId,
  processId: 'p',
  stageId: 's1',
  stageEnteredAt: now - DAY,
  amount,
  currency,
  forecastCategory: 'pipeline',
  status,
  bigDeal: false,
  createdAt: now - 50 * DAY,
  checkedCriteria: []
})
const rule = (orgUnitId: string, holdingCap: number): PoolRule => ({
  id: `rule-${orgUnitId}`,
  orgUnitId,
  reclaimAfterDays: 30,
  extensionPerTouchDays: 7,
  maxHoldDays: 90,
  holdingCap,
  dailyClaimCap: 2,
  cooldownDays: 15
})

function book(over: Partial<OrgBook> = {}): OrgBook {
  return {
    users,
    orgUnits: units,
    customers: [
      cust('c1', 'li', 'sh1', { createdAt: now - 300 * DAY }),
      cust('c2', 'li', 'sh1', { createdAt: now - 200 * DAY }),
      cust('c3', 'li'),
      cust('w1', 'wang'),
      cust('p1', null)
    ],
    deals: [
      deal('d1', 'li', 'c3', 'open', 500_000_00),
      deal('d2', 'li', 'c1', 'won', 80_000_00),
      deal('d3', 'li', undefined, 'open', 20_000_00, 'USD'),
      deal('dw', 'wang', 'w1', 'open', 1_00)
    ],
    targets: [
      {
        id: 't-old',
        scopeKind: 'user',
        scopeId: 'li',
        period: 'month',
        periodStart: '2026-11-01',
        metric: 'won_amount',
        objective: 1
      },
      {
        id: 't-now',
        scopeKind: 'user',
        scopeId: 'li',
        period: 'month',
        periodStart: '2026-12-01',
        metric: 'won_amount',
        objective: 2
      },
      {
        id: 't-team',
        scopeKind: 'orgUnit',
        scopeId: 'sh1',
        period: 'month',
        periodStart: '2026-12-01',
        metric: 'won_amount',
        objective: 3
      }
    ],
    poolRules: [],
    ...over
  }
}

describe('a rep moves to another team', () => {
  it('hand-checked: customers and open deals go along, closed deals and the team target stay, own targets follow', () => {
    const plan = planRepMove(book(), { repId: 'li', toUnitId: 'gz1', actorId: 'boss', now, periodStart: '2026-12-01' })
    expect(plan.customersMoving.map((c) => c.id)).toEqual(['c1', 'c2', 'c3'])
    expect(plan.customersToPool).toEqual([])
    expect(plan.dealsMoving.map((d) => d.id)).toEqual(['d1', 'd3'])
    expect(plan.openAmount).toEqual([
      { currency: 'CNY', amount: 500_000_00 },
      { currency: 'USD', amount: 20_000_00 }
    ])
    expect(plan.closedDealsStaying).toBe(1)
    expect(plan.targetsFollowing.map((t) => t.id)).toEqual(['t-now'])
    const after = applyOrgChanges(book(), plan.changes)
    expect(after.users.find((u) => u.id === 'li')?.orgUnitId).toBe('gz1')
    expect(after.customers.filter((c) => c.orgUnitId === 'gz1').map((c) => c.id)).toEqual(['c1', 'c2', 'c3'])
    expect(after.deals.find((d) => d.id === 'd2')?.orgUnitId).toBe('sh1')
    expect(after.deals.find((d) => d.id === 'dw')).toEqual(book().deals.find((d) => d.id === 'dw'))
  })

  it("the new team's holding cap holds: customers without an open deal, held longest, stay in the old team's pool", () => {
    const b = book({ poolRules: [rule('south', 2)] })
    const plan = planRepMove(b, { repId: 'li', toUnitId: 'gz1', actorId: 'boss', now })
    expect(plan.customersToPool.map((c) => c.id)).toEqual(['c1'])
    expect(plan.holding).toEqual({ after: 2, cap: 2, overCap: 0 })
    const after = applyOrgChanges(b, plan.changes)
    expect(after.customers.find((c) => c.id === 'c1')).toMatchObject({
      ownerId: null,
      orgUnitId: 'sh1',
      poolSince: now,
      previousOwnerId: 'li'
    })
    expect(plan.activities).toEqual([
      expect.objectContaining({ kind: 'pool_reclaim', customerId: 'c1', userId: 'boss', from: 'li' })
    ])
  })

  it('refuses a move to the same team, to a region for a rep, of someone unknown', () => {
    expect(() => planRepMove(book(), { repId: 'li', toUnitId: 'sh1', actorId: 'b', now })).toThrow(OrgChangeRefused)
    expect(() => planRepMove(book(), { repId: 'li', toUnitId: 'south', actorId: 'b', now })).toThrow('org.not-a-team')
    expect(() => planRepMove(book(), { repId: 'nobody', toUnitId: 'gz1', actorId: 'b', now })).toThrow('org.rep-unknown')
  })
})

describe('a rep leaves', () => {
  it('hand-checked: all to one colleague, open deals too; closed deals keep the rep; the rep is switched off, not removed', () => {
    const plan = planDeparture(book(), {
      repId: 'li',
      rule: { customersTo: { kind: 'colleague', colleagueId: 'zhao' }, openDealsTo: 'zhao' },
      actorId: 'boss',
      now
    })
    const after = applyOrgChanges(book(), plan.changes)
    expect(after.customers.filter((c) => c.ownerId === 'zhao').map((c) => [c.id, c.orgUnitId])).toEqual([
      ['c1', 'gz1'],
      ['c2', 'gz1'],
      ['c3', 'gz1']
    ])
    expect(after.deals.find((d) => d.id === 'd1')).toMatchObject({ ownerId: 'zhao', orgUnitId: 'gz1' })
    expect(after.deals.find((d) => d.id === 'd2')).toMatchObject({ ownerId: 'li', orgUnitId: 'sh1' })
    expect(after.users.find((u) => u.id === 'li')).toMatchObject({ active: false, leftAt: now, name: 'li' })
    expect(plan.closedDealsKept).toBe(1)
    expect(plan.colleagueHolding).toEqual({ colleagueId: 'zhao', after: 3, cap: undefined })
    // Each hand-over is a follow-up written by the manager; d3 has no customer to hang it on.
    expect(plan.activities.map((a) => [a.kind, a.customerId, a.userId, a.to])).toEqual([
      ['owner_change', 'c1', 'boss', 'zhao'],
      ['owner_change', 'c2', 'boss', 'zhao'],
      ['owner_change', 'c3', 'boss', 'zhao'],
      ['owner_change', 'c3', 'boss', 'zhao']
    ])
  })

  it('to the pool: customers stay in their team with who had them; open deals need a named owner', () => {
    expect(() => planDeparture(book(), { repId: 'li', rule: { customersTo: { kind: 'pool' } }, actorId: 'boss', now })).toThrow(
      'org.deals-need-owner'
    )
    const plan = planDeparture(book(), {
      repId: 'li',
      rule: { customersTo: { kind: 'pool' }, openDealsTo: 'lead' },
      actorId: 'boss',
      now
    })
    const after = applyOrgChanges(book(), plan.changes)
    expect(
      after.customers.filter((c) => c.previousOwnerId === 'li').map((c) => [c.id, c.ownerId, c.orgUnitId, c.poolSince])
    ).toEqual([
      ['c1', null, 'sh1', now],
      ['c2', null, 'sh1', now],
      ['c3', null, 'sh1', now]
    ])
    expect(after.deals.find((d) => d.id === 'd3')).toMatchObject({ ownerId: 'lead', orgUnitId: 'sh1' })
  })

  it('refuses a colleague who left, the leaver themself, or someone unknown', () => {
    const to = (colleagueId: string): DepartureRule => ({ customersTo: { kind: 'colleague', colleagueId }, openDealsTo: 'wang' })
    expect(() => planDeparture(book(), { repId: 'li', rule: to('gone'), actorId: 'b', now })).toThrow('org.colleague-inactive')
    expect(() => planDeparture(book(), { repId: 'li', rule: to('li'), actorId: 'b', now })).toThrow('org.colleague-is-leaver')
    expect(() => planDeparture(book(), { repId: 'li', rule: to('x'), actorId: 'b', now })).toThrow('org.colleague-unknown')
  })
})

// ─── properties over random books ───────────────────────────────────────────────────────────

const REPS = ['r1', 'r2', 'r3', 'r4']
const TEAMS = ['sh1', 'sh2', 'gz1']
const arbBook = fc
  .record({
    repTeams: fc.array(fc.constantFrom(...TEAMS), { minLength: REPS.length, maxLength: REPS.length }),
    customers: fc.array(
      fc.record({
        owner: fc.option(fc.constantFrom(...REPS), { nil: null }),
        team: fc.constantFrom(...TEAMS),
        age: fc.nat(1000),
        deleted: fc.boolean()
      }),
      { maxLength: 30 }
    ),
    deals: fc.array(
      fc.record({
        owner: fc.constantFrom(...REPS),
        customer: fc.nat(40),
        status: fc.constantFrom<Deal['status']>('open', 'won', 'lost'),
        amount: fc.nat(10_000_000),
        currency: fc.constantFrom('CNY', 'USD')
      }),
      { maxLength: 30 }
    ),
    cap: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined })
  })
  .map(({ repTeams, customers, deals, cap }): OrgBook => {
    const cs = customers.map((c, i) =>
      cust(`c${i}`, c.owner, c.team, { createdAt: now - c.age * DAY, ...(c.deleted && i % 3 === 0 ? { deleted: true } : {}) })
    )
    return {
      users: REPS.map((id, i) => person(id, repTeams[i]!)),
      orgUnits: units,
      customers: cs,
      deals: deals.map((d, i) =>
        deal(`d${i}`, d.owner, cs[d.customer]?.id, d.status, d.amount, d.currency, repTeams[REPS.indexOf(d.owner)]!)
      ),
      targets: [],
      poolRules: cap === undefined ? [] : TEAMS.map((t) => rule(t, cap))
    }
  })

const HISTORY_TABLES = new Set(['activities', 'stageHistory', 'comments'])

describe('properties', () => {
  it('a leaving rep: no customer keeps them as owner, each goes to the named colleague or the pool, nothing else changes', () => {
    fc.assert(
      fc.property(
        arbBook,
        fc.constantFrom(...REPS),
        fc.option(fc.constantFrom(...REPS), { nil: null }),
        fc.constantFrom(...REPS),
        (b, leaver, colleague, dealsTo) => {
          fc.pre(colleague !== leaver && dealsTo !== leaver)
          const rule: DepartureRule = {
            customersTo: colleague ? { kind: 'colleague', colleagueId: colleague } : { kind: 'pool' },
            openDealsTo: dealsTo
          }
          const plan = planDeparture(b, { repId: leaver, rule, actorId: 'boss', now })
          const after = applyOrgChanges(b, plan.changes)
          expect(plan.changes.every((c) => !HISTORY_TABLES.has(c.table))).toBe(true)
          for (const [i, before] of b.customers.entries()) {
            const a = after.customers[i]!
            expect(a.id).toBe(before.id)
            if (before.ownerId === leaver && !before.deleted) {
              // Owned by the colleague, or in a team's pool with who had it.
              if (colleague)
                expect(a).toMatchObject({ ownerId: colleague, orgUnitId: b.users.find((u) => u.id === colleague)!.orgUnitId })
              else
                expect(a).toMatchObject({ ownerId: null, orgUnitId: before.orgUnitId, previousOwnerId: leaver, poolSince: now })
            } else expect(a).toEqual(before)
            if (!a.deleted) expect(a.ownerId).not.toBe(leaver)
          }
          for (const [i, before] of b.deals.entries()) {
            const a = after.deals[i]!
            if (before.ownerId === leaver && before.status === 'open') expect(a.ownerId).toBe(dealsTo)
            // Closed deals keep their owner: the results stay the leaver's.
            else expect(a).toEqual(before)
          }
          expect(after.users.find((u) => u.id === leaver)).toMatchObject({ active: false, leftAt: now })
          expect(after.users.length).toBe(b.users.length)
          // The record of each hand-over is written by the manager, never in the leaver's name.
          expect(plan.activities.every((a) => a.userId === 'boss' && a.from === leaver)).toBe(true)
          expect(plan.customersToColleague.length + plan.customersToPool.length).toBe(
            b.customers.filter((c) => c.ownerId === leaver && !c.deleted).length
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a move: the previewed customers are exactly the ones that change, within the cap unless open deals need more', () => {
    fc.assert(
      fc.property(arbBook, fc.constantFrom(...REPS), fc.constantFrom(...TEAMS), (b, repId, toUnitId) => {
        fc.pre(b.users.find((u) => u.id === repId)!.orgUnitId !== toUnitId)
        const plan = planRepMove(b, { repId, toUnitId, actorId: 'boss', now })
        const after = applyOrgChanges(b, plan.changes)
        const changed = new Set(
          after.customers.filter((c, i) => JSON.stringify(c) !== JSON.stringify(b.customers[i])).map((c) => c.id)
        )
        const previewed = new Set(
          [...plan.customersMoving.filter((c) => c.orgUnitId !== toUnitId), ...plan.customersToPool].map((c) => c.id)
        )
        expect(changed).toEqual(previewed)
        for (const c of after.customers) if (!c.deleted && c.ownerId === repId) expect(c.orgUnitId).toBe(toUnitId)
        const cap = plan.holding.cap
        if (cap !== undefined && plan.holding.after > cap) {
          // Over the cap only because every customer still held has an open deal of the rep.
          const withDeal = new Set(plan.dealsMoving.map((d) => d.customerId))
          expect(plan.customersMoving.every((c) => withDeal.has(c.id))).toBe(true)
        }
        for (const d of after.deals)
          if (d.ownerId === repId && d.status === 'open' && !d.deleted) expect(d.orgUnitId).toBe(toUnitId)
        for (const [i, d] of b.deals.entries()) if (d.status !== 'open' || d.ownerId !== repId) expect(after.deals[i]).toEqual(d)
      }),
      { numRuns: 300 }
    )
  })
})
