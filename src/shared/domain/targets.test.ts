import { describe, expect, it } from 'vitest'
import type { Activity, Deal, OrgUnit, Target, User } from '../model'
import fc from 'fast-check'
import { honours, leaderboard } from './heroes'
import { actualsByRep, findTarget, periodRange, rollUpTargets, shiftPeriod, spreadTarget, stretchBelowObjective, toEntered, toStored } from './targets'

const TZ = 'Asia/Shanghai'
const H = 3_600_000
/** 2026-11-18 is a Wednesday; Shanghai is UTC+8 all year. */
const wed = Date.UTC(2026, 10, 18, 2) // 10:00 local

describe('target periods', () => {
  it('a week starts on Monday 00:00 local and runs seven days', () => {
    const r = periodRange('week', wed, TZ)
    expect(r.periodStart).toBe('2026-11-16')
    expect(r.start).toBe(Date.UTC(2026, 10, 15, 16))
    expect(r.end).toBe(Date.UTC(2026, 10, 22, 16))
  })

  it('Sunday 23:59 belongs to the week before; Monday 00:00 opens the next', () => {
    expect(periodRange('week', Date.UTC(2026, 10, 22, 15, 59), TZ).periodStart).toBe('2026-11-16')
    expect(periodRange('week', Date.UTC(2026, 10, 22, 16), TZ).periodStart).toBe('2026-11-23')
  })

  it('a month and a day are cut at local midnight, not UTC', () => {
    // 2026-11-30 20:00 UTC is already December 1st in Shanghai.
    const m = periodRange('month', Date.UTC(2026, 10, 30, 20), TZ)
    expect(m.periodStart).toBe('2026-12-01')
    expect(m.end - m.start).toBe(31 * 24 * H)
    expect(periodRange('day', Date.UTC(2026, 10, 30, 20), TZ)).toEqual({ start: Date.UTC(2026, 10, 30, 16), end: Date.UTC(2026, 11, 1, 16), periodStart: '2026-12-01' })
  })

  it('a week across a month boundary keeps its Monday', () => {
    expect(periodRange('week', Date.UTC(2026, 11, 2, 2), TZ).periodStart).toBe('2026-11-30')
  })

  it('steps periods forward and back', () => {
    expect(periodRange('month', shiftPeriod('month', wed, 1, TZ), TZ).periodStart).toBe('2026-12-01')
    expect(periodRange('month', shiftPeriod('month', wed, 2, TZ), TZ).periodStart).toBe('2027-01-01')
    expect(periodRange('week', shiftPeriod('week', wed, -1, TZ), TZ).periodStart).toBe('2026-11-09')
    expect(periodRange('day', shiftPeriod('day', wed, 0, TZ), TZ).periodStart).toBe('2026-11-18')
    // A zone with daylight saving: the week after the spring change still starts on Monday.
    expect(periodRange('week', shiftPeriod('week', Date.UTC(2026, 2, 4, 12), 1, 'Europe/Berlin'), 'Europe/Berlin').periodStart).toBe('2026-03-09')
  })

  it('money targets are entered in yuan and stored in fen', () => {
    expect(toStored('won_amount', 12_345.67)).toBe(1_234_567)
    expect(toEntered('won_amount', 1_234_567)).toBe(12_345.67)
    expect(toStored('visits', 160)).toBe(160)
  })
})

const units: OrgUnit[] = [
  { id: 'east', kind: 'region', name: 'East', parentId: null },
  { id: 'sh', kind: 'team', name: 'Shanghai', parentId: 'east' },
  { id: 'hz', kind: 'team', name: 'Hangzhou', parentId: 'east' },
  { id: 'bj', kind: 'team', name: 'Beijing', parentId: null }
]
const users: User[] = [
  { id: 'a', name: 'a', role: 'rep', orgUnitId: 'sh', active: true },
  { id: 'b', name: 'b', role: 'rep', orgUnitId: 'sh', active: true },
  { id: 'c', name: 'c', role: 'rep', orgUnitId: 'hz', active: true },
  { id: 'gone', name: 'gone', role: 'rep', orgUnitId: 'hz', active: false },
  { id: 'm', name: 'm', role: 'team_lead', orgUnitId: 'sh', active: true },
  { id: 'd', name: 'd', role: 'rep', orgUnitId: 'bj', active: true }
]
let n = 0
const target = (scopeKind: Target['scopeKind'], scopeId: string, objective: number, stretch?: number, over: Partial<Target> = {}): Target => ({
  id: `t${n++}`, scopeKind, scopeId, period: 'month', periodStart: '2026-11-01', metric: 'won_amount', objective, ...(stretch === undefined ? {} : { stretch }), ...over
})

