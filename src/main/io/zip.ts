import { inflateRawSync } from 'node:zlib'

/**
 * Just enough of the zip format to look inside an .xlsx before a full reader (exceljs, which
 * inflates every entry into memory) is let near it: the central directory's declared sizes,
 * and an inflate that never produces more than an entry declared. Zip64 is not read: an .xlsx
 * under the import size cap has no reason for it, so its markers count as "too large".
 */

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflate; anything else is refused by `inflateEntry`. */
  method: number
  compressedSize: number
  /** As declared by the central directory; `inflateEntry` holds the entry to it. */
  size: number
  encrypted: boolean
  /** Offset of the local file header. */
  offset: number
}

export class ZipFormatError extends Error {}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** Zip64 placeholders: a size or count that did not fit the classic field. */
const U32_MAX = 0xffffffff
const U16_MAX = 0xffff

function view(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength)
}

/** The entries listed in the central directory, in order. */
export function readZipDirectory(data: Uint8Array): ZipEntry[] {
  const v = view(data)
  // The end record sits in the last 22 bytes plus up to 64 KiB of comment.
  let eocd = -1
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory')
  const count = v.getUint16(eocd + 10, true)
  const dirSize = v.getUint32(eocd + 12, true)
  const dirOffset = v.getUint32(eocd + 16, true)
  if (count === U16_MAX || dirSize === U32_MAX || dirOffset === U32_MAX) throw new ZipFormatError('zip64 directory')
  if (dirOffset + dirSize > eocd) throw new ZipFormatError('central directory out of range')

  const entries: ZipEntry[] = []
  const decoder = new TextDecoder('utf-8')
  let p = dirOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || v.getUint32(p, true) !== CENTRAL) throw new ZipFormatError(`bad central header ${n}`)
    const flags = v.getUint16(p + 8, true)
    const method = v.getUint16(p + 10, true)
    const compressedSize = v.getUint32(p + 20, true)
    const size = v.getUint32(p + 24, true)
    const nameLength = v.getUint16(p + 28, true)
    const extraLength = v.getUint16(p + 30, true)
    const commentLength = v.getUint16(p + 32, true)
    const offset = v.getUint32(p + 42, true)
    if (p + 46 + nameLength > data.length) throw new ZipFormatError(`bad central header ${n}`)
    const name = decoder.decode(data.subarray(p + 46, p + 46 + nameLength))
    entries.push({ name, method, compressedSize, size, encrypted: (flags & 1) === 1, offset })
    p += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/** Whether a declared size is a zip64 placeholder (the real size is 4 GiB or more). */
export function isZip64Size(n: number): boolean {
  return n === U32_MAX
}

/** The entry's bytes, never more than it declared: a lying header is an error, not a bomb. */
export function inflateEntry(data: Uint8Array, entry: ZipEntry): Buffer {
  const v = view(data)
  const at = entry.offset
  if (at + 30 > data.length || v.getUint32(at, true) !== LOCAL) throw new ZipFormatError(`bad local header for ${entry.name}`)
  const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true)
  const end = start + entry.compressedSize
  if (end > data.length) throw new ZipFormatError(`${entry.name} runs past the end`)
  const raw = data.subarray(start, end)
  if (entry.encrypted) throw new ZipFormatError(`${entry.name} is encrypted`)
  if (entry.method === 0) {
    if (raw.length !== entry.size) throw new ZipFormatError(`${entry.name}: stored size mismatch`)
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  }
  if (entry.method !== 8) throw new ZipFormatError(`${entry.name}: compression method ${entry.method}`)
  let out: Buffer
  try {
    // zlib stops as soon as the output would pass the bound: a lie costs no more than the truth.
    out = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) })
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    throw new ZipFormatError(
      `${entry.name}: ${tooBig ? `inflates past its declared ${entry.size} bytes` : e instanceof Error ? e.message : String(e)}`
    )
  }
  if (out.length !== entry.size)
    throw new ZipFormatError(`${entry.name}: inflates to ${out.length} bytes, declared ${entry.size}`)
  return out
}
