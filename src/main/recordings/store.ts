import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CockpitError } from '../../shared/ipc/define'
import { countAmrFrames } from './amr'
import { PcmAnalyzer, type PeaksData } from './analysis'
import { resolveFfmpeg } from './ffmpeg'
import { contentTypeOf, extensionOf, needsTranscode, sniffFormat, type AudioFormat } from './sniff'

/** Four hours of wav at 16 kHz stereo is ~920 MB; anything bigger is not a sales call. */
export const MAX_RECORDING_BYTES = 1024 * 1024 * 1024
/** Decoding rate for peaks and voice activity: the telephone band, cheap to decode. */
const ANALYSIS_RATE = 8000

export interface RecordingMeta {
  sha256: string
  format: AudioFormat
  codec: string
  channels: number
  sampleRate: number | null
  durationMs: number
  sizeBytes: number
  originalName: string
  /** File name (in the same folder) of what the page plays: the original, or its transcode. */
  playable: string
  playableType: string
  importedAt: number
}

export interface ImportResult extends RecordingMeta {
  duplicate: boolean
  peaksAvailable: boolean
}

export interface RecordingStoreOptions {
  dir: string
  ffmpegPath?: string
  maxBytes?: number
  now?: () => number
}

const SHA = /^[0-9a-f]{64}$/

const fail = (code: string, message: string, params?: Record<string, string | number>): CockpitError =>
  new CockpitError(code, message, params)

/**
 * Recording files on disk, content-addressed: `<dir>/<aa>/<sha256>.<ext>` with, beside it, the
 * peaks and voice-activity data (`.peaks.json`), the metadata (`.meta.json`, written last: a
 * recording exists once it is there) and for AMR a playable transcode (`.play.mp3`; `.play.ogg` before).
 * Imports stream into `<dir>/.tmp` and are renamed in; a failed or killed import leaves nothing
 * but temp files, which are removed on failure and swept on the next start.
 */
export class RecordingStore {
  readonly dir: string
  private readonly tmpDir: string
  private readonly ffmpeg: string
  /** The ffmpeg this store runs, for the speech-to-text decode. */
  get ffmpegPath(): string {
    return this.ffmpeg
  }
  private readonly maxBytes: number
  private readonly now: () => number
  private ready: Promise<void> | null = null

  constructor(opts: RecordingStoreOptions) {
    this.dir = opts.dir
    this.tmpDir = join(opts.dir, '.tmp')
    this.ffmpeg = opts.ffmpegPath ?? resolveFfmpeg()
    this.maxBytes = opts.maxBytes ?? MAX_RECORDING_BYTES
    this.now = opts.now ?? Date.now
  }

  private init(): Promise<void> {
    // Leftovers of an import killed with the app are swept once, before the first import.
    this.ready ??= rm(this.tmpDir, { recursive: true, force: true }).then(async () => {
      await mkdir(this.tmpDir, { recursive: true })
    })
    return this.ready
  }

