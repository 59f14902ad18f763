import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Customer, Deal, PoolRule, TerritoryRule } from '../model'
import {
  applyTerritoryRun,
  matchCustomer,
  previewTerritoryRun,
  ruleMatches,
  ruleOverlaps,
  territoryCoverage,
  territoryRunChanges
} from './territories'
import { placeOf } from './places'

const now = Date.UTC(2026, 11, 7)
const cust = (id: string, over: Partial<Customer> = {}): Customer => ({
  id,
  name: id,
  industry: '制造',
  size: 'medium',
  channel: '展会',
  ownerId: null,
  orgUnitId: 'sh',
  tier: 'normal',
  createdAt: now,
  ...over
})
const rule = (
  id: string,
  orgUnitId: string,
  priority: number,
  cities: string[] = [],
  industries: string[] = [],
  over: Partial<TerritoryRule> = {}
): TerritoryRule => ({
  id,
  orgUnitId,
  priority,
  provinces: [],
  cities,
  districts: [],
  industries,
  sizes: [],
  customerIds: [],
  ...over
})
const deal = (
  id: string,
  customerId: string,
  orgUnitId: string,
  amount: number,
  status: Deal['status'] = 'open',
  currency = 'CNY'
): Deal => ({
  id,
  name: id,
  customerId,
  ownerId: 'r',
  orgUnitId,
  processId: 'p',
  stageId: 's',
  stageEnteredAt: now,
  amount,
  currency,
  forecastCategory: 'pipeline',
  status,
  bigDeal: false,
  createdAt: now,
  checkedCriteria: []
})
const users = [
  { id: 'r-sh', orgUnitId: 'sh' },
  { id: 'r-hz', orgUnitId: 'hz' }
]

describe('territory matching', () => {
  it('hand-checked: priority wins, ties between teams are conflicts, no address is unmatched, an empty rule matches nothing', () => {
    const rules = [
      rule('hz-city', 'hz', 10, ['杭州']),
      rule('med', 'med', 5, [], ['医疗']),
      rule('hz-med', 'hz', 5, ['杭州'], ['医疗']),
      rule('nj', 'nj', 10, ['南京']),
      rule('nj2', 'sh', 10, ['南京']),
      rule('empty', 'x', 0)
    ]
    const owner = (id: string): string | undefined => users.find((u) => u.id === id)?.orgUnitId
    expect(matchCustomer(rules, cust('a', { city: '杭州' }), owner)).toEqual({
      kind: 'moves',
      ruleId: 'hz-city',
      from: 'sh',
      to: 'hz'
    })
    // 医疗 in 杭州: two rules at priority 5 for different teams.
    expect(matchCustomer(rules, cust('b', { city: '杭州', industry: '医疗' }), owner)).toEqual({
      kind: 'conflict',
      ruleIds: ['hz-med', 'med'],
      teams: ['hz', 'med']
    })
    expect(matchCustomer(rules, cust('c', { city: '南京' }), owner)).toMatchObject({ kind: 'conflict', teams: ['nj', 'sh'] })
    expect(matchCustomer(rules, cust('d'), owner)).toEqual({ kind: 'unmatched', reason: 'no-location' })
    // The city read from the address when the city column is missing.
    expect(matchCustomer(rules, cust('e', { address: '浙江省杭州市西湖区文三路 90 号' }), owner)).toMatchObject({
      kind: 'moves',
      to: 'hz'
    })
    // Held by a rep of another team: listed, not moved.
    expect(matchCustomer(rules, cust('f', { city: '杭州', ownerId: 'r-sh' }), owner)).toEqual({
      kind: 'held',
      ruleId: 'hz-city',
      to: 'hz',
      ownerId: 'r-sh'
    })
    expect(matchCustomer(rules, cust('g', { city: '杭州', orgUnitId: 'hz' }), owner)).toEqual({
      kind: 'stays',
      ruleId: 'hz-city',
      team: 'hz'
    })
    expect(ruleMatches(rule('e', 'x', 0), cust('h', { city: '杭州' }))).toBe(false)
  })

  it('a preview per team: customers in and out with their open pipeline; closed deals are not pipeline', () => {
    const customers = [cust('a', { city: '杭州' }), cust('b', { city: '杭州' }), cust('c')]
    const deals = [
      deal('d1', 'a', 'sh', 100_00),
      deal('d2', 'a', 'sh', 5_00, 'open', 'USD'),
      deal('d3', 'b', 'sh', 999_00, 'won')
    ]
    const run = previewTerritoryRun({ rules: [rule('hz', 'hz', 1, ['杭州'])], customers, deals, users })
    expect(run.moves.map((m) => m.customerId)).toEqual(['a', 'b'])
    expect(run.unmatched).toEqual(['c'])
    expect(run.perTeam).toEqual([
      {
        team: 'hz',
        customersIn: 2,
        customersOut: 0,
        pipelineIn: [
          { currency: 'CNY', amount: 100_00 },
          { currency: 'USD', amount: 5_00 }
        ],
        pipelineOut: []
      },
      {
        team: 'sh',
        customersIn: 0,
        customersOut: 2,
        pipelineIn: [],
        pipelineOut: [
          { currency: 'CNY', amount: 100_00 },
          { currency: 'USD', amount: 5_00 }
        ]
      }
    ])
    const after = applyTerritoryRun(run, customers, deals)
    expect(after.deals.map((d) => d.orgUnitId)).toEqual(['hz', 'hz', 'sh'])
  })
})

