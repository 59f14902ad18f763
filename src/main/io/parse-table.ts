import chardet from 'chardet'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { CockpitError } from '../../shared/ipc/define'
import type { ParseProgress, ParsedTable } from '../../shared/ipc/io'
import { TextNotes } from './cell-text'
import { IMPORT_LIMITS, refuseUnreadable, type ImportLimits } from './limits'
import { inspectXlsx } from './xlsx-guard'

/**
 * Reads a CRM export (CSV or .xlsx) into a grid of trimmed strings for the import wizard.
 * Main only turns bytes into text cells; every business rule (which column is what, what a
 * stage means) lives in `src/shared/domain/import`, so the same rules run in tests and UI.
 * It runs in a worker (see `table-parser.ts`): a hostile file costs the worker, never main,
 * and the limits below refuse it with a named limit before it costs much even there.
 */

type Warning = ParsedTable['warnings'][number]
type RowWarning = NonNullable<ParsedTable['rowWarnings']>[number]

const HEADER_SCAN_ROWS = 10
/** Rows between progress reports: cheap enough to ask often, rare enough to cost nothing. */
const PROGRESS_EVERY = 4096

export interface ParseOptions {
  sheet?: string
  limits?: ImportLimits
  onProgress?: (p: ParseProgress) => void
}

export async function parseTable(fileName: string, data: Uint8Array, opts: ParseOptions = {}): Promise<ParsedTable> {
  refuseUnreadable(fileName, data)
  const limits = opts.limits ?? IMPORT_LIMITS
  const format = sniffFormat(data)
  if (format.kind === 'xlsx') return parseXlsx(fileName, data, opts.sheet, limits, opts.onProgress)
  if (format.kind === 'binary') {
    throw new CockpitError('import.unsupported-format', `${fileName}: ${format.name}`, { fileName, format: format.name })
  }
  return parseCsv(fileName, data, limits, opts.onProgress)
}

// ─── format sniffing ────────────────────────────────────────────────────────────────────────

type Sniffed = { kind: 'xlsx' } | { kind: 'text' } | { kind: 'binary'; name: string }

