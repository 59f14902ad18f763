import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, ForecastSnapshot, SalesProcess } from '../model'
import { accuracyByRep, accuracyByWeek, dueSnapshots, forecastAccuracy, forecastDeals, forecastPeriod } from './forecast'

const START = Date.parse('2026-11-01T00:00:00+08:00')
const END = Date.parse('2026-12-01T00:00:00+08:00')
const MID = START + 10 * 86_400_000

const process = {
  id: 'p1',
  stages: [
    { id: 'a', probability: 20 },
    { id: 'b', probability: 60 }
  ]
} as unknown as SalesProcess
const processes = new Map([['p1', process]])

let n = 0
const deal = (over: Partial<Deal>): Deal =>
  ({
    id: `d${n++}`,
    processId: 'p1',
    stageId: 'a',
    amount: 100_00,
    currency: 'CNY',
    status: 'open',
    forecastCategory: 'pipeline',
    expectedCloseAt: MID,
    ...over
  }) as Deal

describe('forecastPeriod', () => {
  it('sums a hand-checked month', () => {
    const f = forecastPeriod(
      [
        deal({ status: 'won', closedAt: MID, amount: 500_00 }),
        deal({ status: 'won', closedAt: START - 1, amount: 999_00 }),
        deal({ stageId: 'b', forecastCategory: 'commit', amount: 1000_00 }),
        // The manager downgrades the rep's commit; both are kept.
        deal({ stageId: 'b', forecastCategory: 'commit', managerForecastCategory: 'best_case', amount: 200_00, probability: 50 }),
        deal({ amount: 300_00 }),
        deal({ amount: 400_00, expectedCloseAt: END }),
        deal({ amount: 50_00, forecastCategory: 'omitted' })
      ],
      processes,
      START,
      END
    )
    expect(f).toMatchObject({
      won: 500_00,
      commit: 1000_00,
      bestCase: 200_00,
      pipeline: 300_00,
      repCommit: 1200_00,
      overridden: 1
    })
    expect(f.weighted).toBe(600_00 + 100_00 + 60_00)
    expect(f.openTotal).toBe(1500_00)
  })

  it('weighted never exceeds the open total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 0, max: 1e12 }),
            probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
            stageId: fc.constantFrom('a', 'b', 'gone'),
            forecastCategory: fc.constantFrom('pipeline', 'best_case', 'commit', 'omitted') as fc.Arbitrary<
              Deal['forecastCategory']
            >
          })
        ),
        (rows) => {
          const f = forecastPeriod(
            rows.map((r) => deal(r)),
            processes,
            START,
            END
          )
          expect(f.weighted).toBeLessThanOrEqual(f.openTotal + rows.length)
          expect(f.commit + f.bestCase + f.pipeline).toBe(f.openTotal)
        }
      )
    )
  })
})

describe('forecastAccuracy', () => {
  const snap = (periodStart: string, takenAt: number, won: number, commit: number): ForecastSnapshot => ({
    id: `${periodStart}-${takenAt}`,
    takenAt,
    trigger: 'weekly',
    period: 'month',
    periodStart,
    scopeKind: 'orgUnit',
    scopeId: 'team',
    won,
    commit,
    bestCase: 0,
    pipeline: 0,
    weighted: 0
  })

  it('uses the first snapshot of each period and signs the error', () => {
    const points = forecastAccuracy(
      [
        snap('2026-09-01', 2, 0, 900),
        snap('2026-09-01', 1, 100, 1100),
        snap('2026-10-01', 5, 0, 400),
        snap('2026-11-01', 9, 0, 1)
      ],
      new Map([
        ['2026-09-01', 1000],
        ['2026-10-01', 500]
      ]),
      'team'
    )
    // September: called 100 + 1100 = 1200 vs 1000 won → over-call of 200 (+20%).
    // October: called 400 vs 500 → sandbagging of 100 (−20%). November has no actual yet.
    expect(points.map((p) => [p.periodStart, p.error, p.errorRatio])).toEqual([
      ['2026-09-01', 200, 0.2],
      ['2026-10-01', -100, -0.2]
    ])
  })
})

describe('dueSnapshots', () => {
  const s = (trigger: ForecastSnapshot['trigger'], takenAt: number, periodStart = '2026-11-01') => ({
    trigger,
    takenAt,
    period: 'month' as const,
    periodStart
  })
  const WEEK = 1000

  it('takes the period-start snapshot first, then one a week, and never twice', () => {
    expect(dueSnapshots([s('weekly', 5000, '2026-10-01')], '2026-11-01', WEEK)).toEqual([{ trigger: 'period_start' }])
    expect(dueSnapshots([s('period_start', 10)], '2026-11-01', WEEK)).toEqual([{ trigger: 'weekly' }])
    expect(dueSnapshots([s('period_start', 10), s('manual', WEEK + 1)], '2026-11-01', WEEK)).toEqual([])
  })
})

