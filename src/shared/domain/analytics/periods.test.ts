import { describe, expect, it } from 'vitest'
import { localDate } from '../calendar'
import { change } from './growth'
import { compare, dayRange, daysBetween, monthsOverlapping, periodKey, periodOf, periodsBack, shiftPeriod, shiftYears } from './periods'

const TZ = 'Asia/Shanghai'
/** Local wall-clock time in Shanghai (UTC+8, no DST). */
const at = (ymd: string, hour = 10): number => Date.parse(`${ymd}T${String(hour).padStart(2, '0')}:00:00+08:00`)
const day = (ms: number): string => localDate(ms, TZ)
const show = (r: { start: number; end: number }): string => `${day(r.start)}..${day(r.end)}`

describe('periods', () => {
  it('finds the week (Monday first), month, quarter and year around a moment', () => {
    const ms = at('2024-02-29')
    expect(show(periodOf('week', ms, TZ))).toBe('2024-02-26..2024-03-04')
    expect(show(periodOf('month', ms, TZ))).toBe('2024-02-01..2024-03-01')
    expect(show(periodOf('quarter', ms, TZ))).toBe('2024-01-01..2024-04-01')
    expect(show(periodOf('year', ms, TZ))).toBe('2024-01-01..2025-01-01')
    // Boundaries are local midnights: 00:00 Shanghai is 16:00 UTC the day before.
    expect(periodOf('month', ms, TZ).start).toBe(Date.UTC(2024, 0, 31, 16))
  })

  it('steps periods back and forth across year ends', () => {
    expect(show(shiftPeriod('month', at('2024-01-15'), -1, TZ))).toBe('2023-12-01..2024-01-01')
    expect(show(shiftPeriod('quarter', at('2024-01-15'), -1, TZ))).toBe('2023-10-01..2024-01-01')
    expect(show(shiftPeriod('week', at('2024-01-03'), -1, TZ))).toBe('2023-12-25..2024-01-01')
    expect(periodsBack('month', at('2024-03-10'), 3, TZ).map(show)).toEqual([
      '2024-01-01..2024-02-01',
      '2024-02-01..2024-03-01',
      '2024-03-01..2024-04-01'
    ])
  })

  it('maps 29 February to 1 March in a common year, so ranges keep their day count from 1 January', () => {
    expect(shiftYears({ y: 2024, m: 2, d: 29 }, -1)).toEqual({ y: 2023, m: 3, d: 1 })
    expect(shiftYears({ y: 2024, m: 2, d: 28 }, -1)).toEqual({ y: 2023, m: 2, d: 28 })
    expect(shiftYears({ y: 2028, m: 2, d: 29 }, -4)).toEqual({ y: 2024, m: 2, d: 29 })
  })

  it('同比 of February 2024 (29 days) is February 2023 (28 days); 环比 is January 2024', () => {
    const feb = periodOf('month', at('2024-02-10'), TZ)
    const c = compare({ grain: 'month', ...feb }, at('2024-06-01'), TZ)
    expect(c.toDate).toBe(false)
    expect(show(c.current)).toBe('2024-02-01..2024-03-01')
    expect(show(c.lastYear)).toBe('2023-02-01..2023-03-01')
    expect(show(c.prior)).toBe('2024-01-01..2024-02-01')
    expect(daysBetween(c.current.start, c.current.end, TZ)).toBe(29)
    expect(daysBetween(c.lastYear.start, c.lastYear.end, TZ)).toBe(28)
  })

  it('a running period compares to date: 1–29 Feb 2024 against 1–28 Feb 2023 and 1–29 Jan 2024', () => {
    const feb = periodOf('month', at('2024-02-29'), TZ)
    // Today is 29 Feb, the last day: the whole month is "to date" and compares whole.
    const lastDay = compare({ grain: 'month', ...feb }, at('2024-02-29'), TZ)
    expect(lastDay.toDate).toBe(false)
    expect(show(lastDay.lastYear)).toBe('2023-02-01..2023-03-01')
    // Today is 28 Feb 2024: 28 days so far, against the first 28 days of each comparison.
    const c = compare({ grain: 'month', ...feb }, at('2024-02-28'), TZ)
    expect(c.toDate).toBe(true)
    expect(show(c.current)).toBe('2024-02-01..2024-02-29')
    expect(show(c.prior)).toBe('2024-01-01..2024-01-29')
    expect(show(c.lastYear)).toBe('2023-02-01..2023-03-01')
  })

  it('year to date through 29 Feb 2024 compares with 1 Jan – 28 Feb 2023 (59 days against 59 + the leap day)', () => {
    const year = periodOf('year', at('2024-02-29'), TZ)
    const c = compare({ grain: 'year', ...year }, at('2024-02-29'), TZ)
    expect(show(c.current)).toBe('2024-01-01..2024-03-01')
    expect(show(c.lastYear)).toBe('2023-01-01..2023-03-01')
    expect(show(c.prior)).toBe('2023-01-01..2023-03-01')
  })

  it('a hand-picked range compares with the same number of days before it and the same dates a year back', () => {
    const r = dayRange('2024-02-20', '2024-03-05', TZ)!
    const c = compare({ grain: 'custom', ...r }, at('2024-06-01'), TZ)
    expect(show(c.current)).toBe('2024-02-20..2024-03-06')
    expect(show(c.prior)).toBe('2024-02-05..2024-02-20')
    expect(show(c.lastYear)).toBe('2023-02-20..2023-03-06')
    expect(dayRange('2024-02-30', '2024-03-01', TZ)).toBeNull()
    expect(dayRange('2024-03-02', '2024-03-01', TZ)).toBeNull()
  })

  it('同比 of a week is the week 52 weeks earlier, Monday to Sunday', () => {
    const w = periodOf('week', at('2024-03-06'), TZ)
    const c = compare({ grain: 'week', ...w }, at('2024-06-01'), TZ)
    expect(show(c.lastYear)).toBe('2023-03-06..2023-03-13')
    expect(new Date(c.lastYear.start + 8 * 3_600_000).getUTCDay()).toBe(1)
  })

  it('keys periods and lists the months a range overlaps', () => {
    const q = periodOf('quarter', at('2026-11-20'), TZ)
    expect(periodKey('quarter', q, TZ)).toBe('2026-Q4')
    expect(periodKey('month', q, TZ)).toBe('2026-10')
    expect(periodKey('week', periodOf('week', at('2026-11-20'), TZ), TZ)).toBe('2026-11-16')
    expect(monthsOverlapping(dayRange('2026-01-20', '2026-03-02', TZ)!, TZ).map((m) => m.periodStart)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01'
    ])
  })
})

describe('同比 / 环比 changes', () => {
  it('is a ratio against a non-zero prior', () => {
    expect(change(150, 100)).toEqual({ current: 150, prior: 100, delta: 50, ratio: 0.5 })
    expect(change(50, 100).ratio).toBe(-0.5)
    expect(change(-50, -100).ratio).toBe(0.5)
  })

  it('has no ratio against an empty prior period or a zero', () => {
    expect(change(120, null)).toEqual({ current: 120, prior: null, delta: null, ratio: null })
    expect(change(120, 0)).toEqual({ current: 120, prior: 0, delta: 120, ratio: null })
    expect(change(null, 100).ratio).toBeNull()
  })
})
