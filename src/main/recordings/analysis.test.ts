import { describe, expect, it } from 'vitest'
import { decodePeaks, PcmAnalyzer, PEAKS_PER_SECOND, SILENCE_MARGIN_MS } from './analysis'

/** s16le bytes of `seconds` of a 440 Hz tone at `amp` (0 = silence), at `rate`. */
function tone(seconds: number, amp: number, rate: number): Buffer {
  const n = Math.round(seconds * rate)
  const b = Buffer.alloc(n * 2)
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(amp * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2)
  return b
}

describe('PcmAnalyzer on one channel', () => {
  it('finds the talk, the 3 s pause and the peaks, however the bytes are cut into chunks', () => {
    const rate = 8000
    const pcm = Buffer.concat([tone(2, 0.5, rate), tone(3, 0, rate), tone(2, 0.25, rate)])
    const results = [1, 333, 4096, pcm.length].map((size) => {
      const a = new PcmAnalyzer(rate, 1)
      // Odd sizes split samples in two: the carry must join them again.
      for (let o = 0; o < pcm.length; o += size) a.push(pcm.subarray(o, o + size))
      return a.finish()
    })
    for (const r of results) expect(r).toEqual(results[0])
    const r = results[0]!
    expect(r.durationMs).toBe(7000)
    expect(r.channels).toBe(1)
    const peaks = decodePeaks(r.peaks[0]!)
    expect(peaks.length).toBe(7 * PEAKS_PER_SECOND)
    // Half scale in the first two seconds, nothing in the pause, a quarter after it.
    expect(peaks[50]).toBe(64)
    expect(peaks[150]).toBe(0)
    expect(peaks[300]).toBe(32)
    expect(r.silences).toEqual([[2000 + SILENCE_MARGIN_MS, 5000 - SILENCE_MARGIN_MS]])
  })
})
