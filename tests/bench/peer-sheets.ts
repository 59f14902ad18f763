import { randomBytes, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { Server as HocuspocusServer } from '@hocuspocus/server'
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebsocketProvider } from 'y-websocket'
import WebSocket, { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { signToken, TOKEN_TTL_MS, verifyToken } from '../../src/hub/auth'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { hubTransport, linkDoc } from '../../src/renderer/src/db/strategy-sheets-live'
import { formatHlc } from '../../src/shared/sync/hlc'
import { median, round, type Figure } from './figures'
import { freshDatabase } from './fresh-database'
import { machineNote, versionOf } from './peers'
import { relayLink } from './sheet-edit'

/**
 * `peer.sheetRelay.*`: our hub's live strategy-sheet relay against @hocuspocus/server and
 * y-websocket's server (@y/websocket-server), in one process on loopback, each with its own
 * client as a user runs it (ours: the sync bridge over its live socket, password login; theirs:
 * their provider, with a signed token checked in the server's authentication hook / on upgrade)
 * and the same Yjs edit trace:
 * - two clients typing 10,000 keystrokes into one sheet, taking turns, one in flight: the time
 *   from a keystroke to the other document holding it (p50, p99);
 * - then 50 clients on one sheet typing 20 keystrokes each at once: keystrokes a second until
 *   all 50 documents hold all 1,000.
 * The three run in turns (rounds interleaved) so a busy neighbour costs each alike. Ours relays
 * every update at once and stores it meanwhile (PGlite, the hub's default, or PostgreSQL with
 * PEER_SHEET_ENGINE=postgres); the peers run as shipped, in memory.
 */

const KEYSTROKES = Number(process.env.PEER_SHEET_KEYSTROKES ?? 10_000)
const ROUNDS = 5
/** Most time one contender spends on one round of the keystrokes. */
const ROUND_MS = Number(process.env.PEER_SHEET_ROUND_MS ?? 8_000)
const CROWD = Number(process.env.PEER_SHEET_CROWD ?? 50)
const CROWD_KEYS = 20
const CROWD_ROUNDS = 3

interface Contender {
  label: string
  /** `n` documents on one sheet, each with its own client connection. */
  open(n: number): Promise<{ docs: Y.Doc[]; close: () => void }>
  close(): Promise<void>
}

async function until(ok: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`peer sheets: timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

/** Resolves once `doc`'s text is `want` long (checked on each of its updates). */
function reaches(doc: Y.Doc, want: number): Promise<void> {
  const text = doc.getText('t')
  if (text.length >= want) return Promise.resolve()
  return new Promise((resolve) => {
    const check = (): void => {
      if (text.length >= want) {
        doc.off('update', check)
        resolve()
      }
    }
    doc.on('update', check)
  })
}

/** All `docs` hold the same first keystroke: every client is connected and synced. */
async function ready(docs: Y.Doc[], label: string): Promise<void> {
  docs[0]!.getText('t').insert(0, '#')
  await until(() => docs.every((d) => d.getText('t').length >= 1), `${label} to sync`)
}

async function ours(engine: 'pglite' | 'postgres'): Promise<Contender> {
  const dir = mkdtempSync(join(tmpdir(), 'peer-sheets-'))
  const fresh = engine === 'postgres' && process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL, 'cockpit_peer_sheets') : undefined
  const store: HubStore = fresh ? await openPostgres(fresh.url) : await openPglite(dir)
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const region = (await createOrgUnit(store, { name: 'East', kind: 'region' })).id
  const team = (await createOrgUnit(store, { name: 'East team', kind: 'team', parentId: region })).id
  const password = 'bench sheet password'
  // Ten colleagues, each on up to five laptops (a login each).
  const users = await Promise.all(Array.from({ length: 10 }, (_, k) => createUser(store, { email: `peer-${k}@example.com`, name: `Rep ${k}`, role: 'rep', orgUnitId: team, password })))
  const token = signToken(secret, { sub: users[0]!.id, exp: Date.now() + TOKEN_TTL_MS })
  let n = 0
  const hlc = (): string => formatHlc({ wallMs: Date.now(), counter: n++, node: 'peer-bench' })
  const bridges: SyncBridge[] = []
  return {
    label: `ours (${fresh ? 'PostgreSQL' : 'PGlite'})`,
    async open(count) {
      const customerId = randomUUID()
      const dealId = randomUUID()
      const sheetId = randomUUID()
      const res = await fetch(`${hubUrl}/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: 'peer-bench',
          batchId: randomUUID(),
          ops: [
            { table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Bench Co', orgUnitId: team, ownerId: null } },
            { table: 'deals', rowId: dealId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Line 3', customerId, orgUnitId: team, amount: 5_000_000, currency: 'CNY', status: 'open' } },
            { table: 'strategySheets', rowId: sheetId, hlc: hlc(), schemaVersion: 1, fields: { dealId, createdAt: Date.now(), createdBy: users[0]!.id } }
          ]
        })
      })
      if (!res.ok) throw new Error(`peer sheets: seeding failed ${res.status} ${await res.text()}`)
      const mine: { bridge: SyncBridge; unlink: () => void }[] = []
      const docs: Y.Doc[] = []
      // Laptops sign in five at a time (a password check each), as a team arriving in the
      // morning; a sign-in that times out on a busy machine is tried again.
      const joined: SyncBridge[] = []
      for (let i = 0; i < count; i += 5) {
        const wave = Array.from({ length: Math.min(5, count - i) }, async (_, j) => {
          const bridge = new SyncBridge({ store: new MemoryTokenStore() })
          bridges.push(bridge)
          for (let attempt = 1; ; attempt++) {
            try {
              await bridge.connect({ hubUrl, email: users[(i + j) % users.length]!.email, password })
              return bridge
            } catch (e) {
              if (attempt >= 3) throw e
            }
          }
        })
        joined.push(...(await Promise.all(wave)))
      }
      for (const bridge of joined) {
        const doc = new Y.Doc()
        mine.push({ bridge, unlink: linkDoc(doc, [hubTransport(sheetId, relayLink(bridge))]) })
        docs.push(doc)
      }
      return {
        docs,
        close: () => {
          for (const m of mine) {
            m.unlink()
            m.bridge.close()
          }
        }
      }
    },
    async close() {
      for (const b of bridges) b.close()
      await hub.app.close()
      await store.close()
      await fresh?.drop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

async function hocuspocus(): Promise<Contender> {
  const secret = randomBytes(32)
  const server = new HocuspocusServer({
    address: '127.0.0.1',
    port: 0,
    quiet: true,
    stopOnSignals: false,
    // Its documented way in: the provider's token, checked before the document is opened.
    async onAuthenticate({ token }) {
      const claims = verifyToken(secret, token, Date.now())
      if (typeof claims === 'string') throw new Error(claims)
      return { user: claims.sub }
    }
  })
  await server.listen()
  const url = `ws://127.0.0.1:${server.address.port}`
  const token = signToken(secret, { sub: 'rep-1', exp: Date.now() + TOKEN_TTL_MS })
  return {
    label: `@hocuspocus/server ${versionOf('@hocuspocus/server')}`,
    async open(count) {
      const name = randomUUID()
      const providers: HocuspocusProvider[] = []
      const docs: Y.Doc[] = []
      for (let i = 0; i < count; i++) {
        const doc = new Y.Doc()
        const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
        const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token })
        provider.attach()
        providers.push(provider)
        docs.push(doc)
      }
      await until(() => providers.every((p) => p.isSynced), 'hocuspocus providers to sync')
      return {
        docs,
        close: () => {
          for (const p of providers) {
            p.destroy()
            p.configuration.websocketProvider.destroy()
          }
        }
      }
    },
    async close() {
      await server.destroy()
    }
  }
}

