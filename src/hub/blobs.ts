import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio'
import type { ByteRange } from '../shared/http/range'

/**
 * Where the hub keeps recording files, by content hash, and the partial uploads that become
 * them. Two kinds: a folder (one instance, or several sharing a mounted folder) and an
 * S3-compatible bucket (any number of instances, no shared folder). A partial upload is named by
 * `upload` (content hash + uploader, chosen by recordings.ts) and lives in the storage itself,
 * so an upload resumed through another instance continues where the first one stopped.
 */
export interface BlobStorage {
  readonly kind: 'folder' | 's3'
  /** Throws, saying what is wrong, when the storage cannot be used (run once at start). */
  check(): Promise<void>
  /** Bytes of the partial upload received so far, 0 when there is none. */
  partialSize(upload: string): Promise<number>
  /** Stores `chunk` at `offset`; the caller has checked that `offset` is `partialSize`. */
  appendPartial(upload: string, offset: number, chunk: Buffer): Promise<void>
  /**
   * Checks the partial upload's bytes against `sha` and, when they match and `publish`, makes
   * them the file `sha`. The partial is gone afterwards either way: a bad upload starts over.
   */
  completePartial(upload: string, sha: string, size: number, publish: boolean): Promise<boolean>
  /** The file's bytes, or one inclusive range of them. */
  read(sha: string, range?: ByteRange): Promise<Readable>
}

/** `<dataDir>/recordings/<aa>/<sha>`, partial uploads in `<dataDir>/recordings/.partial/<upload>`. */
export function folderBlobs(dataDir: string): BlobStorage {
  const root = join(dataDir, 'recordings')
  const partialDir = join(root, '.partial')
  const partialPath = (upload: string): string => join(partialDir, upload)
  return {
    kind: 'folder',
    async check() {
      await mkdir(root, { recursive: true })
    },
    async partialSize(upload) {
      try {
        return (await stat(partialPath(upload))).size
      } catch {
        return 0
      }
    },
    async appendPartial(upload, offset, chunk) {
      await mkdir(partialDir, { recursive: true })
      const fh = await open(partialPath(upload), 'a')
      try {
        await fh.write(chunk, 0, chunk.length, offset)
      } finally {
        await fh.close()
      }
    },
    async completePartial(upload, sha, _size, publish) {
      const partial = partialPath(upload)
      const hash = createHash('sha256')
      for await (const part of createReadStream(partial)) hash.update(part as Buffer)
      const ok = hash.digest('hex') === sha
      if (!ok || !publish) {
        await rm(partial, { force: true })
        return ok
      }
      await mkdir(join(root, sha.slice(0, 2)), { recursive: true })
      await rename(partial, join(root, sha.slice(0, 2), sha))
      return true
    },
    async read(sha, range) {
      const path = join(root, sha.slice(0, 2), sha)
      // Opened before the answer's headers go out: a missing file is an error, not a cut-off body.
      await stat(path)
      return createReadStream(path, range ? { start: range.start, end: range.end } : {})
    }
  }
}

export interface S3Config {
  /** e.g. `http://127.0.0.1:9000`; buckets are addressed path-style (`/<bucket>/<key>`). */
  endpoint: string
  bucket: string
  accessKey: string
  secretKey: string
  region: string
}

/**
 * The verified file is written in parts of this size (S3's minimum is 5 MiB, all but the last):
 * one part in memory per finishing upload; a file up to this size is one PUT.
 */
export const PART_BYTES = 16 * 1024 * 1024

/** Offsets in part names are zero-padded so the bucket lists them in upload order. */
const OFFSET_DIGITS = 12

/**
 * Files at `recordings/<aa>/<sha>`. A partial upload is one object per accepted chunk,
 * `partial/<upload>/<offset>`: every instance sees the same parts, and the offset received so
 * far is the length of the unbroken run of parts from 0. On the last chunk the parts are
 * streamed in order through the hash into `partial/<upload>.verified`, which is copied (inside
 * the storage) to its final name only once the hash matched: a bad upload never overwrites a
 * good file of the same name. S3's own multipart compose would need parts of at least 5 MiB,
 * which a laptop on a bad network does not send.
 */
