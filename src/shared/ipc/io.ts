import { z } from 'zod'
import type { ContractSlice } from './define'

/** Largest import file accepted; bigger exports should be split (a 100 MB CSV is still fine). */
export const MAX_IMPORT_BYTES = 150 * 1024 * 1024

export const ImportWarning = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
})

/**
 * A note about one data row from reading the file (control characters removed, bytes the
 * decoder could not read). `row` indexes `rows`; validation adds it to that row's messages.
 */
export const ImportRowWarning = ImportWarning.extend({ row: z.number().int().min(0) })

/** A file read into a grid of strings: what main hands the import wizard. */
export const ParsedTable = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** Detected text encoding for CSV (utf-8, gb18030…); `binary` for Excel. */
  encoding: z.string(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** Index of the row taken as the header (title rows above it are skipped). */
  headerRow: z.number().int().min(0),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /**
   * The file's own 1-based row number of each data row (as Excel or a text editor shows it),
   * so the preview names rows as the file does after blank rows were dropped. Optional: without
   * it, validation counts `headerRow + 2 + index`.
   */
  rowNumbers: z.array(z.number().int()).optional(),
  warnings: z.array(ImportWarning),
  /** Sparse: only rows that have something to say. Optional, so older tables still parse. */
  rowWarnings: z.array(ImportRowWarning).optional()
})
export type ParsedTable = z.infer<typeof ParsedTable>

/**
 * How far the worker reading a file has got, pushed to the page as `io.parseProgress`
 * (a 100,000-row export takes a while). `total` 0 means the phase cannot tell.
 */
export const ParseProgress = z.object({
  phase: z.enum(['unpacking', 'reading', 'rows']),
  done: z.number().min(0),
  total: z.number().min(0)
})
export type ParseProgress = z.infer<typeof ParseProgress>

/** The event payload: which file, and where its reading is. */
export const ParseProgressEvent = ParseProgress.extend({ fileName: z.string() })
export type ParseProgressEvent = z.infer<typeof ParseProgressEvent>

export const ioContract = {
  'io.parseTable': {
    request: z
      .object({
        fileName: z.string().min(1).max(260),
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_IMPORT_BYTES, 'file too large'),
        sheet: z.string().max(200).optional()
      })
      .strict(),
    response: ParsedTable
  }
} satisfies ContractSlice
