import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { parseRange } from '../shared/http/range'
import type { BlobStorage } from './blobs'
import { HubError } from './errors'
import type { Scope } from './org'
import type { HubStore } from './store'

/**
 * Recording files on the hub, by content hash (in a folder or an S3-compatible bucket, see
 * blobs.ts), one file per content however many recordings (or users) name it. Upload is
 * resumable — `HEAD` answers the offset received so far, `PATCH` appends a chunk at exactly that
 * offset — and the last chunk is verified against the hash before the file is published. A user
 * may upload and download only a file that a recording row in their regions names (the row's
 * region follows the activity, customer or deal it hangs off, as the records protocol placed
 * it), and download only once that region holds it (`region_blobs`): someone there uploaded the
 * bytes, or was served them through another region that held them. A hash alone is no proof: a
 * region that names an unknown-to-it hash must upload the bytes (checked, then stored once)
 * before anyone in it can download them.
 */

/** A chunk per request: small enough to retry cheaply on a bad network, big enough to be quick on a good one. */
export const RECORDING_CHUNK_LIMIT = 8 * 1024 * 1024
/** Matches the laptop's own import limit (src/main/recordings/store.ts). */
export const MAX_RECORDING_BYTES = 1024 * 1024 * 1024

const Sha = z.string().regex(/^[0-9a-f]{64}$/)
const Params = z.object({ sha256: Sha })
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(1000), after: z.string().max(64).default('') })

export interface HubRecording {
  recordingId: string
  sha256: string
  sizeBytes: number | null
  /** The hub holds the file (someone finished its upload). */
  onHub: boolean
}