const MAGIC: { name: string; bytes: number[] }[] = [
  // OLE2 compound file: legacy .xls (and .doc); users must re-save as .xlsx.
  { name: 'xls', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { name: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
  { name: 'rar', bytes: [0x52, 0x61, 0x72, 0x21] },
  { name: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: 'gzip', bytes: [0x1f, 0x8b] }
]

function startsWith(data: Uint8Array, bytes: number[]): boolean {
  if (data.length < bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (data[i] !== bytes[i]) return false
  return true
}

function sniffFormat(data: Uint8Array): Sniffed {
  // Zip: an .xlsx is a zip; a .docx or plain .zip also is, and exceljs will refuse those.
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' }
  if (startsWith(data, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'binary', name: 'zip' }
  for (const m of MAGIC) if (startsWith(data, m.bytes)) return { kind: 'binary', name: m.name }
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) return { kind: 'text' }
  if (utf16WithoutBom(data)) return { kind: 'text' }
  // Binaries renamed to .csv are full of NUL and C0 control bytes. Text may carry a stray NUL
  // (a CRM that wrote C strings): that is cleaned row by row, not a reason to refuse the file.
  const n = Math.min(data.length, 8192)
  let control = 0
  let zeros = 0
  for (let i = 0; i < n; i++) {
    const b = data[i]!
    if (b === 0) zeros++
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++
  }
  if (zeros > Math.max(4, n * 0.01) || zeros + control > n * 0.05) return { kind: 'binary', name: 'binary' }
  return { kind: 'text' }
}

/** UTF-16 without a BOM: every other byte is NUL for ASCII-heavy text. */
function utf16WithoutBom(data: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(data.length, 4096) & ~1
  if (n < 4) return null
  let evenZero = 0
  let oddZero = 0
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) evenZero++
    if (data[i + 1] === 0) oddZero++
  }
  const half = n / 2
  if (oddZero > half * 0.4 && evenZero < half * 0.05) return 'utf-16le'
  if (evenZero > half * 0.4 && oddZero < half * 0.05) return 'utf-16be'
  return null
}

// ─── CSV ────────────────────────────────────────────────────────────────────────────────────

interface Decoded {
  text: string
  encoding: string
  warnings: Warning[]
  /** Replacement characters in the text mean bytes the decoder could not read. */
  lossy: boolean
}

function decodeText(fileName: string, data: Uint8Array): Decoded {
  const ok = (text: string, encoding: string, warnings: Warning[] = []): Decoded => ({ text, encoding, warnings, lossy: false })
  if (startsWith(data, [0xef, 0xbb, 0xbf])) {
    const body = data.subarray(3)
    try {
      return ok(new TextDecoder('utf-8', { fatal: true }).decode(body), 'utf-8')
    } catch {
      // A UTF-8 mark on bytes that are not UTF-8: an editor added the BOM to a GBK file, or
      // rows from a GBK file were pasted in. Read whichever the bytes are, and say so.
    }
    const sample = body.subarray(0, Math.min(body.length, 64 * 1024))
    if (!mostlyUtf8(sample) && gbPairRatio(sample) >= 0.6 && plausibleText(iconv.decode(Buffer.from(sample), 'gb18030'))) {
      return ok(iconv.decode(Buffer.from(body), 'gb18030'), 'gb18030', [{ code: 'import.bom-mismatch', params: { encoding: 'GBK' } }])
    }
    return { text: utf8(body), encoding: 'utf-8', warnings: [], lossy: true }
  }
  if (startsWith(data, [0xff, 0xfe])) return ok(iconv.decode(Buffer.from(data.subarray(2)), 'utf-16le'), 'utf-16le')
  if (startsWith(data, [0xfe, 0xff])) return ok(iconv.decode(Buffer.from(data.subarray(2)), 'utf-16be'), 'utf-16be')
  const utf16 = utf16WithoutBom(data)
  if (utf16) return ok(iconv.decode(Buffer.from(data), utf16), utf16)

  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(data), 'utf-8')
  } catch {
    // not UTF-8: fall through to detection
  }

  const sample = data.subarray(0, Math.min(data.length, 64 * 1024))
  // UTF-8 with a few broken sequences (a cut multibyte character, a row pasted from a GBK
  // file): the GBK test below would pass too, since UTF-8 Chinese is mostly valid GBK byte
  // pairs, and turn every character of the file into mojibake. Read UTF-8, flag the rows.
  if (mostlyUtf8(sample)) return { text: utf8(data), encoding: 'utf-8', warnings: [], lossy: true }

  // GBK exports are by far the most common non-UTF-8 case in China (Excel on Chinese Windows
  // saves CSV as GBK), and chardet often mistakes short GBK samples for Big5 or a Latin code
  // page, so a byte-pair check for GB2312 text runs first and chardet only breaks ties.
  const gb = gbPairRatio(sample)
  if (gb >= 0.8 && plausibleText(iconv.decode(Buffer.from(sample), 'gb18030'))) {
    return { text: iconv.decode(Buffer.from(data), 'gb18030'), encoding: 'gb18030', warnings: [], lossy: true }
  }
  const guesses = chardet.analyse(sample)
  for (const g of guesses) {
    const encoding = TRUSTED_ENCODINGS[g.name.toLowerCase()]
    if (!encoding || g.confidence < 30) continue
    if (plausibleText(iconv.decode(Buffer.from(sample), encoding), encoding)) {
      return { text: iconv.decode(Buffer.from(data), encoding), encoding, warnings: [], lossy: true }
    }
  }
  if (gb >= 0.6 && plausibleText(iconv.decode(Buffer.from(sample), 'gb18030'))) {
    return { text: iconv.decode(Buffer.from(data), 'gb18030'), encoding: 'gb18030', warnings: [], lossy: true }
  }
  const names = guesses.slice(0, 3).map((g) => `${g.name}:${g.confidence}`)
  throw new CockpitError('import.encoding-unknown', `${fileName}: cannot decode (gb ${gb.toFixed(2)}; ${names.join(', ')})`, {
    fileName
  })
}

/**
 * Whether bytes that failed strict UTF-8 are still UTF-8 at heart: few of their non-ASCII
 * bytes are unreadable. GBK, Big5 or a Latin code page read as UTF-8 lose most of them.
 */
function mostlyUtf8(sample: Uint8Array): boolean {
  let high = 0
  for (let i = 0; i < sample.length; i++) if (sample[i]! >= 0x80) high++
  if (high === 0) return true
  let bad = 0
  const text = utf8(sample)
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) bad++
  return bad < high * 0.1
}

