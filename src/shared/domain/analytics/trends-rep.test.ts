import { describe, expect, it } from 'vitest'
import type { ForecastSnapshot } from '../../model'
import { actualsByRep } from '../targets'
import { monthlyTrend } from './trends'
import { newCustomerFirsts } from '../new-customers'
import { periodsBack, periodOf } from './periods'
import { rankings, repAccuracy, repTargets } from './rep'
import { CNY_ONLY, TZ, WITH_USD, YUAN, at, customer, deal, monthTarget, visit } from './test-fixtures'

describe('trends by month with 同比 and 环比', () => {
  // 14 months, Jan 2023 – Feb 2024; the first deal closes on 28 Feb 2023.
  const months = periodsBack('month', at('2024-02-10'), 14, TZ)
  const deals = [
    deal({ created: '2023-02-01', closed: '2023-02-28', yuan: 12_000 }),
    deal({ created: '2023-12-01', closed: '2024-01-15', yuan: 10_000 }),
    deal({ created: '2024-01-05', closed: '2024-02-29', yuan: 10_000 }),
    deal({ created: '2024-01-20', closed: '2024-02-10', yuan: 20_000 }),
    deal({ created: '2024-01-02', closed: '2024-02-15', status: 'lost' }),
    deal({ created: '2024-01-02', closed: '2024-02-15', yuan: 500, currency: 'USD' })
  ]
  const input = { deals, customers: [customer({ id: 'c1', createdAt: at('2024-02-03') })], rates: WITH_USD }

  it('won amount: Feb 2024 against Jan 2024 (环比) and Feb 2023 (同比, 28 days)', () => {
    const t = monthlyTrend('won_amount', months, input)
    const feb = t[13]!
    expect(feb.value).toBe(33_500 * YUAN)
    expect(feb.mom.prior).toBe(10_000 * YUAN)
    expect(feb.mom.ratio).toBeCloseTo(2.35)
    expect(feb.yoy.prior).toBe(12_000 * YUAN)
    expect(feb.yoy.ratio).toBeCloseTo(33_500 / 12_000 - 1)
    // January 2023 lies before the first close: no value, and February 2023 has no 环比.
    expect(t[0]!.value).toBeNull()
    expect(t[1]!.mom.ratio).toBeNull()
    // A month with data but nothing won is a zero, and a change from zero has no ratio.
    expect(t[2]!.value).toBe(0)
    expect(t[3]!.mom).toMatchObject({ prior: 0, ratio: null })
  })

  it('refuses a money month that mixes in a currency without a rate', () => {
    const t = monthlyTrend('won_amount', months, { ...input, rates: CNY_ONLY })
    expect(t[13]).toMatchObject({ value: null, missing: ['USD'] })
    expect(t[13]!.yoy.ratio).toBeNull()
  })

  it('win rate, deal counts, cycle, visits and new customers', () => {
    expect(monthlyTrend('win_rate', months, input)[13]!.value).toBeCloseTo(3 / 4)
    expect(monthlyTrend('won_deals', months, input)[13]!.value).toBe(3)
    const created = monthlyTrend('new_deals', months, input)
    expect(created[12]!.value).toBe(4)
    // New deals start in February 2023 (the first created): January has no data, December 2023 one.
    expect(created[0]!.value).toBeNull()
    expect(created[11]!.value).toBe(1)
    expect(monthlyTrend('cycle_days', months, input)[13]!.value).toBe(44)
    const visits = monthlyTrend('visits', months, { ...input, activities: [visit('u1', at('2024-02-05')), visit('u1', at('2024-02-06'), { status: 'planned' })] })
    expect(visits[13]!.value).toBe(1)
    // c1 became new with its first won deal (28 Feb 2023), not when its record was made (Feb 2024), and not again on later wins.
    const fresh = monthlyTrend('new_customers', months, input)
    expect(fresh[1]!.value).toBe(1)
    expect(fresh[13]!.value).toBe(0)
    expect(fresh[1]!.deals).toHaveLength(deals.length)
    // Counted by first completed visit instead (the team's choice): the month of that visit.
    const byVisit = monthlyTrend('new_customers', months, { ...input, newCustomerBasis: 'visit', activities: [visit('u1', at('2024-02-05')), visit('u1', at('2024-01-05'), { status: 'planned' })] })
    expect(byVisit[13]!.value).toBe(1)
    // Before the first visit ever there is no data, not a zero.
    expect(byVisit[12]!.value).toBeNull()
  })

  it('a scoped trend judges new customers by the whole workspace: a customer another team won first is not new when this team wins it', () => {
    // c1 was won by another team in Feb 2023; this team (scoped to its own deals) wins it again in Feb 2024.
    const theirs = deal({ id: 'theirs', created: '2023-02-01', closed: '2023-02-28', yuan: 5_000 })
    const ours = deal({ id: 'ours', created: '2024-01-20', closed: '2024-02-10', yuan: 20_000 })
    const scoped = { deals: [ours], customers: [customer({ id: 'c1' })], rates: WITH_USD }
    // Judged only by the scope's own deals, c1 looks new in Feb 2024 — the mistake.
    expect(monthlyTrend('new_customers', months, scoped)[13]!.value).toBe(1)
    const firsts = newCustomerFirsts({ deals: [theirs, ours] })
    expect(monthlyTrend('new_customers', months, { ...scoped, newCustomerFirsts: firsts })[13]!.value).toBe(0)
    // A customer outside the scope never counts, however new.
    expect(monthlyTrend('new_customers', months, { ...scoped, customers: [], newCustomerFirsts: firsts })[1]!.value ?? 0).toBe(0)
  })
})

