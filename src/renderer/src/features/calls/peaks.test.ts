import { describe, expect, it } from 'vitest'
import { fitPeaks, mergedPeaks, toFloat } from './peaks'

describe('waveform peaks', () => {
  it('decode from the stored base64 Int8', () => {
    expect(Array.from(toFloat(btoa(String.fromCharCode(0, 127, 64))))).toEqual([0, 1, Math.fround(64 / 127)])
  })
  it('merge two same-content channels by the louder side', () => {
    expect(Array.from(mergedPeaks([Float32Array.from([0.5, 0, 0.25]), Float32Array.from([0.25, 0.75, 0])])))
      .toEqual([0.5, 0.75, 0.25])
  })
  it('fit an hour of peaks to the screen, keeping a single loud point', () => {
    const hour = new Float32Array(180_000)
    hour[123_456] = 0.9
    const fit = fitPeaks(hour, 4096)
    expect(fit.length).toBe(4096)
    expect(Math.max(...fit)).toBeCloseTo(0.9)
    // At the same relative place in the call.
    expect(fit.indexOf(Math.max(...fit))).toBe(Math.floor((123_456 / 180_000) * 4096))
    const short = Float32Array.from([0.1, 0.2])
    expect(fitPeaks(short)).toBe(short)
  })
})
