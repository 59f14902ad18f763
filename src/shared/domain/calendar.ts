/**
 * Calendar arithmetic in the user's time zone. Times are stored as UTC epoch ms; a "day" only
 * exists relative to a zone, so every function here takes one.
 */
const offsetFormat = new Map<string, Intl.DateTimeFormat>()

/** Offset of `timeZone` from UTC at instant `ms`, in ms (Asia/Shanghai → +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
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
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]))
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!)
  return asUtc - (ms - (ms % 1000))
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
