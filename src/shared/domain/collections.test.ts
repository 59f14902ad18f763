import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Collection, Contract, Instalment, Milestone } from '../model'
import {
  allocateCollections,
  collectionSplit,
  contractStates,
  dateOfDay,
  dayOfDate,
  lateDeliveries,
  lateMilestones,
  lineStatus,
  localDayReader,
  milestoneStatus,
  overdueInstalments,
  paidLateDays,
  resolveSchedule,
  startOfLocalDay
} from './collections'

const SH = 'Asia/Shanghai'
const NY = 'America/New_York'

function contract(p: Partial<Contract> = {}): Contract {
  return {
    id: 'k1',
    number: 'HT-2026-001',
    customerId: 'c1',
    dealId: 'd1',
    collectorId: 'rep1',
    orgUnitId: 't1',
    amount: 10_000_000, // ¥100,000.00
    currency: 'CNY',
    signedAt: Date.UTC(2026, 0, 20, 4),
    status: 'active',
    createdAt: Date.UTC(2026, 0, 20, 4),
    createdBy: 'mgr',
    ...p
  }
}

const ins = (id: string, seq: number, p: Partial<Instalment>): Instalment => ({ id, contractId: 'k1', seq, ...p })

/** Money received at local noon in Shanghai on a day. */
const at = (date: string, hour = 12): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), hour - 8)
const col = (id: string, amount: number, date: string, p: Partial<Collection> = {}): Collection => ({
  id,
  contractId: 'k1',
  amount,
  currency: 'CNY',
  receivedAt: at(date),
  method: 'bank_transfer',
  recordedBy: 'mgr',
  recordedAt: at(date),
  ...p
})
const day = dayOfDate

/** The fixture: 30 % on 1 March, 60 % within 30 days of acceptance, 10 % retention a year on. */
const plan = [
  ins('i1', 1, { label: '首付款', percentBp: 3000, dueDate: '2026-03-01' }),
  ins('i2', 2, { label: '验收款', percentBp: 6000, milestoneId: 'm-acc', daysAfter: 30 }),
  ins('i3', 3, { label: '质保金', percentBp: 1000, dueDate: '2027-03-01' })
]
const acceptance = (actualDate?: string): Milestone => ({ id: 'm-acc', contractId: 'k1', kind: 'acceptance', seq: 2, plannedDate: '2026-04-15', ...(actualDate ? { actualDate } : {}) })
const dayOf = localDayReader(SH)

function state(collections: Collection[], milestone = acceptance(), c = contract(), instalments = plan) {
  return allocateCollections(c, resolveSchedule(c, instalments, new Map([[milestone.id, milestone]])), collections, dayOf)
}

