import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import * as Y from 'yjs'
import { dealSheetId } from '../../src/shared/domain/strategy-sheet'
import { customerFields, dealFields, liveSocket, op, push, type LiveMessage, type ListeningHub, listeningHub } from './harness'

/**
 * The live socket under abuse (issue 13, item 7): a script sending sheet updates as fast as it
 * can, bytes that are not Yjs updates, and asking for sheets to learn which deals exist. PGlite,
 * loopback WebSocket, raw messages as a hostile client would send them.
 */

let hub: ListeningHub
let port: number
let sheetA: string

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-live-')
  port = Number(new URL(hub.hubUrl).port)
  const { fx } = hub
  const customerId = randomUUID()
  const dealId = randomUUID()
  const res = await push(fx, fx.tokens.managerA, [op('customers', customerId, customerFields(fx.teamA)), op('deals', dealId, dealFields(fx.teamA, customerId))])
  expect(res.statusCode, res.body).toBe(200)
  sheetA = dealSheetId(dealId)
}, 300_000)

afterAll(async () => {
  await hub?.close()
})

type Msg = LiveMessage & { sheetId?: string; code?: string; data?: string; message?: string }
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64')

async function until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = find()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function openSheet(token: string, sheetId: string, clientId: number): Promise<{ ws: WebSocket; messages: Msg[] }> {
  const s = (await liveSocket(port, token)) as { ws: WebSocket; messages: Msg[] }
  s.ws.send(JSON.stringify({ type: 'sheet.open', sheetId, clientIds: [clientId], sv: b64(Y.encodeStateVector(new Y.Doc())) }))
  await until(() => s.messages.find((m) => (m.type === 'sheet.sync' || m.type === 'sheet.error') && m.sheetId === sheetId), 'the open answer')
  return s
}

async function stored(sheetId: string): Promise<Uint8Array[]> {
  return (await hub.store.query<{ data: Uint8Array }>('SELECT data FROM sheet_updates WHERE sheet_id = $1 ORDER BY seq', [sheetId])).map((r) => new Uint8Array(r.data))
}

describe('the live socket under abuse', () => {
  it('refuses bytes that are not a Yjs update, and stores and relays only the update part of one with junk after it', async () => {
    const { fx } = hub
    const writer = await openSheet(fx.tokens.managerA, sheetA, 11)
    const reader = await openSheet(fx.tokens.repA, sheetA, 12)
    const before = (await stored(sheetA)).length
    writer.ws.send(JSON.stringify({ type: 'sheet.update', sheetId: sheetA, data: b64(randomBytes(4096)) }))
    // A valid empty update followed by random bytes: decodes, but says nothing.
    writer.ws.send(JSON.stringify({ type: 'sheet.update', sheetId: sheetA, data: b64(Buffer.concat([Buffer.from([0, 0]), randomBytes(2048)])) }))
    await until(() => writer.messages.find((m) => m.type === 'sheet.error' && m.code === 'sheet.bad-update'), 'the refusal')
    const doc = new Y.Doc()
    doc.getText('objective').insert(0, '拿下三号线改造')
    const update = Y.encodeStateAsUpdate(doc)
    writer.ws.send(JSON.stringify({ type: 'sheet.update', sheetId: sheetA, data: b64(Buffer.concat([update, randomBytes(64)])) }))
    const relayed = await until(() => reader.messages.find((m) => m.type === 'sheet.update' && m.sheetId === sheetA), 'the relayed update')
    const rows = await stored(sheetA)
    expect(rows.length).toBe(before + 1)
    for (const data of [rows.at(-1)!, new Uint8Array(Buffer.from(relayed.data!, 'base64'))]) {
      expect(data.length).toBeLessThanOrEqual(update.length)
      const copy = new Y.Doc()
      Y.applyUpdate(copy, data)
      expect(copy.getText('objective').toString()).toBe('拿下三号线改造')
    }
    writer.ws.close()
    reader.ws.close()
  }, 60_000)

  it('closes a socket that sends sheet updates faster than anyone types, and keeps serving the others', async () => {
    const { fx } = hub
    const flooder = await openSheet(fx.tokens.managerA, sheetA, 21)
    const colleague = await liveSocket(port, fx.tokens.repA)
    const closed = new Promise<number>((r) => flooder.ws.once('close', (code) => r(code)))
    const before = (await stored(sheetA)).length
    const doc = new Y.Doc()
    const text = doc.getText('notes')
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 1500; i++) text.insert(text.length, 'x')
    for (const u of updates) flooder.ws.send(JSON.stringify({ type: 'sheet.update', sheetId: sheetA, data: b64(u) }))
    expect(await closed).toBe(4429)
    // Let whatever was already queued be stored, then count.
    await new Promise((r) => setTimeout(r, 500))
    const kept = (await stored(sheetA)).length - before
    expect(kept).toBeLessThan(1000)
    // The colleague's socket is untouched: a save in the region still reaches it.
    const seq = (await push(fx, fx.tokens.managerA, [op('customers', randomUUID(), customerFields(fx.teamA))])).json().streams[fx.regionA] as number
    await until(() => colleague.messages.find((m) => m.type === 'poke' && (m.seq ?? 0) >= seq), 'a poke on the other socket')
    colleague.ws.close()
  }, 120_000)

  it('gives one answer for a sheet of another region and a sheet that does not exist, and refuses poison in a sheet id', async () => {
    const { fx } = hub
    const outsider = await openSheet(fx.tokens.managerB, sheetA, 31)
    const ghost = `sheet:${randomUUID()}`
    outsider.ws.send(JSON.stringify({ type: 'sheet.open', sheetId: ghost, clientIds: [31], sv: b64(Y.encodeStateVector(new Y.Doc())) }))
    const answers = await until(() => {
      const errors = outsider.messages.filter((m) => m.type === 'sheet.error')
      return errors.length >= 2 ? errors : undefined
    }, 'both answers')
    expect(answers.map((m) => [m.sheetId, m.code])).toEqual([
      [sheetA, 'sheet.unknown'],
      [ghost, 'sheet.unknown']
    ])
    expect(answers[0]!.message).toBe(answers[1]!.message)
    outsider.ws.send(JSON.stringify({ type: 'sheet.open', sheetId: 'sheet:\u0000x', clientIds: [31] }))
    const poison = await until(() => outsider.messages.find((m) => m.type === 'sheet.error' && m.code === 'sheet.malformed'), 'the malformed answer')
    expect(poison.code).toBe('sheet.malformed')
    outsider.ws.close()
  }, 60_000)
})
