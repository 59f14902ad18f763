/**
 * AMR (RFC 4867 storage format) frame counting. Phone systems write AMR files whose container
 * carries no usable duration; every frame is 20 ms, so counting frames gives the exact length.
 */
export const AMR_NB_MAGIC = '#!AMR\n'
export const AMR_WB_MAGIC = '#!AMR-WB\n'

// Speech bytes per frame type (after the 1-byte frame header), from 3GPP TS 26.101 / 26.201.
const NB_SIZES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0]
const WB_SIZES = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0]

export type AmrKind = 'amr-nb' | 'amr-wb'

export function amrKind(head: Uint8Array): AmrKind | null {
  const s = String.fromCharCode(...head.subarray(0, 9))
  if (s.startsWith(AMR_WB_MAGIC)) return 'amr-wb'
  if (s.startsWith(AMR_NB_MAGIC)) return 'amr-nb'
  return null
}

export interface AmrCount {
  frames: number
  durationMs: number
  /** Bytes after the last whole frame: a truncated file has some. */
  trailingBytes: number
}

/** Count the 20 ms frames of a single-channel AMR file held in memory. */
export function countAmrFrames(data: Uint8Array): AmrCount {
  const kind = amrKind(data)
  if (!kind) throw new Error('not an AMR file')
  const sizes = kind === 'amr-wb' ? WB_SIZES : NB_SIZES
  let p = kind === 'amr-wb' ? AMR_WB_MAGIC.length : AMR_NB_MAGIC.length
  let frames = 0
  while (p < data.length) {
    const ft = (data[p]! >> 3) & 0x0f
    const next = p + 1 + sizes[ft]!
    if (next > data.length) break
    p = next
    frames++
  }
  return { frames, durationMs: frames * 20, trailingBytes: data.length - p }
}
