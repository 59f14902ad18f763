import { z } from 'zod'
import type { ContractSlice } from './define'

/** A printed strategy sheet is a few pages; anything near this is not a sheet. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024

/** File names we offer in a save dialog: no folders, no control characters. */
const PdfFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|]+\.pdf$/i, 'a plain file name ending in .pdf')
  .refine((name) => ![...name].some((ch) => ch.charCodeAt(0) < 0x20), 'no control characters')

const pdfContract = {
  /**
   * Print the page the call comes from (the print view of a strategy sheet) on A4. Electron
   * only: in the browser harness there is no window in main, so the browser prints instead.
   */
  'export.printToPdf': {
    request: z.object({}).strict(),
    response: z.object({ data: z.instanceof(Uint8Array) })
  },
  /** Save PDF bytes where the user chooses; `null` when they cancelled the dialog. */
  'export.savePdf': {
    request: z
      .object({
        fileName: PdfFileName,
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength > 0 && d.byteLength <= MAX_PDF_BYTES, 'empty or too large')
      })
      .strict(),
    response: z.object({ fileName: z.string().nullable() })
  }
} satisfies ContractSlice

/** Excel's own limits: 31 characters a sheet name, 1,048,576 rows a sheet. */
const MAX_SHEETS = 20
const MAX_ROWS = 200_000
const MAX_COLUMNS = 50

const XlsxFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|]+\.xlsx$/i, 'a plain file name ending in .xlsx')
  .refine((name) => ![...name].some((ch) => ch.charCodeAt(0) < 0x20), 'no control characters')

const CellValue = z.union([z.string().max(10_000), z.number().finite(), z.null()])

/**
 * A table as the screen holds it: money in integer minor units with the row's currency in
 * another column, dates as YYYY-MM-DD, ratios 0–1. Main turns them into real Excel numbers,
 * dates and formats, so a sheet adds up like the screen.
 */
export const WorkbookSheet = z
  .object({
    name: z.string().min(1).max(100),
    columns: z
      .array(
        z
          .object({
            key: z.string().min(1).max(100),
            header: z.string().max(200),
            kind: z.enum(['text', 'number', 'money', 'date', 'percent']),
            currencyKey: z.string().min(1).max(100).optional()
          })
          .strip()
      )
      .min(1)
      .max(MAX_COLUMNS),
    rows: z.array(z.record(z.string(), CellValue)).max(MAX_ROWS)
  })
  .strip()
export type WorkbookSheet = z.infer<typeof WorkbookSheet>

const workbookContract = {
  /** Build an .xlsx, one sheet per table, and save it where the user chooses (`null`: cancelled). */
  'export.saveWorkbook': {
    request: z
      .object({ fileName: XlsxFileName, sheets: z.array(WorkbookSheet).min(1).max(MAX_SHEETS) })
      .strict(),
    response: z.object({ fileName: z.string().nullable() })
  }
} satisfies ContractSlice

export const exportContract = { ...pdfContract, ...workbookContract } satisfies ContractSlice
