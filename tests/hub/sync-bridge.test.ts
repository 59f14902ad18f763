import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer } from '../../src/shared/model'
import { type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { FileTokenStore, MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { pendingOpCount } from '../../src/renderer/src/db/outbox'
import { readConflicts, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { customerFields, op, PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * Two laptops, each with its own Dexie database and its own sync bridge, against a real hub
 * (PGlite in a temp folder) over real HTTP and WebSocket on loopback.
 */

let hub: ListeningHub
let dir: string
let store: HubStore
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-sync-bridge-')
  ;({ dir, store, fx, hubUrl } = hub)
}, 400_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

function apiOf(bridge: SyncBridge): SyncApi {
  return { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors) }
}

function newBridge(opts: Partial<ConstructorParameters<typeof SyncBridge>[0]> = {}): SyncBridge {
  const b = new SyncBridge({ store: new MemoryTokenStore(), ...opts })
  bridges.push(b)
  return b
}

let dbCount = 0
function laptop(): CockpitDb {
  return new CockpitDb(`sync-laptop-${++dbCount}-${Date.now()}`)
}

/** `write()` uses the current database: switch to the laptop, write at a pinned time. */
async function on<R>(db: CockpitDb, at: number, fn: Parameters<typeof write<R>>[0]): Promise<R> {
  useDb(db)
  setWriteClock(() => at)
  return write(fn)
}

const customer = (id: string, orgUnitId: string): Customer => ({
  id,
  name: '上海瑞康医疗器械有限公司',
  industry: '医疗',
  size: 'medium',
  channel: '展会',
  ownerId: null,
  orgUnitId,
  tier: 'normal',
  createdAt: 1_700_000_000_000
})

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('sync bridge against a hub', () => {
  it('refuses wrong credentials with a code and stays disconnected', async () => {
    const b = newBridge({ live: false })
    await expect(b.connect({ hubUrl, email: fx.emails.managerA, password: 'wrong password' })).rejects.toMatchObject({ code: 'auth.bad-credentials' })
    expect(b.status.state).toBe('disconnected')
  })

  it('two laptops converge, pokes arrive, and a concurrent edit keeps the loser on both', async () => {
    const a = newBridge()
    const b = newBridge()
    await a.connect({ hubUrl: `${hubUrl}/`, email: fx.emails.managerA, password: PASSWORD })
    await b.connect({ hubUrl, email: fx.emails.director, password: PASSWORD })
    await until(() => a.status.state === 'upToDate' && b.status.state === 'upToDate')
    const dbA = laptop()
    const dbB = laptop()
    const t0 = Date.now()

    await on(dbA, t0, async (tx) => {
      await tx.insert('customers', customer('cust-1', fx.teamA))
      await tx.insert('customers', customer('cust-2', fx.teamA))
    })
    const pushA = await syncOnce(dbA, apiOf(a), t0)
    expect(pushA.pushed).toBe(2)
    expect(await dbA.outbox.count()).toBe(0)
    // B hears about it over /sync/live before it pulls.
    await until(() => (b.status.heads[fx.regionA] ?? 0) >= 2)
    expect(b.status.state).toBe('syncing')

    const pullB = await syncOnce(dbB, apiOf(b), t0)
    expect(pullB.applied).toBe(2)
    expect(await dbB.customers.get('cust-1')).toEqual(await dbA.customers.get('cust-1'))
    // Remote ops are applied without echoing back through B's outbox.
    expect(await dbB.outbox.count()).toBe(0)
    expect(b.status.state).toBe('upToDate')
    expect(b.status.lastSyncAt).toBeGreaterThan(0)

    // Both edit the same field offline; B's edit is later, so it wins everywhere.
    await on(dbA, t0 + 1_000, (tx) => tx.update('customers', 'cust-1', { name: 'Name from A', tier: 'key' }))
    await on(dbB, t0 + 2_000, (tx) => tx.update('customers', 'cust-1', { name: 'Name from B' }))
    await syncOnce(dbA, apiOf(a), t0 + 3_000)
    await syncOnce(dbB, apiOf(b), t0 + 3_000)
    await syncOnce(dbA, apiOf(a), t0 + 3_000)

    const rowA = await dbA.customers.get('cust-1')
    const rowB = await dbB.customers.get('cust-1')
    expect(rowA).toEqual(rowB)
    expect(rowA).toMatchObject({ name: 'Name from B', tier: 'key' })
    expect(await dbA.clocks.get('customers/cust-1')).toEqual(await dbB.clocks.get('customers/cust-1'))
    // The losing value is kept on both laptops, from each one's point of view.
    expect((await readConflicts(dbA)).map((c) => [c.field, c.value, c.side])).toEqual([['name', 'Name from A', 'mine']])
    expect((await readConflicts(dbB)).map((c) => [c.field, c.value, c.side])).toEqual([['name', 'Name from A', 'theirs']])
    // And the hub kept it too.
    const kept = await store.query<{ value: unknown }>("SELECT value FROM conflicts WHERE tbl = 'customers' AND row_id = 'cust-1'")
    expect(kept.map((k) => k.value)).toContain('Name from A')
    expect(await dbA.outbox.count()).toBe(0)
    expect(await dbB.outbox.count()).toBe(0)
  }, 400_000)

  it('with the live socket up, a poke round asks only for the moved region; org and quiet streams come when due', async () => {
    let clock = Date.now()
    const asked: string[] = []
    const spy: typeof fetch = (input, init) => {
      asked.push(new URL(String(input)).pathname + (String(input).includes('stream=global') ? '#global' : ''))
      return fetch(input, init)
    }
    const a = newBridge({ fetch: spy, now: () => clock })
    await a.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    await until(() => a.status.state === 'upToDate')
    const db = laptop()
    const roundAsks = async (): Promise<string[]> => {
      asked.length = 0
      // As the app's IPC handler: the round's first page carries the conflict cursor.
      await syncOnce(db, { push: (r) => a.push(r.ops, r.remaining), pull: (r) => a.pull(r.cursors, r.conflictsAfter) }, clock)
      return [...asked]
    }
    // The first round after connecting asks for everything.
    expect(await roundAsks()).toEqual(['/sync/org', '/sync/pull', '/sync/pull#global', '/sync/conflicts'])

    // A colleague saves in region A; the poke arrives; seconds later the round pulls region A only.
    const seq = (await fx.hub.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: `Bearer ${fx.tokens.repA}` },
      payload: { clientId: 'colleague', batchId: `b-${Date.now()}`, ops: [op('customers', `poke-${Date.now()}`, customerFields(fx.teamA))] }
    })).json().streams[fx.regionA] as number
    await until(() => (a.status.heads[fx.regionA] ?? 0) >= seq)
    clock += 6_000
    expect(await roundAsks()).toEqual(['/sync/pull'])
    expect(await db.customers.count()).toBeGreaterThan(0)

    // After 30 s the org and conflicts are asked again; after a minute every stream is.
    clock += 30_000
    expect(await roundAsks()).toEqual(['/sync/org', '/sync/conflicts'])
    clock += 25_000
    expect(await roundAsks()).toEqual(['/sync/pull', '/sync/pull#global'])

    // Two saves of one field collide on the hub: the next page names a new conflict, and the
    // round asks for the inbox at once instead of at the next org refresh.
    const when = Date.now()
    for (const [node, wallMs, token] of [['laptop-x', when, fx.tokens.managerA], ['laptop-y', when + 1_000, fx.tokens.repA]] as const) {
      await fx.hub.app.inject({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${token}` },
        payload: { clientId: node, batchId: `b-${node}-${when}`, ops: [op('customers', 'cust-clash', { ...customerFields(fx.teamA), name: node }, { node, wallMs })] }
      })
    }
    await until(() => (a.status.heads[fx.regionA] ?? 0) >= seq + 2)
    clock += 1_000
    expect(await roundAsks()).toEqual(['/sync/pull', '/sync/conflicts'])
  }, 120_000)

  it('a refused op leaves the outbox with its reason; the rest of its batch goes through next', async () => {
    const a = newBridge({ live: false })
    await a.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    const db = laptop()
    const t0 = Date.now()
    await on(db, t0, (tx) => tx.insert('customers', customer('cust-ok', fx.teamA)))
    await on(db, t0, (tx) => tx.insert('customers', customer('cust-b', fx.teamB)))
    const r = await syncOnce(db, apiOf(a), t0)
    expect(r).toMatchObject({ pushed: 1, rejected: 1 })
    expect(await db.outbox.count()).toBe(0)
    const rejected = (await db.meta.get('sync.rejected'))?.value as { code: string; op: { rowId: string } }[]
    expect(rejected.map((x) => [x.op.rowId, x.code])).toEqual([['cust-b', 'sync.out-of-scope']])
    expect(a.status.lastErrorCode).toBeUndefined()
  }, 120_000)

  it('an import-sized write goes in outbox batch rows: all its ops reach the hub, a refused one leaves, the held ones of its row go next', async () => {
    const a = newBridge({ live: false })
    await a.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    const db = laptop()
    const t0 = Date.now()
    const rows = Array.from({ length: 250 }, (_, i) => customer(`cust-bulk-${i}`, fx.teamA))
    // One customer of another region, in the middle of the first batch row: the hub refuses it.
    rows.splice(100, 0, customer('cust-bulk-b', fx.teamB))
    await on(db, t0, (tx) => tx.insertMany('customers', rows))
    expect(await db.outbox.count()).toBe(2)
    expect(await pendingOpCount(db)).toBe(251)
    const r = await syncOnce(db, apiOf(a), t0)
    expect(r).toMatchObject({ pushed: 250, rejected: 1 })
    expect(await db.outbox.count()).toBe(0)
    const rejected = (await db.meta.get('sync.rejected'))?.value as { code: string; op: { rowId: string } }[]
    expect(rejected.map((x) => [x.op.rowId, x.code])).toEqual([['cust-bulk-b', 'sync.out-of-scope']])
    const onHub = await store.query<{ n: string }>("SELECT count(DISTINCT row_id) AS n FROM op_log WHERE tbl = 'customers' AND row_id LIKE 'cust-bulk-%'")
    expect(Number(onHub[0]!.n)).toBe(250)
  }, 200_000)

  it('retries network errors with backoff and the same batch id; never retries a 4xx', async () => {
    const delays: number[] = []
    const batchIds: string[] = []
    let failures = 2
    const flaky: typeof fetch = async (input, init) => {
      const url = String(input)
      if (url.endsWith('/sync/push')) {
        batchIds.push((JSON.parse(String(init?.body)) as { batchId: string }).batchId)
        if (failures-- > 0) throw new TypeError('fetch failed')
      }
      return fetch(input, init)
    }
    const a = newBridge({ live: false, fetch: flaky, sleep: async (ms) => void delays.push(ms), random: () => 0.5 })
    await a.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    const res = await a.push([op('customers', 'cust-retry', customerFields(fx.teamA))])
    expect(res.accepted).toBe(1)
    expect(new Set(batchIds).size).toBe(1)
    expect(batchIds).toHaveLength(3)
    expect(delays).toEqual([375, 750])

    batchIds.length = 0
    const bad = await a.push([op('nope', 'r1', { a: 1 })])
    expect(bad.results).toEqual([{ index: 0, status: 'rejected', code: 'sync.unknown-table', reason: expect.any(String) }])
    expect(batchIds).toHaveLength(1)
  }, 120_000)

  it('reports offline after the retries run out, and resumes from stored credentials', async () => {
    const file = join(dir, 'creds.json')
    const first = newBridge({ live: false, store: new FileTokenStore(file) })
    await first.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    first.close()

    let down = true
    const sometimesDown: typeof fetch = async (input, init) => {
      if (down && String(input).includes('/sync/')) throw new TypeError('connect ECONNREFUSED')
      return fetch(input, init)
    }
    const second = newBridge({ live: false, store: new FileTokenStore(file), fetch: sometimesDown, sleep: async () => {}, maxAttempts: 3 })
    const resumed = await second.resume()
    expect(resumed).toMatchObject({ state: 'upToDate', email: fx.emails.managerA.toLowerCase(), secretStorage: 'plain-file' })
    await expect(second.pull({})).rejects.toMatchObject({ code: 'sync.offline' })
    expect(second.status).toMatchObject({ state: 'offline', lastErrorCode: 'sync.offline' })
    down = false
    await second.pull({})
    expect(second.status).toMatchObject({ state: 'upToDate', lastErrorCode: undefined })

    second.disconnect()
    expect(new FileTokenStore(file).load()).toBeUndefined()
    expect(second.status.state).toBe('disconnected')
  }, 120_000)
})