describe('the rep view', () => {
  const march = periodOf('month', at('2024-03-10'), TZ)
  const deals = [
    deal({ created: '2024-02-01', closed: '2024-03-05', yuan: 30_000, ownerId: 'u1' }),
    deal({ created: '2024-02-01', closed: '2024-03-06', yuan: 50_000, ownerId: 'u2' }),
    deal({ created: '2024-02-01', closed: '2024-03-07', yuan: 30_000, ownerId: 'u3' })
  ]
  const acts = [visit('u1', at('2024-03-04')), visit('u1', at('2024-03-05')), visit('u2', at('2024-03-05'))]
  const actuals = actualsByRep({ deals, activities: acts }, march.start, march.end, { rates: { base: 'CNY', perUnit: {} } })

  it('ranks the rep on each hero metric among peers; ties share a rank', () => {
    const r = rankings(actuals, 'u1', new Set(['u1', 'u2', 'u3']))
    expect(r.find((x) => x.metric === 'won_amount')).toEqual({ metric: 'won_amount', value: 30_000 * YUAN, rank: 2, of: 3, top: 50_000 * YUAN })
    expect(r.find((x) => x.metric === 'visits')).toMatchObject({ value: 2, rank: 1, of: 2 })
    // c1's first won deal is u1's: the new customer is theirs alone; the later wins on c1 are not new customers.
    expect(r.find((x) => x.metric === 'new_customers')).toMatchObject({ value: 1, rank: 1, of: 1 })
    // Nothing on the metric: unranked, not last.
    expect(rankings(actuals, 'u2', new Set(['u1', 'u2', 'u3'])).find((x) => x.metric === 'new_customers')).toMatchObject({ value: 0, rank: null, of: 1 })
    // A scope with one rep: first of one.
    expect(rankings(actuals, 'u1', new Set(['u1'])).find((x) => x.metric === 'won_amount')).toMatchObject({ rank: 1, of: 1 })
  })

  it('puts the rep’s targets beside what they did', () => {
    const rows = repTargets([monthTarget('user', 'u1', '2024-03-01', 40_000, 60_000)], 'u1', actuals.get('u1')!, march, TZ)
    const won = rows.find((r) => r.metric === 'won_amount')!
    expect(won).toMatchObject({ actual: 30_000 * YUAN, completion: 0.75, stretchCompletion: 0.5 })
    expect(rows.find((r) => r.metric === 'visits')).toMatchObject({ target: null, completion: null, actual: 2 })
  })

  it('measures the rep’s own forecast accuracy over closed months only, error as a share of the call', () => {
    const snap = (periodStart: string, takenAt: number, won: number, commit: number): ForecastSnapshot => ({
      id: `s-${periodStart}-${takenAt}`,
      takenAt,
      trigger: 'period_start',
      period: 'month',
      periodStart,
      scopeKind: 'user',
      scopeId: 'u1',
      won,
      commit,
      bestCase: 0,
      pipeline: 0,
      weighted: 0
    })
    const points = repAccuracy(
      [
        snap('2024-03-01', at('2024-03-01', 8), 0, 40_000 * YUAN),
        snap('2024-03-01', at('2024-03-08', 8), 0, 1),
        snap('2024-02-01', at('2024-02-01', 8), 0, 10_000 * YUAN),
        snap('2024-04-01', at('2024-04-01', 8), 0, 90_000 * YUAN)
      ],
      deals,
      'u1',
      periodsBack('month', at('2024-04-10'), 3, TZ),
      at('2024-04-10'),
      TZ
    )
    // March: called ¥40,000 at the first snapshot, won ¥30,000 → over-call by a quarter of the call.
    // February: called ¥10,000, won nothing → the whole call. April is still running: not judged yet.
    expect(points.map((p) => [p.periodStart, p.called, p.actual, p.errorRatio])).toEqual([
      ['2024-02-01', 10_000 * YUAN, 0, 1],
      ['2024-03-01', 40_000 * YUAN, 30_000 * YUAN, 0.25]
    ])
  })
})
