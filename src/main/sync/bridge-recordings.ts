import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { HubErrorBody } from '../../shared/hub-api/sync'
import { CockpitError } from '../../shared/ipc/define'
import type { RecordingStore } from '../recordings/store'

/**
 * Recording files between this laptop and the hub, by content hash. The hub lists the
 * recordings of the user's regions (their metadata travels as ordinary records); a file this
 * laptop has and the hub lacks is uploaded, one the hub has and this laptop lacks is
 * downloaded and imported as if the user had dropped it in. Both directions resume where a
 * broken connection left them: uploads from the offset the hub reports, downloads by Range.
 */

/** What the bridge needs of the laptop's recording store; `localRecordingsOf` adapts the real one. */
export interface LocalRecordings {
  /** The original file of a recording this laptop holds, or null. */
  file(sha256: string): Promise<{ path: string; size: number } | null>
  /** Imports a downloaded file (peaks, transcode and metadata as for a user's import). */
  importDownloaded(path: string, originalName: string): Promise<{ sha256: string }>
  /** Where partial downloads wait between attempts. */
  readonly downloadDir: string
}

/** The store owns its file layout; the bridge only asks it. */
export function localRecordingsOf(store: RecordingStore): LocalRecordings {
  return {
    downloadDir: store.downloadDir,
    file: (sha256) => store.originalFile(sha256),
    importDownloaded: (path, originalName) => store.importRecording(path, originalName)
  }
}

export interface RecordingsProgress {
  state: 'idle' | 'running'
  uploads: { done: number; total: number }
  downloads: { done: number; total: number }
  /** Bytes moved in this round, either way, against what the round has to move. */
  bytesDone: number
  bytesTotal: number
  /** The code of the last file that failed this round; the others were still tried. */
  lastErrorCode?: string
  lastRunAt?: number
}

export const idleRecordingsProgress: RecordingsProgress = { state: 'idle', uploads: { done: 0, total: 0 }, downloads: { done: 0, total: 0 }, bytesDone: 0, bytesTotal: 0 }

const Listing = z.object({
  recordings: z.array(z.object({ recordingId: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), sizeBytes: z.number().nullable(), onHub: z.boolean() })),
  more: z.boolean()
})

/** Upload chunk size: under the hub's 8 MiB limit, a few seconds on a slow uplink. */
export const UPLOAD_CHUNK = 4 * 1024 * 1024
/** Rate-limited or hub-busy answers are waited out this many times per request. */
const MAX_WAITS = 5

export interface RecordingsSyncDeps {
  base: string
  token: () => Promise<string>
  fetch: typeof fetch
  local: LocalRecordings
  onProgress: (p: RecordingsProgress) => void
  sleep: (ms: number) => Promise<void>
  now: () => number
}

class HubAnswerError extends CockpitError {}

/** One round: list, then upload what the hub lacks and download what this laptop lacks. */
export async function syncRecordingFiles(deps: RecordingsSyncDeps): Promise<RecordingsProgress> {
  const p: RecordingsProgress = { ...idleRecordingsProgress, state: 'running', uploads: { done: 0, total: 0 }, downloads: { done: 0, total: 0 } }
  const report = (): void => deps.onProgress({ ...p, uploads: { ...p.uploads }, downloads: { ...p.downloads } })

  const listed: z.infer<typeof Listing>['recordings'] = []
  for (let after = ''; ; ) {
    const page = Listing.parse(await (await request(deps, 'GET', `/recordings?after=${encodeURIComponent(after)}`)).json())
    listed.push(...page.recordings)
    if (!page.more || page.recordings.length === 0) break
    after = page.recordings.at(-1)!.recordingId
  }
  // One transfer per content: several recordings may name the same file.
  const bySha = new Map(listed.map((r) => [r.sha256, r]))
  const uploads: { sha256: string; path: string; size: number }[] = []
  const downloads: { sha256: string; size: number }[] = []
  for (const r of bySha.values()) {
    const mine = await deps.local.file(r.sha256)
    if (mine && !r.onHub) uploads.push({ sha256: r.sha256, ...mine })
    else if (!mine && r.onHub) downloads.push({ sha256: r.sha256, size: r.sizeBytes ?? 0 })
  }
  p.uploads.total = uploads.length
  p.downloads.total = downloads.length
  p.bytesTotal = uploads.reduce((n, u) => n + u.size, 0) + downloads.reduce((n, d) => n + d.size, 0)
  report()

  for (const u of uploads) {
    try {
      await upload(deps, u, (n) => {
        p.bytesDone += n
        report()
      })
      p.uploads.done++
    } catch (e) {
      p.lastErrorCode = codeOf(e)
    }
    report()
  }
  for (const d of downloads) {
    try {
      await download(deps, d, (n) => {
        p.bytesDone += n
        report()
      })
      p.downloads.done++
    } catch (e) {
      p.lastErrorCode = codeOf(e)
    }
    report()
  }
  p.state = 'idle'
  p.lastRunAt = deps.now()
  report()
  return p
}

