import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { buildHub, type Hub } from '../../src/hub/server'
import { openPglite, type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { hubTransport, linkDoc, type SheetHubLink } from '../../src/renderer/src/db/strategy-sheets-live'
import { customerFields, dealFields, makeFixture, op, PASSWORD, push } from './harness'

/**
 * The hub relays a sheet update to its own sockets at once and stores it meanwhile
 * (src/hub/sheets.ts). If it dies in between, the update is in no log, yet nothing is lost:
 * the laptops hold it, and when they reconnect to the restarted hub their open sends what the
 * hub's state vector lacks, which is then stored.
 */

const cleanup: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c()
})

async function until(ok: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function linkOf(bridge: SyncBridge): SheetHubLink {
  const listeners = new Set<Parameters<SheetHubLink['on']>[0]>()
  return {
    open: (sheetId, clientId, sv) => void bridge.sheets.open(sheetId, clientId, sv, { send: (e) => { for (const l of listeners) l(e) }, alive: () => true }),
    send: (sheetId, kind, data) => void bridge.sheets.send(sheetId, kind, data),
    close: (sheetId, clientId) => bridge.sheets.close(sheetId, clientId),
    on: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  }
}

async function laptop(hubUrl: string, email: string, sheetId: string): Promise<{ bridge: SyncBridge; doc: Y.Doc; detach: () => void }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore() })
  cleanup.push(() => bridge.close())
  await bridge.connect({ hubUrl, email, password: PASSWORD })
  await until(() => bridge.status.state === 'upToDate' || bridge.status.state === 'syncing', 'live socket ready')
  const doc = new Y.Doc()
  const transport = hubTransport(sheetId, linkOf(bridge))
  const unlink = linkDoc(doc, [transport])
  return { bridge, doc, detach: () => (unlink(), transport.close()) }
}

describe('a sheet update relayed before it is stored', () => {
  it('survives the hub dying between relay and store: the laptops send it again after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-sheet-crash-'))
    const store = await openPglite(join(dir, 'hub-db'))
    cleanup.push(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    // The first hub's writes of the sheet log can be held back: the "crash" comes while one is.
    let holdLog = false
    const held: string[] = []
    const flaky: HubStore = {
      ...store,
      query: <T,>(text: string, params?: unknown[]): Promise<T[]> => {
        if (holdLog && text.startsWith('INSERT INTO sheet_updates')) {
          held.push(text)
          return new Promise<T[]>(() => {})
        }
        return store.query<T>(text, params)
      }
    }
    const fx = await makeFixture(flaky)
    await fx.hub.app.listen({ host: '127.0.0.1', port: 0 })
    const port = (fx.hub.app.server.address() as { port: number }).port
    const hubUrl = `http://127.0.0.1:${port}`
    const restarted: { hub?: Hub } = {}
    cleanup.push(async () => {
      await fx.hub.app.close()
      await restarted.hub?.app.close()
    })

    const customerId = randomUUID()
    const dealId = randomUUID()
    const sheetId = randomUUID()
    const res = await push(fx, fx.tokens.managerA, [
      op('customers', customerId, customerFields(fx.teamA)),
      op('deals', dealId, dealFields(fx.teamA, customerId)),
      op('strategySheets', sheetId, { dealId, createdAt: Date.now(), createdBy: 'someone' })
    ])
    expect(res.statusCode, res.body).toBe(200)

    const one = await laptop(hubUrl, fx.emails.managerA, sheetId)
    const two = await laptop(hubUrl, fx.emails.repA, sheetId)
    one.doc.getText('objective').insert(0, 'Win line 3')
    await until(() => two.doc.getText('objective').toString() === 'Win line 3', 'the first edit reaching laptop two')
    const storedText = async (): Promise<string> => {
      const rows = await store.query<{ data: Uint8Array }>('SELECT data FROM sheet_updates WHERE sheet_id = $1 ORDER BY seq', [sheetId])
      const doc = new Y.Doc()
      for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.data))
      return doc.getText('objective').toString()
    }
    await until(async () => (await storedText()) === 'Win line 3', 'the first edit stored')

    // From here the hub relays but its log writes never finish.
    holdLog = true
    one.doc.getText('objective').insert(10, ' by March')
    await until(() => two.doc.getText('objective').toString() === 'Win line 3 by March', 'the second edit relayed while its write hangs')
    expect(held.length).toBeGreaterThan(0)
    expect(await storedText()).toBe('Win line 3')

    // The hub dies; a new one starts on the same database and address.
    await fx.hub.app.close()
    const second = await buildHub({ store, secret: fx.secret })
    restarted.hub = second
    await second.app.listen({ host: '127.0.0.1', port })

    // The laptops reconnect by themselves and open the sheet again; the hub's log catches up.
    await until(async () => (await storedText()) === 'Win line 3 by March', 'the relayed edit stored after the restart', 60_000)
    one.detach()
    two.detach()

    // Someone opening it later, with both laptops gone, gets the whole text from the hub.
    const three = await laptop(hubUrl, fx.emails.director, sheetId)
    await until(() => three.doc.getText('objective').toString() === 'Win line 3 by March', 'the whole sheet for a later reader')
    three.detach()
  }, 180_000)
})
