import { describe, expect, it } from 'vitest'
import type { Activity, Deal, SalesProcess, User } from '../model'
import { agendaCounts, bigDealsClosingThisMonth, dealsWithoutTouch, lastCustomerTouch, managerAgenda, visitsToday } from './cockpit-agenda'
import type { HealthFinding } from './deal-health'

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
    const res = dealsWithoutTouch(deals, lastCustomerTouch(acts, now), now, 14, TZ)
    expect(res.map((r) => [r.deal.id, r.days])).toEqual([['a', 20]])
  })

  it('a visit to the customer counts for the customer’s deals', () => {
    const res = dealsWithoutTouch([deal('a')], lastCustomerTouch([act({ customerId: 'c-a', at: now - 3 * day })], now), now, 14, TZ)
    expect(res).toEqual([])
  })

  it('a never-touched deal counts from its creation', () => {
    const res = dealsWithoutTouch([deal('a', { createdAt: now - 30 * day })], lastCustomerTouch([], now), now, 14, TZ)
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

describe('the manager’s agenda: every reason, ranked by what is at stake (issue 14)', () => {
  const processes = new Map([['p1', { ...process, stages: [{ id: 's1', kind: 'open', probability: 40 }] } as SalesProcess]])
  const finding = (flag: HealthFinding['flag'], code: HealthFinding['code'], params: HealthFinding['params'] = {}): HealthFinding => ({ flag, code, params })
  const run = (over: Partial<Parameters<typeof managerAgenda>[0]> = {}) =>
    managerAgenda({
      deals: [
        deal('stalled', { amount: 200_000_00 }),
        deal('big', { amount: 900_000_00, expectedCloseAt: Date.UTC(2026, 10, 28, 2) }),
        deal('tasks', { amount: 50_000_00 }),
        deal('gaps', { amount: 300_000_00 }),
        deal('fine', { amount: 999_000_00, expectedCloseAt: Date.UTC(2026, 11, 20) }),
        deal('new', { amount: 10_000_00 }),
        deal('closed', { status: 'lost', amount: 999_000_00 })
      ],
      health: new Map([
        ['stalled', [finding('stalled', 'stalled.noTouch', { days: 20, limit: 14 }), finding('pushed', 'pushed.count', { count: 4 }), finding('abandon', 'abandon.rules', {})]],
        ['new', [finding('inflow', 'inflow.new', { days: 3 })]]
      ]),
      processes,
      tasks: [
        // Due two days ago, then yesterday: both late; the oldest is named.
        { dealId: 'tasks', subject: '发送报价', dueAt: now - 2 * day, done: false },
        { dealId: 'tasks', subject: '约见决策人', dueAt: now - day, done: false },
        // Done, due later today, or on no deal: none of them is late work on a deal.
        { dealId: 'tasks', subject: 'done', dueAt: now - 5 * day, done: true },
        { dealId: 'tasks', subject: 'today', dueAt: now + 3_600_000, done: false },
        { dealId: null, subject: 'coaching', dueAt: now - 9 * day, done: false }
      ],
      gaps: new Map([
        [
          'gaps',
          [
            { question: '谁批预算？', dueAt: now - 6 * day, status: 'open' },
            { question: '竞品报价？', dueAt: now - day, status: 'open' },
            { question: '已答复', dueAt: now - 9 * day, status: 'closed' },
            { question: '没有期限', dueAt: null, status: 'open' }
          ]
        ]
      ]),
      now,
      timeZone: TZ,
      ...over
    })

  it('lists each deal once with all its reasons and their numbers, the biggest stake first', () => {
    const items = run()
    expect(items.map((i) => i.deal.id)).toEqual(['big', 'gaps', 'stalled', 'tasks'])
    // Health reasons in the colours' severity order; "new this period" is not a reason.
    expect(items.find((i) => i.deal.id === 'stalled')!.reasons.map((r) => r.kind)).toEqual(['abandon', 'stalled', 'pushed'])
    expect(items.find((i) => i.deal.id === 'tasks')!.reasons).toEqual([{ kind: 'overdue_task', count: 2, days: 2, subject: '发送报价' }])
    expect(items.find((i) => i.deal.id === 'gaps')!.reasons).toEqual([{ kind: 'overdue_gap', count: 2, days: 6, question: '谁批预算？' }])
    // 28 Nov 10:00 from Sun 22 Nov 14:00: six days left, at the stage's 40%.
    expect(items.find((i) => i.deal.id === 'big')!.reasons).toEqual([
      { kind: 'big_closing', closesAt: Date.UTC(2026, 10, 28, 2), daysLeft: 6, probability: 40 }
    ])
    expect(agendaCounts(items).get('overdue_task')).toBe(1)
  })

  it('is the same list at any hour of the day', () => {
    const morning = run({ now: Date.UTC(2026, 10, 21, 16, 1) }) // 00:01 Shanghai
    const night = run({ now: Date.UTC(2026, 10, 22, 15, 59) }) // 23:59 Shanghai
    expect(night).toEqual(morning)
  })

  it('ranks by a converted stake when given one', () => {
    const items = run({ stakeOf: (d) => (d.id === 'tasks' ? 1e12 : d.amount) })
    expect(items[0]!.deal.id).toBe('tasks')
  })
})
