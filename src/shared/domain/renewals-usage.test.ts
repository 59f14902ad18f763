import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Contract, UsageReading } from '../model'
import { dayOfDate, localDayReader } from './collections'
import { renewalOpportunities, usageSignals } from './renewals-usage'

const noon = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 4)
const k = (id: string, p: Partial<Contract> = {}): Contract => ({
  id,
  number: id,
  customerId: `cust-${id}`,
  collectorId: 'rep',
  orgUnitId: 't',
  amount: 1_000_000,
  currency: 'CNY',
  signedAt: noon('2025-12-20'),
  status: 'active',
  createdAt: 0,
  createdBy: 'mgr',
  ...p
})
let seq = 0
const r = (contractId: string, date: string, used: number, p: Partial<UsageReading> = {}): UsageReading => ({
  id: `r${++seq}`,
  contractId,
  metric: 'credits',
  measure: 'cumulative',
  date,
  used,
  recordedBy: 'rep',
  recordedAt: noon(date),
  ...p
})

const today = dayOfDate('2026-06-15')
const win = (withinDays = 60) => ({ today, withinDays, dayOf: localDayReader('Asia/Shanghai') })

describe('usage signals (15 June 2026)', () => {
  // Irregular readings of a 10,000-credit prepaid quota. The burn window (90 days before 10 June)
  // starts on 12 March, so the rate runs from 2 April: (7,000 − 3,100) / 69 days = 56.5 a day;
  // the 3,000 left last 53.1 → 54 days: out on 3 August, 49 days from today.
  const k1 = k('k1', { startDate: '2026-01-01', endDate: '2026-12-31' })
  const k1Readings = [
    r('k1', '2026-03-10', 2_000, { entitled: 10_000 }),
    r('k1', '2026-04-02', 3_100, { entitled: 10_000 }),
    r('k1', '2026-05-20', 5_500, { entitled: 10_000 }),
    r('k1', '2026-06-10', 7_000, { entitled: 10_000 })
  ]

  it('a prepaid quota burning at its recent rate runs out within the window', () => {
    const [c, ...rest] = usageSignals([k1], k1Readings, win()).candidates
    expect(rest).toEqual([])
    expect(c!.reason).toEqual({
      kind: 'usageRunsOut',
      metric: 'credits',
      used: 7_000,
      entitled: 10_000,
      perDay: 3_900 / 69,
      exhaustDay: dayOfDate('2026-08-03'),
      daysLeft: 49,
      exhausted: false,
      readingDay: dayOfDate('2026-06-10')
    })
    // A 45-day window does not reach 3 August.
    expect(usageSignals([k1], k1Readings, win(45)).candidates).toEqual([])
  })

  it('the same readings in another order give the same answer', () => {
    const shuffled = [k1Readings[2]!, k1Readings[0]!, k1Readings[3]!, k1Readings[1]!]
    expect(usageSignals([k1], shuffled, win())).toEqual(usageSignals([k1], k1Readings, win()))
  })

  it('a single reading burns from the term start at zero', () => {
    // 750 of 1,000 used in the 92 days from 1 March to 1 June: 250 left at 8.15 a day = 30.7 → 31 days → 2 July.
    const k2 = k('k2', { startDate: '2026-03-01', endDate: '2027-02-28' })
    const [c] = usageSignals([k2], [r('k2', '2026-06-01', 750, { entitled: 1_000 })], win()).candidates
    expect(c!.reason).toMatchObject({ kind: 'usageRunsOut', exhaustDay: dayOfDate('2026-07-02'), daysLeft: 17, exhausted: false })
    // Without a term start, from the signature (20 Dec 2025, 163 days): 250 / (750 / 163) = 54.3 → 55 days → 26 July.
    const k2b = k('k2b', { endDate: '2027-02-28' })
    const [b] = usageSignals([k2b], [r('k2b', '2026-06-01', 750, { entitled: 1_000 })], win()).candidates
    expect(b!.reason).toMatchObject({ exhaustDay: dayOfDate('2026-07-26'), daysLeft: 41 })
  })

  it('a quota already used up is listed from the day it was crossed', () => {
    const k8 = k('k8', { endDate: '2026-12-31' })
    const [c] = usageSignals([k8], [r('k8', '2026-05-01', 900, { entitled: 1_000 }), r('k8', '2026-06-01', 1_020, { entitled: 1_000 })], win()).candidates
    expect(c!.reason).toMatchObject({ kind: 'usageRunsOut', exhausted: true, exhaustDay: dayOfDate('2026-06-01'), daysLeft: -14, used: 1_020 })
  })

  it('running out after the term ends is left to the term end', () => {
    // 600 of 1,000 on 1 June, 6.6 a day since 2 March (91 days): 400 left last 60.7 → 61 days, out on 1 August, 47 days away,
    // but the term ends on 1 July.
    const k9 = k('k9', { endDate: '2026-07-01' })
    const readings = [r('k9', '2026-03-02', 0, { entitled: 1_000 }), r('k9', '2026-06-01', 600, { entitled: 1_000 })]
    expect(usageSignals([k9], readings, win()).candidates).toEqual([])
    const longer = usageSignals([{ ...k9, endDate: '2026-12-31' }], readings, win()).candidates
    expect(longer.map((c) => [c.reason.kind, c.reason.daysLeft])).toEqual([['usageRunsOut', 47]])
  })

  it('seats nearly full ask for an expansion, in a contract of any currency; metric names match loosely', () => {
    const usd = k('k4', { currency: 'USD', amount: 48_000_00 })
    const readings = [r('k4', '2026-05-01', 40, { metric: 'Seats', measure: 'level', entitled: 50 }), r('k4', '2026-06-01', 46, { metric: ' seats ', measure: 'level', entitled: 50 })]
    const [c, ...rest] = usageSignals([usd], readings, win()).candidates
    expect(rest).toEqual([])
    expect(c!.contract.currency).toBe('USD')
    expect(c!.reason).toEqual({ kind: 'usageNearCap', metric: 'seats', used: 46, entitled: 50, percent: 92, readingDay: dayOfDate('2026-06-01'), daysLeft: 0 })
    // 44 of 50 (88 %) is not yet an expansion.
    expect(usageSignals([usd], [r('k4', '2026-06-01', 44, { measure: 'level', entitled: 50 })], win()).candidates).toEqual([])
  })

  it('no entitlement, old readings only, a renewal already opened or a terminated contract: no signal', () => {
    const contracts = [k('k3'), k('k5'), k('k6', { renewalDealId: 'd' }), k('k7', { status: 'terminated' })]
    const readings = [
      r('k3', '2026-06-01', 5_000_000),
      r('k3', '2026-06-10', 9_000_000, { measure: 'level' }),
      // 156 days old: the console export of January says nothing about June.
      r('k5', '2026-01-10', 50, { measure: 'level', entitled: 50 }),
      r('k6', '2026-06-01', 50, { measure: 'level', entitled: 50 }),
      r('k7', '2026-06-01', 50, { measure: 'level', entitled: 50 })
    ]
    expect(usageSignals(contracts, readings, win())).toEqual({ candidates: [], risks: new Map() })
  })

  it('a term ending on weak use carries the churn risk, with the numbers', () => {
    const seats = k('w1', { startDate: '2025-07-21', endDate: '2026-07-20' })
    // 20,000 used by 1 April, 26,100 by 1 June (100 a day over 61 days): by the end on 31 July,
    // 26,100 + 60 × 100 = 32,100 of 100,000 — 32 %.
    const quota = k('w2', { startDate: '2025-08-01', endDate: '2026-07-31' })
    const healthy = k('w3', { endDate: '2026-07-10' })
    const readings = [
      r('w1', '2026-06-01', 12, { measure: 'level', entitled: 40 }),
      r('w2', '2026-04-01', 20_000, { entitled: 100_000 }),
      r('w2', '2026-06-01', 26_100, { entitled: 100_000 }),
      r('w3', '2026-06-01', 30, { measure: 'level', entitled: 40 })
    ]
    const out = renewalOpportunities([seats, quota, healthy], readings, win())
    expect(out.map((c) => [c.contract.id, c.reason.kind, c.reason.daysLeft, c.churnRisk])).toEqual([
      ['w3', 'termEnds', 25, undefined],
      ['w1', 'termEnds', 35, { metric: 'credits', used: 12, entitled: 40, percent: 30, readingDay: dayOfDate('2026-06-01') }],
      ['w2', 'termEnds', 46, { metric: 'credits', used: 26_100, entitled: 100_000, percent: 26, projectedPercent: 32, readingDay: dayOfDate('2026-06-01') }]
    ])
  })

  it('merges usage with term ends, soonest first', () => {
    const out = renewalOpportunities([k1, k('e', { endDate: '2026-07-01' })], k1Readings, win())
    expect(out.map((c) => [c.contract.id, c.reason.kind, c.reason.daysLeft])).toEqual([
      ['e', 'termEnds', 16],
      ['k1', 'usageRunsOut', 49]
    ])
  })
})

