import { describe, expect, it } from 'vitest'
import type { Activity, Collection, Contract, Instalment, Invoice, Milestone } from '../model'
import { postSaleEvents } from './post-sale-timeline'
import { filterTimeline, kindGroup, mergeTimeline, TimelineSearchTexts } from './timeline'

const SH = 'Asia/Shanghai'
const noon = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 4)

const contract: Contract = {
  id: 'k',
  number: 'HT-2026-007',
  customerId: 'c',
  dealId: 'd',
  collectorId: 'rep',
  orgUnitId: 't',
  amount: 1_000_000,
  currency: 'CNY',
  signedAt: noon('2026-02-01'),
  status: 'active',
  createdAt: noon('2026-02-01'),
  createdBy: 'mgr'
}
const instalments: Instalment[] = [
  { id: 'i1', contractId: 'k', seq: 1, label: '首付款', percentBp: 5000, dueDate: '2026-03-01' },
  { id: 'i2', contractId: 'k', seq: 2, label: '验收款', percentBp: 5000, milestoneId: 'm', daysAfter: 15 }
]
const milestones: Milestone[] = [{ id: 'm', contractId: 'k', kind: 'acceptance', seq: 1, plannedDate: '2026-04-01' }]
const collections: Collection[] = [
  { id: 'p1', contractId: 'k', amount: 300_000, currency: 'CNY', receivedAt: noon('2026-03-05'), method: 'bank_transfer', recordedBy: 'mgr', recordedAt: noon('2026-03-05') }
]
const invoices: Invoice[] = [{ id: 'v1', contractId: 'k', number: 'FP-001', amount: 500_000, currency: 'CNY', issuedAt: noon('2026-02-25'), kind: 'vat_special', instalmentId: 'i1', createdBy: 'mgr' }]

describe('postSaleEvents', () => {
  const now = noon('2026-04-10')
  const events = postSaleEvents({ contracts: [contract], instalments, milestones, collections, invoices }, { now, timeZone: SH })

  it('contract, invoice, overdue, a partial collection and a late acceptance, in time order with the rest of the stream', () => {
    const visit = { id: 'a1', kind: 'visit', customerId: 'c', dealId: 'd', userId: 'rep', at: noon('2026-03-03'), status: 'done' } as Activity
    const merged = mergeTimeline({ activities: [visit], extra: events, now })
    expect(merged.map((e) => e.kind)).toEqual(['contract_signed', 'invoice', 'instalment_overdue', 'visit', 'collection', 'milestone'])
    const overdue = merged[2]!
    // Overdue from local midnight after the due day: 2 March 00:00 Shanghai = 1 March 16:00Z.
    expect(new Date(overdue.at).toISOString()).toBe('2026-03-01T16:00:00.000Z')
    expect(overdue.postSale).toMatchObject({ instalmentLabel: '首付款', outstanding: 500_000, daysOverdue: 40 })
    expect(merged[4]!.postSale).toMatchObject({ amount: 300_000, instalmentLabel: '首付款', leftOpen: 200_000 })
    expect(merged[5]!).toMatchObject({ planned: true, dateOnly: true, postSale: { milestoneKind: 'acceptance', lateDays: 9 } })
    expect(merged.every((e) => e.dealId === 'd' && e.customerId === 'c')).toBe(true)
    expect(kindGroup('collection')).toBe('money')
  })

  it('an instalment paid late keeps its overdue event with the day it was settled; one paid on time has none', () => {
    const late = [...collections, { ...collections[0]!, id: 'p2', amount: 200_000, receivedAt: noon('2026-03-20') }]
    const ev = postSaleEvents({ contracts: [contract], instalments, milestones, collections: late, invoices }, { now, timeZone: SH })
    const o = ev.find((e) => e.kind === 'instalment_overdue')!
    expect(o.postSale).toMatchObject({ daysOverdue: 19, outstanding: 500_000 })
    expect(o.postSale!.settledDay).toBeDefined()
    const onTime = [{ ...collections[0]!, amount: 500_000, receivedAt: noon('2026-02-28') }]
    expect(postSaleEvents({ contracts: [contract], instalments, milestones, collections: onTime, invoices }, { now, timeZone: SH }).some((e) => e.kind === 'instalment_overdue')).toBe(false)
  })

  it('reached milestones sit on their actual day; search finds events by contract number and label', () => {
    const reached = postSaleEvents({ contracts: [contract], instalments, milestones: [{ ...milestones[0]!, actualDate: '2026-04-03' }], collections, invoices }, { now, timeZone: SH })
    const m = reached.find((e) => e.kind === 'milestone')!
    expect([m.planned, m.postSale!.lateDays, new Date(m.at).toISOString()]).toEqual([undefined, 2, '2026-04-03T04:00:00.000Z'])
    const merged = mergeTimeline({ activities: [], extra: events, now })
    const texts = new TimelineSearchTexts(merged)
    const hits = filterTimeline(merged, { query: '首付款' }, { text: (i) => texts.text(i), includes: (i, q, raw) => texts.includes(i, q, raw), nameOf: () => undefined })
    expect([...hits].map((i) => merged[i]!.kind)).toEqual(['invoice', 'instalment_overdue', 'collection'])
    const byNumber = filterTimeline(merged, { query: 'ht-2026-007' }, { text: (i) => texts.text(i), nameOf: () => undefined })
    expect(byNumber.length).toBe(merged.length)
  })
})