function codeOf(e: unknown): string {
  return e instanceof CockpitError ? e.code : 'sync.offline'
}

async function upload(deps: RecordingsSyncDeps, u: { sha256: string; path: string; size: number }, moved: (n: number) => void): Promise<void> {
  const probe = await request(deps, 'HEAD', `/recordings/${u.sha256}/upload`)
  if (probe.headers.get('upload-complete') === '?1') return moved(u.size)
  let offset = Number(probe.headers.get('upload-offset') ?? 0)
  moved(offset)
  const fh = await open(u.path, 'r')
  try {
    while (offset < u.size) {
      const chunk = Buffer.alloc(Math.min(UPLOAD_CHUNK, u.size - offset))
      await fh.read(chunk, 0, chunk.length, offset)
      try {
        const res = await request(deps, 'PATCH', `/recordings/${u.sha256}/upload`, {
          body: chunk,
          headers: { 'content-type': 'application/octet-stream', 'upload-offset': String(offset), 'upload-length': String(u.size) }
        })
        const answer = z.object({ offset: z.number(), complete: z.boolean() }).parse(await res.json())
        moved(answer.offset - offset)
        offset = answer.offset
        if (answer.complete) return
      } catch (e) {
        // The hub holds a different amount (an earlier chunk did arrive after all): go on from there.
        const at = e instanceof HubAnswerError && e.code === 'recordings.offset-mismatch' ? z.object({ offset: z.number() }).safeParse(e.params) : undefined
        if (!at?.success) throw e
        moved(at.data.offset - offset)
        offset = at.data.offset
      }
    }
  } finally {
    await fh.close()
  }
}

async function download(deps: RecordingsSyncDeps, d: { sha256: string; size: number }, moved: (n: number) => void): Promise<void> {
  await mkdir(deps.local.downloadDir, { recursive: true })
  const partial = join(deps.local.downloadDir, `${d.sha256}.part`)
  const have = await stat(partial).then(
    (st) => st.size,
    () => 0
  )
  moved(have)
  const res = await request(deps, 'GET', `/recordings/${d.sha256}`, { headers: have > 0 ? { range: `bytes=${have}-` } : {} })
  // A 200 to a range request means the hub sends it whole: start the file over.
  const fh = await open(partial, res.status === 206 ? 'a' : 'w')
  try {
    if (res.body) {
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
        await fh.write(part)
        moved(part.byteLength)
      }
    }
  } finally {
    await fh.close()
  }
  const hash = createHash('sha256')
  for await (const part of createReadStream(partial)) hash.update(part as Buffer)
  if (hash.digest('hex') !== d.sha256) {
    await rm(partial, { force: true })
    throw new CockpitError('recordings.hash-mismatch', `downloaded bytes do not match ${d.sha256}`)
  }
  try {
    await deps.local.importDownloaded(partial, d.sha256)
  } finally {
    await rm(partial, { force: true })
  }
}

/** An authenticated request; 429 and 5xx are waited out (retry-after, else a second), 4xx are final. */
async function request(
  deps: RecordingsSyncDeps,
  method: 'GET' | 'HEAD' | 'PATCH',
  path: string,
  init: { body?: Buffer; headers?: Record<string, string> } = {}
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response
    try {
      res = await deps.fetch(`${deps.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${await deps.token()}`, ...init.headers },
        body: init.body ? new Uint8Array(init.body) : undefined,
        signal: AbortSignal.timeout(120_000)
      })
    } catch (e) {
      if (e instanceof CockpitError) throw e
      throw new CockpitError('sync.offline', e instanceof Error ? e.message : String(e))
    }
    if (res.ok) return res
    const wait = res.status === 429 || res.status >= 500
    if (wait && attempt + 1 < MAX_WAITS) {
      await res.body?.cancel()
      await deps.sleep(Number(res.headers.get('retry-after') ?? 1) * 1000)
      continue
    }
    const text = method === 'HEAD' ? '' : await res.text().catch(() => '')
    let parsed: z.infer<typeof HubErrorBody> | undefined
    try {
      const r = HubErrorBody.safeParse(JSON.parse(text))
      parsed = r.success ? r.data : undefined
    } catch {
      parsed = undefined
    }
    const code = parsed?.code ?? (res.status === 404 ? 'recordings.not-found' : res.status >= 500 ? 'sync.hub-error' : `http.${res.status}`)
    throw new HubAnswerError(code, parsed?.message ?? text.slice(0, 200), parsed?.details as Record<string, string | number> | undefined)
  }
}