describe('usage signals, properties', () => {
  const contract = k('p', { startDate: '2026-01-01', endDate: '2026-12-31' })
  const reading = fc.record({
    offset: fc.integer({ min: 0, max: 200 }),
    used: fc.integer({ min: 0, max: 2_000 }),
    entitled: fc.option(fc.integer({ min: 1, max: 1_500 }), { nil: undefined }),
    metric: fc.constantFrom('seats', 'credits'),
    measure: fc.constantFrom('level' as const, 'cumulative' as const)
  })
  const rows = fc.array(reading, { maxLength: 12 }).map((list) =>
    list.map((x, i): UsageReading => {
      const date = new Date((dayOfDate('2026-01-01') + x.offset) * 86_400_000).toISOString().slice(0, 10)
      const row = r('p', date, x.used, { id: `p${i}`, metric: x.metric, measure: x.measure, recordedAt: i })
      if (x.entitled !== undefined) row.entitled = x.entitled
      return row
    })
  )

  it('order of the readings never matters, and every signal says what its numbers say', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 7, max: 365 }), (list, withinDays) => {
        const a = usageSignals([contract], list, win(withinDays))
        const b = usageSignals([contract], [...list].reverse(), win(withinDays))
        expect(b).toEqual(a)
        for (const c of a.candidates) {
          if (c.reason.kind === 'usageNearCap') expect(c.reason.used / c.reason.entitled).toBeGreaterThanOrEqual(0.9)
          if (c.reason.kind === 'usageRunsOut' && !c.reason.exhausted) {
            expect(c.reason.used).toBeLessThan(c.reason.entitled)
            expect(c.reason.daysLeft).toBeLessThanOrEqual(withinDays)
            expect(c.reason.exhaustDay).toBeLessThanOrEqual(dayOfDate('2026-12-31'))
          }
          if (c.reason.kind === 'usageRunsOut' && c.reason.exhausted) expect(c.reason.used).toBeGreaterThanOrEqual(c.reason.entitled)
        }
      })
    )
  })
})
