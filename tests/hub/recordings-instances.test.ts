import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PART_BYTES } from '../../src/hub/blobs'
import { buildHub, type Hub } from '../../src/hub/server'
import { openPglite, type HubStore } from '../../src/hub/store'
import { customerFields, makeFixture, op, push, type Fixture } from './harness'
import { folderStorage, s3Storage, type StorageUnderTest } from './recordings-storage'

/**
 * Two hub instances behind a load balancer: one database, no shared folder. A laptop's upload
 * that resumes after a dropped connection may land on the other instance; with the recordings in
 * an S3-compatible bucket it continues where it stopped, and the file is verified and served by
 * both. (With each instance's own data folder it starts over: shown last, as the reason for S3.)
 */
describe('recordings across two hub instances', () => {
  const MiB = 1024 * 1024
  const dirs: string[] = []
  const hubs: Hub[] = []
  const storages: StorageUnderTest[] = []
  let store: HubStore
  let fx: Fixture

  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'cockpit-hub-inst-'))
    dirs.push(d)
    return d
  }

  beforeAll(async () => {
    store = await openPglite(join(tempDir(), 'db'))
    // The fixture's own hub is only used to set up people and records; the instances are below.
    fx = await makeFixture(store)
    hubs.push(fx.hub)
  }, 400_000)

  afterAll(async () => {
    for (const h of hubs) await h.app.close()
    await store?.close()
    for (const s of storages) await s.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  /** Instances A and B on the fixture's database and secret, each with its own data folder and `storage`'s blobs. */
  async function instances(storage: StorageUnderTest, shared: boolean): Promise<[Hub, Hub]> {
    storages.push(storage)
    const other = shared ? storage : folderStorage()
    if (!shared) storages.push(other)
    const a = await buildHub({ store, secret: fx.secret, now: () => fx.clock.now, dataDir: tempDir(), blobs: storage.blobs() })
    const b = await buildHub({ store, secret: fx.secret, now: () => fx.clock.now, dataDir: tempDir(), blobs: other.blobs() })
    hubs.push(a, b)
    return [a, b]
  }

  async function recording(bytes: Buffer): Promise<string> {
    const sha = createHash('sha256').update(bytes).digest('hex')
    const customerId = randomUUID()
    const activityId = randomUUID()
    const res = await push(fx, fx.tokens.repA, [
      op('customers', customerId, customerFields(fx.teamA)),
      op('activities', activityId, { kind: 'call', customerId, dealId: null, userId: fx.users.repA, at: 1 }),
      op('recordings', randomUUID(), {
        sha256: sha,
        activityId,
        durationMs: 60_000,
        channels: 1,
        codec: 'pcm_s16le',
        sizeBytes: bytes.length,
        originalName: 'call.wav',
        importedAt: 1
      })
    ])
    expect(res.statusCode).toBe(200)
    return sha
  }

  const auth = () => ({ authorization: `Bearer ${fx.tokens.repA}` })
  const patch = (hub: Hub, sha: string, offset: number, bytes: Buffer, chunk: Buffer) =>
    hub.app.inject({
      method: 'PATCH',
      url: `/recordings/${sha}/upload`,
      headers: {
        ...auth(),
        'content-type': 'application/octet-stream',
        'upload-offset': String(offset),
        'upload-length': String(bytes.length)
      },
      payload: chunk
    })
  const offsetOn = async (hub: Hub, sha: string) =>
    (await hub.app.inject({ method: 'HEAD', url: `/recordings/${sha}/upload`, headers: auth() })).headers['upload-offset']

  it('an upload started on instance A resumes on instance B, is verified there, and both serve the file', async () => {
    const storage = await s3Storage()
    const [a, b] = await instances(storage, true)
    const bytes = randomBytes(3 * MiB + 321)
    const sha = await recording(bytes)

    expect((await patch(a, sha, 0, bytes, bytes.subarray(0, MiB))).json()).toEqual({ offset: MiB, complete: false })
    expect((await patch(a, sha, MiB, bytes, bytes.subarray(MiB, 2 * MiB))).json()).toEqual({ offset: 2 * MiB, complete: false })
    // The connection drops; the laptop's next request goes to B, which knows how far A got.
    expect(await offsetOn(b, sha)).toBe(String(2 * MiB))
    // A stale resend of the first chunk is refused on B as it would be on A.
    const stale = await patch(b, sha, 0, bytes, bytes.subarray(0, MiB))
    expect([stale.statusCode, stale.json().details]).toEqual([409, { offset: 2 * MiB }])
    expect((await patch(b, sha, 2 * MiB, bytes, bytes.subarray(2 * MiB))).json()).toEqual({
      offset: bytes.length,
      complete: true
    })

    expect((await storage.file(sha))?.equals(bytes)).toBe(true)
    expect(await storage.partials()).toEqual([])
    for (const hub of [a, b]) {
      const got = await hub.app.inject({
        method: 'GET',
        url: `/recordings/${sha}`,
        headers: { authorization: `Bearer ${fx.tokens.managerA}` }
      })
      expect([got.statusCode, createHash('sha256').update(got.rawPayload).digest('hex')]).toEqual([200, sha])
      const part = await hub.app.inject({
        method: 'GET',
        url: `/recordings/${sha}`,
        headers: { authorization: `Bearer ${fx.tokens.managerA}`, range: `bytes=${2 * MiB}-` }
      })
      expect([part.statusCode, part.rawPayload.equals(bytes.subarray(2 * MiB))]).toEqual([206, true])
    }
  })

  it('an hour-long call (over 16 MiB) is written in S3 parts across instances and served whole and by range', async () => {
    const storage = await s3Storage()
    const [a, b] = await instances(storage, true)
    // 2½ parts of PART_BYTES: the verified file goes up as an S3 multipart upload.
    const bytes = randomBytes(PART_BYTES * 2 + 3 * MiB + 77)
    const sha = await recording(bytes)
    const chunk = 8 * MiB
    for (let offset = 0; offset < bytes.length; offset += chunk) {
      // Alternate instances, as a laptop behind a load balancer might.
      const res = await patch(offset / chunk % 2 ? b : a, sha, offset, bytes, bytes.subarray(offset, offset + chunk))
      expect(res.statusCode).toBe(200)
    }
    expect((await storage.file(sha))?.equals(bytes)).toBe(true)
    expect(await storage.partials()).toEqual([])
    const whole = await b.app.inject({ method: 'GET', url: `/recordings/${sha}`, headers: { authorization: `Bearer ${fx.tokens.managerA}` } })
    expect(createHash('sha256').update(whole.rawPayload).digest('hex')).toBe(sha)
    const tail = await a.app.inject({
      method: 'GET',
      url: `/recordings/${sha}`,
      headers: { authorization: `Bearer ${fx.tokens.managerA}`, range: `bytes=${PART_BYTES - 10}-${PART_BYTES + 9}` }
    })
    expect([tail.statusCode, tail.rawPayload.equals(bytes.subarray(PART_BYTES - 10, PART_BYTES + 10))]).toEqual([206, true])
  }, 400_000)

  it('bytes that fail the hash on B throw away what A had received too, and a clean retry on A succeeds', async () => {
    const storage = await s3Storage()
    const [a, b] = await instances(storage, true)
    const bytes = randomBytes(2 * MiB + 5)
    const sha = await recording(bytes)

    expect((await patch(a, sha, 0, bytes, bytes.subarray(0, MiB))).statusCode).toBe(200)
    const bad = Buffer.from(bytes.subarray(MiB))
    bad[0] = bad[0]! ^ 0xff
    const last = await patch(b, sha, MiB, bytes, bad)
    expect([last.statusCode, last.json().code]).toEqual([422, 'recordings.hash-mismatch'])
    expect([await offsetOn(a, sha), await offsetOn(b, sha)]).toEqual(['0', '0'])
    expect(await storage.partials()).toEqual([])
    expect(await storage.file(sha)).toBeUndefined()

    expect((await patch(a, sha, 0, bytes, bytes)).json()).toEqual({ offset: bytes.length, complete: true })
    expect((await storage.file(sha))?.equals(bytes)).toBe(true)
  })

  it('with a data folder per instance instead, B does not see what A received: the upload would start over', async () => {
    const [a, b] = await instances(folderStorage(), false)
    const bytes = randomBytes(MiB + 1)
    const sha = await recording(bytes)
    expect((await patch(a, sha, 0, bytes, bytes.subarray(0, MiB))).statusCode).toBe(200)
    expect([await offsetOn(a, sha), await offsetOn(b, sha)]).toEqual([String(MiB), '0'])
  })
})
