/**
 * Calendar arithmetic in the user's time zone. Times are stored as UTC epoch ms; a "day" only
 * exists relative to a zone, so every function here takes one.
 */
const offsetFormat = new Map<string, Intl.DateTimeFormat>()
/**
 * Offsets by zone and quarter hour: every zone's transitions fall on a quarter hour of UTC, so
 * one Intl call serves a whole bucket (an import of 100k dates makes a few thousand, not 200k).
 */
const offsetCache = new Map<string, number>()
const BUCKET_MS = 15 * 60_000
const CACHE_LIMIT = 200_000

/**
 * Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Shanghai → +8 h; China kept DST in
 * 1986–1991, so its old dates are not a fixed +8). The one place the app asks Intl for an offset.
 */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0
  const key = `${timeZone}|${Math.floor(ms / BUCKET_MS)}`
  const cached = offsetCache.get(key)
  if (cached !== undefined) return cached
  let f = offsetFormat.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    offsetFormat.set(timeZone, f)
  }
  const p: Record<string, number> = {}
  for (const x of f.formatToParts(ms)) if (x.type !== 'literal') p[x.type] = Number(x.value)
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
  const offset = asUtc - Math.floor(ms / 1000) * 1000
  if (offsetCache.size >= CACHE_LIMIT) offsetCache.clear()
  offsetCache.set(key, offset)
  return offset
}

/** Start of the local day containing `ms`. */
export function startOfDay(ms: number, timeZone: string): number {
  const off = zoneOffsetMs(ms, timeZone)
  const local = ms + off
  const dayLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000)
  // Re-read the offset at the day start: it differs across a DST change.
  return dayLocal - zoneOffsetMs(dayLocal - off, timeZone)
}

/** YYYY-MM-DD of the local day containing `ms`. */
export function localDate(ms: number, timeZone: string): string {
  const d = new Date(ms + zoneOffsetMs(ms, timeZone))
  return d.toISOString().slice(0, 10)
}

/** Start of the local month containing `ms`, and of the next month. */
export function monthRange(ms: number, timeZone: string): { start: number; end: number } {
  const off = zoneOffsetMs(ms, timeZone)
  const d = new Date(ms + off)
  const startLocal = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  const endLocal = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  return {
    start: startLocal - zoneOffsetMs(startLocal - off, timeZone),
    end: endLocal - zoneOffsetMs(endLocal - off, timeZone)
  }
}

/** Monday 00:00 of the local week containing `ms` (weeks start on Monday). */
export function startOfWeek(ms: number, timeZone: string): number {
  const day = startOfDay(ms, timeZone)
  const weekday = new Date(day + zoneOffsetMs(day, timeZone)).getUTCDay() // 0 = Sunday
  const back = (weekday + 6) % 7
  return startOfDay(day - back * 86_400_000 + 12 * 3_600_000, timeZone)
}

export const DAY_MS = 86_400_000

/**
 * Per zone and UTC day: the zone's offset when it is the same all day (almost every day), or
 * null on a day with a change (DST). Day counts run over every deal on every render, and
 * `Intl` formatting is the slow part, so an offset is read at most twice per UTC day.
 */
const steadyOffsets = new Map<string, Map<number, number | null>>()

/**
 * The local calendar day containing `ms`, as a day number (days since 1970-01-01 local). Two
 * instants on the same local date have the same number; consecutive dates differ by one, also
 * across a DST change, where a local day is 23 or 25 hours long.
 */
export function localDayNumber(ms: number, timeZone: string): number {
  const utcDay = Math.floor(ms / DAY_MS)
  let zone = steadyOffsets.get(timeZone)
  if (!zone) steadyOffsets.set(timeZone, (zone = new Map()))
  let steady = zone.get(utcDay)
  if (steady === undefined) {
    const a = zoneOffsetMs(utcDay * DAY_MS, timeZone)
    const b = zoneOffsetMs(utcDay * DAY_MS + DAY_MS - 1000, timeZone)
    steady = a === b ? a : null
    zone.set(utcDay, steady)
  }
  return Math.floor((ms + (steady ?? zoneOffsetMs(ms, timeZone))) / DAY_MS)
}

/**
 * Whole calendar days from `from` to `to` in the user's zone: 0 on the same local date, 1 from
 * yesterday at 23:59 to today at 00:01; negative when `to` is on an earlier date. What a reader
 * means by "3 days ago", whatever the hour and across DST.
 */
export function calendarDaysBetween(from: number, to: number, timeZone: string): number {
  return localDayNumber(to, timeZone) - localDayNumber(from, timeZone)
}
