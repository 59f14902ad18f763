// Day arithmetic for the generator. Hot loops run over hundreds of thousands of rows, so days
// are integers ("local day numbers") computed from a fixed UTC offset, never through Intl.

import { zoneOffsetMs as offsetOf } from '../domain/calendar'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/**
 * The zone's UTC offset at `at`, read once per generator run. For zones with DST the whole
 * year uses the anchor's offset, which shifts some history by an hour — acceptable for demo data.
 */
export function zoneOffsetMs(timeZone: string, at: number): number {
  return offsetOf(at, timeZone)
}

/** Lunar new year's day; the Spring Festival break runs from its eve for eight days. */
const SPRING_FESTIVAL: Record<number, [number, number]> = {
  2020: [1, 25],
  2021: [2, 12],
  2022: [2, 1],
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
  2028: [1, 26],
  2029: [2, 13],
  2030: [2, 3],
  2031: [1, 23],
  2032: [2, 11],
  2033: [1, 31],
  2034: [2, 19],
  2035: [2, 8]
}

export class Calendar {
  readonly offset: number
  private readonly holidays = new Set<number>()

  constructor(timeZone: string, anchor: number) {
    this.offset = zoneOffsetMs(timeZone, anchor)
    const year = new Date(anchor + this.offset).getUTCFullYear()
    // Public holidays, approximately (Qingming and Labour Day move a little from year to
    // year; make-up working days are left out). Enough that the visit heat-map shows the
    // Spring Festival and Golden Week gaps a Chinese manager expects.
    for (let y = year - 2; y <= year + 1; y++) {
      const add = (m: number, d: number, n: number): void => {
        const first = Date.UTC(y, m - 1, d) / DAY
        for (let i = 0; i < n; i++) this.holidays.add(first + i)
      }
      add(1, 1, 1)
      add(4, 4, 3)
      add(5, 1, 5)
      add(10, 1, 7)
      const sf = SPRING_FESTIVAL[y]
      if (sf) add(sf[0], sf[1] - 1, 8)
    }
  }

  /** Local day number (days since 1970-01-01 in the zone). */
  day(t: number): number {
    return Math.floor((t + this.offset) / DAY)
  }

  /** UTC epoch ms of local midnight starting `day`. */
  start(day: number): number {
    return day * DAY - this.offset
  }

  /** Epoch ms of a local clock time on `day`. */
  at(day: number, hour: number, minute = 0): number {
    return day * DAY - this.offset + hour * HOUR + minute * MINUTE
  }

  /** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
  weekday(day: number): number {
    return (day + 3) % 7
  }

  isHoliday(day: number): boolean {
    return this.holidays.has(day)
  }

  /** Mon–Fri and not a public holiday; Saturdays are decided per team by the caller. */
  isWeekday(day: number): boolean {
    return this.weekday(day) < 5 && !this.holidays.has(day)
  }

  localDate(day: number): string {
    return new Date(day * DAY).toISOString().slice(0, 10)
  }

  /** Local day of the first of the month containing `day`. */
  monthStart(day: number): number {
    const d = new Date(day * DAY)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY
  }

  /** First day of the month `n` months after the one starting at `monthStartDay`. */
  addMonths(monthStartDay: number, n: number): number {
    const d = new Date(monthStartDay * DAY)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) / DAY
  }

  /** Same calendar date `n` months away (clamped to the month's end). */
  shiftMonths(day: number, n: number): number {
    const d = new Date(day * DAY)
    const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) / DAY
    const next = this.addMonths(target, 1)
    return Math.min(target + d.getUTCDate() - 1, next - 1)
  }

  /** Monday on or before `day`. */
  weekStart(day: number): number {
    return day - this.weekday(day)
  }
}
