import { DAY_MS, localDate, startOfWeek, zoneOffsetMs } from '../calendar'

/**
 * Periods for analytics: a week, month, quarter or year in the user's calendar (weeks start on
 * Monday), or any range of days. Ranges are [start, end) in epoch ms at local midnights, so a
 * figure "for March" means the same instants in every view. Comparisons: 环比 (the period
 * before) and 同比 (the same period a year earlier).
 */
export type Grain = 'week' | 'month' | 'quarter' | 'year'
export const GRAINS: readonly Grain[] = ['week', 'month', 'quarter', 'year']

export interface Range {
  start: number
  end: number
}

export interface LocalDay {
  y: number
  /** 1–12 */
  m: number
  d: number
}

export function dayOf(ms: number, timeZone: string): LocalDay {
  const [y, m, d] = localDate(ms, timeZone).split('-').map(Number) as [number, number, number]
  return { y, m, d }
}

export function parseDay(ymd: string): LocalDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!m) return null
  const day = { y: +m[1]!, m: +m[2]!, d: +m[3]! }
  const check = new Date(Date.UTC(day.y, day.m - 1, day.d))
  return check.getUTCFullYear() === day.y && check.getUTCMonth() === day.m - 1 && check.getUTCDate() === day.d ? day : null
}

export function formatDay(day: LocalDay): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`
}

/** Local midnight of a calendar day; months and days out of range roll over (month 13 = January next year). */
export function midnight(y: number, m: number, d: number, timeZone: string): number {
  const asUtc = Date.UTC(y, m - 1, d)
  const guess = asUtc - zoneOffsetMs(asUtc, timeZone)
  // The offset at the guess can differ from the one at the wall-clock midnight across a DST change.
  const off = zoneOffsetMs(guess, timeZone)
  return asUtc - off
}

export function midnightOf(day: LocalDay, timeZone: string): number {
  return midnight(day.y, day.m, day.d, timeZone)
}

/** Whole local days between two local midnights (b − a). */
export function daysBetween(a: number, b: number, timeZone: string): number {
  const da = dayOf(a, timeZone)
  const db = dayOf(b, timeZone)
  return Math.round((Date.UTC(db.y, db.m - 1, db.d) - Date.UTC(da.y, da.m - 1, da.d)) / DAY_MS)
}

export function addDays(ms: number, days: number, timeZone: string): number {
  const d = dayOf(ms, timeZone)
  return midnight(d.y, d.m, d.d + days, timeZone)
}

/** The period of `grain` that contains `ms`. */
export function periodOf(grain: Grain, ms: number, timeZone: string): Range {
  const d = dayOf(ms, timeZone)
  switch (grain) {
    case 'week': {
      const start = startOfWeek(ms, timeZone)
      return { start, end: addDays(start, 7, timeZone) }
    }
    case 'month':
      return { start: midnight(d.y, d.m, 1, timeZone), end: midnight(d.y, d.m + 1, 1, timeZone) }
    case 'quarter': {
      const q = Math.floor((d.m - 1) / 3) * 3 + 1
      return { start: midnight(d.y, q, 1, timeZone), end: midnight(d.y, q + 3, 1, timeZone) }
    }
    case 'year':
      return { start: midnight(d.y, 1, 1, timeZone), end: midnight(d.y + 1, 1, 1, timeZone) }
  }
}

/** The period `n` periods after (n < 0: before) the one containing `ms`. */
export function shiftPeriod(grain: Grain, ms: number, n: number, timeZone: string): Range {
  const p = periodOf(grain, ms, timeZone)
  if (n === 0) return p
  if (grain === 'week') {
    const start = addDays(p.start, 7 * n, timeZone)
    return { start, end: addDays(start, 7, timeZone) }
  }
  const d = dayOf(p.start, timeZone)
  const months = grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12
  return periodOf(grain, midnight(d.y, d.m + months * n, 1, timeZone), timeZone)
}

/** The last `count` periods of `grain` ending with the one containing `ms`, oldest first. */
export function periodsBack(grain: Grain, ms: number, count: number, timeZone: string): Range[] {
  const out: Range[] = []
  for (let i = count - 1; i >= 0; i--) out.push(shiftPeriod(grain, ms, -i, timeZone))
  return out
}

/**
 * A calendar day one year earlier (or later). 29 February has no twin in a common year; it maps
 * to 1 March, the day after 28 February, so a range ending (exclusive) on 29 Feb 2024 — "up to
 * and including 28 Feb" — maps to one ending on 1 Mar 2023, up to and including 28 Feb 2023.
 */
export function shiftYears(day: LocalDay, years: number): LocalDay {
  const y = day.y + years
  if (day.m === 2 && day.d === 29 && !isLeap(y)) return { y, m: 3, d: 1 }
  return { y, m: day.m, d: day.d }
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** A range of whole days, `from` to `to` inclusive (YYYY-MM-DD), or null when either is not a date or they are reversed. */
export function dayRange(from: string, to: string, timeZone: string): Range | null {
  const a = parseDay(from)
  const b = parseDay(to)
  if (!a || !b) return null
  const start = midnightOf(a, timeZone)
  const end = midnight(b.y, b.m, b.d + 1, timeZone)
  return end > start ? { start, end } : null
}

/** A grain's period, or a range of days chosen by hand. */
export type PeriodChoice = { grain: Grain; start: number; end: number } | { grain: 'custom'; start: number; end: number }

export interface Comparison {
  /** The period as chosen, cut at the end of today when it is still running. */
  current: Range
  /** 环比: the period before, as long as `current` has run so far (a whole period when `current` is whole). */
  prior: Range
  /** 同比: the same days a year earlier (a week: the week 52 weeks earlier, Monday to Sunday). */
  lastYear: Range
  /** The chosen period is still running: figures are to date, and so are the comparisons. */
  toDate: boolean
}

/**
 * The current period and what it is compared with. A running period is compared to date: the
 * first 15 days of March against the first 15 of February (环比) and of March last year (同比),
 * never half a month against a whole one.
 */
export function compare(choice: PeriodChoice, now: number, timeZone: string): Comparison {
  const endOfToday = addDays(now, 1, timeZone)
  const toDate = choice.start <= now && now < choice.end && endOfToday < choice.end
  const current = { start: choice.start, end: toDate ? endOfToday : choice.end }
  const elapsed = daysBetween(current.start, current.end, timeZone)

  const lastYear: Range =
    choice.grain === 'week'
      ? { start: addDays(current.start, -364, timeZone), end: addDays(current.end, -364, timeZone) }
      : {
          start: midnightOf(shiftYears(dayOf(current.start, timeZone), -1), timeZone),
          end: midnightOf(shiftYears(dayOf(current.end, timeZone), -1), timeZone)
        }

  let prior: Range
  if (choice.grain === 'year') {
    // The year before, to the same date: 环比 and 同比 coincide.
    prior = lastYear
  } else if (choice.grain === 'custom') {
    prior = { start: addDays(current.start, -elapsed, timeZone), end: current.start }
  } else {
    const whole = shiftPeriod(choice.grain, choice.start, -1, timeZone)
    prior = { start: whole.start, end: toDate ? Math.min(whole.end, addDays(whole.start, elapsed, timeZone)) : whole.end }
  }

  return { current, prior, lastYear, toDate }
}

/** 时间进度: the share of the chosen period's days that have run (1 when it is over). */
export function elapsedShare(choice: Range, cmp: Comparison, timeZone: string): number {
  if (!cmp.toDate) return 1
  return daysBetween(choice.start, cmp.current.end, timeZone) / daysBetween(choice.start, choice.end, timeZone)
}

/** A stable key for a period: 2026-11, 2026-Q4, 2026, the Monday of a week (2026-11-16), or from..to. */
export function periodKey(grain: Grain | 'custom', range: Range, timeZone: string): string {
  const d = dayOf(range.start, timeZone)
  switch (grain) {
    case 'month':
      return `${d.y}-${String(d.m).padStart(2, '0')}`
    case 'quarter':
      return `${d.y}-Q${Math.floor((d.m - 1) / 3) + 1}`
    case 'year':
      return String(d.y)
    case 'week':
      return formatDay(d)
    case 'custom':
      return `${formatDay(d)}..${formatDay(dayOf(range.end - 1, timeZone))}`
  }
}

/** Month starts (local midnights) of every month that overlaps the range, as YYYY-MM-01 with its range. */
export function monthsOverlapping(range: Range, timeZone: string): { periodStart: string; range: Range }[] {
  const out: { periodStart: string; range: Range }[] = []
  let m = periodOf('month', range.start, timeZone)
  while (m.start < range.end) {
    out.push({ periodStart: formatDay(dayOf(m.start, timeZone)), range: m })
    m = { start: m.end, end: periodOf('month', m.end, timeZone).end }
  }
  return out
}

export function inRange(ms: number | undefined, r: Range): boolean {
  return ms !== undefined && ms >= r.start && ms < r.end
}