const TEAMS = ['sh', 'hz', 'nj']
const CITIES = ['上海', '杭州', '南京', '苏州']
const INDUSTRIES = ['制造', '医疗', '教育']
const arbRule = fc.record({
  orgUnitId: fc.constantFrom(...TEAMS),
  priority: fc.integer({ min: 0, max: 4 }),
  cities: fc.subarray(CITIES, { maxLength: 2 }),
  industries: fc.subarray(INDUSTRIES, { maxLength: 2 })
})
const arbCustomer = fc.record({
  city: fc.option(fc.constantFrom(...CITIES), { nil: undefined }),
  industry: fc.constantFrom(...INDUSTRIES),
  team: fc.constantFrom(...TEAMS),
  owner: fc.option(fc.constantFrom('r-sh', 'r-hz'), { nil: null })
})

describe('territory properties', () => {
  it('the application moves exactly the previewed customers; every customer is accounted for; a second run moves nothing', () => {
    fc.assert(
      fc.property(
        fc.array(arbRule, { maxLength: 8 }),
        fc.array(arbCustomer, { maxLength: 40 }),
        fc.array(fc.nat(39), { maxLength: 30 }),
        (rs, cs, ds) => {
          const rules = rs.map((r, i) => rule(`r${i}`, r.orgUnitId, r.priority, [...r.cities], [...r.industries]))
          const customers = cs.map((c, i) =>
            cust(`c${i}`, { ...(c.city ? { city: c.city } : {}), industry: c.industry, orgUnitId: c.team, ownerId: c.owner })
          )
          const deals = ds.flatMap((k, i) =>
            customers[k]
              ? [deal(`d${i}`, customers[k].id, customers[k].orgUnitId, 100 * (i + 1), i % 3 === 0 ? 'won' : 'open')]
              : []
          )
          const run = previewTerritoryRun({ rules, customers, deals, users })
          const after = applyTerritoryRun(run, customers, deals)
          const changed = after.customers.filter((c, i) => c.orgUnitId !== customers[i]!.orgUnitId).map((c) => c.id)
          expect(changed).toEqual(run.moves.map((m) => m.customerId))
          // Nothing dropped: each customer has exactly one outcome.
          expect(after.customers.length).toBe(customers.length)
          expect(run.outcomes.size).toBe(customers.length)
          // Unmatched, conflicting and held customers stay where they are; no rep is handed a customer.
          for (const id of [...run.unmatched, ...run.conflicts, ...run.held])
            expect(after.customers.find((c) => c.id === id)!.orgUnitId).toBe(customers.find((c) => c.id === id)!.orgUnitId)
          expect(after.customers.map((c) => c.ownerId)).toEqual(customers.map((c) => c.ownerId))
          // A move goes to the team of the best-priority matching rule.
          for (const m of run.moves) {
            const c = customers.find((x) => x.id === m.customerId)!
            const matching = rules.filter((r) => ruleMatches(r, c))
            const best = Math.min(...matching.map((r) => r.priority))
            expect(new Set(matching.filter((r) => r.priority === best).map((r) => r.orgUnitId))).toEqual(new Set([m.to]))
          }
          // Per-team counts add up to the moves.
          expect(run.perTeam.reduce((s, t) => s + t.customersIn, 0)).toBe(run.moves.length)
          expect(run.perTeam.reduce((s, t) => s + t.customersOut, 0)).toBe(run.moves.length)
          // Idempotent: run again on the result, nothing moves.
          expect(previewTerritoryRun({ rules, customers: after.customers, deals: after.deals, users }).moves).toEqual([])
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('territory dimensions, reps and pool caps (v2 rules)', () => {
  const owner = (id: string): string | undefined => users.find((u) => u.id === id)?.orgUnitId
  it('places from the address in either language, else from coordinates; no location at all is unmatched with why', () => {
    const rules = [
      rule('zj', 'hz', 20, [], [], { provinces: ['浙江'] }),
      rule('pudong', 'sh', 10, [], [], { districts: ['浦东新区'] }),
      rule('js-big', 'nj', 10, [], [], { provinces: ['江苏'], sizes: ['large', 'enterprise'] })
    ]
    // 杭州 is in 浙江 although the address never says so.
    expect(placeOf({ address: '杭州市西湖区文三路90号' }).province?.names).toContain('浙江')
    expect(matchCustomer(rules, cust('a', { address: '杭州市西湖区文三路90号' }), owner)).toMatchObject({
      kind: 'moves',
      to: 'hz'
    })
    expect(
      matchCustomer(rules, cust('b', { address: 'No. 8 Century Avenue, Pudong New Area, Shanghai', orgUnitId: 'hz' }), owner)
    ).toMatchObject({ kind: 'moves', to: 'sh' })
    // Coordinates in 浦东 (31.221, 121.544) with no address.
    expect(placeOf({ lat: 31.222, lng: 121.55 })).toMatchObject({ from: 'coordinates' })
    expect(matchCustomer(rules, cust('c', { lat: 31.222, lng: 121.55, orgUnitId: 'hz' }), owner)).toMatchObject({
      kind: 'moves',
      ruleId: 'pudong',
      to: 'sh'
    })
    // Coordinates far from every city we know say nothing.
    expect(matchCustomer(rules, cust('d', { lat: 45.75, lng: 126.63 }), owner)).toEqual({ kind: 'unmatched', reason: 'no-rule' })
    expect(matchCustomer(rules, cust('e'), owner)).toEqual({ kind: 'unmatched', reason: 'no-location' })
    // 南京西路 / West Nanjing Road is a road in 上海: a 南京 rule does not take it.
    const nj = [rule('nj', 'nj', 1, ['南京']), rule('nj-en', 'nj', 1, ['Nanjing'])]
    expect(matchCustomer(nj, cust('r1', { address: '上海市静安区南京西路100号' }), owner)).toEqual({
      kind: 'unmatched',
      reason: 'no-rule'
    })
    expect(matchCustomer(nj, cust('r2', { address: "No. 100 West Nanjing Road, Jing'an District, Shanghai" }), owner)).toEqual({
      kind: 'unmatched',
      reason: 'no-rule'
    })
    expect(matchCustomer(nj, cust('r3', { address: 'No. 1 Zhongshan Road, Nanjing', orgUnitId: 'nj' }), owner)).toMatchObject({
      kind: 'stays'
    })
    // Size: a small 南京 customer is not the big-account team's.
    expect(matchCustomer(rules, cust('f', { address: '南京市鼓楼区中山路1号', size: 'small' }), owner)).toEqual({
      kind: 'unmatched',
      reason: 'no-rule'
    })
    expect(matchCustomer(rules, cust('g', { address: '南京市鼓楼区中山路1号', size: 'large' }), owner)).toMatchObject({
      kind: 'moves',
      to: 'nj'
    })
  })

  it('named accounts win by priority even without an address; a rule naming a rep hands pool customers to them, held ones stay', () => {
    const rules = [
      rule('named', 'hz', 1, [], [], { customerIds: ['x', 'y'], ownerId: 'r-hz' }),
      rule('sh-city', 'sh', 5, ['上海'])
    ]
    expect(matchCustomer(rules, cust('x'), owner)).toEqual({
      kind: 'moves',
      ruleId: 'named',
      from: 'sh',
      to: 'hz',
      ownerTo: 'r-hz'
    })
    expect(matchCustomer(rules, cust('y', { city: '上海', ownerId: 'r-sh' }), owner)).toEqual({
      kind: 'held',
      ruleId: 'named',
      to: 'hz',
      ownerId: 'r-sh'
    })
    expect(matchCustomer(rules, cust('z', { city: '上海' }), owner)).toEqual({ kind: 'stays', ruleId: 'sh-city', team: 'sh' })
  })

  it('a rep is never handed more than their pool cap: the biggest open pipeline first, the rest stay in the pool and are named', () => {
    const pool: PoolRule = {
      id: 'p',
      orgUnitId: 'hz',
      reclaimAfterDays: 30,
      extensionPerTouchDays: 0,
      maxHoldDays: 90,
      holdingCap: 3,
      dailyClaimCap: 5,
      cooldownDays: 0
    }
    const customers = [
      cust('held1', { city: '杭州', orgUnitId: 'hz', ownerId: 'r-hz' }),
      cust('p1', { city: '杭州', createdAt: now - 3 }),
      cust('p2', { city: '杭州', createdAt: now - 2 }),
      cust('p3', { city: '杭州', createdAt: now - 1, orgUnitId: 'hz' })
    ]
    const deals = [deal('d3', 'p3', 'hz', 500_00), deal('d2', 'p2', 'sh', 50_00)]
    const run = previewTerritoryRun({
      rules: [rule('hz-rep', 'hz', 1, ['杭州'], [], { ownerId: 'r-hz' })],
      customers,
      deals,
      users,
      orgUnits: [{ id: 'hz', parentId: null }],
      poolRules: [pool]
    })
    // Holds 1, cap 3: room for 2 — p3 (¥500) then p2 (¥50); p1 (no pipeline) stays in the hz pool.
    expect(run.perRep).toEqual([
      {
        repId: 'r-hz',
        team: 'hz',
        holding: 1,
        cap: 3,
        customersIn: ['p3', 'p2'],
        pipelineIn: [{ currency: 'CNY', amount: 550_00 }],
        leftInPool: ['p1']
      }
    ])
    expect(run.moves).toEqual([
      { customerId: 'p1', from: 'sh', to: 'hz' },
      { customerId: 'p2', from: 'sh', to: 'hz', ownerTo: 'r-hz' },
      { customerId: 'p3', from: 'hz', to: 'hz', ownerTo: 'r-hz' }
    ])
    expect(run.outcomes.get('p1')).toEqual({ kind: 'moves', ruleId: 'hz-rep', from: 'sh', to: 'hz', capped: 'r-hz' })
    // Team counts only count team changes: p1 and p2 leave sh, p3 was hz's already.
    expect(run.perTeam.map((t) => [t.team, t.customersIn, t.customersOut])).toEqual([
      ['hz', 2, 0],
      ['sh', 0, 2]
    ])
    const after = applyTerritoryRun(run, customers, deals)
    expect(after.customers.filter((c) => c.ownerId === 'r-hz').length).toBe(3)
    const writes = territoryRunChanges(run, { actorId: 'mgr', now })
    expect(writes.activities.map((a) => [a.customerId, a.kind, a.to, a.userId])).toEqual([
      ['p2', 'owner_change', 'r-hz', 'mgr'],
      ['p3', 'owner_change', 'r-hz', 'mgr']
    ])
    expect(writes.customers.find((c) => c.id === 'p3')!.patch).toEqual({ ownerId: 'r-hz' })
  })

  it('a rep who left receives nothing: their rule leaves the customers in the pool', () => {
    const run = previewTerritoryRun({
      rules: [rule('gone', 'hz', 1, ['杭州'], [], { ownerId: 'r-gone' })],
      customers: [cust('a', { city: '杭州', orgUnitId: 'hz' })],
      deals: [],
      users: [...users, { id: 'r-gone', orgUnitId: 'hz', active: false }]
    })
    expect(run.moves).toEqual([])
    expect(run.perRep[0]).toMatchObject({ repId: 'r-gone', customersIn: [], leftInPool: ['a'] })
  })

  it('overlapping rules: which wins and why; coverage counts customers and open pipeline per territory and the uncovered', () => {
    const rules = [
      rule('hz', 'hz', 10, ['杭州']),
      rule('med', 'med', 5, [], ['医疗']),
      rule('med2', 'hz', 5, [], ['医疗']),
      rule('hz2', 'hz', 20, [], ['制造'])
    ]
    const customers = [
      cust('a', { city: '杭州' }),
      cust('b', { city: '杭州', industry: '医疗' }),
      cust('c', { city: '杭州' }),
      cust('d')
    ]
    const ov = ruleOverlaps(rules, customers)
    expect(ov).toContainEqual({ a: 'hz', b: 'hz2', customers: 2, verdict: 'same-target', winner: 'hz' })
    expect(ov).toContainEqual({ a: 'med', b: 'med2', customers: 1, verdict: 'conflict' })
    expect(ov).toContainEqual({ a: 'med', b: 'hz', customers: 1, verdict: 'priority', winner: 'med' })
    const cov = territoryCoverage(rules, customers, [
      deal('d1', 'a', 'sh', 10_00),
      deal('d2', 'd', 'sh', 7_00, 'open', 'USD'),
      deal('d3', 'c', 'sh', 9_00, 'lost')
    ])
    // a and c by hz, d (制造, no city) by hz2 — the same territory; b is the conflict; c's deal is lost, not pipeline.
    expect(cov.rows).toEqual([
      {
        team: 'hz',
        ruleIds: ['hz', 'hz2'],
        customers: 3,
        owned: 0,
        openPipeline: [
          { currency: 'CNY', amount: 10_00 },
          { currency: 'USD', amount: 7_00 }
        ]
      }
    ])
    expect(cov.conflicts).toBe(1)
    expect(cov.uncovered.customers).toBe(0)
  })
})

const REPS = ['r-sh', 'r-hz', 'r-gone']
const arbRule2 = fc.record({
  orgUnitId: fc.constantFrom(...TEAMS),
  priority: fc.integer({ min: 0, max: 4 }),
  cities: fc.subarray(CITIES, { maxLength: 2 }),
  industries: fc.subarray(INDUSTRIES, { maxLength: 2 }),
  sizes: fc.subarray(['small', 'medium', 'large'] as const, { maxLength: 2 }),
  ownerId: fc.option(fc.constantFrom(...REPS), { nil: undefined })
})

describe('territory properties with reps and caps', () => {
  it('preview and application move exactly the same customers; no rep ends above their cap unless they were already', () => {
    const allUsers = [...users, { id: 'r-gone', orgUnitId: 'nj', active: false }]
    fc.assert(
      fc.property(
        fc.array(arbRule2, { maxLength: 8 }),
        fc.array(arbCustomer, { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (rs, cs, cap) => {
          const rules = rs.map((r, i) =>
            rule(`r${i}`, r.orgUnitId, r.priority, [...r.cities], [...r.industries], {
              sizes: [...r.sizes],
              ...(r.ownerId ? { ownerId: r.ownerId } : {})
            })
          )
          const customers = cs.map((c, i) =>
            cust(`c${i}`, {
              ...(c.city ? { city: c.city } : {}),
              industry: c.industry,
              orgUnitId: c.team,
              ownerId: c.owner,
              size: (['small', 'medium', 'large'] as const)[i % 3]
            })
          )
          const poolRules = TEAMS.map((t) => ({
            id: `p-${t}`,
            orgUnitId: t,
            reclaimAfterDays: 30,
            extensionPerTouchDays: 0,
            maxHoldDays: 90,
            holdingCap: cap,
            dailyClaimCap: 5,
            cooldownDays: 0
          }))
          const input = {
            rules,
            customers,
            deals: [],
            users: allUsers,
            orgUnits: TEAMS.map((id) => ({ id, parentId: null })),
            poolRules
          }
          const run = previewTerritoryRun(input)
          const after = applyTerritoryRun(run, customers, [])
          const changed = after.customers
            .filter((c, i) => c.orgUnitId !== customers[i]!.orgUnitId || c.ownerId !== customers[i]!.ownerId)
            .map((c) => c.id)
          expect(changed).toEqual(run.moves.filter((m) => m.from !== m.to || m.ownerTo).map((m) => m.customerId))
          expect(run.outcomes.size).toBe(customers.length)
          for (const rep of REPS) {
            const before = customers.filter((c) => c.ownerId === rep).length
            const now2 = after.customers.filter((c) => c.ownerId === rep).length
            expect(now2 <= Math.max(cap, before)).toBe(true)
          }
          // No customer loses its rep.
          for (const [i, c] of customers.entries()) if (c.ownerId) expect(after.customers[i]!.ownerId).toBe(c.ownerId)
          // Idempotent.
          const again = previewTerritoryRun({ ...input, customers: after.customers })
          expect(again.moves.filter((m) => m.from !== m.to || m.ownerTo)).toEqual([])
        }
      ),
      { numRuns: 300 }
    )
  })
})
