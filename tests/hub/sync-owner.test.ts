import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { moveUser } from '../../src/hub/org'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { setBridgeApi } from '../../src/renderer/src/bridge'
import { createFakeCockpit } from '../../src/renderer/src/bridge/fake'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setSession } from '../../src/renderer/src/session/session'
import { holdSyncLoop } from '../../src/renderer/src/sync/loop'
import { customerFields, listeningHub, op, PASSWORD, type ListeningHub } from './harness'

/**
 * One owner of a sync round: main's bridge alone judges whether the page is behind (it sees the
 * hub's pokes and resets); the page's loop runs a round when main says so or its outbox holds
 * edits. The real loop, the real bridge and a real hub, wired as main's IPC handlers wire them.
 */

let hub: ListeningHub
let bridge: SyncBridge
let release: (() => void) | undefined
/** Every pull the page asked main for; a round's first page carries the conflict cursor. */
const pulls: { conflictsAfter?: number }[] = []
const rounds = (): number => pulls.filter((p) => p.conflictsAfter !== undefined).length
const behindSeen: boolean[] = []
let db: CockpitDb

beforeAll(async () => {
  hub = await listeningHub('cockpit-sync-owner-')
  const { fx, hubUrl } = hub
  bridge = new SyncBridge({ store: new MemoryTokenStore() })
  const fake = createFakeCockpit({
    'sync.status': () => bridge.status,
    'sync.push': (r) => bridge.push(r.ops, r.remaining),
    'sync.pull': (r) => {
      pulls.push({ conflictsAfter: r.conflictsAfter })
      return bridge.pull(r.cursors, r.conflictsAfter)
    }
  })
  bridge.onStatus((s) => {
    behindSeen.push(s.behind === true)
    fake.emit('sync.status', s)
  })
  setBridgeApi(fake)
  await bridge.connect({ hubUrl, email: hub.fx.emails.managerA, password: PASSWORD })
  // Pokes come over the live socket; wait for it so the rounds counted below are the loop's alone.
  await until(() => (bridge as unknown as { liveReady: boolean }).liveReady)
  db = new CockpitDb(`sync-owner-${Date.now()}`)
  useDb(db)
  await db.meta.put({ key: 'workspace', value: { kind: 'hub', locale: 'en-US', openedAt: Date.now() } })
  await setSession(db, { kind: 'hub', userId: bridge.status.userId!, hubUrl, email: fx.emails.managerA })
}, 400_000)

afterAll(async () => {
  release?.()
  setBridgeApi(undefined)
  bridge.close()
  await hub.close()
})

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

const settle = (ms = 1_500): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('main owns "am I behind?"; the page’s loop follows', () => {
  it('after connecting main says behind (it cannot tell what the workspace holds) and the loop pulls until it is not', async () => {
    expect(bridge.status.behind).toBe(true)
    release = holdSyncLoop()
    await until(() => rounds() >= 1 && bridge.status.behind === false && bridge.status.state === 'upToDate')
    expect(await db.orgUnits.count()).toBeGreaterThan(0)
  }, 60_000)

  it('nothing is pulled while main says the page is up to date and the outbox is empty', async () => {
    await settle()
    const before = pulls.length
    await settle(2_000)
    expect(bridge.status.behind).toBe(false)
    expect(pulls.length).toBe(before)
  }, 30_000)

  it('a colleague’s save: the poke makes main report behind, the loop runs one round and the save arrives', async () => {
    const { fx } = hub
    const before = rounds()
    behindSeen.length = 0
    const res = await fx.hub.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: `Bearer ${fx.tokens.repA}` },
      payload: { clientId: 'colleague', batchId: `b-${Date.now()}`, ops: [op('customers', 'cust-poked', customerFields(fx.teamA), { node: 'colleague' })] }
    })
    expect(res.statusCode).toBe(200)
    await until(async () => (await db.customers.get('cust-poked')) !== undefined)
    await until(() => bridge.status.behind === false)
    await settle()
    expect(behindSeen).toContain(true)
    expect(rounds() - before).toBe(1)
    expect(bridge.status.behind).toBe(false)
  }, 60_000)

  it('an edit in the outbox is pushed though main says up to date', async () => {
    const { fx } = hub
    await db.outbox.add({ table: 'customers', rowId: 'cust-mine', hlc: op('customers', 'x', {}, { node: 'laptop-a' }).hlc, schemaVersion: 1, fields: customerFields(fx.teamA), origin: 'local' } as never)
    await until(async () => (await db.outbox.count()) === 0)
    const onHub = await hub.store.query<{ n: string }>("SELECT count(*) AS n FROM op_log WHERE tbl = 'customers' AND row_id = 'cust-mine'")
    expect(Number(onHub[0]!.n)).toBe(1)
  }, 60_000)

  it('a reset (the admin moved this manager to region B): main says behind, the loop re-pulls by the new scope', async () => {
    const { fx, store } = hub
    await fx.hub.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: `Bearer ${fx.tokens.managerB}` },
      payload: { clientId: 'colleague-b', batchId: `b-${Date.now()}`, ops: [op('customers', 'cust-in-b', customerFields(fx.teamB), { node: 'colleague-b' })] }
    })
    await settle()
    const before = rounds()
    const resets = bridge.status.resets ?? 0
    await moveUser(store, fx.emails.managerA, fx.teamB)
    await until(() => (bridge.status.resets ?? 0) > resets)
    await until(async () => (await db.customers.get('cust-in-b')) !== undefined)
    // Region A's records left with the scope.
    await until(async () => (await db.customers.get('cust-poked')) === undefined)
    expect(rounds()).toBeGreaterThan(before)
    await until(() => bridge.status.behind === false)
  }, 60_000)
})