/** chardet names → iconv names, only for code pages a CRM export plausibly uses. */
const TRUSTED_ENCODINGS: Record<string, string> = {
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  big5: 'big5',
  shift_jis: 'shift_jis',
  'euc-jp': 'euc-jp',
  'euc-kr': 'euc-kr',
  'windows-1252': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'windows-1251': 'windows-1251',
  'iso-8859-15': 'iso-8859-15'
}

/**
 * Share of non-ASCII byte pairs that fall in the GB2312 block (lead A1–F7, trail A1–FE).
 * Chinese text in GBK is nearly all such pairs; Latin code pages put an ASCII letter after an
 * accented one, so they score low.
 */
function gbPairRatio(data: Uint8Array): number {
  let gb2312 = 0
  let extension = 0
  let other = 0
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    if (b < 0x80) continue
    const next = data[i + 1]
    if (next === undefined) break
    if (b >= 0xa1 && b <= 0xf7 && next >= 0xa1 && next <= 0xfe) gb2312++
    // GBK's extension block holds rarer characters: they count, but only half.
    else if (b >= 0x81 && b <= 0xfe && next >= 0x40 && next <= 0xfe && next !== 0x7f) extension++
    else other++
    i++
  }
  const pairs = gb2312 + extension + other
  return pairs === 0 ? 0 : (gb2312 + extension / 2) / pairs
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}

const SINGLE_BYTE = new Set(['windows-1252', 'windows-1251', 'iso-8859-15'])
const LETTER = /\p{L}/u

/**
 * Few replacement characters (the sample may end mid-character, so the tail is ignored). A
 * single-byte code page decodes any bytes, so there the non-ASCII characters must also be
 * mostly letters, as in real French or German text, not a soup of symbols.
 */
function plausibleText(text: string, encoding = 'gb18030'): boolean {
  const body = text.slice(0, -2)
  let bad = 0
  let high = 0
  let letters = 0
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i)
    if (c === 0xfffd) bad++
    else if (c > 0x7f) {
      high++
      if (LETTER.test(body[i]!)) letters++
    }
  }
  if (bad > Math.max(2, body.length * 0.001)) return false
  return !SINGLE_BYTE.has(encoding) || letters >= high * 0.7
}

function detectDelimiter(text: string): string {
  const lines: string[] = []
  let start = 0
  while (lines.length < 30 && start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end)
    if (line.trim()) lines.push(line)
    start = end + 1
  }
  let best = ','
  let bestScore = 0
  for (const d of [',', ';', '\t', '|']) {
    // Count per line outside quotes; the delimiter is the one with a high, steady count.
    const counts = lines.map((l) => countOutsideQuotes(l, d)).filter((c) => c > 0)
    if (counts.length === 0) continue
    const freq = new Map<number, number>()
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1)
    let modeCount = 0
    let mode = 0
    for (const [c, f] of freq) if (f > modeCount || (f === modeCount && c > mode)) [mode, modeCount] = [c, f]
    const score = modeCount * Math.log2(mode + 1)
    if (score > bestScore) [best, bestScore] = [d, score]
  }
  return best
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') quoted = !quoted
    else if (c === d && !quoted) n++
  }
  return n
}

