import { describe, expect, it } from 'vitest'
import type { Activity, Deal, SalesProcess, User } from '../model'
import { bigDealsClosingThisMonth, dealsWithoutTouch, lastCustomerTouch, visitsToday } from './cockpit-agenda'

const TZ = 'Asia/Shanghai'
const now = Date.UTC(2026, 10, 22, 6) // 14:00 Shanghai, Sun 22 Nov 2026
const day = 86_400_000

const deal = (id: string, over: Partial<Deal> = {}): Deal => ({
  id,
  name: id,
  customerId: `c-${id}`,
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 's1',
  stageEnteredAt: now - 40 * day,
  amount: 10_000_00,
  currency: 'CNY',
  expectedCloseAt: now + 5 * day,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: now - 60 * day,
  checkedCriteria: [],
  ...over
})
const act = (over: Partial<Activity>): Activity => ({ id: Math.random().toString(36), kind: 'visit', customerId: 'c', dealId: null, userId: 'u1', at: now, status: 'done', ...over })
const process = { id: 'p1', bigDealThreshold: 500_000_00 } as SalesProcess

describe('which deals need me today', () => {
  it('lists open deals without a customer touch for N days, and says since when', () => {
    const deals = [deal('a'), deal('b'), deal('c', { status: 'won' })]
    const acts = [
      act({ dealId: 'a', customerId: 'c-a', at: now - 20 * day }),
      act({ dealId: 'b', customerId: 'c-b', at: now - 2 * day }),
      // An email is not a touch…
      act({ kind: 'email', dealId: 'b', customerId: 'c-b', at: now - 1 * day }),
      // …and an unconnected call neither.
      act({ kind: 'call', connected: false, dealId: 'a', customerId: 'c-a', at: now - 1 * day })
    ]
    const res = dealsWithoutTouch(deals, lastCustomerTouch(acts, now), now, 14)
    expect(res.map((r) => [r.deal.id, r.days])).toEqual([['a', 20]])
  })

  it('a visit to the customer counts for the customer’s deals', () => {
    const res = dealsWithoutTouch([deal('a')], lastCustomerTouch([act({ customerId: 'c-a', at: now - 3 * day })], now), now, 14)
    expect(res).toEqual([])
  })

  it('a never-touched deal counts from its creation', () => {
    const res = dealsWithoutTouch([deal('a', { createdAt: now - 30 * day })], lastCustomerTouch([], now), now, 14)
    expect(res[0]).toMatchObject({ lastTouchAt: null, days: 30 })
  })

  it('big deals closing this month, by threshold or by hand', () => {
    const processes = new Map([['p1', process]])
    const deals = [
      deal('big', { amount: 800_000_00 }),
      deal('flagged', { bigDeal: true }),
      deal('small'),
      deal('nextMonth', { amount: 900_000_00, expectedCloseAt: Date.UTC(2026, 11, 3) })
    ]
    expect(bigDealsClosingThisMonth(deals, processes, now, TZ).map((d) => d.id)).toEqual(['big', 'flagged'])
  })

  it("today's visits vs plan per rep, by kind", () => {
    const reps = [{ id: 'u1', name: '张伟', role: 'rep', orgUnitId: 't1', active: true }] as User[]
    const today = Date.UTC(2026, 10, 22, 2) // 10:00 Shanghai
    const acts = [
      act({ at: today, visitKind: 'new' }),
      act({ at: today, visitKind: 'closing' }),
      act({ at: today + 3 * 3600_000, status: 'planned', visitKind: 'new' }),
      act({ at: today - day, visitKind: 'new' }) // yesterday
    ]
    const [row] = visitsToday(reps, acts, now, TZ)
    expect(row).toMatchObject({ planned: 3, done: 2, doneByKind: { new: 1, follow_up: 0, closing: 1 }, target: 8 })
  })
})
