import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPglite } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import type { SheetEvent } from '../../src/shared/ipc/sync'
import { formatHlc } from '../../src/shared/sync/hlc'
import { hubTransport, linkDoc, type SheetHubLink } from '../../src/renderer/src/db/strategy-sheets-live'
import { median, round, type Figure } from './figures'

/** A page's hub link, straight onto a bridge's sheet relay (the app goes through IPC in between). */
export function relayLink(bridge: SyncBridge): SheetHubLink {
  const listeners = new Set<(e: SheetEvent) => void>()
  return {
    open: (sheetId, clientId, sv) => void bridge.sheets.open(sheetId, clientId, sv, { send: (e) => listeners.forEach((l) => l(e)), alive: () => true }),
    send: (sheetId, kind, data) => void bridge.sheets.send(sheetId, kind, data),
    close: (sheetId, clientId) => bridge.sheets.close(sheetId, clientId),
    on: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  }
}

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('sheet bench: timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

/**
 * `sync.sheetEdit.p50.ms`: one keystroke in a strategy sheet on laptop A until it is in laptop
 * B's document, through a real hub on 127.0.0.1 (PGlite, relayed at once and stored meanwhile) and two sync
 * bridges over their live sockets. IPC to the pages is left out (sub-millisecond).
 */
export async function benchSheetEdit(edits = 100): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-sheet-bench-'))
  const store = await openPglite(dir)
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const bridges: SyncBridge[] = []
  try {
    const region = (await createOrgUnit(store, { name: 'East', kind: 'region' })).id
    const team = (await createOrgUnit(store, { name: 'East team', kind: 'team', parentId: region })).id
    const password = 'bench sheet password'
    const users = await Promise.all(['a', 'b'].map((k) => createUser(store, { email: `sheet-${k}@example.com`, name: k, role: 'rep', orgUnitId: team, password })))
    const customerId = randomUUID()
    const dealId = randomUUID()
    const sheetId = randomUUID()
    let n = 0
    const hlc = (): string => formatHlc({ wallMs: Date.now(), counter: n++, node: 'sheet-bench' })
    const res = await fetch(`${hubUrl}/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signToken(secret, { sub: users[0]!.id, exp: Date.now() + TOKEN_TTL_MS })}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'sheet-bench',
        batchId: randomUUID(),
        ops: [
          { table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Bench Co', orgUnitId: team, ownerId: null } },
          { table: 'deals', rowId: dealId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Line 3', customerId, orgUnitId: team, amount: 5_000_000, currency: 'CNY', status: 'open' } },
          { table: 'strategySheets', rowId: sheetId, hlc: hlc(), schemaVersion: 1, fields: { dealId, createdAt: Date.now(), createdBy: users[0]!.id } }
        ]
      })
    })
    if (!res.ok) throw new Error(`sheet bench: seeding failed ${res.status} ${await res.text()}`)

    const docs: Y.Doc[] = []
    for (const u of users) {
      const bridge = new SyncBridge({ store: new MemoryTokenStore() })
      bridges.push(bridge)
      await bridge.connect({ hubUrl, email: u.email, password })
      const doc = new Y.Doc()
      linkDoc(doc, [hubTransport(sheetId, relayLink(bridge))])
      docs.push(doc)
    }
    const [a, b] = docs as [Y.Doc, Y.Doc]
    // Both open and synced: a first edit makes it across.
    a.getText('objective').insert(0, 'Win line 3')
    await until(() => b.getText('objective').toString() === 'Win line 3')

    const times: number[] = []
    const text = a.getText('objective')
    for (let i = 0; i < edits; i++) {
      const want = text.length + 1
      const seen = new Promise<void>((resolve) => {
        const check = (): void => {
          if (b.getText('objective').length === want) {
            b.off('update', check)
            resolve()
          }
        }
        b.on('update', check)
      })
      const t0 = performance.now()
      text.insert(text.length, String(i % 10))
      await seen
      times.push(performance.now() - t0)
    }
    if (a.getText('objective').toString() !== b.getText('objective').toString()) throw new Error('sheet bench: documents differ')
    const sorted = [...times].sort((x, y) => x - y)
    return {
      name: 'sync.sheetEdit.p50.ms',
      value: round(median(times)),
      unit: 'ms',
      goal: 150,
      note: `${edits} keystrokes A→hub→B on loopback (PGlite, relayed at once and stored meanwhile), p95 ${round(sorted[Math.floor(sorted.length * 0.95)] ?? 0)} ms`
    }
  } finally {
    for (const b of bridges) b.close()
    await hub.app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
