import { z } from 'zod'

/**
 * The one shape every exported view is turned into: a titled table of typed columns. The page
 * builds it from what it shows; main turns it into an .xlsx (never the page's bytes), the
 * print view into A4 pages. Values are plain data: money in minor units with its currency,
 * dates as UTC epoch milliseconds, percentages as ratios (0.25 = 25 %).
 */

/**
 * Sane limits, checked by zod at the IPC boundary and by the page before it asks. Excel holds
 * 1,048,576 rows and 32,767 characters a cell; a workspace of 10,000 deals is the design size,
 * so 100,000 rows a table leaves room without letting one request fill main's memory.
 */
export const EXPORT_LIMITS = {
  tables: 50,
  columns: 100,
  rowsPerTable: 100_000,
  cells: 2_000_000,
  textChars: 32_767,
  labelChars: 200,
  /** The print view lays out this many rows a table; the .xlsx always holds them all. */
  printRows: 2_000
} as const

export const ColumnKind = z.enum(['text', 'number', 'money', 'date', 'datetime', 'percent'])
export type ColumnKind = z.infer<typeof ColumnKind>

const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code')

export const ExportColumn = z
  .object({
    /** The row field this column reads. */
    key: z.string().min(1).max(64),
    /** The header the reader sees, already translated. */
    label: z.string().max(EXPORT_LIMITS.labelChars),
    kind: ColumnKind,
    /** money: the currency of plain-number cells (a cell may name its own). */
    currency: CurrencyCode.optional(),
    /** number / percent: decimals shown (default: 0, or 1 when the numbers are not whole). */
    decimals: z.number().int().min(0).max(6).optional()
  })
  .strict()
export type ExportColumn = z.infer<typeof ExportColumn>

/** An amount in integer minor units (fen, cents) of its own currency. */
export interface MoneyCell {
  minor: number
  currency: string
}

/** text: a string; number, percent, date: a number; money: a MoneyCell or minor units; empty: null. */
export type ExportCell = string | number | MoneyCell | null

export type ExportRow = Record<string, ExportCell>

/** Epoch milliseconds a date cell may hold (year 1900 to 9999, Excel's range). */
const EARLIEST_MS = Date.UTC(1900, 0, 1)
const LATEST_MS = Date.UTC(9999, 11, 31)

const CURRENCY = /^[A-Z]{3}$/
const MAX_MINOR = 1e15

/**
 * Why a cell does not fit its column, or null. Checked by hand inside the table's zod
 * refinement: a union schema per cell cost more than building the workbook for 10,000 deals.
 */
export function cellProblem(kind: ColumnKind, cell: unknown, column: ExportColumn): string | null {
  if (cell === null || cell === undefined) return null
  switch (kind) {
    case 'text':
      if (typeof cell !== 'string') return 'expected text'
      return cell.length <= EXPORT_LIMITS.textChars ? null : `text longer than ${EXPORT_LIMITS.textChars} characters`
    case 'number':
    case 'percent':
      return typeof cell === 'number' && Number.isFinite(cell) ? null : 'expected a finite number'
    case 'date':
    case 'datetime':
      return typeof cell === 'number' && cell >= EARLIEST_MS && cell <= LATEST_MS ? null : 'expected epoch milliseconds'
    case 'money':
      if (typeof cell === 'number') {
        if (!Number.isFinite(cell) || Math.abs(cell) > MAX_MINOR) return 'expected a finite amount'
        return column.currency ? null : 'a plain amount needs the column currency'
      }
      if (typeof cell !== 'object' || Array.isArray(cell)) return 'expected an amount'
      return moneyProblem(cell as Record<string, unknown>)
  }
}

function moneyProblem(m: Record<string, unknown>): string | null {
  let keys = 0
  for (const k in m) {
    keys++
    if (k !== 'minor' && k !== 'currency') return `unexpected field ${k.slice(0, 40)}`
  }
  if (keys !== 2) return 'expected {minor, currency}'
  if (typeof m.minor !== 'number' || !Number.isFinite(m.minor) || Math.abs(m.minor) > MAX_MINOR) return 'expected finite minor units'
  if (typeof m.currency !== 'string' || !CURRENCY.test(m.currency)) return 'expected an ISO 4217 currency'
  return null
}

const isRow = (v: unknown): v is ExportRow => v !== null && typeof v === 'object' && !Array.isArray(v)

