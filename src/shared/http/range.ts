/**
 * HTTP Range parsing for the media routes (Electron's `cockpit-media:` handler, the browser harness
 * and the hub's recording downloads). Only single ranges: `<audio>` never asks for multipart ranges, and refusing them
 * keeps the response a plain 206 of one slice.
 */
export type ByteRange = { start: number; end: number }

/**
 * `null`: no (usable) Range header, serve the whole file with 200.
 * `'unsatisfiable'`: answer 416 with `content-range: bytes *\/size`.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  // Malformed or multi-range headers are ignored, as RFC 9110 allows: the whole file is sent.
  if (!m) return null
  const [, a = '', b = ''] = m
  if (a === '' && b === '') return null
  if (size === 0) return 'unsatisfiable'
  if (a === '') {
    // Suffix range: the last N bytes.
    const n = Number(b)
    if (n === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(a)
  if (start >= size) return 'unsatisfiable'
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1)
  if (end < start) return null
  return { start, end }
}

export interface MediaHead {
  status: 200 | 206 | 416
  headers: Record<string, string>
  /** The slice to send; absent for 416. */
  range?: ByteRange
}

/** Status and headers for serving `size` bytes of `contentType` under an optional Range header. */
export function mediaHead(rangeHeader: string | null | undefined, size: number, contentType: string): MediaHead {
  const base = {
    'content-type': contentType,
    'accept-ranges': 'bytes',
    // Content-addressed: the bytes behind a sha256 never change.
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff'
  }
  const r = parseRange(rangeHeader, size)
  if (r === 'unsatisfiable') return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` } }
  if (r === null) return { status: 200, headers: { ...base, 'content-length': String(size) }, range: size > 0 ? { start: 0, end: size - 1 } : undefined }
  return {
    status: 206,
    headers: { ...base, 'content-length': String(r.end - r.start + 1), 'content-range': `bytes ${r.start}-${r.end}/${size}` },
    range: r
  }
}
