import { describe, expect, it } from 'vitest'
import type { Collection, Contract, Instalment, Milestone } from '../model'
import { contractStates, dateOfDay, dayOfDate, localDayReader } from './collections'
import { collectionsForecast, collectionsNeedingAttention, customerPunctuality, dsoTrend, monthVsPlan } from './collections-metrics'
import type { CurrencyRates } from './currency'

const SH = 'Asia/Shanghai'
const dayOf = localDayReader(SH)
const day = dayOfDate
const rates: CurrencyRates = { base: 'CNY', perUnit: { USD: 7 } }
const noon = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 4)

function contract(id: string, amount: number, p: Partial<Contract> = {}): Contract {
  return { id, number: id.toUpperCase(), customerId: `cust-${id}`, collectorId: 'repA', orgUnitId: 't1', amount, currency: 'CNY', signedAt: noon('2026-01-05'), status: 'active', createdAt: 0, createdBy: 'mgr', ...p }
}
const line = (contractId: string, seq: number, amount: number, dueDate: string, p: Partial<Instalment> = {}): Instalment => ({ id: `${contractId}-${seq}`, contractId, seq, amount, dueDate, ...p })
const paid = (contractId: string, id: string, amount: number, date: string, currency = 'CNY'): Collection => ({
  id,
  contractId,
  amount,
  currency,
  receivedAt: noon(date),
  method: 'bank_transfer',
  recordedBy: 'mgr',
  recordedAt: noon(date)
})

function states(contracts: Contract[], instalments: Instalment[], collections: Collection[], milestones: Milestone[] = []) {
  return contractStates({ contracts, instalments, collections, milestones }, SH)
}

describe('monthVsPlan (hand-computed, 15 June 2026)', () => {
  const contracts = [
    contract('k1', 1_000_000),
    contract('k2', 100_000, { currency: 'USD', collectorId: 'repB' }),
    contract('k3', 300_000, { orgUnitId: 't2' }),
    contract('k9', 50_000, { status: 'terminated', collectorId: 'repB' })
  ]
  const instalments = [
    line('k1', 1, 500_000, '2026-06-10'),
    line('k1', 2, 500_000, '2026-07-10'),
    line('k2', 1, 100_000, '2026-06-20'),
    line('k3', 1, 300_000, '2026-05-01'),
    line('k9', 1, 50_000, '2026-06-02')
  ]
  const collections = [paid('k1', 'p1', 200_000, '2026-06-12'), paid('k2', 'p2', 100_000, '2026-05-30', 'USD'), paid('k9', 'p9', 10_000, '2026-06-03')]
  const s = states(contracts, instalments, collections)
  const m = monthVsPlan(s, { today: day('2026-06-15'), rates, dayOf, collections })

  it('plan is what falls due this month; collected is what arrived this month; overdue is what is missing of past due days', () => {
    const a = m.byCollector.find((r) => r.id === 'repA')!
    expect([a.plan.amount, a.collected.amount, a.overdue.amount, a.overdueLines, a.rate]).toEqual([500_000, 200_000, 600_000, 2, 0.4])
    const b = m.byCollector.find((r) => r.id === 'repB')!
    // Paid early, in May: June's plan for B is untouched by it. USD stays USD for one currency.
    expect([b.plan.amount, b.plan.currency, b.collected.amount, b.rate]).toEqual([100_000, 'USD', 0, 0])
  })

  it('the total converts USD with the manager rate and says so; terminated contracts are out', () => {
    expect(m.total.plan).toEqual({ amount: 500_000 + 700_000, currency: 'CNY', converted: ['USD'], missing: [] })
    expect(m.total.collected.amount).toBe(200_000)
    expect(m.total.rate).toBeCloseTo(200_000 / 1_200_000)
    expect(m.total.contracts).toBe(3)
  })

  it('teams add up their collectors', () => {
    expect(m.byTeam.map((r) => [r.id, r.plan.amount, r.overdue.amount])).toEqual([
      ['t1', 1_200_000, 300_000],
      ['t2', 0, 300_000]
    ])
  })

  it('a missing rate is named, not summed as if yuan', () => {
    const noRate = monthVsPlan(s, { today: day('2026-06-15'), rates: { base: 'CNY', perUnit: {} }, dayOf, collections })
    expect(noRate.total.plan).toEqual({ amount: 500_000, currency: 'CNY', converted: [], missing: ['USD'] })
  })
})

