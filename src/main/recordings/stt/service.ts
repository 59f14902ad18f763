import { spawn } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CockpitError } from '../../../shared/ipc/define'
import type { SttStatus } from '../../../shared/ipc/recordings'
import type { RecordingStore } from '../store'
import { ChunkCutter, planChunks, recognizeChunk, type SttChunk, type SttEngine, type SttLine } from './engine'
import { detectModelPack, type ModelPack } from './model-pack'
import { loadSherpaEngine } from './sherpa'

const STT_RATE = 16000

export interface SttServiceOptions {
  store: RecordingStore
  ffmpegPath: string
  /** Where the chosen model folder is remembered (beside the recordings: per user). */
  configPath?: string
  loadEngine?: (pack: ModelPack) => Promise<SttEngine>
}

/**
 * Local speech-to-text for stored recordings. Nothing is installed by default (`state: 'none'`);
 * the user points it at a model pack folder, which is checked and loaded right away so a wrong
 * folder is reported when it is chosen, not at the first transcription.
 */
/** How far a transcription is: chunks of voice recognised out of those planned, lines so far. */
export interface SttProgress {
  done: number
  total: number
  lines: number
}

export class SttService {
  private engine: { dir: string; engine: SttEngine } | null = null
  /** Transcriptions running, by recording: their progress and the way to stop them. */
  private readonly jobs = new Map<string, { progress: SttProgress; controller: AbortController }>()
  private readonly configPath: string
  private readonly loadEngine: (pack: ModelPack) => Promise<SttEngine>

  constructor(private readonly opts: SttServiceOptions) {
    this.configPath = opts.configPath ?? join(opts.store.dir, 'stt.json')
    this.loadEngine = opts.loadEngine ?? ((pack) => loadSherpaEngine(pack))
  }

  private async modelDir(): Promise<string | null> {
    try {
      const v = JSON.parse(await readFile(this.configPath, 'utf8')) as { modelDir?: unknown }
      return typeof v.modelDir === 'string' && v.modelDir ? v.modelDir : null
    } catch {
      return null
    }
  }

  async status(): Promise<SttStatus> {
    const dir = await this.modelDir()
    if (!dir) return { state: 'none' }
    try {
      const pack = detectModelPack(dir)
      return { state: 'ready', dir, kind: pack.kind }
    } catch (e) {
      if (e instanceof CockpitError) return { state: 'error', dir, code: e.code, params: e.params ?? {} }
      throw e
    }
  }

  /** Check and load the pack in `dir`; remembered only when it loads. */
  async setModelDir(dir: string): Promise<SttStatus> {
    const pack = detectModelPack(dir)
    const engine = await this.loadEngine(pack)
    this.engine?.engine.close?.()
    this.engine = { dir, engine }
    await writeFile(this.configPath, JSON.stringify({ modelDir: dir }))
    return { state: 'ready', dir, kind: pack.kind }
  }

  async clear(): Promise<SttStatus> {
    this.engine?.engine.close?.()
    this.engine = null
    await rm(this.configPath, { force: true })
    return { state: 'none' }
  }

  private async currentEngine(): Promise<SttEngine> {
    const dir = await this.modelDir()
    if (!dir) throw new CockpitError('stt.no-engine', 'no speech-to-text model is set up')
    if (this.engine?.dir === dir) return this.engine.engine
    const engine = await this.loadEngine(detectModelPack(dir))
    this.engine = { dir, engine }
    return engine
  }

  /**
   * Transcribe a stored recording: decode to 16 kHz (both sides of a split call kept apart),
   * cut along the voice activity found at import, recognise chunk by chunk while decoding.
   */
  async transcribe(sha256: string, opts: { signal?: AbortSignal; onProgress?: (p: SttProgress) => void } = {}): Promise<{ kind: string; lines: SttLine[] }> {
    if (this.jobs.has(sha256)) throw new CockpitError('stt.busy', 'this recording is being transcribed')
    const controller = new AbortController()
    const job = { progress: { done: 0, total: 0, lines: 0 }, controller }
    this.jobs.set(sha256, job)
    const stop = (): void => controller.abort()
    opts.signal?.addEventListener('abort', stop, { once: true })
    try {
      return await this.run(sha256, controller.signal, (p) => {
        job.progress = p
        opts.onProgress?.(p)
      })
    } finally {
      opts.signal?.removeEventListener('abort', stop)
      this.jobs.delete(sha256)
    }
  }

  /** The running transcription of a recording, or null when none runs. */
  progress(sha256: string): SttProgress | null {
    return this.jobs.get(sha256)?.progress ?? null
  }

  /** Stop a running transcription: it ends with `stt.cancelled` and returns no lines. False when none ran. */
  cancel(sha256: string): boolean {
    const job = this.jobs.get(sha256)
    if (!job) return false
    job.controller.abort()
    return true
  }

  private async run(sha256: string, signal: AbortSignal, progress: (p: SttProgress) => void): Promise<{ kind: string; lines: SttLine[] }> {
    const engine = await this.currentEngine()
    const peaks = await this.opts.store.peaks(sha256)
    const file = await this.opts.store.mediaFile(sha256)
    const split = peaks.splitChannels && peaks.channels === 2
    const channels = split ? 2 : 1
    const plan = planChunks(peaks.durationMs, peaks.silences)
    const cutter = new ChunkCutter(plan, STT_RATE, channels)
    let done = 0
    progress({ done, total: plan.length, lines: 0 })
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file.path, '-map', '0:a:0', '-ac', String(channels), '-ar', String(STT_RATE), '-f', 's16le', 'pipe:1']
    const child = spawn(this.opts.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const onAbort = (): void => {
      child.kill('SIGKILL')
    }
    signal.addEventListener('abort', onAbort, { once: true })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 2000) stderr += c.toString('utf8')
    })
    const exited = new Promise<number | null>((resolvePromise, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new CockpitError('recording.ffmpeg-missing', 'ffmpeg not found') : e))
      child.on('close', resolvePromise)
    })
    const lines: SttLine[] = []
    const cancelled = (): CockpitError => new CockpitError('stt.cancelled', 'transcription cancelled')
    // Between chunks: a cancel stops at once, with nothing returned (so nothing is written).
    const recognise = async (c: { chunk: SttChunk; channels: Float32Array[] }): Promise<void> => {
      if (signal.aborted) throw cancelled()
      lines.push(...(await recognizeChunk(engine, c.chunk, c.channels, STT_RATE, split)))
      progress({ done: ++done, total: plan.length, lines: lines.length })
    }
    try {
      // Async iteration pauses ffmpeg while a chunk is being recognised: memory stays flat.
      for await (const buf of child.stdout) {
        for (const c of cutter.push(buf as Buffer)) await recognise(c)
      }
      const code = await exited
      if (signal.aborted) throw cancelled()
      if (code !== 0) throw new CockpitError('recording.corrupt', `ffmpeg: ${stderr.trim().slice(0, 300)}`, { reason: 'decode' })
      for (const c of cutter.end()) await recognise(c)
    } finally {
      signal.removeEventListener('abort', onAbort)
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    return { kind: engine.kind, lines }
  }
}