function parseCsv(fileName: string, data: Uint8Array, limits: ImportLimits, onProgress?: (p: ParseProgress) => void): ParsedTable {
  onProgress?.({ phase: 'reading', done: 0, total: 0 })
  const { text, encoding, warnings: decodeWarnings, lossy } = decodeText(fileName, data)
  if (!text.trim()) throw new CockpitError('import.empty-file', `${fileName} holds only whitespace`, { fileName })
  const delimiter = detectDelimiter(text)
  const notes = new TextNotes()
  const grid: { cells: string[]; rowNumber: number }[] = []
  // Rows past the limits are counted, not kept, so the refusal can say how many there are.
  const keepRows = limits.rows + HEADER_SCAN_ROWS
  const keepCells = limits.cells + limits.columns * (HEADER_SCAN_ROWS + 1)
  let keptCells = 0
  let overflow = false
  let nonEmpty = 0
  let record = 0
  let unclosed = 0
  let tooWide: { columns: number; row: number } | null = null
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (results, parser) => {
      record++
      for (const e of results.errors) if (e.code === 'MissingQuotes') unclosed++
      const cells = results.data
      let width = 0
      for (let j = 0; j < cells.length; j++) {
        let v = cells[j]!.trim()
        if (v) v = notes.cell(v, record, j, lossy)
        cells[j] = v
        if (v) width = j + 1
      }
      if (width === 0) return
      nonEmpty++
      // One row a million cells wide would make every row a million wide once padded.
      if (width > limits.columns) {
        tooWide = { columns: width, row: record }
        parser.abort()
        return
      }
      if (!overflow && (nonEmpty > keepRows || keptCells > keepCells)) overflow = true
      // Excel numbers CSV records, not text lines, so the record index is the row the user sees.
      if (!overflow) {
        cells.length = width
        grid.push({ cells, rowNumber: record })
        keptCells += width
      }
      if (onProgress && record % PROGRESS_EVERY === 0) onProgress({ phase: 'rows', done: results.meta.cursor, total: text.length })
    }
  })
  if (tooWide) {
    const { columns, row } = tooWide
    throw new CockpitError('import.too-many-columns', `${fileName}: row ${row} has ${columns} columns`, { columns, max: limits.columns, row })
  }
  onProgress?.({ phase: 'rows', done: text.length, total: text.length })
  const warnings: Warning[] = [...decodeWarnings]
  if (unclosed > 0) warnings.push({ code: 'import.unclosed-quote', params: { count: unclosed } })
  return finishTable(fileName, { format: 'csv', encoding, sheets: [], sheet: null, grid, warnings, notes, totalRows: nonEmpty }, limits.cells, limits)
}

// ─── Excel ──────────────────────────────────────────────────────────────────────────────────

interface MergeRange {
  model: { top: number; left: number; bottom: number; right: number }
}

async function parseXlsx(
  fileName: string,
  data: Uint8Array,
  sheetName: string | undefined,
  limits: ImportLimits,
  onProgress?: (p: ParseProgress) => void
): Promise<ParsedTable> {
  // Sizes, cells and merged ranges first: exceljs builds every cell of every sheet.
  inspectXlsx(fileName, data, limits, (done, total) => onProgress?.({ phase: 'unpacking', done, total }))
  onProgress?.({ phase: 'reading', done: 0, total: 0 })
  // Loaded on demand: a worker reading a CSV need not spend time loading the Excel reader.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs types want a Node Buffer; the view shares memory, no copy.
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer)
  } catch (e) {
    throw new CockpitError('import.corrupt-file', `${fileName}: ${e instanceof Error ? e.message : String(e)}`, { fileName })
  }
  const sheets = workbook.worksheets.map((w) => w.name)
  // A zip without worksheets is some other Office file (.docx, .pptx) or a plain archive.
  if (sheets.length === 0) throw new CockpitError('import.unsupported-format', `${fileName}: zip without worksheets`, { fileName, format: 'zip' })

  let worksheet: import('exceljs').Worksheet | undefined
  if (sheetName !== undefined) {
    worksheet = workbook.worksheets.find((w) => w.name === sheetName)
    if (!worksheet) throw new CockpitError('import.sheet-not-found', `${fileName}: no sheet ${sheetName}`, { sheet: sheetName })
  } else {
    worksheet = workbook.worksheets.find((w) => w.actualRowCount > 0) ?? workbook.worksheets[0]!
  }

  const counters = { formulas: 0, uncached: 0, errors: 0 }
  const notes = new TextNotes()
  const values = worksheet.getSheetValues() as unknown[][]
  const cellsByRow: (string[] | undefined)[] = []
  for (let r = 1; r < values.length; r++) {
    const row = values[r]
    if (!row) continue
    const numFmtRow = worksheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c < row.length; c++) {
      const v = row[c]
      const text = v === undefined || v === null ? '' : cellText(v, () => numFmtRow.getCell(c).numFmt, counters)
      cells[c - 1] = text && notes.cell(text, r, c - 1, false)
    }
    for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = ''
    cellsByRow[r] = cells
    if (onProgress && r % PROGRESS_EVERY === 0) onProgress({ phase: 'rows', done: r, total: values.length })
  }
  onProgress?.({ phase: 'rows', done: values.length, total: values.length })

  // Merged ranges: exceljs already repeats the master's value in cells it knows are merged,
  // but files from other tools may omit the slave cells, so fill every range explicitly.
  const merges = Object.values((worksheet as unknown as { _merges?: Record<string, MergeRange> })._merges ?? {})
  for (const m of merges) {
    const { top, left, bottom, right } = m.model
    const master = cellsByRow[top]?.[left - 1] ?? ''
    for (let r = top; r <= bottom; r++) {
      const cells = (cellsByRow[r] ??= [])
      for (let c = left; c <= right; c++) cells[c - 1] = master
      for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = ''
    }
  }

  const grid: { cells: string[]; rowNumber: number }[] = []
  for (let r = 1; r < cellsByRow.length; r++) {
    const cells = cellsByRow[r]
    if (cells && cells.some((v) => v !== '')) grid.push({ cells, rowNumber: r })
  }

  const warnings: Warning[] = []
  if (counters.formulas > 0) warnings.push({ code: 'import.formula-used', params: { count: counters.formulas } })
  if (counters.uncached > 0) warnings.push({ code: 'import.formula-uncached', params: { count: counters.uncached } })
  if (merges.length > 0) warnings.push({ code: 'import.merged-cells', params: { count: merges.length } })
  if (counters.errors > 0) warnings.push({ code: 'import.cell-errors', params: { count: counters.errors } })
  return finishTable(fileName, { format: 'xlsx', encoding: 'binary', sheets, sheet: worksheet.name, grid, warnings, notes, totalRows: grid.length }, limits.xlsxCells, limits)
}

