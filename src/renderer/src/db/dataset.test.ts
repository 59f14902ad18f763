import { beforeEach, describe, expect, it } from 'vitest'
import type { Deal } from '@shared/model'
import { fixtureWorkspace } from '../../../../tests/fixtures/crm-export'
import { CockpitDb, getDb, useDb } from './database'
import { attachCustomer, clearCurrencyRate, setCurrencyRate, setDealAmount, setExpectedClose, setTotalsCurrency, unifyProductName } from './dataset'
import { write } from './write'
import { outboxOps } from './outbox'

const ws = fixtureWorkspace()
const deal = (id: string, over: Partial<Deal> = {}): Deal => ({
  id,
  name: id,
  ownerId: 'rep-1',
  orgUnitId: 'team-1',
  processId: ws.process.id,
  stageId: 's-contact',
  stageEnteredAt: 1,
  amount: 100,
  currency: 'USD',
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: 1,
  checkedCriteria: [],
  ...over
})

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`dataset-test-${++n}`))
  await write(async (tx) => {
    for (const o of ws.orgUnits) await tx.insert('orgUnits', o)
    for (const u of ws.users) await tx.insert('users', u)
    await tx.insert('salesProcesses', ws.process)
    await tx.insert('customers', { id: 'c1', name: 'Acme', industry: '', size: 'medium', channel: '', ownerId: null, orgUnitId: 'team-1', tier: 'normal', createdAt: 1 })
    await tx.insertMany('deals', [deal('d1', { product: 'GTXPro' }), deal('d2', { product: 'gtx pro' }), deal('d3', { product: 'GTX Pro' }), deal('d4', { product: 'MG Special' })])
  })
})

describe('repairs after an import', () => {
  it('attaches a customer to a deal that came without one, through the write path (an op for sync)', async () => {
    const before = (await outboxOps(getDb())).length
    await attachCustomer('d1', 'c1')
    expect((await getDb().deals.get('d1'))?.customerId).toBe('c1')
    const ops = (await outboxOps(getDb())).slice(before)
    expect(ops.map((o) => [o.table, o.rowId, o.fields])).toEqual([['deals', 'd1', { customerId: 'c1' }]])
    await expect(attachCustomer('d1', 'nobody')).rejects.toMatchObject({ code: 'dataset.customer-missing' })
  })

  it('sets the amount of a deal imported without one, through the write path (an op for sync); a bad amount writes nothing', async () => {
    await write(async (tx) => {
      await tx.insert('deals', (({ amount: _a, ...bare }) => ({ ...bare, id: 'd5' }))(deal('d5')))
    })
    expect((await getDb().deals.get('d5'))?.amount).toBeUndefined()
    const before = (await outboxOps(getDb())).length
    await setDealAmount('d5', 12_500_00)
    expect((await getDb().deals.get('d5'))?.amount).toBe(12_500_00)
    const ops = (await outboxOps(getDb())).slice(before)
    expect(ops.map((o) => [o.table, o.rowId, o.fields])).toEqual([['deals', 'd5', { amount: 12_500_00 }]])
    await expect(setDealAmount('d5', -1)).rejects.toMatchObject({ code: 'dataset.amount-invalid' })
    await expect(setDealAmount('d5', 1.5)).rejects.toMatchObject({ code: 'dataset.amount-invalid' })
    await expect(setDealAmount('gone', 100)).rejects.toMatchObject({ code: 'dataset.deal-missing' })
    expect((await getDb().deals.get('d5'))?.amount).toBe(12_500_00)
  })

  it('sets a close date', async () => {
    await setExpectedClose('d2', 1_800_000_000_000)
    expect((await getDb().deals.get('d2'))?.expectedCloseAt).toBe(1_800_000_000_000)
  })

  it('unifies spellings of a product to the catalogue\'s in one go, and leaves other products alone', async () => {
    expect(await unifyProductName('GTX Pro')).toBe(2)
    const products = (await getDb().deals.toArray()).map((d) => [d.id, d.product])
    expect(products).toEqual([
      ['d1', 'GTX Pro'],
      ['d2', 'GTX Pro'],
      ['d3', 'GTX Pro'],
      ['d4', 'MG Special']
    ])
    expect(await unifyProductName('GTX Pro')).toBe(0)
  })

  it('keeps one rate row per pair that the team shares, and a cleared rate can be set again', async () => {
    await setCurrencyRate('USD', 'CNY', 7.1, { now: 5, userId: 'mgr-1' })
    await setCurrencyRate('USD', 'CNY', 7.2, { now: 6, userId: 'rep-2' })
    expect(await getDb().currencyRates.toArray()).toEqual([{ id: 'rate-USD-CNY', deleted: false, currency: 'USD', base: 'CNY', rate: 7.2, setAt: 6, setBy: 'rep-2' }])
    await clearCurrencyRate('USD', 'CNY')
    expect((await getDb().currencyRates.get('rate-USD-CNY'))?.deleted).toBe(true)
    await setCurrencyRate('USD', 'CNY', 7.3)
    expect(await getDb().currencyRates.get('rate-USD-CNY')).toMatchObject({ deleted: false, rate: 7.3 })
    await expect(setCurrencyRate('USD', 'CNY', 0)).rejects.toMatchObject({ code: 'currency.rate-invalid' })
    await expect(setCurrencyRate('CNY', 'CNY', 1)).rejects.toMatchObject({ code: 'currency.rate-same' })
    await setTotalsCurrency('USD')
    expect(await getDb().workspaceSettings.get('workspace')).toMatchObject({ totalsCurrency: 'USD' })
  })
})
