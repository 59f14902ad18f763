import { beforeEach, describe, expect, it } from 'vitest'
import type { Customer, Deal, SalesProcess, User } from '@shared/model'
import { contractStates, localDayReader, overdueOf } from '@shared/domain/collections'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { createContract, openRenewalDeal, reachMilestone, recordCollection, removeCollection, savePlan, type PlanDraft } from './contracts'
import { outboxOps } from './outbox'

const NOW = Date.parse('2026-06-15T10:00:00+08:00')
const TZ = 'Asia/Shanghai'
let n = 0

const rep: User = { id: 'rep', name: '李娜', role: 'rep', orgUnitId: 't1', active: true }
const mgr: User = { id: 'mgr', name: '王经理', role: 'team_lead', orgUnitId: 't1', active: true }
const customer: Customer = { id: 'c1', name: '瑞康医疗', industry: '医疗', size: 'medium', channel: '展会', ownerId: 'rep', orgUnitId: 't1', tier: 'key', createdAt: 0 }
const process: SalesProcess = {
  id: 'p-existing',
  name: '老客户',
  segment: 'existing',
  revision: 1,
  stages: [
    { id: 'renew', name: '续约沟通', kind: 'open', probability: 40, expectedDays: 14, minDays: 1, exitCriteria: [], steps: [], methods: [] },
    { id: 'won', name: '赢单', kind: 'won', probability: 100, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 'lost', name: '输单', kind: 'lost', probability: 0, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] }
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 100_000_000,
  currency: 'CNY',
  lossReasons: []
}
const deal = (id: string, status: Deal['status']): Deal => ({
  id,
  name: '瑞康 CRM 二期',
  customerId: 'c1',
  ownerId: 'rep',
  orgUnitId: 't1',
  processId: 'p-existing',
  stageId: status === 'won' ? 'won' : 'renew',
  stageEnteredAt: NOW - 86_400_000,
  amount: 1_000_000_00,
  currency: 'CNY',
  expectedCloseAt: NOW,
  forecastCategory: 'closed',
  status,
  bigDeal: false,
  createdAt: NOW - 60 * 86_400_000,
  ...(status === 'won' ? { closedAt: NOW - 40 * 86_400_000 } : {}),
  checkedCriteria: []
})

/** 30 % on 20 May (already past), 70 % within 30 days of acceptance. */
const plan: PlanDraft = {
  milestones: [{ key: 'acc', kind: 'acceptance', plannedDate: '2026-06-30' }],
  instalments: [
    { label: '首付款', percentBp: 3000, dueDate: '2026-05-20' },
    { label: '验收款', percentBp: 7000, milestoneKey: 'acc', daysAfter: 30 }
  ]
}
const draft = { dealId: 'd-won', number: 'HT-2026-0042', amount: 1_000_000_00, currency: 'CNY', signedAt: NOW - 40 * 86_400_000, collectorId: 'rep' }
const who = { byUserId: 'mgr', now: NOW }

beforeEach(async () => {
  useDb(new CockpitDb(`contracts-test-${++n}`))
  let t = NOW
  setWriteClock(() => t++)
  await write(async (tx) => {
    await tx.insert('users', rep)
    await tx.insert('users', mgr)
    await tx.insert('customers', customer)
    await tx.insert('salesProcesses', process)
    await tx.insert('deals', deal('d-won', 'won'))
    await tx.insert('deals', deal('d-open', 'open'))
  })
  await getDb().outbox.clear()
})

async function state() {
  const db = getDb()
  const [contracts, instalments, milestones, collections] = await Promise.all([db.contracts.toArray(), db.instalments.toArray(), db.milestones.toArray(), db.collections.toArray()])
  return contractStates({ contracts, instalments, milestones, collections }, TZ)[0]!
}