function cellText(v: unknown, numFmt: () => string | undefined, counters: { formulas: number; uncached: number; errors: number }): string {
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number') {
    const fmt = numFmt()
    if (fmt && fmt.includes('%')) return `${plainNumber(v * 100)}%`
    return plainNumber(v)
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return isoDate(v)
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    if ('formula' in o || 'sharedFormula' in o) {
      counters.formulas++
      // The cached result is what the user saw in Excel; we never evaluate formulas ourselves.
      if (o.result === undefined || o.result === null) {
        counters.uncached++
        return ''
      }
      return cellText(o.result, numFmt, counters)
    }
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((p) => p.text ?? '').join('').trim()
    if ('text' in o) return cellText(o.text, numFmt, counters)
    if ('error' in o) {
      counters.errors++
      return ''
    }
  }
  return String(v).trim()
}

/** Excel stores binary doubles; 15 significant digits is what Excel itself displays. */
function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return ''
  const rounded = Number(n.toPrecision(15))
  if (Math.abs(rounded) >= 1e21) return rounded.toLocaleString('en-US', { useGrouping: false })
  const s = String(rounded)
  if (!s.includes('e')) return s
  // Tiny numbers: avoid exponent notation the amount parser would not read.
  return rounded.toFixed(20).replace(/\.?0+$/, '')
}