describe('accuracyByWeek', () => {
  const snap = (
    periodStart: string,
    takenAt: number,
    won: number,
    commit: number,
    trigger: ForecastSnapshot['trigger'] = 'weekly'
  ): ForecastSnapshot => ({
    id: `${periodStart}-${takenAt}`,
    takenAt,
    trigger,
    period: 'month',
    periodStart,
    scopeKind: 'orgUnit',
    scopeId: 'team',
    won,
    commit,
    bestCase: 0,
    pipeline: 0,
    weighted: 0
  })

  it('averages the signed error per week of the period, ignoring manual snapshots', () => {
    const rows = accuracyByWeek(
      [
        snap('2026-09-01', 1, 0, 1500, 'period_start'),
        snap('2026-09-01', 2, 500, 600),
        snap('2026-09-01', 3, 0, 0, 'manual'),
        snap('2026-10-01', 1, 0, 500, 'period_start'),
        snap('2026-10-01', 2, 400, 500)
      ],
      new Map([
        ['2026-09-01', 1000],
        ['2026-10-01', 1000]
      ]),
      'team'
    )
    // Week 0: +50% and −50% → 0; week 1: +10% and −10% → 0, from two periods each.
    expect(rows.map((r) => [r.week, Math.round(r.meanErrorRatio * 100), r.periods])).toEqual([
      [0, 0, 2],
      [1, 0, 2]
    ])
  })
})

describe('forecastDeals', () => {
  it('lists exactly the deals each figure sums, so a figure opens to its own deals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 0, max: 1_000_000 }),
            status: fc.constantFrom('open', 'won', 'lost'),
            forecastCategory: fc.constantFrom('pipeline', 'best_case', 'commit', 'omitted'),
            at: fc.integer({ min: START - 20 * 86_400_000, max: END + 20 * 86_400_000 })
          }),
          { maxLength: 40 }
        ),
        (rows) => {
          const deals = rows.map((r) =>
            deal({
              amount: r.amount,
              status: r.status as Deal['status'],
              forecastCategory: r.forecastCategory as Deal['forecastCategory'],
              expectedCloseAt: r.at,
              closedAt: r.at
            })
          )
          const f = forecastPeriod(deals, processes, START, END)
          const behind = forecastDeals(deals, START, END)
          const sum = (ds: Deal[]): number => ds.reduce((a, d) => a + d.amount, 0)
          expect(sum(behind.won)).toBe(f.won)
          expect(sum(behind.commit)).toBe(f.commit)
          expect(sum(behind.best_case)).toBe(f.bestCase)
          expect(sum(behind.open)).toBe(f.openTotal)
          expect(behind.won.length + behind.open.length).toBe(f.dealCount)
        }
      )
    )
  })
})

describe('accuracyByRep', () => {
  const snap = (scopeId: string, periodStart: string, takenAt: number, won: number, commit: number): ForecastSnapshot => ({
    id: `${scopeId}-${periodStart}-${takenAt}`,
    takenAt,
    trigger: 'period_start',
    period: 'month',
    periodStart,
    scopeKind: 'user',
    scopeId,
    won,
    commit,
    bestCase: 0,
    pipeline: 0,
    weighted: 0
  })

  it('signs each rep: over-call positive, sandbagging negative, a month with nothing won only in the amount', () => {
    const rows = accuracyByRep(
      [
        snap('wang', '2026-09-01', 1, 0, 1500),
        snap('wang', '2026-10-01', 1, 0, 600),
        snap('li', '2026-10-01', 1, 100, 300),
        snap('li', '2026-11-01', 1, 0, 200),
        snap('zhao', '2026-10-01', 1, 0, 100)
      ],
      new Map([
        [
          'wang',
          new Map([
            ['2026-09-01', 1000],
            ['2026-10-01', 400]
          ])
        ],
        [
          'li',
          new Map([
            ['2026-10-01', 800],
            ['2026-11-01', 0]
          ])
        ]
      ]),
      ['wang', 'li', 'zhao', 'chen']
    )
    // Wang: September +500 (+50%), October +200 (+50%) → mean +50%, +700.
    // Li: October 400 called vs 800 → −400 (−50%); November called 200, won 0 → +200, no ratio.
    // Zhao has a snapshot but no actuals; Chen has nothing: both left out.
    expect(rows).toEqual([
      { repId: 'wang', meanErrorRatio: 0.5, error: 700, periods: 2 },
      { repId: 'li', meanErrorRatio: -0.5, error: -200, periods: 2 }
    ])
  })
})