export function registerRecordings(
  app: FastifyInstance,
  opts: { store: HubStore; blobs: BlobStorage | undefined; authenticate: (req: FastifyRequest) => Promise<Scope>; now: () => number }
): void {
  const { store, authenticate } = opts
  const requireBlobs = (): BlobStorage => {
    if (!opts.blobs) throw new HubError(503, 'recordings.unavailable', 'this hub has no storage for recordings')
    return opts.blobs
  }
  // One partial upload per user and content: two people uploading the same call do not collide.
  const uploadOf = (sha: string, userId: string): string => `${sha}.${createHash('sha1').update(userId).digest('hex').slice(0, 16)}`

  /**
   * The recording rows of `sha` in the caller's regions; none → the file is not theirs to move.
   * `held`: one of those rows' regions holds the file (see `region_blobs`), so its bytes may be
   * served to the caller. A row alone proves nothing: anyone can write one naming any hash.
   */
  async function declared(scope: Scope, sha: string): Promise<{ size: number | null; regions: string[]; held: boolean }> {
    const rows = await store.query<{ size: unknown; stream: string; held: boolean }>(
      `SELECT sz.value AS size, r.stream, (rb.region IS NOT NULL) AS held FROM cells c
       JOIN row_streams r ON r.tbl = 'recordings' AND r.row_id = c.row_id
       LEFT JOIN cells sz ON sz.tbl = 'recordings' AND sz.row_id = c.row_id AND sz.field = 'sizeBytes'
       LEFT JOIN region_blobs rb ON rb.sha256 = $1 AND rb.region = r.stream
       WHERE c.tbl = 'recordings' AND c.field = 'sha256' AND (c.value #>> '{}') = $1 AND r.stream = ANY($2)`,
      [sha, [...scope.regions]]
    )
    if (rows.length === 0) throw new HubError(404, 'recordings.not-found', 'no recording with this content in your regions')
    const sized = rows.find((r) => typeof r.size === 'number')
    return { size: sized ? (sized.size as number) : null, regions: [...new Set(rows.map((r) => r.stream))], held: rows.some((r) => r.held) }
  }

  /** The caller proved possession (uploaded the bytes, or was served them): their rows' regions now hold the file. */
  async function grant(sha: string, regions: string[]): Promise<void> {
    await store.query('INSERT INTO region_blobs (sha256, region) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [sha, regions])
  }

  async function stored(sha: string): Promise<number | undefined> {
    const [row] = await store.query<{ size: number | string }>('SELECT size FROM blobs WHERE sha256 = $1', [sha])
    return row ? Number(row.size) : undefined
  }

  const parseSha = (params: unknown): string => {
    const p = Params.safeParse(params)
    if (!p.success) throw new HubError(400, 'recordings.malformed', 'a recording is named by its sha256 (64 hex digits)')
    return p.data.sha256
  }

  app.get('/recordings', async (req) => {
    const scope = await authenticate(req)
    const q = ListQuery.safeParse(req.query)
    if (!q.success) throw new HubError(400, 'recordings.malformed', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const rows = await store.query<{ row_id: string; sha256: string; size: unknown; on_hub: boolean }>(
      `SELECT c.row_id, c.value #>> '{}' AS sha256, sz.value AS size, (b.sha256 IS NOT NULL) AS on_hub
       FROM row_streams r
       JOIN cells c ON c.tbl = 'recordings' AND c.row_id = r.row_id AND c.field = 'sha256'
       LEFT JOIN cells sz ON sz.tbl = 'recordings' AND sz.row_id = r.row_id AND sz.field = 'sizeBytes'
       LEFT JOIN cells del ON del.tbl = 'recordings' AND del.row_id = r.row_id AND del.field = 'deleted'
       LEFT JOIN region_blobs b ON b.sha256 = c.value #>> '{}' AND b.region = r.stream
       WHERE r.tbl = 'recordings' AND r.stream = ANY($1) AND r.row_id > $2 AND coalesce(del.value, 'false'::jsonb) <> 'true'::jsonb
       ORDER BY r.row_id LIMIT $3`,
      [[...scope.regions], q.data.after, q.data.limit]
    )
    const recordings: HubRecording[] = rows.map((r) => ({
      recordingId: r.row_id,
      sha256: r.sha256,
      sizeBytes: typeof r.size === 'number' ? r.size : null,
      onHub: r.on_hub
    }))
    return { recordings, more: rows.length === q.data.limit }
  })

  // Resumable upload, step 1: how much of this file the hub already has from this user.
  app.head('/recordings/:sha256/upload', async (req, reply) => {
    const scope = await authenticate(req)
    const sha = parseSha(req.params)
    const d = await declared(scope, sha)
    // Complete only for a region that holds the file: anyone else sends the bytes (stored once).
    const done = d.held ? await stored(sha) : undefined
    // Entitled through a holding region: their other regions naming it hold it too (as on download).
    if (done !== undefined && d.regions.length > 1) await grant(sha, d.regions)
    const offset = done ?? (await requireBlobs().partialSize(uploadOf(sha, scope.user.id)))
    return reply.header('upload-offset', String(offset)).header('upload-complete', done !== undefined ? '?1' : '?0').send()
  })

  // The chunk body arrives raw; its limit is per route, so the rest of the hub keeps its small one.
  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: RECORDING_CHUNK_LIMIT }, (_req, body, done) => done(null, body))

    // Step 2: append one chunk at the offset the hub holds; the last one is verified and published.
    scoped.patch('/recordings/:sha256/upload', { bodyLimit: RECORDING_CHUNK_LIMIT }, async (req) => {
      const scope = await authenticate(req)
      const sha = parseSha(req.params)
      const offset = Number(req.headers['upload-offset'])
      const length = Number(req.headers['upload-length'])
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 1) {
        throw new HubError(400, 'recordings.malformed', 'upload-offset and upload-length headers are required')
      }
      if (length > MAX_RECORDING_BYTES) throw new HubError(413, 'recordings.too-large', `a recording may be at most ${MAX_RECORDING_BYTES} bytes`)
      const d = await declared(scope, sha)
      if (d.size !== null && d.size !== length) {
        throw new HubError(400, 'recordings.size-mismatch', `the recording says ${d.size} bytes, the upload ${length}`)
      }
      if (d.held && (await stored(sha)) !== undefined) {
        if (d.regions.length > 1) await grant(sha, d.regions)
        return { offset: length, complete: true, deduplicated: true }
      }
      const chunk = Buffer.isBuffer(req.body) ? req.body : undefined
      if (!chunk) throw new HubError(415, 'recordings.malformed', 'send the chunk as application/octet-stream')
      const blobs = requireBlobs()
      const upload = uploadOf(sha, scope.user.id)
      const have = await blobs.partialSize(upload)
      if (offset !== have) throw new HubError(409, 'recordings.offset-mismatch', `the hub has ${have} bytes of this file; resume from there`, { offset: have })
      if (offset + chunk.length > length) throw new HubError(400, 'recordings.too-long', 'the chunk runs past upload-length')
      await blobs.appendPartial(upload, offset, chunk)
      const now = offset + chunk.length
      if (now < length) return { offset: now, complete: false }

      // Another region had it already: the bytes prove possession, the copy is not kept twice.
      const publish = (await stored(sha)) === undefined
      if (!(await blobs.completePartial(upload, sha, length, publish))) {
        throw new HubError(422, 'recordings.hash-mismatch', 'the uploaded bytes do not match the recording; upload it again')
      }
      if (publish) await store.query('INSERT INTO blobs (sha256, size, stored_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [sha, length, opts.now()])
      await grant(sha, d.regions)
      return { offset: length, complete: true }
    })
  })

  // Download, with Range for resuming. HEAD comes with it (fastify exposes HEAD for GET routes).
  app.get('/recordings/:sha256', async (req, reply) => {
    const scope = await authenticate(req)
    const sha = parseSha(req.params)
    const d = await declared(scope, sha)
    const size = await stored(sha)
    // Same answer whether the bytes are elsewhere on the hub or nowhere: B learns nothing of A.
    if (size === undefined || !d.held) throw new HubError(404, 'recordings.not-uploaded', 'nobody in your regions has uploaded this recording yet')
    // Served through a region that holds it: the caller's other regions naming it may hold it too.
    if (d.regions.length > 1) await grant(sha, d.regions)
    const blobs = requireBlobs()
    const range = parseRange(req.headers.range, size)
    reply.header('accept-ranges', 'bytes').header('content-type', 'application/octet-stream')
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${size}`).send()
    // HEAD needs only the headers. fastify drains a stream sent to HEAD (the whole object from the
    // bucket) and answers a non-stream with its own length, so an empty stream keeps ours.
    const body = req.method === 'HEAD' ? Readable.from([]) : await blobs.read(sha, range ?? undefined)
    if (range === null) return reply.header('content-length', String(size)).send(body)
    return reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(body)
  })
}