describe('target roll-up', () => {
  const targets = [
    target('user', 'a', 100_000, 150_000),
    target('user', 'b', 200_000), // no stretch: counts the objective
    target('user', 'c', 50_000, 60_000),
    target('user', 'gone', 999_999), // left: not in the roll-up
    target('user', 'd', 70_000),
    target('user', 'a', 7, 9, { metric: 'visits' }), // another metric
    target('user', 'b', 1, 1, { periodStart: '2026-10-01' }), // another month
    target('user', 'c', 1, 1, { deleted: true }),
    target('orgUnit', 'sh', 300_000)
  ]

  it('adds up the reps of a team', () => {
    expect(rollUpTargets(targets, 'sh', units, users, 'month', '2026-11-01', 'won_amount')).toEqual({ objective: 300_000, stretch: 350_000, withTarget: 2, reps: 2 })
  })

  it('a region adds up every team under it, not other regions', () => {
    expect(rollUpTargets(targets, 'east', units, users, 'month', '2026-11-01', 'won_amount')).toEqual({ objective: 350_000, stretch: 410_000, withTarget: 3, reps: 3 })
  })

  it('counts reps without a target and other metrics separately', () => {
    expect(rollUpTargets(targets, 'east', units, users, 'month', '2026-11-01', 'visits')).toEqual({ objective: 7, stretch: 9, withTarget: 1, reps: 3 })
    expect(rollUpTargets([], 'bj', units, users, 'month', '2026-11-01', 'won_amount')).toEqual({ objective: 0, stretch: 0, withTarget: 0, reps: 1 })
  })

  it('finds a target by scope, period and metric, skipping removed ones', () => {
    expect(findTarget(targets, 'orgUnit', 'sh', 'month', '2026-11-01', 'won_amount')?.objective).toBe(300_000)
    expect(findTarget(targets, 'user', 'c', 'month', '2026-11-01', 'won_amount')?.objective).toBe(50_000)
    expect(findTarget(targets, 'user', 'a', 'week', '2026-11-01', 'won_amount')).toBeUndefined()
  })
})

