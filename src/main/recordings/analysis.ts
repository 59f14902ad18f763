/**
 * Waveform peaks and a voice-activity pass, computed in one streaming pass over 16-bit PCM
 * (what ffmpeg decodes the recording to at import), so a 60-minute call never sits in memory.
 */

/** Peaks per second: enough for a sharp waveform at any zoom a coach uses, ~360 KB per hour. */
export const PEAKS_PER_SECOND = 50
/** Silences shorter than this are pauses in speech, not worth skipping. */
export const MIN_SILENCE_MS = 1500
/** Skip-silence keeps this much of each side of a gap, so speech is never clipped. */
export const SILENCE_MARGIN_MS = 250

export interface PeaksData {
  version: 1
  sampleRate: number
  durationMs: number
  channels: number
  peaksPerSecond: number
  /** Per channel, base64 of an Int8Array of the absolute peak per bin scaled to 0…127. */
  peaks: string[]
  /** Gaps with no voice, [startMs, endMs), already trimmed by the margin. */
  silences: [number, number][]
  /** Two channels with different content (rep and customer recorded apart): show two lanes. */
  splitChannels: boolean
}

export class PcmAnalyzer {
  private readonly binSize: number
  private readonly peaks: number[][]
  private readonly energy: number[] = []
  private binFill = 0
  private binPeak: number[]
  private binSq = 0
  private frames = 0
  private diffSum = 0
  private absSum = 0
  private carry: Buffer | null = null

  constructor(
    readonly sampleRate: number,
    readonly channels: number
  ) {
    this.binSize = Math.round(sampleRate / PEAKS_PER_SECOND)
    this.peaks = Array.from({ length: channels }, () => [])
    this.binPeak = new Array<number>(channels).fill(0)
  }

  /** Feed interleaved s16le bytes; chunks may split a sample anywhere. */
  push(chunk: Buffer): void {
    let buf = chunk
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk])
      this.carry = null
    }
    const frameBytes = 2 * this.channels
    const whole = buf.length - (buf.length % frameBytes)
    if (whole < buf.length) this.carry = Buffer.from(buf.subarray(whole))
    const ch = this.channels
    const peak = this.binPeak
    // An Int16Array view is several times faster than readInt16LE; it needs an even offset.
    const aligned = buf.byteOffset % 2 === 0 ? buf : Buffer.from(buf.subarray(0, whole))
    const s = new Int16Array(aligned.buffer, aligned.byteOffset, whole / 2)
    if (ch === 1) return this.pushMono(s)
    const stereo = ch === 2
    for (let i = 0; i < s.length; i += ch) {
      let sq = 0
      for (let c = 0; c < ch; c++) {
        const v = s[i + c]!
        const a = v < 0 ? -v : v
        if (a > peak[c]!) peak[c] = a
        sq += v * v
      }
      if (stereo) {
        const l = s[i]!
        const r = s[i + 1]!
        this.diffSum += Math.abs(l - r)
        this.absSum += Math.abs(l) + Math.abs(r)
      }
      this.binSq += sq / ch
      this.frames++
      if (++this.binFill === this.binSize) this.closeBin()
    }
  }

  /** The same pass for one channel (most phone recordings), with the per-channel loop and its array reads taken out. */
  private pushMono(s: Int16Array): void {
    const size = this.binSize
    let peak = this.binPeak[0]!
    let sq = this.binSq
    let fill = this.binFill
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!
      const a = v < 0 ? -v : v
      if (a > peak) peak = a
      sq += v * v
      if (++fill === size) {
        this.binPeak[0] = peak
        this.binSq = sq
        this.binFill = fill
        this.closeBin()
        peak = 0
        sq = 0
        fill = 0
      }
    }
    this.binPeak[0] = peak
    this.binSq = sq
    this.binFill = fill
    this.frames += s.length
  }

  private closeBin(): void {
    for (let c = 0; c < this.channels; c++) {
      this.peaks[c]!.push(Math.min(127, Math.round((this.binPeak[c]! / 32768) * 127)))
      this.binPeak[c] = 0
    }
    const rms = Math.sqrt(this.binSq / Math.max(1, this.binFill)) / 32768
    this.energy.push(rms > 0 ? 20 * Math.log10(rms) : -120)
    this.binFill = 0
    this.binSq = 0
  }

  get durationMs(): number {
    return Math.round((this.frames / this.sampleRate) * 1000)
  }

  finish(): PeaksData {
    if (this.binFill > 0) this.closeBin()
    const splitChannels = this.channels === 2 && this.absSum > 0 && this.diffSum / (this.absSum / 2) > 0.2
    return {
      version: 1,
      sampleRate: this.sampleRate,
      durationMs: this.durationMs,
      channels: this.channels,
      peaksPerSecond: PEAKS_PER_SECOND,
      peaks: this.peaks.map((p) => Buffer.from(Int8Array.from(p).buffer).toString('base64')),
      silences: findSilences(this.energy, 1000 / PEAKS_PER_SECOND, this.durationMs),
      splitChannels
    }
  }
}

/**
 * Voice activity by energy: a bin is silent when its level stays near the recording's own
 * noise floor (10th percentile + 10 dB, clamped to −60…−35 dBFS), so a noisy phone line and a
 * clean studio file both work without a setting.
 */
export function findSilences(energyDb: readonly number[], binMs: number, durationMs: number): [number, number][] {
  if (energyDb.length === 0) return []
  // A typed array sorts numerically without a comparator call per step (an hour is 180,000 bins).
  const sorted = Float64Array.from(energyDb).sort()
  const floor = sorted[Math.floor(sorted.length * 0.1)]!
  const threshold = Math.min(-35, Math.max(-60, floor + 10))
  const out: [number, number][] = []
  let start = -1
  const flush = (endBin: number): void => {
    const s = start * binMs
    const e = Math.min(durationMs, endBin * binMs)
    if (e - s >= MIN_SILENCE_MS) {
      // Leading and trailing silence keep the margin only on the speech side.
      const from = start === 0 ? 0 : s + SILENCE_MARGIN_MS
      const to = e >= durationMs ? durationMs : e - SILENCE_MARGIN_MS
      if (to > from) out.push([Math.round(from), Math.round(to)])
    }
    start = -1
  }
  for (let i = 0; i < energyDb.length; i++) {
    if (energyDb[i]! < threshold) {
      if (start < 0) start = i
    } else if (start >= 0) flush(i)
  }
  if (start >= 0) flush(energyDb.length)
  return out
}

export function decodePeaks(b64: string): Int8Array {
  const bytes = Buffer.from(b64, 'base64')
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
