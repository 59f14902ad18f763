import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { localDate } from './calendar'
import { dataEndsOn, periodOf, periodsBetween, shiftPeriodBy, type PeriodKind } from './periods'

const SH = 'Asia/Shanghai'
const NY = 'America/New_York'

describe('periods', () => {
  it('a quarter and a year years ago, in the user\'s zone', () => {
    const at = Date.UTC(2017, 7, 20) // August 2017
    expect(localDate(periodOf('quarter', at, SH).start, SH)).toBe('2017-07-01')
    expect(localDate(periodOf('quarter', at, SH).end, SH)).toBe('2017-10-01')
    expect(periodOf('year', at, SH).key).toBe('2017-01-01')
    expect(localDate(periodOf('year', at, SH).end, SH)).toBe('2018-01-01')
  })

  it('steps back nine years of months to the month the history ends in', () => {
    const now = Date.UTC(2026, 10, 2, 4)
    expect(shiftPeriodBy('month', now, -107, SH).key).toBe('2017-12-01')
    expect(shiftPeriodBy('quarter', now, -36, SH).key).toBe('2017-10-01')
    expect(shiftPeriodBy('week', Date.UTC(2026, 10, 4), -1, SH).key).toBe('2026-10-26')
  })

  it('lists every month between the first data and now, newest first, with no gap or repeat', () => {
    const list = periodsBetween('month', Date.UTC(2016, 9, 20), Date.UTC(2026, 10, 2), SH)
    expect(list[0]!.key).toBe('2026-11-01')
    expect(list.at(-1)!.key).toBe('2016-10-01')
    expect(list).toHaveLength(10 * 12 + 2)
    for (let i = 1; i < list.length; i++) expect(list[i]!.end).toBe(list[i - 1]!.start)
  })

  it('periods tile time across DST: each contains its instant and the next one starts where it ends', () => {
    const kinds: PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year']
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...kinds), fc.constantFrom(SH, NY), fc.integer({ min: -30, max: 30 }), (ms, kind, tz, k) => {
        const p = periodOf(kind, ms, tz)
        expect(p.start).toBeLessThanOrEqual(ms)
        expect(ms).toBeLessThan(p.end)
        expect(shiftPeriodBy(kind, ms, 1, tz).start).toBe(p.end)
        expect(shiftPeriodBy(kind, shiftPeriodBy(kind, ms, k, tz).start, -k, tz).start).toBe(p.start)
      }),
      { numRuns: 300 }
    )
  })
})

describe('dataEndsOn', () => {
  const now = Date.UTC(2026, 10, 2)
  it('names the end of a history that stopped years ago, not of one that is current', () => {
    expect(dataEndsOn(Date.UTC(2017, 11, 31), now)).toBe(Date.UTC(2017, 11, 31))
    expect(dataEndsOn(now - 3 * 86_400_000, now)).toBeNull()
    expect(dataEndsOn(now - 32 * 86_400_000, now)).toBe(now - 32 * 86_400_000)
    expect(dataEndsOn(null, now)).toBeNull()
  })
})
