import { beforeEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import type { Customer } from '@shared/model'
import type { Op } from '@shared/sync/op'
import type { OpResult } from '@shared/ipc/sync'
import { CockpitDb, schemaHistory, useDb } from '../db/database'
import { setWriteClock, write } from '../db/write'
import { outboxOps, pendingOpCount } from '../db/outbox'
import { pushOutbox, type SyncApi } from './engine'

/**
 * An import's ops wait in outbox batch rows (200 ops a row) instead of one row per op; the push
 * still offers the hub every op once, in order, and a row leaves only when all its ops are settled.
 */
let n = 0
let db: CockpitDb
const customer = (id: string): Customer => ({
  id,
  name: `客户 ${id}`,
  industry: '医疗',
  size: 'medium',
  channel: '展会',
  ownerId: 'u1',
  orgUnitId: 't1',
  tier: 'normal',
  createdAt: 1_700_000_000_000
})

beforeEach(() => {
  db = new CockpitDb(`outbox-batch-${++n}-${Date.now()}`)
  useDb(db)
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
})

/** A hub that applies a push all or nothing, like the real one: one refused op holds the rest. */
function fakeHub(refuse: (op: Op) => boolean): SyncApi & { pushes: Op[][]; stored: string[] } {
  const pushes: Op[][] = []
  const stored: string[] = []
  return {
    pushes,
    stored,
    async push({ ops }) {
      pushes.push(ops)
      const bad = ops.map(refuse)
      const any = bad.some(Boolean)
      if (!any) stored.push(...ops.map((o) => o.rowId))
      const results: OpResult[] = ops.map((_, index) => ({ index, status: !any ? 'accepted' : bad[index] ? 'rejected' : 'held', ...(bad[index] ? { code: 'sync.out-of-scope' } : {}) }))
      return { results }
    },
    async pull() {
      return { ops: [], cursors: {}, more: false }
    }
  }
}

describe('outbox batch rows', () => {
  it('a write of many ops is stored 200 to a row, counted op by op, and read back in order', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `c${i}`)
    await write((tx) => tx.insertMany('customers', ids.map(customer)))
    expect(await db.outbox.count()).toBe(3)
    expect(await pendingOpCount(db)).toBe(450)
    expect((await outboxOps(db)).map((o) => o.rowId)).toEqual(ids)
    // An everyday edit keeps its own row beside them.
    await write((tx) => tx.update('customers', 'c7', { name: '瑞康医疗' }))
    expect(await db.outbox.count()).toBe(4)
    expect(await pendingOpCount(db)).toBe(451)
    const last = (await outboxOps(db)).at(-1)!
    expect(last).toMatchObject({ table: 'customers', rowId: 'c7', fields: { name: '瑞康医疗' }, origin: 'local' })
  })

  it('the push offers every op once, in order; a refused op leaves and the held ones of its row go next', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `c${i}`)
    await write((tx) => tx.insertMany('customers', ids.map(customer)))
    await write((tx) => tx.update('customers', 'c3', { tier: 'key' }))
    const hub = fakeHub((op) => op.rowId === 'c250')
    const r = await pushOutbox(db, hub, 1)
    expect(r).toEqual({ pushed: 450, rejected: 1 })
    expect(await db.outbox.count()).toBe(0)
    expect(hub.pushes.every((p) => p.length <= 200)).toBe(true)
    // Every op reached the hub exactly once, in write order, apart from the refused one.
    expect(hub.stored).toEqual([...ids.filter((id) => id !== 'c250'), 'c3'])
    const rejected = (await db.meta.get('sync.rejected'))?.value as { op: Op; code: string }[]
    expect(rejected.map((x) => [x.op.rowId, x.code])).toEqual([['c250', 'sync.out-of-scope']])
  })

  it('a push that settles nothing keeps every row as it was', async () => {
    await write((tx) => tx.insertMany('customers', Array.from({ length: 60 }, (_, i) => customer(`c${i}`))))
    const before = await db.outbox.toArray()
    const hub: SyncApi = { push: async ({ ops }) => ({ results: ops.map((_, index) => ({ index, status: 'held' as const })) }), pull: async () => ({ ops: [], cursors: {}, more: false }) }
    expect(await pushOutbox(db, hub, 1)).toEqual({ pushed: 0, rejected: 0 })
    expect(await db.outbox.toArray()).toEqual(before)
  })

  it('schema 17: an outbox from before keeps its rows and seq order, and counts them one op each', async () => {
    const name = `migrate-outbox-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version < 17)) old.version(s.version).stores(s.stores)
    await old.open()
    await old.table('outbox').bulkAdd([
      { table: 'customers', rowId: 'c1', hlc: '000001800000000000-0000-dev', schemaVersion: 2, fields: { name: 'a' }, origin: 'local' },
      { table: 'customers', rowId: 'c1', hlc: '000001800000000001-0000-dev', schemaVersion: 2, fields: { name: 'b' }, origin: 'local' }
    ])
    old.close()
    const migrated = new CockpitDb(name)
    await migrated.open()
    expect(migrated.verno).toBeGreaterThanOrEqual(17)
    expect(await pendingOpCount(migrated)).toBe(2)
    expect((await outboxOps(migrated)).map((o) => o.fields)).toEqual([{ name: 'a' }, { name: 'b' }])
    migrated.close()
  })
})
