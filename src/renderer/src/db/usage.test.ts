import { beforeEach, describe, expect, it } from 'vitest'
import type { Contract, Customer, Deal, User } from '@shared/model'
import { renewalOpportunities } from '@shared/domain/renewals-usage'
import { dayOfDate, localDayReader } from '@shared/domain/collections'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write, WriteError } from './write'
import { PostSaleError } from './contracts'
import { recordUsageReading, removeUsageReading } from './usage'
import { setSession } from '../session/session'
import { outboxOps } from './outbox'

const NOW = Date.parse('2026-06-15T10:00:00+08:00')
let n = 0
const users: User[] = [
  { id: 'rep', name: '李娜', role: 'rep', orgUnitId: 't1', active: true },
  { id: 'rep2', name: '赵磊', role: 'rep', orgUnitId: 't1', active: true },
  { id: 'lead', name: '王组长', role: 'team_lead', orgUnitId: 't1', active: true }
]
const customer: Customer = { id: 'c1', name: '瑞康医疗', industry: '医疗', size: 'medium', channel: '展会', ownerId: 'rep', orgUnitId: 't1', tier: 'key', createdAt: 0 }
const deal: Deal = {
  id: 'd1', name: '瑞康 SaaS 年费', customerId: 'c1', ownerId: 'rep', orgUnitId: 't1', processId: 'p', stageId: 'won', stageEnteredAt: 0, amount: 300_000_00, currency: 'CNY',
  expectedCloseAt: 0, forecastCategory: 'closed', status: 'won', bigDeal: false, createdAt: 0, checkedCriteria: []
}
const contract: Contract = {
  id: 'k1', number: 'HT-2026-0007', customerId: 'c1', dealId: 'd1', collectorId: 'rep', orgUnitId: 't1', amount: 300_000_00, currency: 'CNY',
  signedAt: Date.parse('2025-12-20T10:00:00+08:00'), startDate: '2026-01-01', endDate: '2026-12-31', status: 'active', createdAt: 0, createdBy: 'rep'
}
const who = { now: NOW, today: '2026-06-15' }
const signIn = (userId: string) => setSession(getDb(), { kind: 'local', userId })

beforeEach(async () => {
  useDb(new CockpitDb(`usage-test-${++n}`))
  let t = NOW
  setWriteClock(() => t++)
  await write(async (tx) => {
    for (const u of users) await tx.insert('users', u)
    await tx.insert('customers', customer)
    await tx.insert('deals', deal)
    await tx.insert('contracts', contract)
  })
  await getDb().outbox.clear()
})

describe('usage readings through the write path', () => {
  it('the contract’s rep records a reading as themselves; it syncs and the renewal list reads it', async () => {
    await signIn('rep')
    const r = await recordUsageReading({ contractId: 'k1', metric: ' 用户席位 ', measure: 'level', date: '2026-06-14', used: 47, entitled: 50 }, who)
    expect(r).toMatchObject({ contractId: 'k1', metric: '用户席位', recordedBy: 'rep', recordedAt: NOW, used: 47, entitled: 50 })
    const ops = await outboxOps(getDb())
    expect(ops.map((o) => [o.table, o.rowId])).toEqual([['usageReadings', r.id]])
    const out = renewalOpportunities([contract], await getDb().usageReadings.toArray(), { today: dayOfDate('2026-06-15'), withinDays: 60, dayOf: localDayReader('Asia/Shanghai') })
    expect(out.map((c) => [c.reason.kind, 'percent' in c.reason ? c.reason.percent : null])).toEqual([['usageNearCap', 94]])
  })

  it('another rep may not record on a colleague’s contract; the team lead may; nothing half-written', async () => {
    await signIn('rep2')
    const err = await recordUsageReading({ contractId: 'k1', metric: 'seats', measure: 'level', date: '2026-06-14', used: 10 }, who).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WriteError)
    expect(err).toMatchObject({ code: 'write.forbidden', details: { permission: 'postSale.others', role: 'rep' } })
    expect(await getDb().usageReadings.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
    await signIn('lead')
    const r = await recordUsageReading({ contractId: 'k1', metric: 'seats', measure: 'level', date: '2026-06-14', used: 10 }, who)
    expect(r.recordedBy).toBe('lead')
    await removeUsageReading(r.id)
    expect((await getDb().usageReadings.get(r.id))?.deleted).toBe(true)
  })

  it('refuses bad input with a code, writing nothing', async () => {
    await signIn('rep')
    const base = { contractId: 'k1', metric: 'seats', measure: 'level' as const, date: '2026-06-14', used: 10 }
    for (const [input, code] of [
      [{ ...base, metric: '  ' }, 'usage.metric-missing'],
      [{ ...base, used: -1 }, 'usage.quantity-invalid'],
      [{ ...base, used: Number.NaN }, 'usage.quantity-invalid'],
      [{ ...base, entitled: 0 }, 'usage.quantity-invalid'],
      [{ ...base, date: '2026-02-30' }, 'usage.date-invalid'],
      [{ ...base, date: '2026-06-16' }, 'usage.in-future'],
      [{ ...base, contractId: 'nope' }, 'contract.not-found']
    ] as const) {
      const err = await recordUsageReading(input, who).catch((e: unknown) => e)
      expect(err, code).toBeInstanceOf(PostSaleError)
      expect((err as PostSaleError).code).toBe(code)
    }
    expect(await getDb().usageReadings.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
  })
})