async function yWebsocket(): Promise<Contender> {
  const secret = randomBytes(32)
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', setupWSConnection)
  const http = createServer((_req, res) => res.writeHead(200).end('okay'))
  // Its documented way in: checked on the upgrade request (here a token in the URL) before the
  // socket joins a room.
  http.on('upgrade', (req, socket, head) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? ''
    if (typeof verifyToken(secret, token, Date.now()) === 'string') {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`
  const token = signToken(secret, { sub: 'rep-1', exp: Date.now() + TOKEN_TTL_MS })
  return {
    label: `@y/websocket-server ${versionOf('@y/websocket-server')}`,
    async open(count) {
      const room = randomUUID()
      const providers: WebsocketProvider[] = []
      const docs: Y.Doc[] = []
      for (let i = 0; i < count; i++) {
        const doc = new Y.Doc()
        // No BroadcastChannel: documents in one process would otherwise skip the server.
        providers.push(new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true }))
        docs.push(doc)
      }
      await until(() => providers.every((p) => p.synced), 'y-websocket providers to sync')
      return {
        docs,
        close: () => {
          for (const p of providers) p.destroy()
        }
      }
    },
    async close() {
      for (const c of wss.clients) c.terminate()
      wss.close()
      await new Promise((r) => http.close(r))
    }
  }
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN
}

export async function benchPeerSheets(): Promise<Figure[]> {
  const engine = process.env.PEER_SHEET_ENGINE === 'postgres' ? 'postgres' : 'pglite'
  const log = (m: string): void => void (process.env.PEER_DEBUG && process.stderr.write(`peer-sheets ${new Date().toISOString()} ${m}\n`))
  const contenders = [await ours(engine), await hocuspocus(), await yWebsocket()]
  log('servers up')
  try {
    // Two clients each, connected once; rounds of the 10,000 keystrokes in turns.
    const pairs = []
    for (const c of contenders) {
      const pair = await c.open(2)
      await ready(pair.docs, c.label)
      pairs.push(pair)
    }
    log('pairs synced')
    const latency: number[][] = contenders.map(() => [])
    const perRound = Math.ceil(KEYSTROKES / ROUNDS)
    for (let r = 0; r < ROUNDS; r++) {
      for (let c = 0; c < contenders.length; c++) {
        const docs = pairs[c]!.docs
        // Bounded in time: a contender that is slow on a busy machine types fewer keystrokes.
        const stop = performance.now() + ROUND_MS
        for (let k = 0; k < perRound && performance.now() < stop; k++) {
          const from = docs[k % 2]!
          const to = docs[(k + 1) % 2]!
          const text = from.getText('t')
          const arrived = reaches(to, text.length + 1)
          const t0 = performance.now()
          text.insert(text.length, String(k % 10))
          await arrived
          latency[c]!.push(performance.now() - t0)
        }
        log(`round ${r} ${contenders[c]!.label} p50 ${percentile(latency[c]!, 0.5)}`)
      }
    }
    for (let c = 0; c < contenders.length; c++) {
      const [a, b] = pairs[c]!.docs as [Y.Doc, Y.Doc]
      if (a.getText('t').toString() !== b.getText('t').toString()) throw new Error(`peer sheets: ${contenders[c]!.label} documents differ`)
      pairs[c]!.close()
    }

    // Fifty clients on one sheet, all typing at once.
    const crowds = []
    for (const c of contenders) {
      const crowd = await c.open(CROWD)
      await ready(crowd.docs, c.label)
      crowds.push(crowd)
    }
    log('crowds synced')
    const rate: number[][] = contenders.map(() => [])
    for (let r = 0; r < CROWD_ROUNDS; r++) {
      for (let c = 0; c < contenders.length; c++) {
        const docs = crowds[c]!.docs
        const want = docs[0]!.getText('t').length + CROWD * CROWD_KEYS
        const t0 = performance.now()
        for (let k = 0; k < CROWD_KEYS; k++) {
          docs.forEach((d, i) => d.getText('t').insert(0, String((i + k) % 10)))
          await new Promise((resolve) => setImmediate(resolve))
        }
        await until(() => docs.every((d) => d.getText('t').length >= want), `${contenders[c]!.label} crowd`, 120_000)
        rate[c]!.push((CROWD * CROWD_KEYS) / ((performance.now() - t0) / 1000))
        log(`crowd ${r} ${contenders[c]!.label} ${rate[c]!.at(-1)}`)
        const first = docs[0]!.getText('t').toString()
        if (!docs.every((d) => d.getText('t').toString() === first)) throw new Error(`peer sheets: ${contenders[c]!.label} crowd documents differ`)
      }
    }
    for (const crowd of crowds) crowd.close()

    const stats = contenders.map((c, i) => ({ label: c.label, p50: percentile(latency[i]!, 0.5), p99: percentile(latency[i]!, 0.99), rate: median(rate[i]!), n: latency[i]!.length }))
    const [us, ...peers] = stats as [(typeof stats)[number], ...(typeof stats)[number][]]
    const describe = (s: (typeof stats)[number]): string => `${s.label} (${s.n.toLocaleString('en')} keystrokes timed) p50 ${round(s.p50, 2)} ms, p99 ${round(s.p99, 2)} ms, ${Math.round(s.rate)} keystrokes/s`
    const trace = `same trace, one process on loopback, rounds interleaved: 2 clients typing ${KEYSTROKES.toLocaleString('en')} keystrokes in turns (one in flight, keystroke → the other document; ${ROUNDS} rounds of at most ${ROUND_MS / 1000} s each), then ${CROWD} clients typing ${CROWD_KEYS} keystrokes each at once (median of ${CROWD_ROUNDS}); ours relays each update at once and stores it meanwhile (group commit; other instances get it once stored), the peers run in memory as shipped; yjs ${versionOf('yjs')}${machineNote()}`
    const best = (key: 'p50' | 'p99' | 'rate'): (typeof stats)[number] =>
      peers.reduce((a, b) => (key === 'rate' ? (b.rate > a.rate ? b : a) : b[key] < a[key] ? b : a))
    const other = (s: (typeof stats)[number]): (typeof stats)[number] => peers.find((p) => p !== s)!
    const figure = (key: 'p50' | 'p99' | 'rate'): Figure => {
      const b = best(key)
      const o = other(b)
      const ratio = key === 'rate' ? us.rate / b.rate : us[key] / b[key]
      const otherRatio = key === 'rate' ? us.rate / o.rate : us[key] / o[key]
      return {
        name: key === 'rate' ? 'peer.sheetRelay.throughput.ratio' : `peer.sheetRelay.${key}.ratio`,
        value: round(ratio, 2),
        unit: '×',
        goal: 1,
        ...(key === 'rate' ? { better: 'min' as const } : {}),
        note: `vs the better peer, ${b.label}; vs ${o.label} ${round(otherRatio, 2)}×. ${describe(us)}; ${describe(b)}; ${describe(o)}. ${trace}`
      }
    }
    return [figure('p50'), figure('p99'), figure('rate')]
  } finally {
    for (const c of contenders) await c.close()
  }
}

// `npx tsx tests/bench/peer-sheets.ts` prints the figures on their own.
if (process.argv[1]?.endsWith('peer-sheets.ts')) {
  void benchPeerSheets().then(
    (f) => {
      console.log(JSON.stringify(f, null, 2))
      process.exit(0)
    },
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    }
  )
}
