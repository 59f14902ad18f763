import type { Deal } from '../model'
import { calendarDaysBetween } from './calendar'

/**
 * The one definition of the day counts a manager reads next to a deal — "55 天未接触",
 * "接触 55 天前", "停留 12 天", "逾期 3 天". Calendar days in the user's time zone: a touch
 * yesterday evening is 1 day ago this morning, the same at 08:00 and at 23:00, and the same on
 * the home page, the board card, the deal page and in every health explanation.
 * (Before: the home floored elapsed hours with the real clock, the board floored them from the
 * end of today and the deal page rounded them, so one deal read 55, 56 and 55 days.)
 */

/** Whole days since `at` (0 = today, never negative: a future instant is "today"). */
export function daysSince(at: number, now: number, timeZone: string): number {
  return Math.max(0, calendarDaysBetween(at, now, timeZone))
}

/** Whole days until `at` (0 = today, negative once the day has passed). */
export function daysUntil(at: number, now: number, timeZone: string): number {
  return calendarDaysBetween(now, at, timeZone)
}

/** Days the deal has been in its current stage. */
export function daysInStage(deal: Pick<Deal, 'stageEnteredAt'>, now: number, timeZone: string): number {
  return daysSince(deal.stageEnteredAt, now, timeZone)
}

/** Whole days between two instants (a completed stay in a stage), counted the same way. */
export function daysBetween(from: number, to: number, timeZone: string): number {
  return Math.max(0, calendarDaysBetween(from, to, timeZone))
}

/**
 * A date is overdue once its local day has passed: a close date or task due today is not
 * overdue yet, at any hour of today. Hour-independent, so the board and the home agree.
 */
export function isOverdue(dueAt: number, now: number, timeZone: string): boolean {
  return calendarDaysBetween(dueAt, now, timeZone) > 0
}

/**
 * The deal's latest real customer touch (a visit made, a call that connected) on the deal or
 * on its customer; null when nobody ever met or talked to them.
 */
export function lastTouchOf(
  deal: Pick<Deal, 'id' | 'customerId'>,
  touchByDeal: ReadonlyMap<string, number>,
  touchByCustomer: ReadonlyMap<string, number>
): number | null {
  const best = Math.max(touchByDeal.get(deal.id) ?? -1, deal.customerId ? (touchByCustomer.get(deal.customerId) ?? -1) : -1)
  return best < 0 ? null : best
}
