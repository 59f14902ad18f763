import { request } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerFields, op, type ListeningHub, listeningHub } from './harness'

/**
 * An unauthenticated caller must not be able to stall the hub for everyone: `/sync/push` used
 * to parse up to 4 MiB of JSON before looking at the token, and a deeply nested body takes
 * V8 seconds to parse. The flood here is bounded (a handful of bodies, one round) so the test
 * stays cheap; `npm run bench` is where speed is measured.
 */

let hub: ListeningHub

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-flood-')
}, 60_000)

afterAll(async () => {
  await hub?.close()
})

/** ~3.8 MB of `[[[[…]]]]`: valid JSON, a few seconds of JSON.parse. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

/** A raw POST that resolves with the status and body whatever happens to the upload. */
function post(url: string, path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    // The hub may answer and close before the upload is done: that is the point.
    req.on('error', () => resolve({ status: -1, body: '' }))
    req.end(body)
  })
}

describe('an unauthenticated flood', () => {
  it('is refused before its bodies are parsed, and /health stays fast meanwhile', async () => {
    // Built and encoded once, and the probe's connection warmed up, so the test's own work stays out of the measurement.
    const body = Buffer.from(nested(1_900_000))
    await (await fetch(`${hub.hubUrl}/health`)).text()
    const loop = monitorEventLoopDelay({ resolution: 10 })
    const health: number[] = []
    let flooding = true
    const probe = (async () => {
      while (flooding) {
        const t0 = performance.now()
        const res = await fetch(`${hub.hubUrl}/health`)
        await res.text()
        health.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    loop.enable()
    const flood = await Promise.all(Array.from({ length: 6 }, () => post(hub.hubUrl, '/sync/push', body)))
    flooding = false
    await probe
    loop.disable()
    // Each one is told to sign in (or cut off mid-upload), none gets to the parser.
    for (const r of flood) if (r.status !== -1) expect([r.status, JSON.parse(r.body).code]).toEqual([401, 'auth.missing'])
    expect(health.length).toBeGreaterThan(0)
    // A recording chunk (up to 8 MiB) is not buffered for a caller without a token either.
    const chunk = await fetch(`${hub.hubUrl}/recordings/${'a'.repeat(64)}/upload`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(8 << 20) },
      body: Buffer.alloc(8 << 20)
    })
    expect([chunk.status, ((await chunk.json()) as { code: string }).code]).toEqual([401, 'auth.missing'])
    // Parsing one such body blocked the hub for 2-4 s; refusing it takes well under a tenth of that.
    expect(Math.max(...health)).toBeLessThan(1_000)
    expect(loop.max / 1e6).toBeLessThan(1_000)
  }, 60_000)

  it('a signed-in push nested deeper than any op needs is refused with a code, without parsing it', async () => {
    const { fx } = hub
    const auth = { authorization: `Bearer ${fx.tokens.managerA}` }
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const deep = await post(hub.hubUrl, '/sync/push', `{"clientId":"c","batchId":"b","ops":${nested(1_000_000)}}`, auth)
    loop.disable()
    expect([deep.status, JSON.parse(deep.body).code]).toEqual([400, 'request.too-deep'])
    expect(loop.max / 1e6).toBeLessThan(1_000)
    // An ordinary push still goes through.
    const ok = await post(hub.hubUrl, '/sync/push', JSON.stringify({ clientId: 'c', batchId: `b-${Date.now()}`, ops: [op('customers', `flood-${Date.now()}`, customerFields(fx.teamA))] }), auth)
    expect(ok.status).toBe(200)
  }, 60_000)
})
