import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer } from '../../src/shared/model'
import { syncContract } from '../../src/shared/ipc/sync'
import { formatHlc } from '../../src/shared/sync/hlc'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readRejected, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * One op the hub refuses must never hold back the ops behind it: the laptop parks it with its
 * reason (shown in Settings → Team hub) and sends the rest. Real hub (PGlite) over loopback.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-sync-refusals-')
  ;({ fx, hubUrl } = hub)
}, 60_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

/** As the app's IPC handler calls the bridge; the bridge never sleeps long in a test. */
async function signedIn(fetchImpl?: typeof fetch): Promise<{ bridge: SyncBridge; api: SyncApi }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false, sleep: async () => {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) })
  bridges.push(bridge)
  await bridge.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
  return { bridge, api: { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) } }
}

let n = 0
function laptop(): CockpitDb {
  const db = new CockpitDb(`refusals-laptop-${++n}-${Date.now()}`)
  useDb(db)
  setWriteClock(() => Date.now())
  return db
}

const customer = (id: string, name: string): Customer => ({
  id,
  name,
  industry: '制造',
  size: 'large',
  channel: '转介绍',
  ownerId: null,
  orgUnitId: fx.teamA,
  tier: 'normal',
  createdAt: 1_700_000_000_000
})

async function onHub(rowId: string): Promise<boolean> {
  return (await hub.store.query('SELECT 1 FROM row_streams WHERE row_id = $1', [rowId])).length > 0
}

describe('a refused op never blocks the outbox', () => {
  it('a name with a NUL (pasted from a broken export) is parked with its reason; the edits before and after it reach the hub', async () => {
    const db = laptop()
    const sent: string[] = []
    const { api } = await signedIn((input, init) => {
      if (String(input).endsWith('/sync/push')) sent.push(String(init?.body))
      return fetch(input, init)
    })
    await write((tx) => tx.insert('customers', customer('refuse-before', '杭州钢铁')))
    await write((tx) => tx.insert('customers', customer('refuse-poison', '宁波\u0000港务')))
    await write((tx) => tx.insert('customers', customer('refuse-after', '温州电气')))

    const round = await syncOnce(db, api)
    expect(round).toMatchObject({ pushed: 2, rejected: 1 })
    expect(await db.outbox.count()).toBe(0)
    expect(await onHub('refuse-before')).toBe(true)
    expect(await onHub('refuse-after')).toBe(true)
    expect(await onHub('refuse-poison')).toBe(false)
    const parked = await readRejected(db)
    expect(parked.map((r) => [r.op.rowId, r.code])).toEqual([['refuse-poison', 'sync.invalid-text']])
    expect(parked[0]!.reason).toMatch(/customers\.name contains a control character \(U\+0000\)/)
    // The laptop caught it itself: the poisoned op never went over the wire (an older hub answered it with a 500).
    expect(sent.some((body) => body.includes('\\u0000'))).toBe(false)
    // The record itself is still on the laptop, so the user can correct the name.
    expect((await db.customers.get('refuse-poison'))?.name).toBe('宁波\u0000港务')
  }, 60_000)

  it('a batch too large for one request (long Chinese notes) is split until every op is sent', async () => {
    const db = laptop()
    await write((tx) => tx.insert('customers', customer('refuse-notes', '苏州精密机械')))
    // 20,000 CJK characters are 60 KB of JSON each: 100 of them are far over the hub's 4 MiB per push.
    const note = '客户对三号线改造方案很感兴趣，需要下周再拜访一次。'.repeat(800).slice(0, 20_000)
    await write(async (tx) => {
      for (let i = 0; i < 100; i++) {
        await tx.insert('activities', { id: `refuse-note-${i}`, kind: 'note', customerId: 'refuse-notes', dealId: null, userId: fx.users.managerA, at: 1_763_800_000_000 + i, body: note })
      }
    })
    const { api } = await signedIn()
    const round = await syncOnce(db, api)
    expect(round).toMatchObject({ pushed: 101, rejected: 0 })
    expect(await db.outbox.count()).toBe(0)
    const [count] = await hub.store.query<{ n: number }>("SELECT count(*)::int AS n FROM row_streams WHERE tbl = 'activities' AND row_id LIKE 'refuse-note-%'")
    expect(count!.n).toBe(100)
  }, 120_000)

  it('an outbox entry the IPC contract cannot carry (an id longer than any hub takes) is parked instead of failing every round', async () => {
    const db = laptop()
    const { bridge } = await signedIn()
    // As in the app: main validates the request with the contract before the bridge sees it.
    const api: SyncApi = {
      push: (r) => {
        const req = syncContract['sync.push'].request.parse(r)
        return bridge.push(req.ops, req.remaining)
      },
      pull: (r) => bridge.pull(r.cursors, r.conflictsAfter)
    }
    await write((tx) => tx.insert('customers', customer('refuse-long-before', '常州纺织')))
    // Left in the outbox by an older build or a damaged database: no write path would make it today.
    await db.outbox.add({ table: 'customers', rowId: 'x'.repeat(100), hlc: formatHlc({ wallMs: Date.now(), counter: 0, node: 'old-build' }), schemaVersion: 1, fields: { name: 'Too long' }, origin: 'local' })
    await write((tx) => tx.insert('customers', customer('refuse-long-after', '无锡物流')))
    const round = await syncOnce(db, api)
    expect(round).toMatchObject({ pushed: 2, rejected: 1 })
    expect(await db.outbox.count()).toBe(0)
    expect(await onHub('refuse-long-after')).toBe(true)
    expect((await readRejected(db)).map((r) => [r.op.rowId.length, r.code])).toEqual([[100, 'sync.malformed']])
  }, 60_000)
})