export const ExportTable = z
  .object({
    /** Becomes the sheet name (made legal and unique) and the print view's heading. */
    title: z.string().min(1).max(EXPORT_LIMITS.labelChars),
    columns: z.array(ExportColumn).min(1).max(EXPORT_LIMITS.columns),
    rows: z.array(z.custom<ExportRow>(isRow, 'a row object')).max(EXPORT_LIMITS.rowsPerTable)
  })
  .strict()
  .superRefine((table, ctx) => {
    const keys = new Set<string>()
    for (const [i, c] of table.columns.entries()) {
      if (keys.has(c.key)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'key'], message: `duplicate column key ${c.key}` })
      keys.add(c.key)
    }
    // One message for the first misfit: a table of 10,000 bad rows need not list them all.
    const columns = table.columns
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r]!
      for (const k in row) {
        if (!keys.has(k)) {
          ctx.addIssue({ code: 'custom', path: ['rows', r, k.slice(0, 64)], message: 'a field no column names' })
          return
        }
      }
      for (const c of columns) {
        const problem = cellProblem(c.kind, row[c.key], c)
        if (problem) {
          ctx.addIssue({ code: 'custom', path: ['rows', r, c.key], message: problem })
          return
        }
      }
    }
  })
export type ExportTable = z.infer<typeof ExportTable>

/** File names offered in a save dialog: no folders, no control characters. */
export const XlsxFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|]+\.xlsx$/i, 'a plain file name ending in .xlsx')
  .refine((name) => ![...name].some((ch) => ch.charCodeAt(0) < 0x20), 'no control characters')

/** Is this an IANA time zone the runtime knows? */
function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/**
 * Sizes first, cells after: an oversized request is refused by counting, before two million
 * cells are parsed one by one.
 */
const TableSizes = z
  .array(
    z.looseObject({
      columns: z.array(z.unknown()).max(EXPORT_LIMITS.columns),
      rows: z.array(z.unknown()).max(EXPORT_LIMITS.rowsPerTable)
    })
  )
  .max(EXPORT_LIMITS.tables)
  .superRefine((tables, ctx) => {
    const cells = cellCount(tables)
    if (cells > EXPORT_LIMITS.cells) ctx.addIssue({ code: 'custom', message: `${cells} cells, more than ${EXPORT_LIMITS.cells}` })
  })

export const ExportWorkbook = z
  .object({
    fileName: XlsxFileName,
    /** Whose calendar dates are written in: the day a deal closes is the reader's day. */
    timeZone: z.string().min(1).max(64).refine(knownTimeZone, 'an IANA time zone'),
    /** Workbook properties: what was exported, for which scope. */
    title: z.string().max(EXPORT_LIMITS.labelChars).optional(),
    subject: z.string().max(EXPORT_LIMITS.labelChars).optional(),
    // Typed as the tables it yields: the size gate in front changes nothing about the shape.
    tables: TableSizes.pipe(z.array(ExportTable).min(1).max(EXPORT_LIMITS.tables)) as unknown as z.ZodType<
      ExportTable[],
      z.input<typeof ExportTable>[]
    >
  })
  .strict()
export type ExportWorkbook = z.infer<typeof ExportWorkbook>

export function cellCount(tables: readonly { columns: readonly unknown[]; rows: readonly unknown[] }[]): number {
  return tables.reduce((n, t) => n + t.columns.length * t.rows.length, 0)
}

/**
 * The first limit a set of tables breaks, as an error code the page translates before it
 * sends anything (`export.too-many-rows`…), or null. Main enforces the same limits with zod.
 */
export function exportLimitProblem(
  tables: readonly { columns: readonly unknown[]; rows: readonly unknown[] }[]
): { code: string; params: Record<string, number> } | null {
  if (tables.length === 0) return { code: 'export.nothing', params: {} }
  if (tables.length > EXPORT_LIMITS.tables) return { code: 'export.too-many-tables', params: { count: tables.length, limit: EXPORT_LIMITS.tables } }
  for (const t of tables) {
    if (t.rows.length > EXPORT_LIMITS.rowsPerTable)
      return { code: 'export.too-many-rows', params: { count: t.rows.length, limit: EXPORT_LIMITS.rowsPerTable } }
    if (t.columns.length > EXPORT_LIMITS.columns)
      return { code: 'export.too-many-columns', params: { count: t.columns.length, limit: EXPORT_LIMITS.columns } }
  }
  const cells = cellCount(tables)
  if (cells > EXPORT_LIMITS.cells) return { code: 'export.too-many-cells', params: { count: cells, limit: EXPORT_LIMITS.cells } }
  return null
}

/**
 * A file name every OS's save dialog accepts: path and control characters become spaces,
 * runs of spaces collapse, and the name is cut before the extension.
 */
export function exportFileName(parts: readonly (string | undefined)[], ext: 'xlsx' | 'pdf'): string {
  const clean = [...parts.filter(Boolean).join(' ')]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  return `${[...clean].slice(0, 180).join('').trim() || 'export'}.${ext}`
}
