import { CockpitError } from '../../shared/ipc/define'
import type { ImportLimits } from './limits'
import { inflateEntry, isZip64Size, readZipDirectory, ZipFormatError, type ZipEntry } from './zip'

/**
 * Looks inside an .xlsx before exceljs loads it. exceljs inflates every part into memory and
 * creates an object per cell, including every cell of a merged range, so a 6 KB file with one
 * `mergeCell` over A1:XFD1048576 or a 16 MB zip of 240 MB XML would exhaust any process.
 * Here the zip's declared sizes are checked first (nothing inflated yet), then each part is
 * inflated no further than it declared, and each sheet's cells and merged ranges are counted
 * from the XML without building anything. Any excess is refused with the limit it passed.
 */

export interface SheetShape {
  part: string
  /** Highest row / column index holding a cell or covered by a merged range. */
  rows: number
  columns: number
  /** The row where the widest cell sits, so a refusal can point at it. */
  widestRow: number
  /** `<c>` elements plus the cells merged ranges add. */
  cells: number
  /** What `<dimension>` claims, for the log; the cells themselves decide. */
  dimension: string | null
  merges: number
}

export interface XlsxShape {
  sheets: SheetShape[]
  unpackedBytes: number
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/

export function inspectXlsx(
  fileName: string,
  data: Uint8Array,
  limits: ImportLimits,
  onProgress?: (done: number, total: number) => void
): XlsxShape {
  let entries: ZipEntry[]
  try {
    entries = readZipDirectory(data)
  } catch (e) {
    throw corrupt(fileName, e)
  }
  if (entries.length > limits.zipEntries) {
    throw new CockpitError('import.too-many-parts', `${fileName}: ${entries.length} zip entries`, {
      count: entries.length,
      max: limits.zipEntries
    })
  }

  // Declared sizes first: refusing a bomb costs nothing before anything is inflated.
  let declared = 0
  for (const e of entries) declared += isZip64Size(e.size) ? 2 ** 32 : e.size
  if (declared > limits.unpackedBytes) {
    throw new CockpitError('import.unpacked-too-large', `${fileName}: ${declared} bytes unpacked`, {
      sizeMb: Math.round(declared / 1024 / 1024),
      maxMb: Math.round(limits.unpackedBytes / 1024 / 1024)
    })
  }
  for (const e of entries) {
    if (e.size <= limits.ratioFloorBytes) continue
    const ratio = e.size / Math.max(1, e.compressedSize)
    if (ratio > limits.compressionRatio) {
      throw new CockpitError('import.compression-ratio', `${fileName}: ${e.name} ${e.compressedSize} → ${e.size}`, {
        ratio: Math.round(ratio),
        max: limits.compressionRatio
      })
    }
  }

  // Then every part, as exceljs will read every part: held to its declared size.
  const sheets: SheetShape[] = []
  let done = 0
  for (const e of entries) {
    if (e.name.endsWith('/')) continue
    let bytes: Buffer
    try {
      bytes = inflateEntry(data, e)
    } catch (err) {
      throw corrupt(fileName, err)
    }
    if (WORKSHEET.test(e.name)) sheets.push(scanSheet(e.name, bytes, limits))
    done += e.size
    onProgress?.(done, declared)
  }

  let cells = 0
  for (const s of sheets) {
    if (s.rows - 1 > limits.rows) {
      throw new CockpitError('import.too-many-rows', `${fileName}: ${s.part} has ${s.rows} rows`, {
        rows: s.rows - 1,
        max: limits.rows
      })
    }
    if (s.columns > limits.columns) {
      throw new CockpitError('import.too-many-columns', `${fileName}: ${s.part} has ${s.columns} columns`, {
        columns: s.columns,
        max: limits.columns,
        row: s.widestRow
      })
    }
    // exceljs keeps each cell, and the grid is padded to the widest row: the extent is the cost.
    cells += Math.max(s.cells, s.rows * s.columns)
  }
  if (cells > limits.xlsxCells) {
    throw new CockpitError('import.too-many-cells', `${fileName}: ${cells} cells`, { cells, max: limits.xlsxCells })
  }
  return { sheets, unpackedBytes: declared }
}

function corrupt(fileName: string, e: unknown): CockpitError {
  const detail = e instanceof ZipFormatError || e instanceof Error ? e.message : String(e)
  return new CockpitError('import.corrupt-file', `${fileName}: ${detail}`, { fileName })
}

// ─── counting a sheet's cells from its XML ──────────────────────────────────────────────────

/** `<row …>`, `<c …>`, `<mergeCell …>`, `<dimension …>`, with or without a namespace prefix. */
const TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c|mergeCell|dimension)(?=[\s/>])([^>]*)>/g

