import { z } from 'zod'
import type { ContractSlice } from './define'

/** Largest import file accepted; bigger exports should be split (a 100 MB CSV is still fine). */
export const MAX_IMPORT_BYTES = 150 * 1024 * 1024

export const ImportWarning = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
})

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
  warnings: z.array(ImportWarning)
})
export type ParsedTable = z.infer<typeof ParsedTable>

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
