import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { moveUser } from '../../src/hub/org'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { makeFixture, PASSWORD, type Fixture, listenOnLoopback } from './harness'

/**
 * A hub-pushed reset: when the admin moves a user, the hub tells that user's open live sockets
 * at once (`{type:'reset'}`), so the laptop runs a sync round (which purges and re-pulls by the
 * new scope) without waiting for its minute timer. Colleagues whose scope did not move hear
 * nothing. PGlite is notified by the org trigger; PostgreSQL is polled (ORG_POLL_MS).
 */

interface Live {
  messages: { type: string; streams?: string[] }[]
  socket: WebSocket
  next(type: string, timeoutMs: number): Promise<{ type: string; streams?: string[] }>
}

async function openLive(url: string, token: string): Promise<Live> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/live`)
  const messages: Live['messages'] = []
  const waiters: (() => void)[] = []
  socket.on('message', (d) => {
    messages.push(JSON.parse(String(d)) as Live['messages'][number])
    for (const w of waiters.splice(0)) w()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.send(JSON.stringify({ type: 'auth', token }))
  const live: Live = {
    messages,
    socket,
    next: (type, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs)
        const check = (): void => {
          const hit = messages.find((m) => m.type === type)
          if (hit) {
            clearTimeout(timer)
            resolve(hit)
          } else waiters.push(check)
        }
        check()
      })
  }
  await live.next('ready', 5_000)
  return live
}

function resetSuite(engine: string, open: () => Promise<HubStore>, promptMs: number): void {
  describe(`hub-pushed reset (${engine})`, () => {
    let store: HubStore
    let fx: Fixture
    let hubUrl: string
    const sockets: WebSocket[] = []
    const bridges: SyncBridge[] = []

    beforeAll(async () => {
      store = await open()
      fx = await makeFixture(store)
      hubUrl = await listenOnLoopback(fx)
    }, 400_000)

    afterAll(async () => {
      for (const s of sockets) s.close()
      for (const b of bridges) b.close()
      await fx.hub.app.close()
      await store.close()
    })

    it('a moved user’s live socket receives the reset promptly, with the new streams; a colleague’s does not', async () => {
      const moved = await openLive(hubUrl, fx.tokens.repA)
      const colleague = await openLive(hubUrl, fx.tokens.managerA)
      sockets.push(moved.socket, colleague.socket)
      expect(moved.messages[0]!.streams).toContain(fx.regionA)

      const started = Date.now()
      await moveUser(store, fx.emails.repA, fx.teamB)
      const reset = await moved.next('reset', promptMs)
      const tookMs = Date.now() - started
      expect(tookMs).toBeLessThan(promptMs)
      expect(reset.streams).toContain(fx.regionB)
      expect(reset.streams).not.toContain(fx.regionA)

      // Pokes follow the new scope on the same socket: region B's, not A's.
      fx.hub.live.poke(fx.regionA, 99)
      fx.hub.live.poke(fx.regionB, 7)
      await moved.next('poke', 2_000)
      expect(moved.messages.filter((m) => m.type === 'poke')).toEqual([{ type: 'poke', stream: fx.regionB, seq: 7 }])

      // The colleague stayed in A: no reset for them.
      await new Promise((r) => setTimeout(r, promptMs / 2))
      expect(colleague.messages.some((m) => m.type === 'reset')).toBe(false)
    })

    it('the laptop’s bridge turns the reset into a round request the page sees (status.resets)', async () => {
      const bridge = new SyncBridge({ store: new MemoryTokenStore() })
      bridges.push(bridge)
      await bridge.connect({ hubUrl, email: fx.emails.managerB, password: PASSWORD })
      await waitFor(() => bridge.status.state === 'upToDate', 5_000)
      // Signed in over HTTP first; the live socket authenticates right after.
      await waitFor(() => (bridge as unknown as { liveReady: boolean }).liveReady, 5_000)
      const before = bridge.status.resets ?? 0
      await moveUser(store, fx.emails.managerB, fx.teamA)
      await waitFor(() => (bridge.status.resets ?? 0) > before, promptMs)
      expect(bridge.status.resets).toBe(before + 1)
      // It reconnects its socket and is online again, ready for the page's round.
      await waitFor(() => bridge.status.state === 'upToDate' || bridge.status.state === 'syncing', 5_000)
    })
  })
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-reset-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// PGlite: the trigger's notification arrives with the change itself.
// "Promptly" = well before the laptop's own 30 s org refresh would have found the move; the
// bound is generous so a busy machine does not fail it (the notification itself takes milliseconds).
resetSuite('PGlite', () => openPglite(join(dir, 'db')), 10_000)
// PostgreSQL: polled once a second, so within two.
const url = process.env.DATABASE_URL
if (url) resetSuite('PostgreSQL', () => openPostgres(url), 10_000)
