import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { formatHlc } from '../../src/shared/sync/hlc'
import type { Op } from '../../src/shared/sync/op'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub, type Hub, type HubOptions } from '../../src/hub/server'
import { openPglite, type HubStore } from '../../src/hub/store'

/**
 * A hub on a given store with two regions (A, B), a team in each, and people in them. Ids and
 * emails are fresh per call, so suites can share one PostgreSQL database without clearing it.
 */
export interface Fixture {
  hub: Hub
  store: HubStore
  secret: Buffer
  clock: { now: number }
  regionA: string
  regionB: string
  teamA: string
  teamB: string
  tokens: { managerA: string; repA: string; managerB: string; director: string }
  users: { managerA: string; repA: string; managerB: string; director: string }
  emails: { managerA: string; repA: string; managerB: string; director: string }
}

export const PASSWORD = 'correct horse battery'

export async function makeFixture(store: HubStore, extra: Partial<HubOptions> = {}): Promise<Fixture> {
  const secret = randomBytes(32)
  const clock = { now: Date.now() }
  const hub = await buildHub({ store, secret, now: () => clock.now, ...extra })
  const tag = randomUUID().slice(0, 8)
  const regionA = (await createOrgUnit(store, { name: `East ${tag}`, kind: 'region' })).id
  const regionB = (await createOrgUnit(store, { name: `North ${tag}`, kind: 'region' })).id
  const teamA = (await createOrgUnit(store, { name: `East team ${tag}`, kind: 'team', parentId: regionA })).id
  const teamB = (await createOrgUnit(store, { name: `North team ${tag}`, kind: 'team', parentId: regionB })).id
  const people = {
    managerA: { role: 'regional_manager' as const, orgUnitId: teamA },
    repA: { role: 'rep' as const, orgUnitId: teamA },
    managerB: { role: 'regional_manager' as const, orgUnitId: teamB },
    director: { role: 'director' as const, orgUnitId: regionA }
  }
  const users = {} as Fixture['users']
  const tokens = {} as Fixture['tokens']
  const emails = {} as Fixture['emails']
  for (const [key, p] of Object.entries(people) as [keyof typeof people, (typeof people)[keyof typeof people]][]) {
    const email = `${key}-${tag}@example.com`
    emails[key] = email
    users[key] = (await createUser(store, { email, name: key, role: p.role, orgUnitId: p.orgUnitId, password: PASSWORD })).id
    const res = await hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })
    tokens[key] = (res.json() as { token: string }).token
  }
  return { hub, store, secret, clock, regionA, regionB, teamA, teamB, tokens, users, emails }
}

/** The address a laptop reaches a fixture's hub at, once it listens on loopback. */
export async function listenOnLoopback(fx: Fixture): Promise<string> {
  await fx.hub.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = fx.hub.app.server.address()
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
}

/**
 * A fixture hub on a fresh PGlite in its own temporary folder, listening on loopback, as the
 * laptops of a bridge test reach it. `extra` gets the folder (e.g. for the hub's recordings).
 */
export interface ListeningHub {
  dir: string
  store: HubStore
  fx: Fixture
  hubUrl: string
  close(): Promise<void>
}

export async function listeningHub(prefix: string, extra: (dir: string) => Partial<HubOptions> = () => ({})): Promise<ListeningHub> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const store = await openPglite(join(dir, 'hub-db'))
  const fx = await makeFixture(store, extra(dir))
  const hubUrl = await listenOnLoopback(fx)
  return {
    dir,
    store,
    fx,
    hubUrl,
    close: async () => {
      await fx.hub.app.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

let counter = 0
export function op(table: string, rowId: string, fields: Record<string, unknown>, opts: { node?: string; wallMs?: number; schemaVersion?: number } = {}): Op {
  return {
    table,
    rowId,
    hlc: formatHlc({ wallMs: opts.wallMs ?? Date.now(), counter: counter++ % 90_000, node: opts.node ?? 'test-node' }),
    schemaVersion: opts.schemaVersion ?? 1,
    fields
  }
}

export function customerFields(orgUnitId: string): Record<string, unknown> {
  return { name: 'Hangzhou Steel', orgUnitId, ownerId: null }
}

/** A recording of a customer's call, with a fresh file hash (a reused PostgreSQL keeps earlier runs' files). */
export function recordingFields(customerId: string): Record<string, unknown> {
  const sha256 = randomUUID().replaceAll('-', '').repeat(2)
  return { sha256, customerId, durationMs: 1000, channels: 1, codec: 'mp3', sizeBytes: 10, originalName: 'call.mp3', importedAt: 1 }
}

export function dealFields(orgUnitId: string, customerId: string): Record<string, unknown> {
  return { name: 'Line 3 upgrade', customerId, orgUnitId, amount: 1_200_000, currency: 'CNY', status: 'open' }
}

export async function push(fx: Fixture, token: string, ops: unknown[], batchId = randomUUID()) {
  return fx.hub.app.inject({
    method: 'POST',
    url: '/sync/push',
    headers: { authorization: `Bearer ${token}` },
    payload: { clientId: 'laptop-1', batchId, ops }
  })
}

export async function pull(fx: Fixture, token: string, stream: string, after = 0, limit = 1000) {
  return fx.hub.app.inject({
    method: 'GET',
    url: `/sync/pull?stream=${encodeURIComponent(stream)}&after=${after}&limit=${limit}`,
    headers: { authorization: `Bearer ${token}` }
  })
}

export interface LiveMessage {
  type: string
  stream?: string
  seq?: number
}

/** A laptop's `/sync/live` socket on a hub listening on `port`, signed in and ready; every message it gets is kept. */
export async function liveSocket(port: number, token: string): Promise<{ ws: WebSocket; messages: LiveMessage[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sync/live`)
  const messages: LiveMessage[] = []
  const ready = new Promise<void>((resolve, reject) => {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as LiveMessage
      messages.push(m)
      if (m.type === 'ready') resolve()
    })
    ws.once('close', (code) => reject(new Error(`live socket closed with ${code} before it was ready`)))
  })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ type: 'auth', token }))
  await ready
  return { ws, messages }
}