export function s3Blobs(config: S3Config): BlobStorage {
  const url = new URL(config.endpoint)
  const useSSL = url.protocol === 'https:'
  const client = new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
    pathStyle: true,
    // S3 and its look-alikes answer an occasional 500/503 under load; a request that failed
    // once is tried again a few times before a laptop sees an error (the client's default is one retry).
    retryOptions: { maximumRetryCount: 4, baseDelayMs: 200, maximumDelayMs: 3_000 }
  })
  const { bucket } = config
  const finalKey = (sha: string): string => `recordings/${sha.slice(0, 2)}/${sha}`
  const partsPrefix = (upload: string): string => `partial/${upload}/`
  const verifiedKey = (upload: string): string => `partial/${upload}.verified`

  /** All part objects of an upload, and the unbroken run from offset 0 among them. */
  async function parts(upload: string): Promise<{ all: string[]; run: { key: string; offset: number; size: number }[] }> {
    const listed: { key: string; offset: number; size: number }[] = []
    for await (const item of client.listObjectsV2(bucket, partsPrefix(upload), true)) {
      const name = (item as { name?: string }).name
      if (!name) continue
      const offset = Number(name.slice(partsPrefix(upload).length))
      listed.push({ key: name, offset: Number.isSafeInteger(offset) ? offset : -1, size: (item as { size?: number }).size ?? 0 })
    }
    listed.sort((a, b) => a.offset - b.offset)
    // A part that does not start where the run ends (a chunk overwritten by a shorter retry) is
    // left out; its bytes would fail the hash anyway, and it is removed with the rest at the end.
    const run: typeof listed = []
    let end = 0
    for (const p of listed) {
      if (p.offset !== end || p.size === 0) continue
      run.push(p)
      end += p.size
    }
    return { all: listed.map((p) => p.key), run }
  }

  /**
   * Writes `bytes` (`size` long) as one object, holding at most one PART_BYTES part in memory:
   * one PUT up to that size, S3 multipart above it. The multipart calls are made one by one
   * rather than through putObject's stream path, which first lists the bucket's unfinished
   * uploads (not every S3-compatible server offers that) and does not hear of a failing source.
   */
  async function writeVerified(key: string, bytes: AsyncIterable<Buffer>, size: number): Promise<void> {
    if (size <= PART_BYTES) {
      const chunks: Buffer[] = []
      for await (const c of bytes) chunks.push(c)
      const whole = Buffer.concat(chunks)
      await client.putObject(bucket, key, whole, whole.length)
      return
    }
    const uploadID = await client.initiateNewMultipartUpload(bucket, key, {})
    try {
      const etags: { part: number; etag: string }[] = []
      let pending: Buffer[] = []
      let pendingBytes = 0
      const send = async (part: Buffer): Promise<void> => {
        const partNumber = etags.length + 1
        const { etag } = await client.uploadPart({ bucketName: bucket, objectName: key, uploadID, partNumber, headers: {} }, part)
        etags.push({ part: partNumber, etag })
      }
      for await (const c of bytes) {
        pending.push(c)
        pendingBytes += c.length
        while (pendingBytes >= PART_BYTES) {
          const joined = Buffer.concat(pending)
          await send(joined.subarray(0, PART_BYTES))
          pending = [joined.subarray(PART_BYTES)]
          pendingBytes = joined.length - PART_BYTES
        }
      }
      if (pendingBytes > 0) await send(Buffer.concat(pending))
      await client.completeMultipartUpload(bucket, key, uploadID, etags)
    } catch (e) {
      await client.abortMultipartUpload(bucket, key, uploadID).catch(() => undefined)
      throw e
    }
  }

  async function removeAll(keys: string[]): Promise<void> {
    if (keys.length === 0) return
    try {
      await client.removeObjects(bucket, keys)
    } catch {
      // One at a time: some S3-compatible servers (s3rver among them) trip over a batch in one folder.
      for (const key of keys) await client.removeObject(bucket, key)
    }
  }

  return {
    kind: 's3',
    async check() {
      let exists: boolean
      try {
        exists = await client.bucketExists(bucket)
      } catch (e) {
        throw new Error(`S3 storage for recordings at ${config.endpoint}: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e
        })
      }
      if (!exists)
        throw new Error(`S3 storage for recordings: there is no bucket ${bucket} at ${config.endpoint} (create it first)`)
    },
    async partialSize(upload) {
      return (await parts(upload)).run.reduce((n, p) => n + p.size, 0)
    },
    async appendPartial(upload, offset, chunk) {
      await client.putObject(bucket, `${partsPrefix(upload)}${String(offset).padStart(OFFSET_DIGITS, '0')}`, chunk, chunk.length)
    },
    async completePartial(upload, sha, size, publish) {
      const { all, run } = await parts(upload)
      const hash = createHash('sha256')
      async function* bytes(): AsyncGenerator<Buffer> {
        for (const p of run) {
          for await (const c of await client.getObject(bucket, p.key)) {
            hash.update(c as Buffer)
            yield c as Buffer
          }
        }
      }
      try {
        if (publish) await writeVerified(verifiedKey(upload), bytes(), size)
        else {
          for await (const c of bytes()) void c
        }
        const ok = hash.digest('hex') === sha
        if (ok && publish) {
          await client.copyObject(
            new CopySourceOptions({ Bucket: bucket, Object: verifiedKey(upload) }),
            new CopyDestinationOptions({ Bucket: bucket, Object: finalKey(sha) })
          )
        }
        return ok
      } finally {
        await removeAll([...all, ...(publish ? [verifiedKey(upload)] : [])])
      }
    },
    async read(sha, range) {
      return onceMoreOnReset(() =>
        range ? client.getPartialObject(bucket, finalKey(sha), range.start, range.end - range.start + 1) : client.getObject(bucket, finalKey(sha))
      )
    }
  }
}

/**
 * A request on a kept-alive connection the server has just closed fails with ECONNRESET before
 * any byte arrives (a race every HTTP client has; seen against s3rver under load). Nothing was
 * read, so asking again on a fresh connection is safe; the S3 client's own retries cover 5xx only.
 */
async function onceMoreOnReset<T>(request: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await request()
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (i >= attempts || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw err
    }
  }
}
