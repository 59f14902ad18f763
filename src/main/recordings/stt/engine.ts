/**
 * Local speech-to-text, pluggable: an engine turns one chunk of 16 kHz mono speech into text.
 * The recording is cut into chunks along the voice-activity segments found at import (the
 * complement of the stored silences), so every transcript line starts and ends where the voice
 * does on the waveform, whatever the engine's own notion of time.
 */
export interface SttEngine {
  readonly kind: string
  /** Text spoken in `samples` (mono, `sampleRate` Hz, −1…1); '' when nothing was recognised. */
  recognize(samples: Float32Array, sampleRate: number): Promise<string>
  close?(): void
}

export interface SttChunk {
  startMs: number
  endMs: number
}

export interface SttLine {
  startMs: number
  endMs: number
  /** 0 = left (rep), 1 = right (customer) on split-channel calls; null on mono or mixed calls. */
  channel: 0 | 1 | null
  text: string
}

/** Whisper's window is 30 s; shorter chunks also give the coach finer lines to click. */
export const MAX_CHUNK_MS = 20_000
/** Voice islands shorter than this are clicks and breaths, not words. */
const MIN_CHUNK_MS = 250

/**
 * The voiced stretches of a recording: `[0, durationMs)` minus the silences, each split into
 * pieces of at most `maxMs` (evenly, so no piece is a stub).
 */
export function planChunks(durationMs: number, silences: readonly (readonly [number, number])[], maxMs = MAX_CHUNK_MS): SttChunk[] {
  const gaps = [...silences].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const voiced: SttChunk[] = []
  let at = 0
  for (const [a, b] of gaps) {
    const start = Math.max(0, Math.min(a, durationMs))
    if (start > at) voiced.push({ startMs: at, endMs: start })
    at = Math.max(at, Math.min(b, durationMs))
  }
  if (durationMs > at) voiced.push({ startMs: at, endMs: durationMs })
  const out: SttChunk[] = []
  for (const v of voiced) {
    const len = v.endMs - v.startMs
    if (len < MIN_CHUNK_MS) continue
    const pieces = Math.ceil(len / maxMs)
    for (let i = 0; i < pieces; i++) {
      out.push({ startMs: Math.round(v.startMs + (len * i) / pieces), endMs: Math.round(v.startMs + (len * (i + 1)) / pieces) })
    }
  }
  return out
}

/**
 * Cuts a stream of interleaved 16-bit PCM into the planned chunks as it arrives, so a
 * 60-minute call is never held in memory whole: only the audio since the current chunk's start.
 */
export class ChunkCutter {
  private parts: Buffer[] = []
  /** Frame index of the first byte held in `parts`. */
  private heldFrom = 0
  private heldFrames = 0
  private next = 0
  private readonly bytesPerFrame: number

  constructor(
    private readonly chunks: readonly SttChunk[],
    private readonly sampleRate: number,
    private readonly channels: number
  ) {
    this.bytesPerFrame = 2 * channels
  }

  private frameOf(ms: number): number {
    return Math.round((ms * this.sampleRate) / 1000)
  }

  /** Feed PCM; returns the chunks now complete, each as one Float32Array per channel. */
  push(buf: Buffer): { chunk: SttChunk; channels: Float32Array[] }[] {
    this.parts.push(buf)
    this.heldFrames += buf.byteLength / this.bytesPerFrame
    return this.take(false)
  }

  /** End of stream: whatever is left of the remaining chunks (the decode may run short). */
  end(): { chunk: SttChunk; channels: Float32Array[] }[] {
    return this.take(true)
  }

  private take(final: boolean): { chunk: SttChunk; channels: Float32Array[] }[] {
    const out: { chunk: SttChunk; channels: Float32Array[] }[] = []
    while (this.next < this.chunks.length) {
      const chunk = this.chunks[this.next]!
      const from = this.frameOf(chunk.startMs)
      const to = this.frameOf(chunk.endMs)
      const available = this.heldFrom + this.heldFrames
      if (available < to && !final) break
      const all = Buffer.concat(this.parts)
      const startByte = Math.max(0, from - this.heldFrom) * this.bytesPerFrame
      const endByte = Math.max(startByte, Math.min(all.byteLength, (to - this.heldFrom) * this.bytesPerFrame))
      const frames = (endByte - startByte) / this.bytesPerFrame
      const channels = Array.from({ length: this.channels }, () => new Float32Array(frames))
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < this.channels; c++) channels[c]![f] = all.readInt16LE(startByte + (f * this.channels + c) * 2) / 32768
      }
      out.push({ chunk, channels })
      this.next++
      // Keep only what the next chunk (which starts later) can still need.
      const keepFrom = this.next < this.chunks.length ? Math.max(this.heldFrom, this.frameOf(this.chunks[this.next]!.startMs)) : this.heldFrom + this.heldFrames
      const dropBytes = Math.min(all.byteLength, (keepFrom - this.heldFrom) * this.bytesPerFrame)
      this.parts = dropBytes < all.byteLength ? [all.subarray(dropBytes)] : []
      this.heldFrames -= dropBytes / this.bytesPerFrame
      this.heldFrom += dropBytes / this.bytesPerFrame
    }
    return out
  }
}

function rms(x: Float32Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!
  return x.length ? Math.sqrt(s / x.length) : 0
}

/** Below this a channel is the other side's silence (−40 dBFS). */
const QUIET = 0.01

/**
 * Recognise one chunk. On a split-channel call each side is recognised on its own and labelled
 * by channel — both when both spoke (crosstalk) — so the lines say who spoke; otherwise the
 * channels are mixed down.
 */
export async function recognizeChunk(engine: SttEngine, chunk: SttChunk, channels: Float32Array[], sampleRate: number, split: boolean): Promise<SttLine[]> {
  const lines: SttLine[] = []
  if (split && channels.length === 2) {
    for (const c of [0, 1] as const) {
      if (rms(channels[c]!) < QUIET) continue
      const text = (await engine.recognize(channels[c]!, sampleRate)).trim()
      if (text) lines.push({ startMs: chunk.startMs, endMs: chunk.endMs, channel: c, text })
    }
    return lines
  }
  let mono = channels[0] ?? new Float32Array(0)
  if (channels.length > 1) {
    mono = new Float32Array(mono.length)
    for (const ch of channels) for (let i = 0; i < mono.length; i++) mono[i]! += ch[i]! / channels.length
  }
  const text = (await engine.recognize(mono, sampleRate)).trim()
  return text ? [{ startMs: chunk.startMs, endMs: chunk.endMs, channel: null, text }] : []
}
