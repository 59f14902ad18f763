import { dayOfDate, noonOfDay } from '@shared/domain/collections'
import { localDate } from '@shared/domain/calendar'

/**
 * A date typed in a form as an instant: now when it is today (so it sorts after what happened
 * this morning), else local noon, which stays on its calendar day for a reader up to eleven
 * time zones away. NaN for a date that is not one.
 */
export function msOfDateInput(date: string, timeZone: string, now: number): number {
  if (date === localDate(now, timeZone)) return now
  const day = dayOfDate(date)
  return Number.isNaN(day) ? NaN : noonOfDay(day, timeZone)
}
