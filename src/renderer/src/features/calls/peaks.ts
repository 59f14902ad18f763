/** Peaks as stored by main: base64 of Int8 absolute peaks scaled to 0…127. */
export function toFloat(b64: string): Float32Array {
  const bin = atob(b64)
  const out = new Float32Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = ((bin.charCodeAt(i) << 24) >> 24) / 127
  return out
}

/** One lane for a call whose channels carry the same content: the louder of the two at each point. */
export function mergedPeaks(lanes: readonly Float32Array[]): Float32Array {
  if (lanes.length === 1) return lanes[0]!
  const out = new Float32Array(lanes[0]!.length)
  for (const lane of lanes) for (let i = 0; i < out.length; i++) if (lane[i]! > out[i]!) out[i] = lane[i]!
  return out
}

/**
 * The waveform always shows the whole call across the player's width, so more points than a
 * wide screen has device pixels are only work: a 60-minute call stores 180,000 per lane, and
 * wavesurfer (and its minimap) scans them all on every draw. Each output point is the loudest
 * of its bucket, so short bursts of speech stay visible.
 */
export const MAX_WAVE_POINTS = 4096

export function fitPeaks(lane: Float32Array, max = MAX_WAVE_POINTS): Float32Array {
  if (lane.length <= max) return lane
  const out = new Float32Array(max)
  const step = lane.length / max
  for (let j = 0; j < max; j++) {
    const from = Math.floor(j * step)
    const to = Math.min(lane.length, Math.floor((j + 1) * step))
    let m = 0
    for (let i = from; i < to; i++) if (lane[i]! > m) m = lane[i]!
    out[j] = m
  }
  return out
}
