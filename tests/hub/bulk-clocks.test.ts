import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer } from '../../src/shared/model'
import { testLaptops, type TestLaptop } from './laptops'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { ClockReader } from '../../src/renderer/src/db/clocks'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readConflicts, syncOnce } from '../../src/renderer/src/sync/engine'
import { outboxOps } from '../../src/renderer/src/db/outbox'
import { type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * Rows an import inserts in bulk keep one clock record per insert, not per row (issue 17). Through
 * a real hub they must sync exactly as rows inserted one by one: a colleague's later edit wins,
 * the importing laptop's earlier one loses (kept in its inbox), and an edit on the importing laptop carries the import's clock as what it
 * replaced, so the hub keeps no conflict for it.
 */

let hub: ListeningHub
let fx: Fixture
const laptops = testLaptops('bulk-clocks-laptop')

beforeAll(async () => {
  hub = await listeningHub('cockpit-bulk-clocks-')
  fx = hub.fx
}, 400_000)

afterAll(async () => {
  laptops.close()
  await hub.close()
})

const laptop = (email: string): Promise<TestLaptop> => laptops.open(hub.hubUrl, email)

async function on<R>(db: CockpitDb, at: number, fn: Parameters<typeof write<R>>[0]): Promise<R> {
  useDb(db)
  setWriteClock(() => at)
  return write(fn, { origin: 'import' })
}

const customer = (id: string, orgUnitId: string): Customer => ({
  id,
  name: `Imported ${id}`,
  industry: 'Manufacturing',
  size: 'medium',
  channel: 'Referral',
  ownerId: null,
  orgUnitId,
  tier: 'normal',
  createdAt: 1_700_000_000_000
})

async function clocksOf(db: CockpitDb, id: string): Promise<Record<string, string>> {
  const row = (await db.customers.get(id)) as unknown as Record<string, unknown>
  return new ClockReader(db).fieldClocks('customers', id, row)
}

describe.each([
  ['inserted one by one', false],
  ['inserted in bulk', true]
] as const)('imported customers %s, through the hub', (label, bulk) => {
  it('merge the same way on both laptops: later edit wins, earlier loses, own edits are no conflict', async () => {
    const a = await laptop(fx.emails.managerA)
    const b = await laptop(fx.emails.repA)
    const t0 = Date.now()
    const ids = [`bulk-${bulk}-1`, `bulk-${bulk}-2`]
    const rows = ids.map((id) => customer(id, fx.teamA))
    await on(a.db, t0, async (tx) => {
      if (bulk) await tx.insertMany('customers', rows)
      else for (const r of rows) await tx.insert('customers', r)
    })
    const importHlc = (await outboxOps(a.db))[0]!.hlc
    await syncOnce(a.db, a.api, t0)
    await syncOnce(b.db, b.api, t0)
    expect((await b.db.customers.get(ids[0]!))?.name).toBe(`Imported ${ids[0]}`)

    // The importing laptop edits its own import: the op says it had seen the imported value.
    await on(a.db, t0 + 1_000, (tx) => tx.update('customers', ids[0]!, { channel: 'Trade fair' }))
    const [own] = await outboxOps(a.db)
    expect(own!.seen).toEqual({ channel: importHlc })
    // Both rename offline; the colleague's rename is later and wins everywhere.
    await on(a.db, t0 + 2_000, (tx) => tx.update('customers', ids[0]!, { name: 'Renamed on A' }))
    await on(b.db, t0 + 3_000, (tx) => tx.update('customers', ids[0]!, { name: 'Renamed on B' }))
    // B's clock follows what it pulled: even with its wall clock behind, its edit comes after the import.
    await on(b.db, t0 - 60_000, (tx) => tx.update('customers', ids[1]!, { industry: 'Retail' }))
    for (const l of [a, b, a, b]) await syncOnce(l.db, l.api, t0 + 4_000)

    for (const l of [a, b]) {
      expect(await l.db.customers.get(ids[0]!), label).toMatchObject({ name: 'Renamed on B', channel: 'Trade fair' })
    }
    expect((await a.db.customers.get(ids[1]!))?.industry).toBe('Retail')
    expect((await b.db.customers.get(ids[1]!))?.industry).toBe('Retail')
    for (const id of ids) expect(await clocksOf(a.db, id)).toEqual(await clocksOf(b.db, id))
    // The losses kept: A's rename on A; nothing about the channel A changed over its own import.
    const onA = await readConflicts(a.db)
    expect(onA.filter((c) => c.rowId === ids[0]).map((c) => [c.field, c.value, c.side])).toEqual([
      ['name', 'Renamed on A', 'mine']
    ])
  }, 400_000)
})
