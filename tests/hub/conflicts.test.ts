import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer } from '../../src/shared/model'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readConflicts, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { dismissConflict, restoreConflict } from '../../src/renderer/src/sync/conflicts'
import { PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * The conflict inbox's actions against a real hub: two laptops edit one field; the loser's value
 * is kept; "restore" writes it back as a new edit that wins on every laptop; "dismiss" forgets.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-conflicts-')
  ;({ fx, hubUrl } = hub)
}, 60_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

async function laptop(email: string): Promise<{ db: CockpitDb; api: SyncApi }> {
  const b = new SyncBridge({ store: new MemoryTokenStore(), live: false })
  bridges.push(b)
  await b.connect({ hubUrl, email, password: PASSWORD })
  return {
    db: new CockpitDb(`conflict-laptop-${bridges.length}-${Date.now()}`),
    api: { push: (r) => b.push(r.ops, r.remaining), pull: (r) => b.pull(r.cursors, r.conflictsAfter) }
  }
}

async function on<R>(db: CockpitDb, at: number, fn: Parameters<typeof write<R>>[0]): Promise<R> {
  useDb(db)
  setWriteClock(() => at)
  return write(fn)
}

const acme: Customer = {
  id: 'conf-cust',
  name: 'Suzhou Precision',
  industry: 'Manufacturing',
  size: 'medium',
  channel: 'Referral',
  ownerId: null,
  orgUnitId: '',
  tier: 'normal',
  createdAt: 1_700_000_000_000
}

describe('conflict inbox: restore and dismiss', () => {
  it('restoring the losing value makes it win everywhere; dismiss clears the other side', async () => {
    const a = await laptop(fx.emails.managerA)
    const b = await laptop(fx.emails.repA)
    const t0 = Date.now()
    await on(a.db, t0, (tx) => tx.insert('customers', { ...acme, orgUnitId: fx.teamA }))
    await syncOnce(a.db, a.api, t0)
    await syncOnce(b.db, b.api, t0)
    expect((await b.db.customers.get('conf-cust'))?.name).toBe('Suzhou Precision')

    // Both rename offline; B's rename is later and wins.
    await on(a.db, t0 + 1_000, (tx) => tx.update('customers', 'conf-cust', { name: 'Suzhou Precision Machinery' }))
    await on(b.db, t0 + 2_000, (tx) => tx.update('customers', 'conf-cust', { name: 'SZ Precision' }))
    await syncOnce(a.db, a.api, t0 + 3_000)
    await syncOnce(b.db, b.api, t0 + 3_000)
    await syncOnce(a.db, a.api, t0 + 3_000)
    expect((await a.db.customers.get('conf-cust'))?.name).toBe('SZ Precision')
    const [lost] = await readConflicts(a.db)
    expect(lost).toMatchObject({ table: 'customers', rowId: 'conf-cust', field: 'name', value: 'Suzhou Precision Machinery', side: 'mine' })

    // A restores its value: a new edit through the write path, pushed like any other.
    useDb(a.db)
    setWriteClock(() => t0 + 4_000)
    await restoreConflict(a.db, lost!)
    expect(await readConflicts(a.db)).toEqual([])
    expect((await a.db.outbox.toArray()).map((e) => e.fields)).toEqual([{ name: 'Suzhou Precision Machinery' }])
    await syncOnce(a.db, a.api, t0 + 5_000)
    await syncOnce(b.db, b.api, t0 + 5_000)
    expect((await b.db.customers.get('conf-cust'))?.name).toBe('Suzhou Precision Machinery')
    expect(await a.db.clocks.get('customers/conf-cust')).toEqual(await b.db.clocks.get('customers/conf-cust'))

    // B now holds the values that lost on its side; dismissing one removes only that one.
    const onB = await readConflicts(b.db)
    expect(onB.map((c) => [c.value, c.side])).toContainEqual(['SZ Precision', 'mine'])
    const mine = onB.find((c) => c.value === 'SZ Precision')!
    await dismissConflict(b.db, mine)
    expect((await readConflicts(b.db)).map((c) => c.value)).not.toContain('SZ Precision')
    expect(await readConflicts(b.db)).toHaveLength(onB.length - 1)

    // A second laptop of A's user never merged any of this itself: the hub tells it what
    // concerns its user, with who made each edit; values the record holds anyway are left out.
    const a2 = await laptop(fx.emails.managerA)
    await syncOnce(a2.db, a2.api)
    const onA2 = await readConflicts(a2.db)
    expect(onA2.map((c) => [c.value, c.side, c.loserUserId, c.winnerUserId])).toEqual([['SZ Precision', 'theirs', fx.users.repA, fx.users.managerA]])
    await syncOnce(a2.db, a2.api)
    expect(await readConflicts(a2.db)).toHaveLength(1)
  }, 60_000)
})