/** Excel dates carry no time zone: exceljs hands them back as UTC wall time, so read UTC fields. */
function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number): string => String(n).padStart(2, '0')
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  const s = d.getUTCSeconds()
  if (h === 0 && m === 0 && s === 0) return date
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}`
}

// ─── header detection and the final table ───────────────────────────────────────────────────

interface Grid {
  format: 'csv' | 'xlsx'
  encoding: string
  sheets: string[]
  sheet: string | null
  grid: { cells: string[]; rowNumber: number }[]
  warnings: Warning[]
  notes: TextNotes
  /** Non-empty rows in the file, the header included; more than `grid` when rows were only counted. */
  totalRows: number
}

const NUMBERISH = /^[-+(]?[¥￥$€£]?\s*[\d.,%\s:/-]+[)元万亿]?$/

/**
 * Title rows ("商机导出 2026-10-01", "Report generated by …") sit above the header in most CRM
 * exports. The header is the first of the top rows that is mostly filled, mostly text and has
 * no repeated labels; if none qualifies the widest row wins.
 */
export function detectHeaderRow(rows: string[][]): number {
  const scan = rows.slice(0, HEADER_SCAN_ROWS)
  if (scan.length === 0) return 0
  const width = Math.max(...rows.slice(0, 50).map(filledWidth))
  let widest = 0
  for (let i = 0; i < scan.length; i++) {
    const cells = scan[i]!.filter((c) => c !== '')
    if (filledWidth(scan[i]!) > filledWidth(scan[widest]!)) widest = i
    if (cells.length < Math.max(2, width * 0.5)) continue
    const numeric = cells.filter((c) => NUMBERISH.test(c)).length
    if (numeric > cells.length * 0.2) continue
    if (new Set(cells.map((c) => c.toLowerCase())).size < cells.length * 0.9) continue
    return i
  }
  return widest
}

function filledWidth(cells: string[]): number {
  let n = 0
  for (const c of cells) if (c !== '') n++
  return n
}

function finishTable(fileName: string, g: Grid, maxCells: number, limits: ImportLimits): ParsedTable {
  if (g.grid.length === 0) throw new CockpitError('import.empty-file', `${fileName} holds no cells`, { fileName })
  const headerIndex = detectHeaderRow(g.grid.slice(0, 50).map((r) => r.cells))
  const headerCells = g.grid[headerIndex]!.cells
  const body = g.grid.slice(headerIndex + 1)
  if (body.length === 0) throw new CockpitError('import.no-rows', `${fileName}: a header but no rows`, { fileName })
  const bodyRows = g.totalRows - headerIndex - 1
  if (bodyRows > limits.rows) {
    throw new CockpitError('import.too-many-rows', `${fileName}: ${bodyRows} rows`, { rows: bodyRows, max: limits.rows })
  }

  let width = headerCells.length
  while (width > 0 && headerCells[width - 1] === '') width--
  let extra = 0
  for (const r of body) {
    let w = r.cells.length
    while (w > width && r.cells[w - 1] === '') w--
    if (w > width) {
      extra++
      width = w
    }
  }
  // Every row is padded to the widest: that grid is what main and the page will hold.
  const cells = bodyRows * width
  if (cells > maxCells || g.totalRows > g.grid.length) {
    throw new CockpitError('import.too-many-cells', `${fileName}: ${bodyRows} rows × ${width} columns`, { cells, max: maxCells, rows: bodyRows, columns: width })
  }
  const headers = pad(headerCells, width)
  const rows = body.map((r) => pad(r.cells, width))
  const warnings = [...g.warnings]
  if (extra > 0) warnings.push({ code: 'import.extra-cells', params: { count: extra } })
  const rowWarnings = textWarnings(g.notes, body, headers)
  const cleaned = new Set(rowWarnings.filter((w) => w.code === 'import.control-characters-removed').map((w) => w.row)).size
  const undecodable = new Set(rowWarnings.filter((w) => w.code === 'import.undecodable-characters').map((w) => w.row)).size
  if (cleaned > 0) warnings.push({ code: 'import.control-characters-summary', params: { rows: cleaned } })
  if (undecodable > 0) warnings.push({ code: 'import.undecodable-summary', params: { rows: undecodable } })
  return {
    fileName,
    format: g.format,
    encoding: g.encoding,
    sheets: g.sheets,
    sheet: g.sheet,
    // Index among the file's rows (0-based), so the wizard can say "header on row N+1".
    headerRow: g.grid[headerIndex]!.rowNumber - 1,
    headers,
    rows,
    rowNumbers: body.map((r) => r.rowNumber),
    warnings,
    ...(rowWarnings.length > 0 ? { rowWarnings } : {})
  }
}

/** One warning per data row that cleaning touched, naming the columns (by header). */
function textWarnings(notes: TextNotes, body: { rowNumber: number }[], headers: string[]): RowWarning[] {
  if (notes.removed.size === 0 && notes.undecodable.size === 0) return []
  const columnNames = (columns: number[]): string => {
    const names = columns.slice(0, 3).map((c) => headers[c] || `#${c + 1}`)
    return columns.length > 3 ? `${names.join(', ')}…` : names.join(', ')
  }
  const out: RowWarning[] = []
  body.forEach((r, i) => {
    const removed = notes.removed.get(r.rowNumber)
    if (removed) out.push({ row: i, code: 'import.control-characters-removed', params: { count: removed.count, column: columnNames(removed.columns) } })
    const lost = notes.undecodable.get(r.rowNumber)
    if (lost) out.push({ row: i, code: 'import.undecodable-characters', params: { count: lost.count, column: columnNames(lost.columns) } })
  })
  return out
}

function pad(cells: string[], width: number): string[] {
  if (cells.length === width) return cells
  if (cells.length > width) return cells.slice(0, width)
  const out = cells.slice()
  while (out.length < width) out.push('')
  return out
}