describe('actuals', () => {
  // A claim and a new record are not new customers (./new-customers.ts); d1 has no customer to be new.
  it('counts won deals, done visits (a ride-along logged against a visit once) and new customers', () => {
    const at = wed
    const act = (over: Partial<Activity>): Activity => ({ id: `x${n++}`, kind: 'visit', customerId: 'c1', dealId: null, userId: 'a', at, status: 'done', ...over })
    const activities = [
      act({}),
      act({ status: 'planned' }),
      act({ kind: 'ride_along', otherUserId: 'm' }), // stands for the visit
      act({ kind: 'ride_along', otherUserId: 'm', from: 'v1' }), // coaching on a visit already counted
      act({ kind: 'pool_claim' }),
      act({ at: at - 40 * 24 * H })
    ]
    const deals = [{ id: 'd1', ownerId: 'a', status: 'won', amount: 5000, currency: 'CNY', closedAt: at } as Deal, { id: 'd2', ownerId: 'a', status: 'lost', amount: 9, currency: 'CNY', closedAt: at } as Deal]
    const r = periodRange('month', wed, TZ)
    expect(actualsByRep({ deals, activities }, r.start, r.end, { rates: { base: 'CNY', perUnit: {} } }).get('a')).toEqual({ won_amount: 5000, visits: 2, new_customers: 0 })
  })

  it('won amounts of a mixed CNY/USD workspace convert at the workspace rates — the heroes card and kickoff never add dollars as yuan', () => {
    const at = Date.parse('2026-03-10T10:00:00+08:00')
    const won = (id: string, ownerId: string, amount: number, currency: string): Deal => ({ id, ownerId, status: 'won', amount, currency, closedAt: at }) as Deal
    // a: ¥500,000 + $100,000; b: ¥1,000,000. Added raw, a "wins" with 600,000; at 7.1 a has ¥1,210,000.
    const deals = [won('d1', 'a', 500_000_00, 'CNY'), won('d2', 'a', 100_000_00, 'USD'), won('d3', 'b', 1_000_000_00, 'CNY'), won('d4', 'c', 50_000_00, 'EUR')]
    const r = periodRange('month', at, TZ)
    const rates = { base: 'CNY', perUnit: { USD: 7.1 } }
    const actuals = actualsByRep({ deals, activities: [] }, r.start, r.end, { rates })
    expect(actuals.get('a')!.won_amount).toBe(1_210_000_00)
    expect(actuals.get('a')!.won_amount).not.toBe(600_000_00)
    expect(actuals.get('b')!.won_amount).toBe(1_000_000_00)
    // No EUR rate: left out (the view says which currency is missing), not counted as yuan.
    expect(actuals.get('c')?.won_amount ?? 0).toBe(0)
    // The ranking follows the converted amounts: a is the top seller, not b.
    expect(leaderboard(actuals, 'won_amount', new Set(['a', 'b', 'c']))[0]!.userId).toBe('a')
    expect(honours(actuals, new Set(['a', 'b', 'c'])).find((h) => h.honour === 'topSales')).toMatchObject({ userId: 'a', value: 1_210_000_00 })
    // In dollars (a card whose deals are all USD shows USD): the same deals at the inverse rate.
    expect(actualsByRep({ deals, activities: [] }, r.start, r.end, { rates, into: 'USD' }).get('b')!.won_amount).toBe(Math.round(1_000_000_00 / 7.1))
  })
})

describe('stretch against objective', () => {
  it('warns only when a stretch is set below the objective', () => {
    expect(stretchBelowObjective(100, 90)).toBe(true)
    expect(stretchBelowObjective(100, 100)).toBe(false)
    expect(stretchBelowObjective(100, 120)).toBe(false)
    expect(stretchBelowObjective(100, undefined)).toBe(false)
    expect(stretchBelowObjective(undefined, 50)).toBe(false)
  })
})

describe('spreading a team target over its reps', () => {
  it('evenly, to the unit: the reps add up to the team exactly', () => {
    const s = spreadTarget(100, ['a', 'b', 'c'], 'even')
    expect([...s.values()].reduce((x, y) => x + y, 0)).toBe(100)
    expect([...s.values()].sort()).toEqual([33, 33, 34])
  })

  it('by last period’s share; nobody did anything: evenly; a rep new this period gets nothing by share', () => {
    const last = new Map([['a', 300], ['b', 100]])
    expect(Object.fromEntries(spreadTarget(1000, ['a', 'b', 'c'], 'share', last))).toEqual({ a: 750, b: 250, c: 0 })
    expect(Object.fromEntries(spreadTarget(9, ['a', 'b', 'c'], 'share', new Map()))).toEqual({ a: 3, b: 3, c: 3 })
    expect(spreadTarget(5, [], 'even').size).toBe(0)
  })

  it('property: always sums to the total, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }), fc.boolean(), (total, shares, byShare) => {
        const ids = shares.map((_, i) => `r${i}`)
        const s = spreadTarget(total, ids, byShare ? 'share' : 'even', new Map(ids.map((id, i) => [id, shares[i]!])))
        const values = [...s.values()]
        expect(values.reduce((a, b) => a + b, 0)).toBe(total)
        for (const v of values) expect(v).toBeGreaterThanOrEqual(0)
      })
    )
  })
})