describe('contracts through the write path', () => {
  it('a won deal becomes a contract with its plan and milestones, all in the outbox', async () => {
    const c = await createContract(draft, plan, who)
    expect(c).toMatchObject({ customerId: 'c1', dealId: 'd-won', collectorId: 'rep', orgUnitId: 't1', createdBy: 'mgr', status: 'active' })
    const ops = await outboxOps(getDb())
    expect(ops.map((o) => o.table).sort()).toEqual(['contracts', 'instalments', 'instalments', 'milestones'])
    const s = await state()
    expect(s.lines.map((l) => [l.label, l.amount])).toEqual([
      ['首付款', 300_000_00],
      ['验收款', 700_000_00]
    ])
    // The first instalment is 26 days overdue on 15 June; the acceptance one waits.
    expect(overdueOf([s], localDayReader(TZ)(NOW)).map((o) => [o.line.label, o.daysOverdue])).toEqual([['首付款', 26]])
  })

  it('refuses an open deal, a second contract for a deal, and a plan beyond the contract — writing nothing', async () => {
    await expect(createContract({ ...draft, dealId: 'd-open' }, plan, who)).rejects.toMatchObject({ code: 'contract.deal-not-won' })
    const over: PlanDraft = { milestones: [], instalments: [{ amount: 600_000_00, dueDate: '2026-07-01' }, { amount: 500_000_00, dueDate: '2026-08-01' }] }
    await expect(createContract(draft, over, who)).rejects.toMatchObject({ code: 'plan.invalid', params: { problem: 'plan.exceeds-contract', excess: 100_000_00 } })
    const both: PlanDraft = { milestones: [], instalments: [{ amount: 100, percentBp: 100, dueDate: '2026-07-01' }] }
    await expect(createContract(draft, both, who)).rejects.toMatchObject({ code: 'plan.invalid', params: { problem: 'plan.share-both', seq: 1 } })
    await expect(createContract({ ...draft, number: ' ' }, plan, who)).rejects.toMatchObject({ code: 'contract.number-missing' })
    expect(await getDb().contracts.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
    await createContract(draft, plan, who)
    await expect(createContract(draft, plan, who)).rejects.toMatchObject({ code: 'contract.exists', params: { number: 'HT-2026-0042' } })
  })

  it('a partial collection leaves the rest overdue; another currency or a future day is refused', async () => {
    const c = await createContract(draft, plan, who)
    await recordCollection({ contractId: c.id, amount: 100_000_00, receivedAt: NOW - 3_600_000, method: 'bank_transfer' }, who)
    const s = await state()
    expect([s.collected, s.outstanding]).toEqual([100_000_00, 900_000_00])
    expect(overdueOf([s], localDayReader(TZ)(NOW)).map((o) => o.outstanding)).toEqual([200_000_00])
    await expect(recordCollection({ contractId: c.id, amount: 1, currency: 'USD', receivedAt: NOW, method: 'cash' }, who)).rejects.toMatchObject({
      code: 'collection.currency-mismatch',
      params: { currency: 'USD', expected: 'CNY' }
    })
    await expect(recordCollection({ contractId: c.id, amount: 1, receivedAt: NOW + 3 * 86_400_000, method: 'cash' }, who)).rejects.toMatchObject({ code: 'collection.in-future' })
    await expect(recordCollection({ contractId: c.id, amount: 0, receivedAt: NOW, method: 'cash' }, who)).rejects.toMatchObject({ code: 'collection.amount-invalid' })
    expect(await getDb().collections.count()).toBe(1)
  })

  it('removing a collection puts the amount back in the open', async () => {
    const c = await createContract(draft, plan, who)
    const col = await recordCollection({ contractId: c.id, amount: 300_000_00, receivedAt: NOW, method: 'bank_transfer' }, who)
    await removeCollection(col.id)
    expect((await state()).outstanding).toBe(1_000_000_00)
  })

  it('reaching acceptance makes the gated instalment due; un-reaching it sends a clear op', async () => {
    const c = await createContract(draft, plan, who)
    const [m] = await getDb().milestones.where('contractId').equals(c.id).toArray()
    await reachMilestone(m!.id, '2026-05-01')
    let s = await state()
    expect(overdueOf([s], localDayReader(TZ)(NOW)).map((o) => [o.line.label, o.daysOverdue])).toEqual([
      ['首付款', 26],
      ['验收款', 15]
    ])
    await reachMilestone(m!.id, null)
    const last = (await outboxOps(getDb())).at(-1)!
    expect(last.fields).toEqual({ actualDate: null })
    s = await state()
    expect(overdueOf([s], localDayReader(TZ)(NOW))).toHaveLength(1)
  })

  it('editing the plan keeps instalment ids (collections stay where they were) and deletes dropped lines', async () => {
    const c = await createContract(draft, plan, who)
    const before = await getDb().instalments.where('contractId').equals(c.id).sortBy('seq')
    await savePlan(c.id, {
      milestones: [{ key: 'acc', id: (await getDb().milestones.toArray())[0]!.id, kind: 'acceptance', plannedDate: '2026-07-15' }],
      instalments: [{ id: before[0]!.id, label: '首付款', percentBp: 5000, dueDate: '2026-05-20' }, { label: '尾款', percentBp: 5000, dueDate: '2026-09-01' }]
    })
    const after = await getDb().instalments.where('contractId').equals(c.id).toArray()
    expect(after.find((i) => i.id === before[0]!.id)).toMatchObject({ percentBp: 5000 })
    expect(after.find((i) => i.id === before[1]!.id)).toMatchObject({ deleted: true })
    const s = await state()
    expect(s.lines.map((l) => [l.label, l.amount])).toEqual([
      ['首付款', 500_000_00],
      ['尾款', 500_000_00]
    ])
  })

  it('a renewal opens as a deal in the existing-customer process, and the contract remembers it', async () => {
    const c = await createContract({ ...draft, startDate: '2025-07-01', endDate: '2026-06-30' }, plan, who)
    const d = await openRenewalDeal({ contractId: c.id, name: '瑞康 续约 2026', expectedCloseAt: NOW + 15 * 86_400_000 }, who)
    expect(d).toMatchObject({ customerId: 'c1', ownerId: 'rep', processId: 'p-existing', stageId: 'renew', status: 'open', amount: 1_000_000_00 })
    expect(await getDb().stageHistory.where('dealId').equals(d.id).count()).toBe(1)
    expect((await getDb().contracts.get(c.id))!.renewalDealId).toBe(d.id)
  })
})
