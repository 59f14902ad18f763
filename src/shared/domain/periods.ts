import { DAY_MS, localDate, monthRange, startOfDay, startOfWeek } from './calendar'

/**
 * Calendar periods a view can be looked at for — any of them, however long ago: an imported
 * history may end years before today. Pure; every function takes the user's time zone.
 */
export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year'

export interface PeriodSpan {
  kind: PeriodKind
  /** First instant of the period, and of the next one. */
  start: number
  end: number
  /** Its first day, YYYY-MM-DD (a stable key). */
  key: string
}

/** Start of the local month `months` months after the month containing `ms` (negative: before). */
function monthStart(ms: number, months: number, timeZone: string): number {
  const day = localDate(ms, timeZone)
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7)) - 1 + months
  const at = Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 15, 12)
  // The 15th at noon is in that month whatever the zone: take its month.
  return monthRange(at - 12 * 3_600_000, timeZone).start
}

/** The period of `kind` containing `ms`. */
export function periodOf(kind: PeriodKind, ms: number, timeZone: string): PeriodSpan {
  let start: number
  let end: number
  switch (kind) {
    case 'day':
      start = startOfDay(ms, timeZone)
      end = startOfDay(start + DAY_MS + 2 * 3_600_000, timeZone)
      break
    case 'week':
      start = startOfWeek(ms, timeZone)
      end = startOfWeek(start + 8 * DAY_MS, timeZone)
      break
    case 'month':
      ;({ start, end } = monthRange(ms, timeZone))
      break
    case 'quarter': {
      const m = Number(localDate(ms, timeZone).slice(5, 7)) - 1
      start = monthStart(ms, -(m % 3), timeZone)
      end = monthStart(start + 3_600_000, 3, timeZone)
      break
    }
    case 'year': {
      const m = Number(localDate(ms, timeZone).slice(5, 7)) - 1
      start = monthStart(ms, -m, timeZone)
      end = monthStart(start + 3_600_000, 12, timeZone)
      break
    }
  }
  return { kind, start, end, key: localDate(start, timeZone) }
}

/** The period `offset` periods after (negative: before) the one containing `ms`. */
export function shiftPeriodBy(kind: PeriodKind, ms: number, offset: number, timeZone: string): PeriodSpan {
  const p = periodOf(kind, ms, timeZone)
  if (offset === 0) return p
  let at: number
  switch (kind) {
    case 'day':
      at = p.start + offset * DAY_MS + 12 * 3_600_000
      break
    case 'week':
      at = p.start + offset * 7 * DAY_MS + 36 * 3_600_000
      break
    case 'month':
      at = monthStart(p.start + 3_600_000, offset, timeZone)
      break
    case 'quarter':
      at = monthStart(p.start + 3_600_000, offset * 3, timeZone)
      break
    case 'year':
      at = monthStart(p.start + 3_600_000, offset * 12, timeZone)
      break
  }
  return periodOf(kind, at + 3_600_000, timeZone)
}

/** Every period of `kind` from the one containing `from` to the one containing `to`, newest first. */
export function periodsBetween(kind: PeriodKind, from: number, to: number, timeZone: string, max = 1200): PeriodSpan[] {
  const out: PeriodSpan[] = []
  let p = periodOf(kind, to, timeZone)
  const first = periodOf(kind, from, timeZone).start
  while (p.start >= first && out.length < max) {
    out.push(p)
    p = shiftPeriodBy(kind, p.start + 3_600_000, -1, timeZone)
  }
  return out
}

/** "Your data ends on …" shows when the newest data is older than this. */
export const STALE_AFTER_MS = 31 * DAY_MS

/** The day the data ends on, when it ends more than a month before `now`; null otherwise (or with no data). */
export function dataEndsOn(latest: number | null | undefined, now: number): number | null {
  if (latest === null || latest === undefined) return null
  return now - latest > STALE_AFTER_MS ? latest : null
}
