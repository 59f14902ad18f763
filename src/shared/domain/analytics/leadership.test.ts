import { describe, expect, it } from 'vitest'
import { completionRows, dealsByProduct, dealsByUnit, forecastVsTarget, outcomeSeries } from './leadership'
import { inBaseCurrency, outcomes, within } from './facts'
import { compare, elapsedShare, periodOf, periodsBack } from './periods'
import { targetForRange } from './targets'
import { CNY_ONLY, TZ, WITH_USD, YUAN, at, deal, monthTarget, orgUnits, process } from './test-fixtures'

/**
 * Hand-computed: team t1 wins ¥10,000 on 29 Feb 2024 (created 5 Jan: 55 days) and ¥20,000 on
 * 10 Feb (created 20 Jan: 21 days) and loses one; February 2023 had one win of ¥12,000 and two
 * losses; January 2024 closed nothing. Team t2 wins $1,000 in February 2024.
 */
const t1 = [
  deal({ created: '2024-01-05', closed: '2024-02-29', yuan: 10_000, product: 'CRM' }),
  deal({ created: '2024-01-20', closed: '2024-02-10', yuan: 20_000, product: 'ERP' }),
  deal({ created: '2024-01-02', closed: '2024-02-15', status: 'lost', yuan: 5_000, product: 'CRM' }),
  deal({ created: '2023-01-10', closed: '2023-02-28', yuan: 12_000, product: 'CRM' }),
  deal({ created: '2023-01-10', closed: '2023-02-10', status: 'lost', product: 'CRM' }),
  deal({ created: '2023-01-10', closed: '2023-02-20', status: 'lost' }),
  deal({ created: '2024-02-01', expectedCloseAt: at('2024-03-20'), forecastCategory: 'commit', stageId: 's3', yuan: 8_000, product: 'ERP' })
]
const usd = deal({ created: '2024-01-10', closed: '2024-02-05', yuan: 1_000, currency: 'USD', orgUnitId: 't2', ownerId: 'u3' })
const deals = [...t1, usd]
const targets = [
  monthTarget('orgUnit', 't1', '2024-01-01', 30_000),
  monthTarget('orgUnit', 't1', '2024-02-01', 40_000, 50_000),
  monthTarget('orgUnit', 't1', '2024-03-01', 30_000),
  monthTarget('orgUnit', 'r1', '2024-02-01', 60_000)
]
const feb = periodOf('month', at('2024-02-10'), TZ)
const cmp = compare({ grain: 'month', ...feb }, at('2024-06-01'), TZ)

describe('leadership: target completion with 同比 and 环比', () => {
  const byUnit = dealsByUnit(deals, orgUnits)

  it('counts a team against its objective and stretch, 同比 across the leap year, no 环比 against an empty January', () => {
    const [row] = completionRows([{ id: 't1', deals: byUnit.get('t1')!, owners: [{ scopeKind: 'orgUnit', scopeId: 't1' }] }], cmp, targets, CNY_ONLY, TZ)
    expect(row!.current.won.map((d) => d.amount)).toEqual([10_000 * YUAN, 20_000 * YUAN])
    expect(row!.current.wonAmount.amount).toBe(30_000 * YUAN)
    expect(row!.target).toEqual({ objective: 40_000 * YUAN, stretch: 50_000 * YUAN, monthsWithTarget: 1, months: 1 })
    expect(row!.completion).toBe(0.75)
    expect(row!.stretchCompletion).toBe(0.6)
    expect(row!.current.winRate).toBeCloseTo(2 / 3)
    expect(row!.current.cycleDays).toBe(38)
    // 同比: Feb 2023 (28 days, one win of ¥12,000 on its last day) → +150%.
    expect(row!.lastYear.wonAmount.amount).toBe(12_000 * YUAN)
    expect(row!.wonYoY.ratio).toBe(1.5)
    expect(row!.winRateYoY.delta).toBeCloseTo(2 / 3 - 1 / 3)
    // 环比: January 2024 closed nothing — no data, no percentage.
    expect(row!.prior.won).toEqual([])
    expect(row!.wonMoM).toEqual({ current: 30_000 * YUAN, prior: null, delta: null, ratio: null })
    expect(row!.winRateMoM.ratio).toBeNull()
  })

  it('refuses a region total that mixes in dollars without a rate, naming the rate; converts with one', () => {
    const group = [{ id: 'r1', deals: byUnit.get('r1')!, owners: [{ scopeKind: 'orgUnit' as const, scopeId: 'r1' }] }]
    const [refused] = completionRows(group, cmp, targets, CNY_ONLY, TZ)
    expect(refused!.current.wonAmount.missing).toEqual(['USD'])
    expect(refused!.completion).toBeNull()
    const [converted] = completionRows(group, cmp, targets, WITH_USD, TZ)
    expect(converted!.current.wonAmount).toEqual({ amount: 37_000 * YUAN, currency: 'CNY', converted: ['USD'], missing: [] })
    expect(converted!.completion).toBeCloseTo(37 / 60)
    // No stretch set: the objective counts as the stretch.
    expect(converted!.stretchCompletion).toBeCloseTo(37 / 60)
  })

  it('measures a running month against the whole month’s target (完成率 beside 时间进度)', () => {
    const running = compare({ grain: 'month', ...feb }, at('2024-02-10'), TZ)
    expect(running.toDate).toBe(true)
    const [row] = completionRows([{ id: 't1', deals: byUnit.get('t1')!, owners: [{ scopeKind: 'orgUnit', scopeId: 't1' }] }], running, targets, CNY_ONLY, TZ, feb)
    // By 10 Feb only the ¥20,000 win is in; against February's ¥40,000; 10 of 29 days have run.
    expect(row!.current.wonAmount.amount).toBe(20_000 * YUAN)
    expect(row!.target!.objective).toBe(40_000 * YUAN)
    expect(row!.completion).toBe(0.5)
    expect(elapsedShare(feb, running, TZ)).toBeCloseTo(10 / 29)
    expect(elapsedShare(feb, cmp, TZ)).toBe(1)
  })

  it('groups product lines (no targets) and keeps deals without one apart', () => {
    const byProduct = dealsByProduct(deals)
    expect([...byProduct.keys()].sort()).toEqual(['', 'CRM', 'ERP'])
    const rows = completionRows(
      [...byProduct].map(([id, list]) => ({ id, deals: list, owners: [] })),
      cmp,
      targets,
      CNY_ONLY,
      TZ
    )
    const crm = rows.find((r) => r.id === 'CRM')!
    expect(crm.current.wonAmount.amount).toBe(10_000 * YUAN)
    expect(crm.current.winRate).toBe(0.5)
    expect(crm.target).toBeNull()
    expect(crm.completion).toBeNull()
  })

  it('gives a month series of won amounts, one bucket per month', () => {
    const months = periodsBack('month', at('2024-02-10'), 2, TZ)
    const series = outcomeSeries(t1, months, CNY_ONLY)
    expect(series.map((o) => o.wonAmount.amount)).toEqual([0, 30_000 * YUAN])
    expect(series.map((o) => o.winRate)).toEqual([null, 2 / 3])
  })
})

