import { beforeEach, describe, expect, it } from 'vitest'
import { CockpitError } from '@shared/ipc/define'
import { CockpitDb, getDb, useDb } from './database'
import { createCustomer, createDeal } from './records'
import { setWriteClock, write } from './write'
import { setSession } from '../session/session'

let n = 0
const process = {
  id: 'p1',
  name: 'Direct',
  segment: 'new' as const,
  revision: 1,
  stages: [
    {
      id: 's1',
      name: 'Qualify',
      kind: 'open' as const,
      probability: 10,
      expectedDays: 7,
      minDays: 0,
      exitCriteria: [],
      steps: [],
      methods: []
    },
    {
      id: 'won',
      name: 'Won',
      kind: 'won' as const,
      probability: 100,
      expectedDays: 0,
      minDays: 0,
      exitCriteria: [],
      steps: [],
      methods: []
    },
    {
      id: 'lost',
      name: 'Lost',
      kind: 'lost' as const,
      probability: 0,
      expectedDays: 0,
      minDays: 0,
      exitCriteria: [],
      steps: [],
      methods: []
    }
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 1,
  currency: 'USD',
  lossReasons: []
}

beforeEach(async () => {
  useDb(new CockpitDb(`records-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
  await write(async (tx) => {
    await tx.insert('orgUnits', { id: 't1', name: 'East team', kind: 'team', parentId: null })
    await tx.insert('users', { id: 'rep', name: 'Rep', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('users', { id: 'mgr', name: 'Manager', role: 'regional_manager', orgUnitId: 't1', active: true })
    await tx.insert('salesProcesses', process)
  })
  await setSession(getDb(), { kind: 'local', userId: 'mgr' })
})

describe('customers and deals typed in by hand', () => {
  it('a new customer and its first deal are written in the process currency, with the first stage entered by the author', async () => {
    const c = await createCustomer(
      { name: ' Hangzhou Steel ', industry: 'Steel', size: 'large', ownerId: 'rep', orgUnitId: 't1' },
      1_800_000_100_000
    )
    expect(c.name).toBe('Hangzhou Steel')
    const d = await createDeal(
      { name: 'Plant 2', customerId: c.id, ownerId: 'rep', processId: 'p1', amount: 1_250_000, byUserId: 'mgr' },
      1_800_000_200_000
    )
    expect(await getDb().deals.get(d.id)).toMatchObject({
      currency: 'USD',
      stageId: 's1',
      status: 'open',
      orgUnitId: 't1',
      ownerId: 'rep',
      amount: 1_250_000
    })
    expect(await getDb().stageHistory.where('dealId').equals(d.id).toArray()).toEqual([
      expect.objectContaining({ fromStageId: null, toStageId: 's1', byUserId: 'mgr' })
    ])
    // Both synced like every write.
    const tables = (await getDb().outbox.toArray()).map((o) => o.table)
    expect(tables).toEqual(expect.arrayContaining(['customers', 'deals', 'stageHistory']))
  })

  it('a second customer of the same name is refused, naming the one that exists', async () => {
    await createCustomer({ name: 'Hangzhou Steel', industry: '', size: 'large', ownerId: null, orgUnitId: 't1' })
    const err = await createCustomer({
      name: 'hangzhou  steel',
      industry: '',
      size: 'small',
      ownerId: 'rep',
      orgUnitId: 't1'
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CockpitError)
    expect(err).toMatchObject({ code: 'records.customer-exists', params: { name: 'Hangzhou Steel' } })
    expect(await getDb().customers.count()).toBe(1)
  })

  it('a deal without a name, or with an amount that is not money, writes nothing', async () => {
    const c = await createCustomer({ name: 'A', industry: '', size: 'small', ownerId: 'rep', orgUnitId: 't1' })
    await expect(
      createDeal({ name: '  ', customerId: c.id, ownerId: 'rep', processId: 'p1', amount: 1, byUserId: 'mgr' })
    ).rejects.toMatchObject({ code: 'records.name-required' })
    await expect(
      createDeal({ name: 'X', customerId: c.id, ownerId: 'rep', processId: 'p1', amount: 1.5, byUserId: 'mgr' })
    ).rejects.toMatchObject({ code: 'records.amount-invalid' })
    expect(await getDb().deals.count()).toBe(0)
  })
})
