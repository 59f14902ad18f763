import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Customer, Deal, TerritoryRule } from '../model'
import { applyTerritoryRun, matchCustomer, previewTerritoryRun, ruleMatches } from './territories'

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
  industries: string[] = []
): TerritoryRule => ({ id, orgUnitId, priority, cities, industries })
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
    expect(matchCustomer(rules, cust('d'), owner)).toEqual({ kind: 'unmatched' })
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
          const rules = rs.map((r, i) => ({ ...r, id: `r${i}` }))
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
