import { describe, expect, it } from 'vitest'
import type { Deal, Product, SalesProcess } from '../model'
import { inOneCurrency, sumMoney } from './currency'
import { dataQuality } from './data-quality'
import { amountUnsetCount, byAmountDesc } from './deal-amount'
import { forecastPeriod } from './forecast'
import { funnel } from './funnel'
import { wonAmount } from './win-rate'

// An open deal imported without an amount ("amount not set") is never read as 0: every sum
// leaves it out and says how many it left out.
const START = Date.parse('2026-11-01T00:00:00Z')
const END = Date.parse('2026-12-01T00:00:00Z')
const MID = START + 10 * 86_400_000
const st = (id: string, kind: 'open' | 'won' | 'lost', probability: number) => ({ id, name: id, kind, probability, exitCriteria: [], steps: [], methods: [] })
const process = { id: 'p', stages: [st('a', 'open', 20), st('b', 'open', 60), st('won', 'won', 100), st('lost', 'lost', 0)] } as unknown as SalesProcess

let n = 0
const deal = (over: Partial<Deal>): Deal =>
  ({
    id: `d${n++}`,
    name: `deal ${n}`,
    processId: 'p',
    ownerId: 'u',
    orgUnitId: 't',
    stageId: 'a',
    stageEnteredAt: START,
    amount: 100_00,
    currency: 'USD',
    status: 'open',
    forecastCategory: 'pipeline',
    expectedCloseAt: MID,
    bigDeal: false,
    createdAt: START,
    checkedCriteria: [],
    ...over
  }) as Deal
const unset = (over: Partial<Deal> = {}): Deal => {
  const { amount: _a, ...bare } = deal(over)
  return bare as Deal
}

const rates = { base: 'CNY', perUnit: { USD: 7 } }

describe('deals whose amount is not set', () => {
  const deals = [deal({ amount: 300_00 }), unset(), deal({ stageId: 'b', amount: 1000_00, forecastCategory: 'commit' }), unset({ stageId: 'b', forecastCategory: 'commit' })]

  it('a money total leaves them out and counts them, in one currency or converted', () => {
    expect(sumMoney(deals, rates)).toEqual({ amount: 1300_00, currency: 'USD', converted: [], missing: [], unset: 2 })
    expect(sumMoney(deals, rates, 'CNY')).toEqual({ amount: 9100_00, currency: 'CNY', converted: ['USD'], missing: [], unset: 2 })
    // Nothing left out: no count at all (old totals read as before).
    expect(sumMoney([deal({})], rates)).not.toHaveProperty('unset')
    // Only unset amounts: a total of 0 in the deals' own currency (not the workspace's) that says every deal was left out.
    expect(sumMoney([unset()], rates)).toEqual({ amount: 0, currency: 'USD', converted: [], missing: [], unset: 1 })
    expect(inOneCurrency([unset(), unset()], rates)).toMatchObject({ currency: 'USD', unset: 2 })
  })

  it('conversion passes them through untouched (no invented 0) and counts them', () => {
    const one = inOneCurrency(deals, rates, 'CNY')
    expect(one.unset).toBe(2)
    expect(one.items.map((d) => d.amount)).toEqual([2100_00, undefined, 7000_00, undefined])
  })

  it('the forecast counts them as deals of the period and leaves them out of every figure', () => {
    const f = forecastPeriod([...deals, deal({ status: 'won', stageId: 'won', closedAt: MID, amount: 50_00 })], new Map([['p', process]]), START, END)
    expect(f).toMatchObject({ dealCount: 5, amountUnset: 2, won: 50_00, openTotal: 1300_00, commit: 1000_00, pipeline: 300_00, repCommit: 1000_00 })
    expect(f.weighted).toBe(Math.round(300_00 * 0.2) + Math.round(1000_00 * 0.6))
  })

  it('the funnel counts them open in their stage and leaves them out of the open amount', () => {
    const f = funnel(process, deals, new Map())
    expect(f.stages.map((s) => [s.open, s.openAmount, s.openAmountUnset])).toEqual([
      [2, 300_00, 1],
      [2, 1000_00, 1]
    ])
  })

  it('the won amount skips a won deal without an amount and says so', () => {
    expect(wonAmount([deal({ status: 'won', amount: 70_00 }), unset({ status: 'won' })], rates)).toEqual({ amount: 70_00, currency: 'USD', converted: [], missing: [], unset: 1 })
  })

  it('the data page lists them for the manager to set, by name; largest-first lists put them last', () => {
    const q = dataQuality(deals, [] as Product[])
    expect(q.withoutAmount.map((d) => d.id)).toEqual([deals[1]!.id, deals[3]!.id])
    expect(amountUnsetCount([...deals, unset({ deleted: true })])).toBe(2)
    expect([...deals].sort(byAmountDesc).map((d) => d.amount)).toEqual([1000_00, 300_00, undefined, undefined])
  })
})
