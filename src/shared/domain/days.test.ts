import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, SalesProcess } from '../model'
import { DAY_MS, localDate, startOfDay } from './calendar'
import { daysInStage, daysSince, daysUntil, isOverdue } from './days'
import { activitySignals, dealHealth, workspaceHealth } from './deal-health'
import { managerAgenda } from './cockpit-agenda'

/**
 * Issue 14: one deal read "55 天未接触" on the home page, "接触 56 天前" on its board card and
 * "55 天前" on its deal page. Day counts are calendar days in the user's zone, the same at any
 * hour and across daylight-saving changes, from one function.
 */
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney']

/** Reference: the difference of the two local dates, read as calendar dates. */
function dateDiff(from: number, to: number, zone: string): number {
  return (Date.parse(`${localDate(to, zone)}T00:00:00Z`) - Date.parse(`${localDate(from, zone)}T00:00:00Z`)) / DAY_MS
}

describe('daysSince', () => {
  it('counts calendar days: yesterday 23:59 is 1 day ago at 00:01, 0 until midnight', () => {
    const z = 'Asia/Shanghai'
    const touch = Date.parse('2026-12-06T23:59:00+08:00')
    expect(daysSince(touch, Date.parse('2026-12-07T00:01:00+08:00'), z)).toBe(1)
    expect(daysSince(touch, Date.parse('2026-12-07T23:59:00+08:00'), z)).toBe(1)
    expect(daysSince(touch, Date.parse('2026-12-06T23:59:30+08:00'), z)).toBe(0)
    // The future is "today", never negative; `daysUntil` counts forward.
    expect(daysSince(touch + DAY_MS * 3, touch, z)).toBe(0)
    expect(daysUntil(Date.parse('2026-12-20T09:00:00+08:00'), Date.parse('2026-12-07T22:00:00+08:00'), z)).toBe(13)
  })

  it('across DST: a 23- or 25-hour day is still one day', () => {
    // Berlin springs forward on 29 March 2026, New York falls back on 1 November 2026.
    expect(daysSince(Date.parse('2026-03-28T20:00:00+01:00'), Date.parse('2026-03-30T00:30:00+02:00'), 'Europe/Berlin')).toBe(2)
    expect(daysSince(Date.parse('2026-03-29T00:30:00+01:00'), Date.parse('2026-03-29T23:30:00+02:00'), 'Europe/Berlin')).toBe(0)
    expect(daysSince(Date.parse('2026-10-31T23:30:00-04:00'), Date.parse('2026-11-01T23:30:00-05:00'), 'America/New_York')).toBe(1)
    expect(daysSince(Date.parse('2026-11-01T00:10:00-04:00'), Date.parse('2026-11-01T23:50:00-05:00'), 'America/New_York')).toBe(0)
  })

  it('equals the difference of the local dates, for any two instants in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2028-01-01') }),
        fc.integer({ min: 0, max: 400 * DAY_MS }),
        fc.constantFrom(...ZONES),
        (at, gap, zone) => {
          expect(daysSince(at, at + gap, zone)).toBe(dateDiff(at, at + gap, zone))
        }
      )
    )
  })

  it('is the same at every hour of the day (the home reads the clock, the board the end of the day)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2028-01-01') }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 86_399_999 }),
        (at, back, zone, into) => {
          const day = startOfDay(at + back * DAY_MS, zone)
          const next = startOfDay(day + DAY_MS + 3 * 3_600_000, zone)
          const someHour = Math.min(next - 1, day + into)
          expect(daysSince(at, someHour, zone)).toBe(daysSince(at, next - 1, zone))
          expect(daysSince(at, someHour, zone)).toBe(daysSince(at, day, zone))
        }
      )
    )
  })

  it('a close date is overdue from the day after, at any hour', () => {
    const z = 'Asia/Shanghai'
    const due = Date.parse('2026-12-07T18:00:00+08:00')
    expect(isOverdue(due, Date.parse('2026-12-07T23:00:00+08:00'), z)).toBe(false)
    expect(isOverdue(due, Date.parse('2026-12-08T00:00:00+08:00'), z)).toBe(true)
  })
})

describe('every view shows the same day count for a deal', () => {
  const process = {
    id: 'p',
    stages: [
      { id: 'a', name: '需求确认', kind: 'open', probability: 20, expectedDays: 14, minDays: 0, exitCriteria: [], steps: [], methods: [] },
      { id: 'won', name: '赢单', kind: 'won', probability: 100, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] },
      { id: 'lost', name: '输单', kind: 'lost', probability: 0, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] }
    ],
    abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
    bigDealThreshold: 1,
    currency: 'CNY'
  } as unknown as SalesProcess

  it('home agenda, board health and the deal page agree at any hour of the day and across DST', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-06-01') }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(...ZONES),
        (now0, stageDays, touchDaysAgo, hour, zone) => {
          const deal = {
            id: 'd',
            name: 'd',
            customerId: 'c',
            processId: 'p',
            status: 'open',
            stageId: 'a',
            stageEnteredAt: now0 - stageDays * DAY_MS,
            createdAt: now0 - 200 * DAY_MS,
            expectedCloseAt: now0 - 3 * DAY_MS,
            amount: 5,
            currency: 'CNY',
            bigDeal: false
          } as Deal
          const touch = now0 - touchDaysAgo * DAY_MS
          const signals = activitySignals([{ id: 'v', kind: 'visit', status: 'done', customerId: 'c', dealId: 'd', userId: 'u', at: touch }], now0 + 2 * DAY_MS)
          const day = startOfDay(now0, zone)
          // The board uses the end of today; the home and the deal page the clock, at any hour.
          const atHour = Math.min(day + hour * 3_600_000, startOfDay(day + DAY_MS + 3 * 3_600_000, zone) - 1)
          const endOfDay = startOfDay(day + DAY_MS + 3 * 3_600_000, zone) - 1
          const board = workspaceHealth({ deals: [deal], processes: new Map([['p', process]]), historyByDeal: new Map(), signals, now: endOfDay, timeZone: zone, periodStart: day })
          const page = dealHealth({ deal, process, history: [], lastTouchAt: touch, pushes: 0, now: atHour, timeZone: zone, periodStart: day })
          expect(page).toEqual(board.byDeal.get('d'))
          const home = managerAgenda({ deals: [deal], health: board.byDeal, processes: new Map([['p', process]]), tasks: [], gaps: new Map(), now: atHour, timeZone: zone })
          const homeHealth = home[0]!.reasons.flatMap((r) => ('finding' in r ? [r.finding] : []))
          const key = (f: { flag: string; code: string }): string => `${f.flag}:${f.code}`
          const sorted = <T extends { flag: string; code: string }>(xs: T[]): T[] => [...xs].sort((a, b) => key(a).localeCompare(key(b)))
          expect(sorted(homeHealth)).toEqual(sorted(page.filter((f) => f.flag !== 'inflow')))
          // The card's own figures are the same function.
          const stalled = page.find((f) => f.flag === 'stalled')
          if (stalled?.code === 'stalled.inStage') {
            expect(stalled.params.days).toBe(daysInStage(deal, atHour, zone))
            expect(stalled.params.touchDays).toBe(daysSince(touch, endOfDay, zone))
          }
          if (stalled?.code === 'stalled.noTouch') expect(stalled.params.days).toBe(daysSince(touch, atHour, zone))
        }
      )
    )
  })
})
