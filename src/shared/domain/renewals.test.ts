import { describe, expect, it } from 'vitest'
import type { Contract } from '../model'
import { dayOfDate, localDayReader } from './collections'
import { renewalCandidates } from './renewals'

const noon = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 4)
const k = (id: string, customerId: string, signed: string, p: Partial<Contract> = {}): Contract => ({
  id,
  number: id,
  customerId,
  collectorId: 'rep',
  orgUnitId: 't',
  amount: 1_000,
  currency: 'CNY',
  signedAt: noon(signed),
  status: 'active',
  createdAt: 0,
  createdBy: 'mgr',
  ...p
})

describe('renewalCandidates (15 June 2026, 60 days ahead)', () => {
  const contracts = [
    k('c1', 'A', '2025-08-01', { startDate: '2025-08-01', endDate: '2026-07-31' }),
    k('c2', 'B', '2025-07-01', { endDate: '2026-07-01' }),
    // B renewed early: signed within 90 days of c2's end.
    k('c3', 'B', '2026-05-01', { endDate: '2027-06-30' }),
    // Ended 26 days ago, not renewed: still worth the call.
    k('c4', 'C', '2025-05-20', { endDate: '2026-05-20' }),
    k('c5', 'D', '2025-07-10', { endDate: '2026-07-10', renewalDealId: 'deal-renew' }),
    // One-off buyer every ~6 months: due again on 2 June.
    k('e1', 'E', '2025-06-01'),
    k('e2', 'E', '2025-12-01'),
    k('f1', 'F', '2025-01-01'),
    k('f2', 'F', '2026-03-01'),
    k('g1', 'G', '2025-07-01', { endDate: '2026-07-01', status: 'terminated' }),
    k('h1', 'H', '2025-07-01', { endDate: '2026-07-01', deleted: true })
  ]

  it('lists contracts ending soon or just ended and one-off buyers due again, soonest first', () => {
    const out = renewalCandidates(contracts, { today: dayOfDate('2026-06-15'), withinDays: 60, dayOf: localDayReader('Asia/Shanghai') })
    expect(out.map((c) => [c.contract.id, c.reason.kind, c.reason.daysLeft])).toEqual([
      ['c4', 'termEnds', -26],
      ['e2', 'purchaseCycle', -13],
      ['c1', 'termEnds', 46]
    ])
    const e = out[1]!.reason
    expect(e.kind === 'purchaseCycle' && [e.cycleDays, e.purchases]).toEqual([183, 2])
  })

  it('a shorter window leaves the later ones out', () => {
    const out = renewalCandidates(contracts, { today: dayOfDate('2026-06-15'), withinDays: 30, dayOf: localDayReader('Asia/Shanghai') })
    expect(out.map((c) => c.contract.id)).toEqual(['c4', 'e2'])
  })
})
