import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, ForecastSnapshot, SalesProcess } from '../model'
import { accuracyByRep, accuracyByWeek, accuracyOf, dueSnapshots, forecastAccuracy, forecastDeals, forecastPeriod } from './forecast'

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

  it('uses the first snapshot of each closed period and signs the error against the call', () => {
    const points = forecastAccuracy(
      [
        snap('2026-09-01', 2, 0, 900),
        snap('2026-09-01', 1, 100, 1150),
        snap('2026-10-01', 5, 0, 400),
        snap('2026-11-01', 9, 0, 1)
      ],
      new Map([
        ['2026-09-01', 1000],
        ['2026-10-01', 500],
        ['2026-11-01', 0]
      ]),
      'team',
      { closedBefore: '2026-11-01' }
    )
    // September: called 100 + 1150 = 1250 vs 1000 won → over-call of 250, 250 / 1250 = +20%.
    // October: called 400 vs 500 → sandbagging of 100, −100 / 400 = −25%.
    // November is not over: it is not judged, whatever has been won so far.
    expect(points.map((p) => [p.periodStart, p.error, p.errorRatio])).toEqual([
      ['2026-09-01', 250, 0.2],
      ['2026-10-01', -100, -0.25]
    ])
  })

  it('a period where nothing was called has an amount but no ratio', () => {
    expect(accuracyOf(0, 300)).toEqual({ called: 0, actual: 300, error: -300, errorRatio: null })
    expect(accuracyOf(500, 0)).toEqual({ called: 500, actual: 0, error: 500, errorRatio: 1 })
  })
})

/** Random snapshots and results of one scope or several reps over past months. */
const monthArb = fc.constantFrom('2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01')
const snapArb = fc.record({
  scopeId: fc.constantFrom('wang', 'li', 'zhao'),
  periodStart: monthArb,
  takenAt: fc.integer({ min: 0, max: 1e6 }),
  won: fc.integer({ min: 0, max: 5_000_000 }),
  commit: fc.integer({ min: 0, max: 50_000_000 }),
  trigger: fc.constantFrom('period_start', 'weekly', 'manual') as fc.Arbitrary<ForecastSnapshot['trigger']>
})
type SnapRow = Pick<ForecastSnapshot, 'scopeId' | 'periodStart' | 'takenAt' | 'won' | 'commit' | 'trigger'>
const toSnapshot = (x: SnapRow, i: number): ForecastSnapshot => ({
  id: `s${i}`,
  period: 'month',
  scopeKind: 'user',
  bestCase: 0,
  pipeline: 0,
  weighted: 0,
  ...x
})
const wonArb = fc.dictionary(fc.constantFrom('wang', 'li', 'zhao'), fc.dictionary(monthArb, fc.integer({ min: 0, max: 60_000_000 })))
const sign = (x: number | null): number => (x === null ? 0 : Math.sign(x))

describe('forecast accuracy: the signs always agree (issue 14)', () => {
  it('per period, per rep and per week, "called − won" and the error ratio have the same sign', () => {
    fc.assert(
      fc.property(fc.array(snapArb, { maxLength: 40 }), wonArb, (raw, won) => {
        const snapshots = raw.map(toSnapshot)
        const wonByRep = new Map(Object.entries(won).map(([rep, m]) => [rep, new Map(Object.entries(m))]))
        const options = { closedBefore: '2026-11-01' }
        const reps = accuracyByRep(snapshots, wonByRep, ['wang', 'li', 'zhao'], options)
        for (const r of reps) {
          if (r.errorRatio !== null) expect(sign(r.errorRatio)).toBe(Math.sign(r.error))
          // Amount and percentage come from the same months: the ratio is the amount over the summed call.
          if (r.errorRatio !== null) expect(r.errorRatio).toBeCloseTo(r.error / r.called, 9)
          expect(r.error).toBe(r.called - r.actual)
          expect(r.periodStarts.every((m) => m < options.closedBefore)).toBe(true)
          const points = forecastAccuracy(
            snapshots.filter((s) => s.scopeId === r.repId),
            wonByRep.get(r.repId)!,
            r.repId,
            options
          )
          expect(r.error).toBe(points.reduce((a, p) => a + p.error, 0))
          for (const p of points) if (p.errorRatio !== null) expect(sign(p.errorRatio)).toBe(Math.sign(p.error))
        }
        for (const rep of ['wang', 'li', 'zhao']) {
          for (const w of accuracyByWeek(snapshots, wonByRep.get(rep) ?? new Map(), rep, options)) {
            if (w.errorRatio !== null) expect(sign(w.errorRatio)).toBe(Math.sign(w.error))
          }
        }
      })
    )
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

  it('pools the signed error per week of the closed periods, ignoring manual snapshots', () => {
    const rows = accuracyByWeek(
      [
        snap('2026-09-01', 1, 0, 1500, 'period_start'),
        snap('2026-09-01', 2, 500, 600),
        snap('2026-09-01', 3, 0, 0, 'manual'),
        snap('2026-10-01', 1, 0, 500, 'period_start'),
        snap('2026-10-01', 2, 400, 500),
        snap('2026-11-01', 1, 0, 9000, 'period_start')
      ],
      new Map([
        ['2026-09-01', 1000],
        ['2026-10-01', 1000],
        ['2026-11-01', 10]
      ]),
      'team',
      { closedBefore: '2026-11-01' }
    )
    // Week 0: called 1500 + 500 = 2000 against 2000 won → 0. Week 1: 1100 + 900 = 2000 → 0.
    // November is still running and stays out.
    expect(rows.map((r) => [r.week, r.called, r.actual, r.error, r.periods])).toEqual([
      [0, 2000, 2000, 0, 2],
      [1, 2000, 2000, 0, 2]
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
          const sum = (ds: Deal[]): number => ds.reduce((a, d) => a + (d.amount ?? 0), 0)
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

  it('pools each rep over the same closed months: amount and percentage from the same months', () => {
    const rows = accuracyByRep(
      [
        snap('wang', '2026-09-01', 1, 0, 1500),
        snap('wang', '2026-10-01', 1, 0, 600),
        snap('li', '2026-10-01', 1, 100, 300),
        snap('li', '2026-11-01', 1, 0, 200),
        snap('zhao', '2026-10-01', 1, 0, 100),
        snap('wang', '2026-12-01', 1, 0, 99_999)
      ],
      new Map([
        [
          'wang',
          new Map([
            ['2026-09-01', 1000],
            ['2026-10-01', 400],
            ['2026-12-01', 5]
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
      ['wang', 'li', 'zhao', 'chen'],
      { closedBefore: '2026-12-01' }
    )
    // Wang: called 1500 + 600 = 2100, won 1400 → +700, 700 / 2100 = +33%. December is not over.
    // Li: called 400 + 200 = 600, won 800 → −200, −200 / 600 = −33%: the month with nothing won
    // counts in both the amount and the percentage (before: −50% beside −200, and +ratio beside
    // −amount for others). Zhao has a snapshot but no actuals; Chen has nothing: both left out.
    expect(rows).toEqual([
      { repId: 'wang', called: 2100, actual: 1400, error: 700, errorRatio: 1 / 3, periods: 2, periodStarts: ['2026-09-01', '2026-10-01'] },
      { repId: 'li', called: 600, actual: 800, error: -200, errorRatio: -1 / 3, periods: 2, periodStarts: ['2026-10-01', '2026-11-01'] }
    ])
  })
})
