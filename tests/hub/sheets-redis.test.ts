import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { redisFanout, type SheetRelay } from '../../src/hub/fanout'
import { buildHub, type Hub } from '../../src/hub/server'
import { SHEET_COMPACT_AFTER, SheetHub, type LiveConnection } from '../../src/hub/sheets'
import { openPostgres, type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { addRow, initSheet, readSheet, setObjective } from '../../src/shared/domain/strategy-sheet'
import { hubTransport, linkDoc, type SheetHubLink } from '../../src/renderer/src/db/strategy-sheets-live'
import { customerFields, dealFields, listenOnLoopback, makeFixture, op, PASSWORD, push, type Fixture } from './harness'
import { databaseUrl, instancesSkipReason, startRedis } from './redis-server'

/**
 * Strategy sheets across hub instances: two hubs on one PostgreSQL database relay sheet
 * updates and presence to each other through Redis, so a laptop on instance A and one on B
 * co-type live. Each laptop is a SyncBridge plus a Y.Doc linked through the page's hub
 * transport, as in sheets.test.ts. Uses REDIS_URL_TEST or starts its own `redis-server`.
 */

async function until(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Instance B's store, with the load of one chosen sheet held after it has read the database. */
function gatedStore(store: HubStore): HubStore & { gate(sheetId: string): { reached: Promise<void>; release: () => void } } {
  let gated: { sheetId: string; reached: () => void; released: Promise<void> } | undefined
  return {
    ...store,
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      const rows = await store.query<T>(text, params)
      const g = gated
      if (g && text.startsWith('SELECT data FROM sheet_updates') && params?.[0] === g.sheetId) {
        gated = undefined
        g.reached()
        await g.released
      }
      return rows
    },
    gate(sheetId) {
      let reached!: () => void
      let release!: () => void
      const r = new Promise<void>((res) => (reached = res))
      gated = { sheetId, reached, released: new Promise<void>((res) => (release = res)) }
      return { reached: r, release }
    }
  }
}

describe.skipIf(instancesSkipReason !== undefined)(`strategy sheets across hub instances through Redis${instancesSkipReason ? ` (skipped: ${instancesSkipReason})` : ''}`, () => {
  let redis: { url: string; proc?: ChildProcess }
  let storeA: HubStore
  let storeB: HubStore
  let storeC: HubStore
  let gatedB: ReturnType<typeof gatedStore>
  let fx: Fixture
  let hubB: Hub
  let hubC: Hub
  let urlA: string
  let urlB: string
  let urlC: string
  const bridges: SyncBridge[] = []

  beforeAll(async () => {
    redis = await startRedis()
    storeA = await openPostgres(databaseUrl!, { max: 4 })
    storeB = await openPostgres(databaseUrl!, { max: 4 })
    storeC = await openPostgres(databaseUrl!, { max: 2 })
    fx = await makeFixture(storeA, { redisUrl: redis.url })
    urlA = await listenOnLoopback(fx)
    // Instance B: its own pool and process state, the same database, token key and Redis.
    gatedB = gatedStore(storeB)
    hubB = await buildHub({ store: gatedB, secret: fx.secret, redisUrl: redis.url })
    await hubB.app.listen({ host: '127.0.0.1', port: 0 })
    urlB = `http://127.0.0.1:${(hubB.app.server.address() as AddressInfo).port}`
    // Instance C shares the database but not Redis: it never hears of A's edits while open.
    hubC = await buildHub({ store: storeC, secret: fx.secret })
    await hubC.app.listen({ host: '127.0.0.1', port: 0 })
    urlC = `http://127.0.0.1:${(hubC.app.server.address() as AddressInfo).port}`
  }, 400_000)

  afterAll(async () => {
    for (const b of bridges) b.close()
    await hubC?.app.close()
    await hubB?.app.close()
    await fx?.hub.app.close()
    await storeA?.close()
    await storeB?.close()
    await storeC?.close()
    redis?.proc?.kill()
  })

  /** A deal in region A with its sheet record, pushed as a laptop would. */
  async function seedSheet(): Promise<string> {
    const customerId = randomUUID()
    const dealId = randomUUID()
    const sheetId = randomUUID()
    const res = await push(fx, fx.tokens.managerA, [
      op('customers', customerId, customerFields(fx.teamA)),
      op('deals', dealId, dealFields(fx.teamA, customerId)),
      op('strategySheets', sheetId, { dealId, createdAt: Date.now(), createdBy: 'someone' })
    ])
    expect(res.statusCode, res.body).toBe(200)
    return sheetId
  }

  function linkOf(bridge: SyncBridge): SheetHubLink & { errors: string[] } {
    const listeners = new Set<Parameters<SheetHubLink['on']>[0]>()
    const errors: string[] = []
    return {
      errors,
      open: (sheetId, clientId, sv) =>
        void bridge.sheets.open(sheetId, clientId, sv, {
          send: (e) => {
            if (e.kind === 'error') errors.push(e.code)
            for (const l of listeners) l(e)
          },
          alive: () => true
        }),
      send: (sheetId, kind, data) => void bridge.sheets.send(sheetId, kind, data),
      close: (sheetId, clientId) => bridge.sheets.close(sheetId, clientId),
      on: (l) => {
        listeners.add(l)
        return () => listeners.delete(l)
      }
    }
  }

  async function laptop(hubUrl: string, email: string, sheetId: string, name: string) {
    const bridge = new SyncBridge({ store: new MemoryTokenStore() })
    bridges.push(bridge)
    await bridge.connect({ hubUrl, email, password: PASSWORD })
    await until(() => bridge.status.state === 'upToDate' || bridge.status.state === 'syncing', 'live socket ready')
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awareness.setLocalState({ user: { id: email, name }, field: null })
    const link = linkOf(bridge)
    const transport = hubTransport(sheetId, link)
    const unlink = linkDoc(doc, [transport], awareness)
    return { bridge, doc, awareness, link, detach: () => (unlink(), transport.close()) }
  }

  /** The sheet as the database holds it. */
  async function storedDoc(sheetId: string): Promise<Y.Doc> {
    const rows = await storeA.query<{ data: Uint8Array }>('SELECT data FROM sheet_updates WHERE sheet_id = $1 ORDER BY seq', [sheetId])
    const doc = new Y.Doc()
    for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.data))
    return doc
  }

  const names = (a: Awareness): string[] =>
    [...a.getStates().values()].map((s) => (s as { user?: { name?: string } }).user?.name ?? '').filter(Boolean).sort()
  const same = (a: Y.Doc, b: Y.Doc): boolean => JSON.stringify(readSheet(a)) === JSON.stringify(readSheet(b))

  it('a laptop on instance A and one on instance B co-type live and see each other’s presence', async () => {
    const sheetId = await seedSheet()
    const x = await laptop(urlA, fx.emails.managerA, sheetId, 'Wang')
    const y = await laptop(urlB, fx.emails.repA, sheetId, 'Li')
    // Both have the (empty) sheet open before anyone types: what follows can only come live.
    await sleep(300)
    initSheet(x.doc)
    setObjective(x.doc, 'Win line 3')
    addRow(x.doc, 'gaps', { question: 'Who signs?' })
    await until(() => readSheet(y.doc).gaps.length === 1, 'X’s edit reaching Y on the other instance')
    await until(() => same(x.doc, y.doc), 'equal documents')
    expect(readSheet(y.doc).objective).toBe('Win line 3')
    // Presence both ways, and back the other way for edits.
    await until(() => names(x.awareness).length === 2 && names(y.awareness).length === 2, 'presence across instances')
    expect(names(y.awareness)).toEqual(['Li', 'Wang'])
    addRow(y.doc, 'competitors', { competitor: 'Siemens' })
    await until(() => readSheet(x.doc).competitors.length === 1, 'Y’s edit reaching X')
    expect(same(x.doc, y.doc)).toBe(true)
    // X closes the sheet: its presence leaves Y's view through the other instance too.
    x.detach()
    await until(() => names(y.awareness).length === 1, 'X’s presence leaving Y')
    expect(x.link.errors).toEqual([])
    expect(y.link.errors).toEqual([])
    y.detach()
  }, 120_000)

  it('an instance opening the sheet while an update is in flight ends with it', async () => {
    const sheetId = await seedSheet()
    const x = await laptop(urlA, fx.emails.managerA, sheetId, 'Wang')
    initSheet(x.doc)
    setObjective(x.doc, 'Before')
    // B reads the log (without the coming edit) and is held there, room open, sync not sent.
    const gate = gatedB.gate(sheetId)
    const y = await laptop(urlB, fx.emails.repA, sheetId, 'Li')
    await gate.reached
    setObjective(x.doc, 'Typed while B was loading')
    await expect.poll(async () => readSheet(await storedDoc(sheetId)).objective, { timeout: 8_000 }).toBe('Typed while B was loading')
    // Give Redis time to deliver the relay to B while its load is still held.
    await sleep(300)
    gate.release()
    await until(() => readSheet(y.doc).objective === 'Typed while B was loading', 'the in-flight edit reaching Y')
    await until(() => same(x.doc, y.doc), 'equal documents')
    x.detach()
    y.detach()
  }, 120_000)

  it('a user moved out of the region is told `sheet.revoked` when another instance relays to them', async () => {
    const sheetId = await seedSheet()
    const stays = await laptop(urlA, fx.emails.managerA, sheetId, 'Wang')
    const moved = await laptop(urlB, fx.emails.repA, sheetId, 'Li')
    setObjective(stays.doc, 'Before the reorganisation')
    await until(() => readSheet(moved.doc).objective === 'Before the reorganisation', 'the sheet open on both')
    try {
      await storeA.query('UPDATE users SET org_unit_id = $1 WHERE id = $2', [fx.teamB, fx.users.repA])
      setObjective(stays.doc, 'Confidential: the new discount')
      // Either road closes the sheet for them (see sheets.test.ts): the relay's recheck, or the
      // hub's scope reset reaching their laptop first and the re-open being refused.
      await until(() => moved.link.errors.some((c) => c === 'sheet.revoked' || c === 'sheet.unknown'), 'the revocation on instance B')
      await sleep(300)
      expect(readSheet(moved.doc).objective).toBe('Before the reorganisation')
      // B published the moved user's leaving: A's laptop no longer shows them.
      await until(() => names(stays.awareness).length === 1, 'the moved user’s presence leaving A')
      expect(names(stays.awareness)).toEqual(['Wang'])
    } finally {
      await storeA.query('UPDATE users SET org_unit_id = $1 WHERE id = $2', [fx.teamA, fx.users.repA])
      stays.detach()
      moved.detach()
    }
  }, 120_000)

  it('folding the log on an instance that missed another’s edit keeps that edit', async () => {
    const sheetId = await seedSheet()
    const x = await laptop(urlA, fx.emails.managerA, sheetId, 'Wang')
    // Z's instance (C) has no Redis: it never receives X's edit while the sheet is open there.
    const z = await laptop(urlC, fx.emails.repA, sheetId, 'Li')
    await until(() => names(x.awareness).length === 1 && names(z.awareness).length === 1, 'both open')
    await sleep(200)
    addRow(x.doc, 'gaps', { question: 'Stored by A' })
    await sleep(300)
    expect(readSheet(z.doc).gaps).toHaveLength(0)
    const text = z.doc.getText('objective')
    for (let i = 0; i < SHEET_COMPACT_AFTER + 5; i++) text.insert(text.length, '.')
    // Every keystroke stored, and the log folded on C.
    await expect.poll(async () => readSheet(await storedDoc(sheetId)).objective.length, { timeout: 10_000 }).toBe(SHEET_COMPACT_AFTER + 5)
    const rows = await storeA.query<{ n: number }>('SELECT count(*)::int AS n FROM sheet_updates WHERE sheet_id = $1', [sheetId])
    expect(rows[0]!.n).toBeLessThan(SHEET_COMPACT_AFTER)
    x.detach()
    z.detach()
    await sleep(200)
    const later = await laptop(urlB, fx.emails.director, sheetId, 'Zhao')
    await until(() => readSheet(later.doc).objective.length === SHEET_COMPACT_AFTER + 5, 'the folded sheet')
    expect(readSheet(later.doc).gaps.map((g) => g.question)).toEqual(['Stored by A'])
    later.detach()
  }, 120_000)

  it('an instance whose subscription came back catches up open sheets from the database', async () => {
    const sheetId = await seedSheet()
    // A relay of its own on instance B's store, with one socket that has the sheet open.
    const sheets = new SheetHub(storeB)
    const received: { type: string; data?: string }[] = []
    const socket = { OPEN: 1, readyState: 1, send: (t: string) => received.push(JSON.parse(t)) } as unknown as WebSocket
    const conn: LiveConnection = { socket, userId: fx.users.repA }
    await sheets.handle(conn, { type: 'sheet.open', sheetId, clientIds: [] })
    expect(received.map((m) => m.type)).toEqual(['sheet.sync'])
    const resubscribed: string[] = []
    const fanout = await redisFanout(redis.url, { poke: () => undefined, sheet: (m) => sheets.fromPeer(m), resubscribed: () => void sheets.catchUp().then(() => resubscribed.push('caught up')) })
    const admin = new Redis(redis.url)
    try {
      // Another instance stored an update whose message this one never got (Redis was away).
      const missed = new Y.Doc()
      setObjective(missed, 'Stored while Redis was down')
      await storeA.query('INSERT INTO sheet_updates (sheet_id, data, user_id, received_at) VALUES ($1, $2, $3, $4)', [sheetId, Y.encodeStateAsUpdate(missed), fx.users.managerA, Date.now()])
      const list = (await admin.call('CLIENT', 'LIST')) as string
      const id = list.split('\n').find((l) => l.includes(`name=${fanout.name} `))?.match(/\bid=(\d+)/)?.[1]
      expect(id).toBeDefined()
      await admin.call('CLIENT', 'KILL', 'ID', id!)
      await until(() => resubscribed.length === 1, 'the subscription coming back')
      const doc = new Y.Doc()
      for (const m of received) if (m.data) Y.applyUpdate(doc, new Uint8Array(Buffer.from(m.data, 'base64')))
      expect(readSheet(doc).objective).toBe('Stored while Redis was down')
      // And the live relay works again after it.
      const next = new Y.Doc()
      setObjective(next, 'After')
      const relay: SheetRelay = { type: 'sheet.update', sheetId, data: Buffer.from(Y.encodeStateAsUpdate(next)).toString('base64') }
      const other = await redisFanout(redis.url, { poke: () => undefined })
      other.publishSheet(relay)
      await until(() => received.some((m) => m.data === relay.data), 'a relay after the outage')
      await other.close()
    } finally {
      admin.disconnect()
      await fanout.close()
      sheets.closed(conn)
    }
  }, 120_000)
})