describe('dsoTrend (hand-computed)', () => {
  it('receivables at each month end over what fell due in the 90 days before, × 90', () => {
    const s = states([contract('k', 2_000_000)], [line('k', 1, 1_000_000, '2026-03-10'), line('k', 2, 1_000_000, '2026-05-10')], [paid('k', 'p', 1_000_000, '2026-04-20')])
    const t = dsoTrend(s, { today: day('2026-05-31'), months: 3, rates })
    expect(t.map((p) => [p.month, dateOfDay(p.day), p.receivable.amount, p.billed.amount, p.dso])).toEqual([
      ['2026-03', '2026-03-31', 1_000_000, 1_000_000, 90],
      ['2026-04', '2026-04-30', 0, 1_000_000, 0],
      ['2026-05', '2026-05-31', 1_000_000, 2_000_000, 45]
    ])
  })

  it('no instalment fell due: no DSO rather than zero', () => {
    const s = states([contract('k', 1_000)], [line('k', 1, 1_000, '2026-09-01')], [])
    expect(dsoTrend(s, { today: day('2026-05-31'), months: 1, rates })[0]!.dso).toBeNull()
  })
})

describe('punctuality and the collections forecast (hand-computed, 15 June 2026)', () => {
  const s = states(
    [contract('x', 4_000, { customerId: 'X' }), contract('y', 1_000, { customerId: 'Y' })],
    [line('x', 1, 1_000, '2026-03-01'), line('x', 2, 1_000, '2026-04-01'), line('x', 3, 2_000, '2026-07-20'), line('y', 1, 1_000, '2026-06-30')],
    [paid('x', 'p1', 1_000, '2026-03-11'), paid('x', 'p2', 500, '2026-05-16')]
  )
  const today = day('2026-06-15')

  it('punctuality: share collected, share within 30 days, and the average delay of what came', () => {
    const { byCustomer, team } = customerPunctuality(s, { today, rates })
    const x = byCustomer.get('X')!
    // 1,500 of 2,000 due has come; 1,000 of it within the window (10 days late), 500 came 45 days late.
    expect([x.share, x.onTimeShare, x.lines, x.source]).toEqual([0.75, 0.5, 2, 'customer'])
    expect(x.delayDays).toBeCloseTo((1_000 * 10 + 500 * 45) / 1_500)
    expect(byCustomer.has('Y')).toBe(false)
    expect([team.share, team.source]).toEqual([0.75, 'team'])
  })

  it('each open line is expected after its customer’s usual delay, weighted by what they paid; a new customer takes the team’s', () => {
    const f = collectionsForecast(s, { today, months: 3, rates })
    expect(f.buckets.map((b) => [b.key, b.scheduled.amount, b.expected.amount])).toEqual([
      // Scheduled: X's overdue rest (500) and Y's line due 30 June (1,000). Expected now: X's rest at 75 %.
      ['2026-06', 1_500, 375],
      // Scheduled: X's July line. Expected: Y's line, moved to 22 July by the team's delay, at 75 %.
      ['2026-07', 2_000, 750],
      // X's July line moved 22 days later, at 75 %.
      ['2026-08', 0, 1_500],
      ['later', 0, 0]
    ])
    const y = f.lines.find((l) => l.customerId === 'Y')!
    expect([dateOfDay(y.expectedDay), y.weight, y.punctuality.source]).toEqual(['2026-07-22', 0.75, 'team'])
  })
})

describe('collectionsNeedingAttention', () => {
  it('overdue, due today, due soon and held up by a late acceptance, ranked by what is at stake', () => {
    const acc: Milestone = { id: 'm', contractId: 'k5', kind: 'acceptance', seq: 1, plannedDate: '2026-06-01' }
    const s = states(
      [contract('k1', 1_000_000), contract('k3', 300_000), contract('k4', 100_000), contract('k5', 400_000), contract('k6', 50_000), contract('k7', 70_000)],
      [
        line('k1', 1, 500_000, '2026-06-10'),
        line('k1', 2, 500_000, '2026-07-10'),
        line('k3', 1, 300_000, '2026-05-01'),
        line('k4', 1, 100_000, '2026-06-16'),
        { id: 'k5-1', contractId: 'k5', seq: 1, amount: 400_000, milestoneId: 'm', daysAfter: 10 },
        line('k6', 1, 50_000, '2026-06-15'),
        line('k7', 1, 70_000, '2026-06-25')
      ],
      [paid('k1', 'p1', 200_000, '2026-06-12')],
      [acc]
    )
    const items = collectionsNeedingAttention(s, { today: day('2026-06-15'), rates, milestoneDay: (id) => (id === 'm' ? day('2026-06-01') : null) })
    expect(items.map((i) => [i.line.key, i.reason.kind, 'days' in i.reason ? i.reason.days : null, i.amount])).toEqual([
      ['k3-1', 'overdue', 45, 300_000],
      ['k5-1', 'gateLate', 14, 400_000],
      ['k1-1', 'overdue', 5, 300_000],
      ['k4-1', 'dueSoon', 1, 100_000],
      ['k6-1', 'dueToday', null, 50_000]
    ])
  })
})
