import { describe, expect, it } from 'vitest'
import type { Deal, OrgUnit, Target } from '../model'
import { forecastWindow, snapshotScopeOf, targetCoverage, wonAmountTarget, wonByRep } from './forecast-period'

const TZ = 'Asia/Shanghai'

describe('forecastWindow', () => {
  it('a quarter is its three local months; the window ends where the next quarter starts', () => {
    const w = forecastWindow('quarter', Date.parse('2026-11-17T10:00:00+08:00'), TZ)
    expect([...w.monthKeys]).toEqual(['2026-10-01', '2026-11-01', '2026-12-01'])
    expect(w.periodStart).toBe('2026-10-01')
    expect(w.start).toBe(Date.parse('2026-10-01T00:00:00+08:00'))
    expect(w.end).toBe(Date.parse('2027-01-01T00:00:00+08:00'))
  })

  it('a month in the user zone: 1 March 00:30 in Shanghai is March, though still February in UTC', () => {
    const w = forecastWindow('month', Date.parse('2026-03-01T00:30:00+08:00'), TZ)
    expect(w.months).toEqual([Date.parse('2026-03-01T00:00:00+08:00')])
    expect(w.end).toBe(Date.parse('2026-04-01T00:00:00+08:00'))
  })

  it('an old quarter across the DST China kept in 1988 still has three whole months', () => {
    const w = forecastWindow('quarter', Date.parse('1988-05-10T12:00:00+08:00'), TZ)
    expect([...w.monthKeys]).toEqual(['1988-04-01', '1988-05-01', '1988-06-01'])
    expect(w.end).toBe(Date.parse('1988-07-01T00:00:00+09:00'))
  })
})

describe('snapshotScopeOf', () => {
  const units = [{ id: 'team', parentId: 'region' }, { id: 'region', parentId: null }] as OrgUnit[]
  it('a rep files under the user, a team under itself, everything under the top region', () => {
    expect(snapshotScopeOf({ kind: 'rep', id: 'u1' }, units)).toEqual({ scopeKind: 'user', scopeId: 'u1' })
    expect(snapshotScopeOf({ kind: 'orgUnit', id: 'team' }, units)).toEqual({ scopeKind: 'orgUnit', scopeId: 'team' })
    expect(snapshotScopeOf({ kind: 'all' }, units)).toEqual({ scopeKind: 'orgUnit', scopeId: 'region' })
    expect(snapshotScopeOf({ kind: 'all' }, [])).toBeNull()
  })
})

describe('wonAmountTarget', () => {
  const who = { scopeKind: 'orgUnit' as const, scopeId: 'team' }
  const target = (over: Partial<Target>): Target =>
    ({ id: Math.random().toString(36), scopeKind: 'orgUnit', scopeId: 'team', metric: 'won_amount', period: 'month', periodStart: '2026-10-01', objective: 100_00, ...over }) as Target
  const quarter = new Set(['2026-10-01', '2026-11-01', '2026-12-01'])

  it("a quarter's target is its months' objectives summed; other scopes, metrics, periods and deleted rows are left out", () => {
    const targets = [
      target({}),
      target({ periodStart: '2026-11-01', objective: 200_00 }),
      target({ periodStart: '2027-01-01', objective: 999_00 }),
      target({ scopeId: 'other', objective: 999_00 }),
      target({ metric: 'visits', objective: 999_00 }),
      target({ period: 'week', objective: 999_00 }),
      target({ deleted: true, objective: 999_00 })
    ]
    expect(wonAmountTarget(targets, who, quarter)).toBe(300_00)
  })

  it('no target set is undefined, not zero; a target of zero is zero', () => {
    expect(wonAmountTarget([], who, quarter)).toBeUndefined()
    expect(wonAmountTarget([target({ objective: 0 })], who, quarter)).toBe(0)
    expect(wonAmountTarget([target({})], null, quarter)).toBeUndefined()
  })
})

describe('targetCoverage', () => {
  it('won and won-plus-commit against the target; a zero target covers nothing', () => {
    expect(targetCoverage({ won: 30, commit: 50 }, 100)).toEqual({ won: 0.3, called: 0.8 })
    expect(targetCoverage({ won: 30, commit: 50 }, 0)).toEqual({ won: 0, called: 0 })
  })
})

describe('wonByRep', () => {
  it("the rep's won deals closed in the window; an import without a close time counts on its expected close", () => {
    const d = (over: Partial<Deal>): Deal => ({ id: Math.random().toString(36), ownerId: 'r1', status: 'won', closedAt: 50, ...over }) as Deal
    const inside = d({})
    const expectedOnly = d({ closedAt: undefined, expectedCloseAt: 60 })
    const deals = [inside, expectedOnly, d({ closedAt: 100 }), d({ ownerId: 'r2' }), d({ status: 'open' }), d({ deleted: true }), d({ closedAt: undefined })]
    expect(wonByRep(deals, 'r1', 0, 100)).toEqual([inside, expectedOnly])
  })
})
