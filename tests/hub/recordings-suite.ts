import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { request, type IncomingHttpHeaders } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from '../../src/hub/store'
import { customerFields, listenOnLoopback, makeFixture, op, push, type Fixture } from './harness'
import type { StorageUnderTest } from './recordings-storage'

/**
 * A GET over real HTTP; with `stopAfter`, the connection is cut once that many bytes arrived
 * (as a laptop losing its network midway), and `complete` says whether the body ended normally.
 */
export function download(
  url: string,
  headers: Record<string, string>,
  stopAfter?: number
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      let received = 0
      res.on('data', (c: Buffer) => {
        chunks.push(c)
        received += c.length
        if (stopAfter !== undefined && received >= stopAfter) {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: false })
        }
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: true })
      )
      res.on('error', () => undefined)
    })
    req.on('error', (e) => {
      if (!req.destroyed || stopAfter === undefined) reject(e)
    })
    req.end()
  })
}

/**
 * Recording files on the hub: resumable, verified, de-duplicated uploads; downloads only in
 * scope, resumable by Range. Run against each storage (blobs.ts): what the hub promises does not
 * depend on where the bytes live.
 */
export function recordingsSuite(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`team hub recordings (${name})`, () => {
    let fx: Fixture
    let dir: string
    let storage: StorageUnderTest
    let hubUrl: string

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-rec-'))
      storage = await open()
      fx = await makeFixture(await openPglite(join(dir, 'db')), { blobs: storage.blobs() })
      hubUrl = await listenOnLoopback(fx)
    }, 180_000)

    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
      await storage?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

    /** A call recording attached to an activity of a region-A customer, pushed by a rep of A. */
    const recordingInRegionA = (bytes: Buffer) =>
      recordingIn(fx.tokens.repA, fx.teamA, fx.users.repA, createHash('sha256').update(bytes).digest('hex'), bytes.length)

    /** A recording row naming `sha` in the region of `team`, pushed by `token`'s user: all it takes is knowing the hash. */
    async function recordingIn(
      token: string,
      team: string,
      userId: string,
      sha: string,
      sizeBytes: number
    ): Promise<{ sha: string; recordingId: string }> {
      const customerId = randomUUID()
      const activityId = randomUUID()
      const recordingId = randomUUID()
      const res = await push(fx, token, [
        op('customers', customerId, customerFields(team)),
        op('activities', activityId, { kind: 'call', customerId, dealId: null, userId, at: 1 }),
        op('recordings', recordingId, {
          sha256: sha,
          activityId,
          durationMs: 60_000,
          channels: 1,
          codec: 'pcm_s16le',
          sizeBytes,
          originalName: 'call.wav',
          importedAt: 1
        })
      ])
      expect(res.statusCode).toBe(200)
      return { sha, recordingId }
    }

    const patch = (token: string, sha: string, offset: number, length: number, chunk: Buffer) =>
      fx.hub.app.inject({
        method: 'PATCH',
        url: `/recordings/${sha}/upload`,
        headers: {
          ...bearer(token),
          'content-type': 'application/octet-stream',
          'upload-offset': String(offset),
          'upload-length': String(length)
        },
        payload: chunk
      })
    const head = (token: string, sha: string) =>
      fx.hub.app.inject({ method: 'HEAD', url: `/recordings/${sha}/upload`, headers: bearer(token) })

    it('resumes an interrupted upload at the offset the hub holds and verifies the hash before storing', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 123)
      const { sha, recordingId } = await recordingInRegionA(bytes)
      const MiB = 1024 * 1024

      expect((await head(fx.tokens.repA, sha)).headers['upload-offset']).toBe('0')
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, bytes.subarray(0, MiB))).json()).toEqual({
        offset: MiB,
        complete: false
      })
      // The connection drops; the laptop does not know whether its second chunk arrived, asks, and resumes there.
      const resumed = await head(fx.tokens.repA, sha)
      expect([resumed.headers['upload-offset'], resumed.headers['upload-complete']]).toEqual([String(MiB), '?0'])
      // A chunk sent at a stale offset is refused with the offset to resume from.
      const stale = await patch(fx.tokens.repA, sha, 0, bytes.length, bytes.subarray(0, MiB))
      expect([stale.statusCode, stale.json().code, stale.json().details]).toEqual([
        409,
        'recordings.offset-mismatch',
        { offset: MiB }
      ])
      expect((await patch(fx.tokens.repA, sha, MiB, bytes.length, bytes.subarray(MiB, 2 * MiB))).json()).toEqual({
        offset: 2 * MiB,
        complete: false
      })
      expect((await patch(fx.tokens.repA, sha, 2 * MiB, bytes.length, bytes.subarray(2 * MiB))).json()).toEqual({
        offset: bytes.length,
        complete: true
      })

      const stored = await storage.file(sha)
      expect(
        createHash('sha256')
          .update(stored ?? '')
          .digest('hex')
      ).toBe(sha)
      expect(await storage.partials()).toEqual([])

      // Listed for the region, now on the hub; downloadable whole and by range.
      const list = (await fx.hub.app.inject({ method: 'GET', url: '/recordings', headers: bearer(fx.tokens.managerA) })).json()
      expect(list.recordings).toContainEqual({ recordingId, sha256: sha, sizeBytes: bytes.length, onHub: true })
      const whole = await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerA) })
      expect([whole.statusCode, whole.rawPayload.equals(bytes)]).toEqual([200, true])
      const part = await fx.hub.app.inject({
        method: 'GET',
        url: `/recordings/${sha}`,
        headers: { ...bearer(fx.tokens.managerA), range: 'bytes=1000-1999' }
      })
      expect([part.statusCode, part.headers['content-range'], part.rawPayload.equals(bytes.subarray(1000, 2000))]).toEqual([
        206,
        `bytes 1000-1999/${bytes.length}`,
        true
      ])

      // The same content again (another person's copy of the call) is stored once: the upload is already complete.
      const again = await head(fx.tokens.director, sha)
      expect(again.headers['upload-complete']).toBe('?1')
      expect((await patch(fx.tokens.director, sha, 0, bytes.length, bytes.subarray(0, 10))).json()).toMatchObject({
        complete: true,
        deduplicated: true
      })
    })

    it('throws away an upload whose bytes do not match the hash, and accepts a clean retry', async () => {
      const bytes = randomBytes(200_000)
      const { sha } = await recordingInRegionA(bytes)
      const corrupted = Buffer.from(bytes)
      corrupted[150_000] = corrupted[150_000]! ^ 0xff
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, corrupted.subarray(0, 100_000))).statusCode).toBe(200)
      const last = await patch(fx.tokens.repA, sha, 100_000, bytes.length, corrupted.subarray(100_000))
      expect([last.statusCode, last.json().code]).toEqual([422, 'recordings.hash-mismatch'])
      expect((await head(fx.tokens.repA, sha)).headers['upload-offset']).toBe('0')
      expect(await storage.partials()).toEqual([])
      expect(await storage.file(sha)).toBeUndefined()
      expect(
        (await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.repA) })).json().code
      ).toBe('recordings.not-uploaded')
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, bytes)).json()).toEqual({ offset: bytes.length, complete: true })
    })

    it("region B can neither list, download nor upload region A's recording, by any hand-crafted request", async () => {
      const bytes = randomBytes(50_000)
      const { sha, recordingId } = await recordingInRegionA(bytes)
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, bytes)).json().complete).toBe(true)

      const list = (await fx.hub.app.inject({ method: 'GET', url: '/recordings', headers: bearer(fx.tokens.managerB) })).json()
      expect(list.recordings.map((r: { recordingId: string }) => r.recordingId)).not.toContain(recordingId)
      const download = await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerB) })
      expect([download.statusCode, download.json().code]).toEqual([404, 'recordings.not-found'])
      expect(download.rawPayload.includes(bytes.subarray(0, 32))).toBe(false)
      const ranged = await fx.hub.app.inject({
        method: 'GET',
        url: `/recordings/${sha}`,
        headers: { ...bearer(fx.tokens.managerB), range: 'bytes=0-10' }
      })
      expect(ranged.statusCode).toBe(404)
      expect(
        (await fx.hub.app.inject({ method: 'HEAD', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerB) })).statusCode
      ).toBe(404)
      expect((await head(fx.tokens.managerB, sha)).statusCode).toBe(404)
      expect((await patch(fx.tokens.managerB, sha, 0, bytes.length, bytes)).statusCode).toBe(404)
      // Path tricks and missing tokens are refused before any file is touched.
      expect(
        (await fx.hub.app.inject({ method: 'GET', url: `/recordings/..%2F..%2Fdb`, headers: bearer(fx.tokens.managerB) }))
          .statusCode
      ).toBe(400)
      expect((await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}` })).statusCode).toBe(401)
    })

    it("knowing A's hash is not enough: B's own recording naming it must upload the bytes before B can download", async () => {
      const bytes = randomBytes(70_000)
      const { sha } = await recordingInRegionA(bytes)
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, bytes)).json().complete).toBe(true)

      // Hand-crafted: manager B writes a recording in region B naming A's file by its hash.
      const forged = await recordingIn(fx.tokens.managerB, fx.teamB, fx.users.managerB, sha, bytes.length)
      const listed = (await fx.hub.app.inject({ method: 'GET', url: '/recordings', headers: bearer(fx.tokens.managerB) })).json()
      expect(listed.recordings).toContainEqual({
        recordingId: forged.recordingId,
        sha256: sha,
        sizeBytes: bytes.length,
        onHub: false
      })
      const download = await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerB) })
      expect([download.statusCode, download.json().code]).toEqual([404, 'recordings.not-uploaded'])
      expect(download.rawPayload.includes(bytes.subarray(0, 32))).toBe(false)
      const ranged = await fx.hub.app.inject({
        method: 'GET',
        url: `/recordings/${sha}`,
        headers: { ...bearer(fx.tokens.managerB), range: 'bytes=0-10' }
      })
      expect(ranged.statusCode).toBe(404)
      // The de-duplication shortcut is closed to B: the upload is not complete, and a token chunk does not finish it.
      expect([
        (await head(fx.tokens.managerB, sha)).headers['upload-offset'],
        (await head(fx.tokens.managerB, sha)).headers['upload-complete']
      ]).toEqual(['0', '?0'])
      expect((await patch(fx.tokens.managerB, sha, 0, bytes.length, bytes.subarray(0, 10))).json()).toEqual({
        offset: 10,
        complete: false
      })
      // Guessed bytes fail the hash check and are thrown away, without touching the good copy A uploaded.
      const wrong = await patch(fx.tokens.managerB, sha, 10, bytes.length, randomBytes(bytes.length - 10))
      expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'recordings.hash-mismatch'])
      expect((await storage.file(sha))?.equals(bytes)).toBe(true)
      expect(
        (await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerB) })).statusCode
      ).toBe(404)

      // Someone in B who really has the call uploads it: now B holds it, and the hub still keeps one copy.
      expect((await patch(fx.tokens.managerB, sha, 0, bytes.length, bytes)).json()).toEqual({
        offset: bytes.length,
        complete: true
      })
      expect((await storage.file(sha))?.equals(bytes)).toBe(true)
      expect(await storage.partials()).toEqual([])
      const served = await fx.hub.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerB) })
      expect([served.statusCode, served.rawPayload.equals(bytes)]).toEqual([200, true])
      const after = (await fx.hub.app.inject({ method: 'GET', url: '/recordings', headers: bearer(fx.tokens.managerB) })).json()
      expect(after.recordings).toContainEqual({
        recordingId: forged.recordingId,
        sha256: sha,
        sizeBytes: bytes.length,
        onHub: true
      })
    })

    it('a download cut off midway resumes with a Range request, and the bytes put together match the hash', async () => {
      const bytes = randomBytes(5 * 1024 * 1024 + 7)
      const { sha } = await recordingInRegionA(bytes)
      expect((await patch(fx.tokens.repA, sha, 0, bytes.length, bytes)).json().complete).toBe(true)
      const url = `${hubUrl}/recordings/${sha}`

      // HEAD answers the size without sending (or, from a bucket, fetching) the bytes.
      const size = await fx.hub.app.inject({ method: 'HEAD', url: `/recordings/${sha}`, headers: bearer(fx.tokens.managerA) })
      expect([size.statusCode, size.headers['content-length'], size.headers['accept-ranges'], size.rawPayload.length]).toEqual([
        200,
        String(bytes.length),
        'bytes',
        0
      ])

      // The manager's connection drops after the first megabyte or so.
      const first = await download(url, bearer(fx.tokens.managerA), 1024 * 1024)
      expect(first.status).toBe(200)
      expect(first.complete).toBe(false)
      expect(first.body.length).toBeGreaterThan(0)
      expect(first.body.length).toBeLessThan(bytes.length)

      // The laptop asks for the rest only, and gets exactly the rest.
      const rest = await download(url, { ...bearer(fx.tokens.managerA), range: `bytes=${first.body.length}-` })
      expect([rest.status, rest.headers['content-range'], rest.complete]).toEqual([
        206,
        `bytes ${first.body.length}-${bytes.length - 1}/${bytes.length}`,
        true
      ])
      const joined = Buffer.concat([first.body, rest.body])
      expect(joined.length).toBe(bytes.length)
      expect(createHash('sha256').update(joined).digest('hex')).toBe(sha)

      // Past the end is refused with the size, so the laptop knows it already has it all.
      const past = await download(url, { ...bearer(fx.tokens.managerA), range: `bytes=${bytes.length}-` })
      expect([past.status, past.headers['content-range']]).toEqual([416, `bytes */${bytes.length}`])
    })
  })
}