  private pathOf(sha256: string, suffix: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}${suffix}`)
  }

  async meta(sha256: string): Promise<RecordingMeta | null> {
    if (!SHA.test(sha256)) return null
    try {
      return JSON.parse(await readFile(this.pathOf(sha256, '.meta.json'), 'utf8')) as RecordingMeta
    } catch {
      return null
    }
  }

  async peaks(sha256: string): Promise<PeaksData> {
    if (!SHA.test(sha256)) throw fail('recording.not-found', 'bad sha256')
    try {
      return JSON.parse(await readFile(this.pathOf(sha256, '.peaks.json'), 'utf8')) as PeaksData
    } catch {
      throw fail('recording.not-found', `no peaks for ${sha256}`)
    }
  }

  /** Where partial downloads from the hub wait between attempts (inside the store, same disk). */
  get downloadDir(): string {
    return join(this.dir, '.downloads')
  }

  /** The original file of a recording this store holds (what the hub gets uploaded), or null. */
  async originalFile(sha256: string): Promise<{ path: string; size: number } | null> {
    const meta = await this.meta(sha256)
    if (!meta) return null
    const path = this.pathOf(sha256, `.${extensionOf[meta.format]}`)
    try {
      return { path, size: (await stat(path)).size }
    } catch {
      return null
    }
  }

  /** The file the page plays for a recording, for the media routes. */
  async mediaFile(sha256: string): Promise<{ path: string; size: number; contentType: string }> {
    const m = await this.meta(sha256)
    if (!m) throw fail('recording.not-found', `no recording ${sha256}`)
    const path = join(this.dir, sha256.slice(0, 2), m.playable)
    try {
      return { path, size: (await stat(path)).size, contentType: m.playableType }
    } catch {
      throw fail('recording.not-found', `file missing for ${sha256}`)
    }
  }

  /**
   * Import a recording from a path or from bytes. Same content twice → the same sha256 and one
   * file (`duplicate: true`). `signal` aborts (the app quitting); nothing half-stored remains.
   */
  async importRecording(source: string | Uint8Array, originalName: string, opts: { signal?: AbortSignal } = {}): Promise<ImportResult> {
    await this.init()
    const id = randomUUID()
    const temps = { original: join(this.tmpDir, `${id}.part`), play: join(this.tmpDir, `${id}.play.mp3`), peaks: join(this.tmpDir, `${id}.peaks.json`) }
    // The copy's fsync runs while the file is probed and decoded; it is awaited before the
    // copy is renamed into place (and always before leaving, so no handle stays open).
    let durable: Promise<void> | undefined
    try {
      const copied = await this.copyIn(source, temps.original, opts.signal)
      durable = copied.durable
      const { sha256, size, head } = copied
      if (size === 0) throw fail('recording.empty', 'the file is empty', { name: originalName })
      const format = sniffFormat(head)
      if (!format) throw fail('recording.unsupported-format', 'not a known audio format', { name: originalName })

      const existing = await this.meta(sha256)
      if (existing) return { ...existing, duplicate: true, peaksAvailable: true }

      // The header read and ffmpeg's stream listing run side by side (each waits mostly on its own I/O).
      const [probed, streamChannels] = await Promise.all([probe(temps.original, format), this.streamChannels(temps.original)])
      // Containers lie about channels (mp4 writes 2 for mono AAC): ffmpeg's stream info decides.
      probed.channels = streamChannels ?? probed.channels
      if (format === 'wav' && (await wavTruncated(temps.original, size))) {
        throw fail('recording.corrupt', 'wav data chunk is cut short', { name: originalName, reason: 'truncated' })
      }
      const transcode = needsTranscode(format)
      const analysisChannels = Math.min(2, Math.max(1, probed.channels))
      const analyzer = await this.decode(temps.original, analysisChannels, transcode ? temps.play : null, opts.signal)
      if (analyzer.durationMs === 0) throw fail('recording.corrupt', 'no audio could be decoded', { name: originalName })

      let durationMs = analyzer.durationMs
      if (format === 'amr-nb' || format === 'amr-wb') {
        // Header durations of AMR files are estimates; 20 ms frames counted are exact.
        durationMs = countAmrFrames(await readFile(temps.original)).durationMs
      } else if (probed.declaredMs !== null && analyzer.durationMs < probed.declaredMs * 0.97 - 500) {
        // The header promises more audio than the file holds: cut off in a copy or an upload.
        throw fail('recording.corrupt', `truncated: ${analyzer.durationMs} of ${Math.round(probed.declaredMs)} ms`, { name: originalName, reason: 'truncated' })
      }
      const peaks = analyzer.finish()
      await writeFile(temps.peaks, JSON.stringify({ ...peaks, durationMs }))

      const ext = extensionOf[format]
      const meta: RecordingMeta = {
        sha256,
        format,
        codec: probed.codec.slice(0, 40),
        channels: Math.min(8, Math.max(1, probed.channels)),
        sampleRate: probed.sampleRate,
        durationMs,
        sizeBytes: size,
        originalName: originalName.slice(0, 260),
        playable: transcode ? `${sha256}.play.mp3` : `${sha256}.${ext}`,
        playableType: transcode ? 'audio/mpeg' : contentTypeOf[format],
        importedAt: this.now()
      }
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true })
      await durable
      await rename(temps.original, this.pathOf(sha256, `.${ext}`))
      if (transcode) await rename(temps.play, this.pathOf(sha256, '.play.mp3'))
      await rename(temps.peaks, this.pathOf(sha256, '.peaks.json'))
      // The metadata is the commit marker: written to temp, synced, renamed last.
      const metaTmp = join(this.tmpDir, `${id}.meta.json`)
      await writeSynced(metaTmp, JSON.stringify(meta))
      await rename(metaTmp, this.pathOf(sha256, '.meta.json'))
      return { ...meta, duplicate: false, peaksAvailable: true }
    } finally {
      await durable?.catch(() => undefined)
      await Promise.all(
        [temps.original, temps.play, temps.peaks, join(this.tmpDir, `${id}.meta.json`)].map((p) => rm(p, { force: true }))
      )
    }
  }

  /** Temp files currently in the store (tests check a failed import leaves none). */
  async tempFiles(): Promise<string[]> {
    try {
      return await readdir(this.tmpDir)
    } catch {
      return []
    }
  }

  /** Copies and hashes in one pass; `durable` settles once the copy is synced to disk and closed. */
  private async copyIn(source: string | Uint8Array, dest: string, signal?: AbortSignal): Promise<{ sha256: string; size: number; head: Uint8Array; durable: Promise<void> }> {
    const hash = createHash('sha256')
    const fh = await open(dest, 'wx')
    let size = 0
    const headParts: Buffer[] = []
    let headLen = 0
    const take = (chunk: Uint8Array): void => {
      hash.update(chunk)
      size += chunk.byteLength
      if (headLen < 64) {
        headParts.push(Buffer.from(chunk.subarray(0, 64 - headLen)))
        headLen += Math.min(chunk.byteLength, 64 - headLen)
      }
    }
    try {
      if (typeof source === 'string') {
        let st
        try {
          st = await stat(source)
        } catch {
          throw fail('recording.not-found', `cannot read ${source}`)
        }
        // A dropped folder (or a device) has a path too; only a regular file is a recording.
        if (!st.isFile()) throw fail('recording.not-a-file', `${source} is not a file`)
        if (st.size > this.maxBytes) throw fail('recording.too-large', 'file too large', { maxMb: Math.round(this.maxBytes / 1048576) })
        try {
          for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20, signal })) {
            const c = chunk as Buffer
            take(c)
            if (size > this.maxBytes) throw fail('recording.too-large', 'file too large', { maxMb: Math.round(this.maxBytes / 1048576) })
            await fh.write(c)
          }
        } catch (e) {
          if (e instanceof CockpitError) throw e
          if (signal?.aborted) throw fail('recording.cancelled', 'import cancelled')
          // Deleted or unplugged while reading.
          throw fail('recording.not-found', `reading ${source} failed: ${e instanceof Error ? e.message : String(e)}`)
        }
      } else {
        if (source.byteLength > this.maxBytes) throw fail('recording.too-large', 'file too large', { maxMb: Math.round(this.maxBytes / 1048576) })
        take(source)
        await fh.write(source)
      }
    } catch (e) {
      await fh.close()
      throw e
    }
    const durable = fh.sync().finally(() => fh.close())
    // Awaited by the import; a failure still surfaces there, never as an unhandled rejection.
    durable.catch(() => undefined)
    return { sha256: hash.digest('hex'), size, head: new Uint8Array(Buffer.concat(headParts)), durable }
  }

  /** Channels of the first audio stream as ffmpeg reads them (`ffmpeg -i` prints the streams). */
  private streamChannels(src: string): Promise<number | null> {
    return new Promise((resolvePromise) => {
      const child = spawn(this.ffmpeg, ['-hide_banner', '-nostdin', '-i', src], { stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
      child.on('error', () => resolvePromise(null))
      child.on('close', () => {
        const m = /Audio:[^\n]*?\d+ Hz, (mono|stereo|(\d+) channels|[\w.()]+)/.exec(err)
        if (!m) resolvePromise(null)
        else if (m[1] === 'mono') resolvePromise(1)
        else if (m[1] === 'stereo') resolvePromise(2)
        else if (m[2]) resolvePromise(Number(m[2]))
        else resolvePromise(null)
      })
    })
  }

  /** One ffmpeg pass: PCM for peaks/voice activity on stdout and, for AMR, the playable transcode. */
  private decode(src: string, channels: number, playOut: string | null, signal?: AbortSignal): Promise<PcmAnalyzer> {
    const analyzer = new PcmAnalyzer(ANALYSIS_RATE, channels)
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', src]
    // MP3 at 24 kb/s (LAME's fastest setting): Chromium plays it, AMR's narrow phone band
    // loses nothing audible, and LAME encodes about twice as fast as libopus even at Opus's
    // lowest complexity (10 min of AMR-NB: 4.5 s against 9.8 s here, median of 3 under load).
    // Recordings stored earlier keep their `.play.ogg`: the metadata names the playable file.
    if (playOut) args.push('-map', '0:a:0', '-c:a', 'libmp3lame', '-b:a', '24k', '-compression_level', '9', '-f', 'mp3', playOut)
    args.push('-map', '0:a:0', '-ac', String(channels), '-ar', String(ANALYSIS_RATE), '-f', 's16le', 'pipe:1')
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      const onAbort = (): void => {
        child.kill('SIGKILL')
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      child.stdout.on('data', (c: Buffer) => analyzer.push(c))
      child.stderr.on('data', (c: Buffer) => {
        if (stderr.length < 4000) stderr += c.toString('utf8')
      })
      child.on('error', (e: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort)
        reject(e.code === 'ENOENT' ? fail('recording.ffmpeg-missing', `ffmpeg not found at ${this.ffmpeg}`) : e)
      })
      child.on('close', (code) => {
        signal?.removeEventListener('abort', onAbort)
        if (signal?.aborted) reject(fail('recording.cancelled', 'import cancelled'))
        else if (code !== 0) reject(fail('recording.corrupt', `ffmpeg: ${stderr.trim().slice(0, 500)}`, { reason: 'decode' }))
        else resolvePromise(analyzer)
      })
    })
  }
}

async function writeSynced(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w')
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** A wav whose data chunk claims more bytes than the file holds was cut off (ffmpeg plays what is there). */
async function wavTruncated(path: string, size: number): Promise<boolean> {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(Math.min(size, 4096))
    await fh.read(buf, 0, buf.length, 0)
    let p = 12
    while (p + 8 <= buf.length) {
      const id = buf.toString('ascii', p, p + 4)
      const len = buf.readUInt32LE(p + 4)
      if (id === 'data') return len !== 0xffffffff && len !== 0 && p + 8 + len > size
      p += 8 + len + (len % 2)
    }
    return false
  } finally {
    await fh.close()
  }
}

interface Probed {
  codec: string
  channels: number
  sampleRate: number | null
  /** What the header says; `null` when it does not say. */
  declaredMs: number | null
}

async function probe(path: string, format: AudioFormat): Promise<Probed> {
  // music-metadata is ESM-only; the main bundle is CommonJS, so it is loaded on first use.
  const mm = await import('music-metadata')
  try {
    const { format: f } = await mm.parseFile(path, { duration: false, skipCovers: true })
    return {
      codec: f.codec ?? format,
      channels: f.numberOfChannels ?? 1,
      sampleRate: f.sampleRate ?? null,
      declaredMs: typeof f.duration === 'number' && Number.isFinite(f.duration) ? f.duration * 1000 : null
    }
  } catch (e) {
    if (format === 'amr-nb' || format === 'amr-wb') return { codec: format.toUpperCase(), channels: 1, sampleRate: format === 'amr-nb' ? 8000 : 16000, declaredMs: null }
    throw fail('recording.corrupt', `unreadable ${format}: ${e instanceof Error ? e.message : String(e)}`, { reason: 'header' })
  }
}