describe('leadership: quarter forecast against target', () => {
  it('adds up Q1 targets and compares won and won + commit with them', () => {
    const q1 = periodOf('quarter', at('2024-02-10'), TZ)
    const f = forecastVsTarget({
      deals: t1,
      processes: new Map([['p1', process]]),
      range: q1,
      include: () => true,
      targets,
      owners: [{ scopeKind: 'orgUnit', scopeId: 't1' }],
      rates: CNY_ONLY,
      timeZone: TZ
    })
    expect(f.target?.objective).toBe(100_000 * YUAN)
    expect(f.figures.won).toBe(30_000 * YUAN)
    expect(f.figures.commit).toBe(8_000 * YUAN)
    expect(f.figures.weighted).toBe(5_600 * YUAN)
    expect(f.called).toBe(38_000 * YUAN)
    expect(f.wonCompletion).toBeCloseTo(0.3)
    expect(f.calledCompletion).toBeCloseTo(0.38)
    expect(f.behind.commit.map((d) => d.id)).toEqual([t1[6]!.id])
  })

  it('refuses the forecast when a deal behind it is in a currency without a rate, and converts with one', () => {
    const q1 = periodOf('quarter', at('2024-02-10'), TZ)
    const run = (rates: typeof CNY_ONLY): ReturnType<typeof forecastVsTarget> =>
      forecastVsTarget({
        deals: inBaseCurrency(deals, rates).deals,
        processes: new Map([['p1', process]]),
        range: q1,
        include: () => true,
        targets,
        owners: [{ scopeKind: 'orgUnit', scopeId: 'r1' }],
        rates,
        timeZone: TZ
      })
    const refused = run(CNY_ONLY)
    expect(refused.missing).toEqual(['USD'])
    expect(refused.wonCompletion).toBeNull()
    const ok = run(WITH_USD)
    expect(ok.missing).toEqual([])
    expect(ok.figures.won).toBe(37_000 * YUAN)
  })

  it('prorates a monthly target by days for a week or a range of days', () => {
    const week = periodOf('week', at('2024-02-28'), TZ) // Mon 26 Feb – Sun 3 Mar: 4 days of Feb, 3 of Mar
    const t = targetForRange(targets, { scopeKind: 'orgUnit', scopeId: 't1' }, 'won_amount', week, TZ)!
    expect(t.objective).toBe(Math.round(40_000 * YUAN * (4 / 29) + 30_000 * YUAN * (3 / 31)))
    expect(t.months).toBe(2)
  })
})

describe('facts', () => {
  it('slices a time-sorted list to a period', () => {
    const xs = [1, 5, 5, 9, 12].map((at) => ({ at }))
    expect(within(xs, { start: 5, end: 12 }).map((x) => x.at)).toEqual([5, 5, 9])
    expect(within(xs, { start: 13, end: 20 })).toEqual([])
    expect(within([], { start: 0, end: 1 })).toEqual([])
  })

  it('takes a closed deal without a close time as closed on its expected date (the forecast rule)', () => {
    const d = deal({ created: '2024-01-05', status: 'won', expectedCloseAt: at('2024-02-03') })
    expect(outcomes([d], periodOf('month', at('2024-02-10'), TZ), CNY_ONLY).won).toEqual([d])
  })

  it('converts deals into the workspace currency when the rate is known, and keeps the original for the drawer', () => {
    const conv = inBaseCurrency([usd, t1[0]!], WITH_USD)
    expect(conv.deals[0]).toMatchObject({ amount: 7_000 * YUAN, currency: 'CNY' })
    expect(conv.deals[1]).toBe(t1[0])
    expect(conv.original.get(usd.id)).toBe(usd)
    expect(conv.converted).toEqual(['USD'])
    expect(inBaseCurrency([usd], CNY_ONLY).missing).toEqual(['USD'])
  })
})
