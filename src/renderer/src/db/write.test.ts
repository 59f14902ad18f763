import { beforeEach, describe, expect, it } from 'vitest'
import { CockpitDb, useDb, getDb } from './database'
import { write, WriteError, setWriteClock } from './write'
import { applyPulled } from '../sync/engine'
import { formatHlc } from '@shared/sync/hlc'
import type { Customer } from '@shared/model'
import { setSession } from '../session/session'
import { outboxOps } from './outbox'
import { ClockReader } from './clocks'

let n = 0
const customer = (over: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  name: '上海瑞康医疗器械有限公司',
  industry: '医疗',
  size: 'medium',
  channel: '展会',
  ownerId: 'u1',
  orgUnitId: 't1',
  tier: 'normal',
  createdAt: 1_700_000_000_000,
  ...over
})

beforeEach(() => {
  useDb(new CockpitDb(`write-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
})

describe('the one write path', () => {
  it('writes the row and its op in one go', async () => {
    await write((tx) => tx.insert('customers', customer()))
    const db = getDb()
    expect(await db.customers.get('c1')).toMatchObject({ name: '上海瑞康医疗器械有限公司' })
    const ops = await outboxOps(db)
    expect(ops).toHaveLength(1)
    expect(ops[0]).toMatchObject({ table: 'customers', rowId: 'c1', origin: 'local' })
    expect(ops[0]!.fields).toMatchObject({ name: '上海瑞康医疗器械有限公司', ownerId: 'u1' })
    expect(ops[0]!.fields).not.toHaveProperty('id')
  })

  it('restamp sends the named fields again at their values with a later clock, and changes nothing', async () => {
    await write((tx) => tx.insert('customers', customer()))
    const before = await getDb().customers.get('c1')
    await write((tx) => tx.restamp('customers', 'c1', ['orgUnitId', 'ownerId']))
    const ops = await outboxOps(getDb())
    expect(ops).toHaveLength(2)
    expect(ops[1]!.fields).toEqual({ orgUnitId: 't1', ownerId: 'u1' })
    expect(ops[1]!.hlc > ops[0]!.hlc).toBe(true)
    expect(await getDb().customers.get('c1')).toEqual(before)
    await expect(write((tx) => tx.restamp('customers', 'nope', ['orgUnitId']))).rejects.toMatchObject({ code: 'write.not-found' })
    await expect(write((tx) => tx.restamp('activities', 'x', ['userId']))).rejects.toMatchObject({ code: 'write.append-only' })
  })

  it('an update emits only the changed fields, with a later clock', async () => {
    await write((tx) => tx.insert('customers', customer()))
    await write((tx) => tx.update('customers', 'c1', { ownerId: null, name: '上海瑞康医疗器械有限公司' }))
    const ops = await outboxOps(getDb())
    expect(ops).toHaveLength(2)
    expect(ops[1]!.fields).toEqual({ ownerId: null })
    expect(ops[1]!.hlc > ops[0]!.hlc).toBe(true)
    const clocks = await getDb().clocks.get('customers/c1')
    expect(clocks!.clocks.ownerId).toBe(ops[1]!.hlc)
    expect(clocks!.clocks.name).toBe(ops[0]!.hlc)
  })

  it('clearing an optional field with undefined sends null (JSON drops undefined, so the clear would never sync) and removes it from the row', async () => {
    await write((tx) => tx.insert('customers', customer({ city: '上海' })))
    await write((tx) => tx.update('customers', 'c1', { city: undefined }))
    const ops = await outboxOps(getDb())
    expect(ops[1]!.fields).toEqual({ city: null })
    expect(JSON.parse(JSON.stringify(ops[1]!.fields))).toEqual({ city: null })
    expect(await getDb().customers.get('c1')).not.toHaveProperty('city')
    // Clearing what is already absent is no change.
    await write((tx) => tx.update('customers', 'c1', { city: undefined }))
    expect(await getDb().outbox.count()).toBe(2)
  })

  it('an update that changes nothing writes no op', async () => {
    await write((tx) => tx.insert('customers', customer()))
    await write((tx) => tx.update('customers', 'c1', { industry: '医疗' }))
    expect(await getDb().outbox.count()).toBe(1)
  })

  it('refuses an invalid row and leaves nothing behind', async () => {
    const bad = customer({ id: 'c2', size: 'gigantic' as Customer['size'] })
    const err = await write(async (tx) => {
      await tx.insert('customers', customer())
      await tx.insert('customers', bad)
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WriteError)
    expect((err as WriteError).code).toBe('write.invalid')
    expect(await getDb().customers.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
  })

  it('activities are immutable', async () => {
    await write((tx) =>
      tx.insert('activities', { id: 'a1', kind: 'note', customerId: 'c1', dealId: null, userId: 'u1', at: 1, body: '客户预算已确认' })
    )
    const err = await write((tx) => tx.update('activities', 'a1', { body: 'changed' })).catch((e: unknown) => e)
    expect((err as WriteError).code).toBe('write.append-only')
    expect((await getDb().activities.get('a1'))!.body).toBe('客户预算已确认')
  })

  it('deletion is a field, so it syncs like one', async () => {
    await write((tx) => tx.insert('customers', customer()))
    await write((tx) => tx.remove('customers', 'c1'))
    const ops = await outboxOps(getDb())
    expect(ops[1]!.fields).toEqual({ deleted: true })
    expect((await getDb().customers.get('c1'))!.deleted).toBe(true)
  })

  it('clocks keep rising across sessions (the clock is persisted)', async () => {
    setWriteClock(() => 5) // wall clock far in the past, e.g. a laptop whose clock was reset
    await write((tx) => tx.insert('customers', customer()))
    await write((tx) => tx.insert('customers', customer({ id: 'c2' })))
    const ops = await outboxOps(getDb())
    expect(ops[1]!.hlc > ops[0]!.hlc).toBe(true)
  })

  it('a bulk insert (an import) keeps one clock for the whole row, and sync still merges it field by field', async () => {
    await write((tx) => tx.insertMany('customers', [customer(), customer({ id: 'c2' })]))
    const [op1] = await outboxOps(getDb())
    // No clock record per row: every field of the row reads the insert clock its op carries.
    expect(await getDb().clocks.get('customers/c1')).toBeUndefined()
    const row = (await getDb().customers.get('c1')) as unknown as Record<string, unknown>
    const clocks = await new ClockReader(getDb()).fieldClocks('customers', 'c1', row)
    expect(Object.keys(clocks).sort()).toEqual(Object.keys(row).filter((f) => f !== 'id').sort())
    expect(new Set(Object.values(clocks))).toEqual(new Set([op1!.hlc]))
    await write((tx) => tx.update('customers', 'c1', { name: '瑞康医疗' }))
    const colleague = (wallMs: number, fields: Record<string, unknown>) => ({
      stream: 'r1',
      seq: 1,
      op: { table: 'customers', rowId: 'c1', hlc: formatHlc({ wallMs, counter: 0, node: 'colleague-laptop' }), schemaVersion: 2, fields }
    })
    await applyPulled(
      getDb(),
      [
        // Older than the import: the imported value stays.
        colleague(1_700_000_000_000, { industry: '教育' }),
        // Older than the local edit, newer than the import: the edit stays.
        colleague(1_800_000_000_000, { name: 'Older name' }),
        // Newer than everything: it wins.
        colleague(1_900_000_000_000, { channel: '转介绍' })
      ],
      {}
    )
    expect(await getDb().customers.get('c1')).toMatchObject({ industry: '医疗', name: '瑞康医疗', channel: '转介绍' })
  })
})

describe('the write path knows who is at the keyboard', () => {
  const signIn = async (role: 'rep' | 'regional_manager' | 'team_lead'): Promise<void> => {
    await getDb().users.put({ id: 'me', name: 'Me', role, orgUnitId: 't1', active: true })
    await setSession(getDb(), { kind: 'local', userId: 'me' })
  }
  const process = {
    id: 'p1',
    name: 'New customers',
    segment: 'new' as const,
    revision: 1,
    stages: [
      { id: 'a', name: 'Lead', kind: 'open' as const, probability: 10, expectedDays: 7, minDays: 0, exitCriteria: [], steps: [], methods: [] },
      { id: 'w', name: 'Won', kind: 'won' as const, probability: 100, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] },
      { id: 'l', name: 'Lost', kind: 'lost' as const, probability: 0, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] }
    ],
    abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
    bigDealThreshold: 1,
    currency: 'CNY',
    lossReasons: []
  }

  it('refuses, whole, a write the role may not make, naming the permission — the hub would refuse it too', async () => {
    await signIn('rep')
    const err = await write(async (tx) => {
      await tx.insert('customers', customer())
      await tx.insert('salesProcesses', process)
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WriteError)
    expect(err).toMatchObject({ code: 'write.forbidden', details: { permission: 'process.edit', role: 'rep' } })
    // Nothing of the batch was written.
    expect(await getDb().customers.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
    // A rep's own record edits go through, but not the manager's forecast call on a deal.
    await write((tx) => tx.insert('customers', customer()))
    expect(await getDb().customers.count()).toBe(1)
  })

  it('gives repository functions the signed-in person as the actor', async () => {
    await signIn('team_lead')
    expect(await write(async (tx) => tx.actor)).toBe('me')
  })

  it('a rep writes contracts and collections only of deals they own; a team lead any in scope — the hub applies the same rule', async () => {
    const deal = (id: string, ownerId: string) => ({ id, name: id, customerId: 'c1', ownerId, orgUnitId: 't1', processId: 'p1', stageId: 'w', stageEnteredAt: 0, amount: 100, currency: 'CNY', forecastCategory: 'closed', status: 'won', bigDeal: false, createdAt: 0, checkedCriteria: [] })
    const contract = (id: string, dealId: string) => ({ id, number: id, customerId: 'c1', dealId, collectorId: 'me', orgUnitId: 't1', amount: 100_00, currency: 'CNY', signedAt: 1, status: 'active', createdAt: 1, createdBy: 'me' })
    await getDb().deals.bulkPut([deal('theirs', 'other'), deal('mine', 'me')] as never)
    await getDb().contracts.put(contract('k-theirs', 'theirs') as never)
    await signIn('rep')
    const refused = async (fn: Parameters<typeof write>[0]): Promise<unknown> => write(fn).catch((e: unknown) => e)
    for (const fn of [
      (tx: Parameters<Parameters<typeof write>[0]>[0]) => tx.update('contracts', 'k-theirs', { amount: 1 }),
      (tx: Parameters<Parameters<typeof write>[0]>[0]) =>
        tx.insert('collections', { id: 'col1', contractId: 'k-theirs', amount: 1, currency: 'CNY', receivedAt: 1, method: 'cash', recordedBy: 'me', recordedAt: 1 } as never),
      (tx: Parameters<Parameters<typeof write>[0]>[0]) => tx.update('contracts', 'k-theirs', { dealId: 'mine' })
    ]) {
      const err = await refused(async (tx) => fn(tx))
      expect(err).toBeInstanceOf(WriteError)
      expect(err).toMatchObject({ code: 'write.forbidden', details: { permission: 'postSale.others', role: 'rep' } })
    }
    // Nothing of the refused writes was stored.
    expect((await getDb().contracts.get('k-theirs'))!.amount).toBe(100_00)
    expect(await getDb().collections.count()).toBe(0)
    // Their own deal's contract with its plan, in one write: fine.
    await write(async (tx) => {
      await tx.insert('contracts', contract('k-mine', 'mine') as never)
      await tx.insert('instalments', { id: 'i1', contractId: 'k-mine', seq: 1, percentBp: 10_000, dueDate: '2026-09-01' } as never)
    })
    await signIn('team_lead')
    await write((tx) => tx.update('contracts', 'k-theirs', { terms: '60 days' }))
    expect((await getDb().contracts.get('k-theirs'))!.terms).toBe('60 days')
  })

  it('records in each op the clock of the value it replaced (what this laptop had seen)', async () => {
    await write((tx) => tx.insert('customers', customer()))
    const [insert] = await outboxOps(getDb())
    expect(insert!.seen).toBeUndefined()
    await write((tx) => tx.update('customers', 'c1', { name: '瑞康医疗' }))
    const [, update] = await outboxOps(getDb())
    expect(update!.seen).toEqual({ name: insert!.hlc })
    expect(Object.keys(update!.fields)).toEqual(['name'])
  })
})