describe('days', () => {
  it('reads and writes calendar days, refusing impossible dates', () => {
    expect(dateOfDay(day('2026-03-01'))).toBe('2026-03-01')
    expect(day('2026-03-01') - day('2026-02-28')).toBe(1)
    expect(day('2028-03-01') - day('2028-02-28')).toBe(2) // leap year
    expect(day('2026-02-30')).toBeNaN()
    expect(day('26-3-1')).toBeNaN()
  })

  it('local midnight is found across a DST change', () => {
    // New York springs forward at 02:00 on 8 March 2026: that day starts at 05:00Z, the next at 04:00Z.
    expect(new Date(startOfLocalDay(day('2026-03-08'), NY)).toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(new Date(startOfLocalDay(day('2026-03-09'), NY)).toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(new Date(startOfLocalDay(day('2026-11-02'), NY)).toISOString()).toBe('2026-11-02T05:00:00.000Z')
  })
})

describe('resolveSchedule', () => {
  it('turns shares into amounts and gated lines into expected days until the milestone is reached', () => {
    const { lines, problems } = resolveSchedule(contract(), plan, new Map([['m-acc', acceptance()]]))
    expect(problems).toEqual([])
    expect(lines.map((l) => [l.instalmentId, l.amount, l.dueDay && dateOfDay(l.dueDay), l.expectedDay && dateOfDay(l.expectedDay)])).toEqual([
      ['i1', 3_000_000, '2026-03-01', null],
      // 15 April + 30 days = 15 May: expected, not due.
      ['i2', 6_000_000, null, '2026-05-15'],
      ['i3', 1_000_000, '2027-03-01', null]
    ])
  })

  it('a reached milestone makes the gated line due from its actual day', () => {
    const { lines } = resolveSchedule(contract(), plan, new Map([['m-acc', acceptance('2026-04-20')]]))
    const l = lines.find((x) => x.instalmentId === 'i2')!
    expect([l.gateMet, dateOfDay(l.dueDay!), l.expectedDay]).toEqual([true, '2026-05-20', null])
  })

  it('puts the rounding of shares on the last share, so the plan adds up to the cent', () => {
    const thirds = [1, 2, 3].map((s) => ins(`t${s}`, s, { percentBp: 3333, dueDate: `2026-0${s + 2}-01` }))
    const { lines } = resolveSchedule(contract({ amount: 10_000 }), thirds, new Map())
    expect(lines.map((l) => l.amount)).toEqual([3333, 3333, 3334])
    const odd = resolveSchedule(contract({ amount: 10_001 }), [ins('a', 1, { percentBp: 3000, dueDate: '2026-03-01' }), ins('b', 2, { percentBp: 7000, dueDate: '2026-04-01' })], new Map())
    expect(odd.lines.map((l) => l.amount)).toEqual([3000, 7001])
    // Shares over 100 % of a tiny amount: the plan is cut, never below zero (found by the property below).
    const tiny = resolveSchedule(contract({ amount: 1 }), [1, 2, 3].map((s) => ins(`h${s}`, s, { percentBp: 5000, dueDate: '2026-03-01' })), new Map())
    expect(tiny.lines.map((l) => l.amount)).toEqual([1, 0, 0])
  })

  it('a plan short of the contract leaves the rest without a due day; one beyond it is cut from the end', () => {
    const short = resolveSchedule(contract({ amount: 1_000_000 }), [ins('a', 1, { amount: 400_000, dueDate: '2026-03-01' })], new Map())
    expect(short.lines.map((l) => [l.key, l.amount, l.dueDay === null])).toEqual([
      ['a', 400_000, false],
      ['k1:rest', 600_000, true]
    ])
    expect(short.problems).toEqual([{ code: 'plan.short', remainder: 600_000 }])
    const over = resolveSchedule(
      contract({ amount: 1_000_000 }),
      [ins('a', 1, { amount: 700_000, dueDate: '2026-03-01' }), ins('b', 2, { amount: 500_000, dueDate: '2026-04-01' })],
      new Map()
    )
    expect(over.lines.map((l) => l.amount)).toEqual([700_000, 300_000])
    expect(over.problems).toEqual([{ code: 'plan.exceeds-contract', excess: 200_000 }])
  })

  it('names every broken line: no share, no due day, both, an unknown milestone', () => {
    const { problems } = resolveSchedule(
      contract(),
      [
        ins('a', 1, { dueDate: '2026-03-01' }),
        ins('b', 2, { amount: 100, percentBp: 100, dueDate: '2026-03-01' }),
        ins('c', 3, { amount: 100 }),
        ins('d', 4, { amount: 100, milestoneId: 'gone' }),
        ins('e', 5, { amount: 100, milestoneId: 'm-acc', dueDate: '2026-03-01' })
      ],
      new Map([['m-acc', acceptance()]])
    )
    expect(problems.map((p) => ('seq' in p ? `${p.code}#${p.seq}` : p.code))).toEqual([
      'plan.share-missing#1',
      'plan.share-both#2',
      'plan.due-missing#3',
      'plan.gate-unknown#4',
      'plan.due-both#5',
      'plan.short'
    ])
    expect(resolveSchedule(contract(), [], new Map()).problems).toEqual([{ code: 'plan.none' }])
  })
})

describe('allocateCollections (hand-computed)', () => {
  it('a collection before the due day pays early; a partial payment leaves the line partly open', () => {
    const s = state([col('p1', 1_000_000, '2026-02-20')])
    const [l1, l2, l3] = s.lines
    expect([l1!.collected, l1!.outstanding, l1!.paidDay]).toEqual([1_000_000, 2_000_000, null])
    expect([l2!.collected, l3!.collected]).toEqual([0, 0])
    expect([s.collected, s.outstanding, s.overpaid]).toEqual([1_000_000, 9_000_000, 0])
    // Before 1 March nothing is overdue; on 2 March the rest of the first line is, by one day.
    expect(lineStatus(l1!, day('2026-02-28'))).toBe('upcoming')
    expect(lineStatus(l1!, day('2026-03-01'))).toBe('dueToday')
    expect(lineStatus(l1!, day('2026-03-02'))).toBe('overdue')
  })

  it('the rest of a payment flows to the next line in due order, even one still waiting for acceptance', () => {
    const s = state([col('p1', 1_000_000, '2026-02-20'), col('p2', 2_500_000, '2026-03-10')])
    const [l1, l2] = s.lines
    // 2,000,000 finishes the first line on 10 March, nine days late; 500,000 goes to the acceptance line.
    expect([l1!.outstanding, dateOfDay(l1!.paidDay!), paidLateDays(l1!)]).toEqual([0, '2026-03-10', 9])
    expect([l2!.collected, l2!.outstanding]).toEqual([500_000, 5_500_000])
    expect(lineStatus(l2!, day('2026-06-01'))).toBe('awaitingMilestone')
    expect(collectionSplit(s, { id: 'p2', amount: 2_500_000 })).toEqual({ applied: 2_500_000, overpaid: 0 })
  })

  it('over-payment: what exceeds the contract is kept apart, and collected + outstanding stays the contract amount', () => {
    const s = state([col('p1', 1_000_000, '2026-02-20'), col('p2', 2_500_000, '2026-03-10'), col('p3', 9_000_000, '2026-06-05')], acceptance('2026-04-20'))
    const [l1, l2, l3] = s.lines
    expect([l1!.outstanding, l2!.outstanding, l3!.outstanding]).toEqual([0, 0, 0])
    // The acceptance line was due 20 May (20 April + 30) and paid 5 June: 16 days late.
    expect(paidLateDays(l2!)).toBe(16)
    // The retention, due 2027, paid early.
    expect(paidLateDays(l3!)).toBe(day('2026-06-05') - day('2027-03-01'))
    expect([s.received, s.collected, s.outstanding, s.overpaid]).toEqual([12_500_000, 10_000_000, 0, 2_500_000])
    expect(collectionSplit(s, { id: 'p3', amount: 9_000_000 })).toEqual({ applied: 6_500_000, overpaid: 2_500_000 })
  })

  it('a collection that names an instalment pays that one first', () => {
    const s = state([col('p1', 1_000_000, '2026-03-05', { instalmentId: 'i3' }), col('p2', 500_000, '2026-03-06', { instalmentId: 'i3' })])
    const [l1, , l3] = s.lines
    expect([l3!.collected, l3!.outstanding, l1!.collected]).toEqual([1_000_000, 0, 500_000])
  })

  it('deleted collections and money in another currency are not counted; the foreign one is named', () => {
    const s = state([col('p1', 1_000_000, '2026-02-20', { deleted: true }), col('p2', 700_000, '2026-02-21', { currency: 'USD' }), col('p3', 100, '2026-02-22')])
    expect([s.received, s.collected]).toEqual([100, 100])
    expect(s.foreignCollections).toEqual(['p2'])
  })

  it('a USD contract keeps its own currency', () => {
    const c = contract({ currency: 'USD', amount: 5_000_00 })
    const s = allocateCollections(c, resolveSchedule(c, [ins('a', 1, { percentBp: 10_000, dueDate: '2026-03-01' })], new Map()), [col('p', 2_000_00, '2026-03-03', { currency: 'USD' })], dayOf)
    expect([s.collected, s.outstanding, s.lines[0]!.outstanding]).toEqual([2_000_00, 3_000_00, 3_000_00])
  })
})

describe('overdue in the team time zone', () => {
  const data = (due: string, collections: Collection[] = []) => ({
    contracts: [contract({ amount: 1_000_000 })],
    instalments: [ins('a', 1, { amount: 1_000_000, dueDate: due })],
    milestones: [],
    collections
  })

  it('Shanghai: a line due 1 March is overdue from 00:00 on 2 March local time, i.e. 16:00Z on 1 March', () => {
    expect(overdueInstalments(data('2026-03-01'), Date.UTC(2026, 2, 1, 15, 59), SH)).toEqual([])
    const [o] = overdueInstalments(data('2026-03-01'), Date.UTC(2026, 2, 1, 16, 1), SH)
    expect([o!.daysOverdue, o!.outstanding]).toEqual([1, 1_000_000])
    // Money arriving at 00:30 on 2 March Shanghai time is a day late, though it is still 1 March in UTC.
    const s = contractStates(data('2026-03-01', [col('p', 1_000_000, '2026-03-02', { receivedAt: Date.UTC(2026, 2, 1, 16, 30) })]), SH)[0]!
    expect(paidLateDays(s.lines[0]!)).toBe(1)
  })

  it('New York, spring forward (8 March 2026 has 23 hours): overdue exactly at local midnight', () => {
    // 23:30 EDT on 8 March = 03:30Z on 9 March: still the due day.
    expect(overdueInstalments(data('2026-03-08'), Date.UTC(2026, 2, 9, 3, 30), NY)).toEqual([])
    const [o] = overdueInstalments(data('2026-03-08'), Date.UTC(2026, 2, 9, 4, 30), NY)
    expect(o!.daysOverdue).toBe(1)
    // On 16 March: 8 calendar days, though one of them had only 23 hours.
    expect(overdueInstalments(data('2026-03-08'), Date.UTC(2026, 2, 16, 4, 30), NY)[0]!.daysOverdue).toBe(8)
    // Paid at 23:30 local on the due day: on time.
    const s = contractStates(data('2026-03-08', [col('p', 1_000_000, '2026-03-08', { receivedAt: Date.UTC(2026, 2, 9, 3, 30) })]), NY)[0]!
    expect(paidLateDays(s.lines[0]!)).toBe(0)
  })

  it('New York, fall back (1 November 2026 has 25 hours): not overdue at 23:30 EST', () => {
    expect(overdueInstalments(data('2026-11-01'), Date.UTC(2026, 10, 2, 4, 30), NY)).toEqual([])
    expect(overdueInstalments(data('2026-11-01'), Date.UTC(2026, 10, 2, 5, 30), NY)[0]!.daysOverdue).toBe(1)
  })

  it('a partly paid line is overdue for what is missing; a terminated contract is not chased', () => {
    const d = data('2026-03-01', [col('p', 400_000, '2026-02-25')])
    expect(overdueInstalments(d, at('2026-03-11'), SH).map((o) => [o.daysOverdue, o.outstanding])).toEqual([[10, 600_000]])
    expect(overdueInstalments({ ...d, contracts: [contract({ amount: 1_000_000, status: 'terminated' })] }, at('2026-03-11'), SH)).toEqual([])
  })

  it('an acceptance not reached keeps its instalment from being overdue; once reached, the clock runs from it', () => {
    const d = { contracts: [contract()], instalments: plan, milestones: [acceptance()], collections: [col('p', 3_000_000, '2026-02-27')] }
    expect(overdueInstalments(d, at('2026-08-01'), SH)).toEqual([])
    const reached = { ...d, milestones: [acceptance('2026-06-01')] }
    const [o] = overdueInstalments(reached, at('2026-08-01'), SH)
    expect([o!.line.instalmentId, o!.daysOverdue, o!.outstanding]).toEqual(['i2', day('2026-08-01') - day('2026-07-01'), 6_000_000])
  })
})

describe('milestones', () => {
  it('late when past the planned day and not reached; reached late says by how much', () => {
    const today = day('2026-05-01')
    expect(milestoneStatus({ plannedDate: '2026-04-15' }, today)).toEqual({ state: 'late', lateDays: 16 })
    expect(milestoneStatus({ plannedDate: '2026-04-15', actualDate: '2026-04-20' }, today)).toEqual({ state: 'doneLate', lateDays: 5 })
    expect(milestoneStatus({ plannedDate: '2026-04-15', actualDate: '2026-04-10' }, today)).toEqual({ state: 'done', lateDays: 0 })
    expect(milestoneStatus({ plannedDate: '2026-05-01' }, today).state).toBe('dueToday')
    const list = lateMilestones([acceptance(), { ...acceptance(), id: 'm2', plannedDate: '2026-04-30' }, { ...acceptance(), id: 'm3', deleted: true }], today)
    expect(list.map((x) => [x.milestone.id, x.lateDays])).toEqual([
      ['m-acc', 16],
      ['m2', 1]
    ])
  })
})

describe('late deliveries', () => {
  it('a late acceptance holds up what is open of the instalment gated on it; a reached one, or a terminated contract, holds nothing', () => {
    const today = day('2026-05-01')
    // 35,000 paid: the down payment (30,000) in full and 5,000 early into the acceptance line.
    const s = state([col('p1', 3_500_000, '2026-03-05')])
    const kickoff: Milestone = { id: 'm-ko', contractId: 'k1', kind: 'kickoff', seq: 1, plannedDate: '2026-02-01' }
    const list = lateDeliveries([acceptance(), kickoff, { ...kickoff, id: 'm-other', contractId: 'gone' }], new Map([['k1', s]]), today)
    expect(list.map((x) => [x.milestone.id, x.lateDays, x.heldUp])).toEqual([
      ['m-ko', day('2026-05-01') - day('2026-02-01'), 0],
      ['m-acc', 16, 5_500_000]
    ])
    const reached = state([], acceptance('2026-04-20'))
    expect(lateDeliveries([acceptance('2026-04-20')], new Map([['k1', reached]]), today)).toEqual([])
    const ended = state([], acceptance(), contract({ status: 'terminated' }))
    expect(lateDeliveries([acceptance()], new Map([['k1', ended]]), today)).toEqual([])
  })
})

describe('property: collected + outstanding = contract amount', () => {
  const planLine = fc.record({
    share: fc.oneof(fc.record({ amount: fc.integer({ min: 0, max: 5_000_000 }) }), fc.record({ percentBp: fc.integer({ min: 1, max: 10_000 }) })),
    due: fc.oneof(fc.record({ dueDate: fc.integer({ min: 0, max: 800 }) }), fc.record({ gated: fc.boolean(), daysAfter: fc.integer({ min: 0, max: 90 }) })),
    deleted: fc.boolean()
  })
  const money = fc.record({
    amount: fc.integer({ min: 1, max: 8_000_000 }),
    day: fc.integer({ min: 0, max: 900 }),
    named: fc.option(fc.integer({ min: 0, max: 5 })),
    deleted: fc.boolean(),
    usd: fc.boolean()
  })

  it('holds for every contract, plan and set of collections, and every line stays within its amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.array(planLine, { maxLength: 6 }), fc.array(money, { maxLength: 8 }), fc.option(fc.integer({ min: 0, max: 600 })), (amount, lines, paid, acceptedOn) => {
        const base = day('2026-01-01')
        const c = contract({ amount })
        const instalments = lines.map((l, i) =>
          ins(`i${i}`, i + 1, {
            ...l.share,
            ...('dueDate' in l.due ? { dueDate: dateOfDay(base + l.due.dueDate) } : l.due.gated ? { milestoneId: 'm-acc', daysAfter: l.due.daysAfter } : {}),
            ...(l.deleted ? { deleted: true } : {})
          })
        )
        const m = acceptance(acceptedOn === null ? undefined : dateOfDay(base + acceptedOn))
        const collections = paid.map((p, i) =>
          col(`p${i}`, p.amount, dateOfDay(base + p.day), {
            ...(p.named !== null ? { instalmentId: `i${p.named}` } : {}),
            ...(p.deleted ? { deleted: true } : {}),
            ...(p.usd ? { currency: 'USD' } : {})
          })
        )
        const s = state(collections, m, c, instalments)
        expect(s.collected + s.outstanding).toBe(amount)
        expect(s.lines.reduce((n, l) => n + l.amount, 0)).toBe(amount)
        expect(s.lines.reduce((n, l) => n + l.collected, 0)).toBe(s.collected)
        expect(s.overpaid).toBe(s.received - s.collected)
        expect(s.overpaid).toBeGreaterThanOrEqual(0)
        for (const l of s.lines) {
          expect(l.outstanding).toBeGreaterThanOrEqual(0)
          expect(l.collected + l.outstanding).toBe(l.amount)
        }
        const live = collections.filter((x) => !x.deleted && x.currency === 'CNY').reduce((n, x) => n + x.amount, 0)
        expect(s.received).toBe(live)
      }),
      { numRuns: 1000 }
    )
  })
})