/**
 * Counts what exceljs would build. Cells and rows without an `r` follow the previous one, as
 * the format allows. Merged ranges are checked as they are met: one range over the whole
 * sheet is refused before its area is ever added up cell by cell.
 */
export function scanSheet(part: string, xml: Buffer, limits?: Pick<ImportLimits, 'rows' | 'columns'>): SheetShape {
  // Tags and references are ASCII; latin1 is the cheapest faithful view of the bytes.
  const text = xml.toString('latin1')
  let rows = 0
  let columns = 0
  let widestRow = 0
  let cells = 0
  let merged = 0
  let merges = 0
  let dimension: string | null = null
  let row = 0
  let col = 0
  TAG.lastIndex = 0
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const name = m[1]
    const attrs = m[2]!
    if (name === 'c') {
      const ref = attr(attrs, 'r')
      const at = ref ? parseRef(ref) : null
      col = at ? at.col : col + 1
      if (at && at.row > 0) row = at.row
      cells++
      if (col > columns) {
        columns = col
        widestRow = row
      }
      if (row > rows) rows = row
    } else if (name === 'row') {
      const r = attr(attrs, 'r')
      row = r ? Number(r) || row + 1 : row + 1
      col = 0
    } else if (name === 'mergeCell') {
      const range = parseRange(attr(attrs, 'ref') ?? '')
      if (!range) continue
      merges++
      if (limits && (range.bottom - 1 > limits.rows || range.right > limits.columns)) throw mergeTooLarge(range, limits)
      merged += (range.bottom - range.top + 1) * (range.right - range.left + 1) - 1
      if (range.bottom > rows) rows = range.bottom
      if (range.right > columns) {
        columns = range.right
        widestRow = range.top
      }
    } else if (name === 'dimension') {
      dimension = attr(attrs, 'ref')
    }
  }
  return { part, rows, columns, widestRow, cells: cells + merged, dimension, merges }
}

function mergeTooLarge(range: Range, limits: Pick<ImportLimits, 'rows' | 'columns'>): CockpitError {
  const cells = (range.bottom - range.top + 1) * (range.right - range.left + 1)
  return new CockpitError('import.merged-range-too-large', `merged range ${range.text} (${cells} cells)`, {
    range: range.text,
    cells,
    maxRows: limits.rows,
    maxColumns: limits.columns
  })
}

function attr(attrs: string, name: string): string | null {
  // Attributes are few and short: indexOf beats a regex per cell on a 100 MB sheet.
  let i = attrs.indexOf(`${name}="`)
  while (i > 0 && !/\s/.test(attrs[i - 1]!)) i = attrs.indexOf(`${name}="`, i + 1)
  if (i < 0) return null
  const start = i + name.length + 2
  const end = attrs.indexOf('"', start)
  return end < 0 ? null : attrs.slice(start, end)
}

/** "XFD20000" → column 16384, row 20000 (row 0 when the reference has none). */
export function parseRef(ref: string): { col: number; row: number } | null {
  let col = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c === 0x24) continue // $A$1
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  if (col === 0) return null
  const row = Number(ref.slice(i).replace('$', ''))
  return { col, row: Number.isInteger(row) ? row : 0 }
}

interface Range {
  text: string
  top: number
  left: number
  bottom: number
  right: number
}

function parseRange(text: string): Range | null {
  const [a, b = a] = text.split(':')
  const from = parseRef(a ?? '')
  const to = parseRef(b ?? '')
  if (!from || !to || from.row < 1 || to.row < 1) return null
  return {
    text,
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col)
  }
}
