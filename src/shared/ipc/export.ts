import { z } from 'zod'
import type { ContractSlice } from './define'
import { ExportWorkbook } from '../export/table'

/** A printed strategy sheet is a few pages; anything near this is not a sheet. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024

/** File names we offer in a save dialog: no folders, no control characters. */
const PdfFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|]+\.pdf$/i, 'a plain file name ending in .pdf')
  .refine((name) => ![...name].some((ch) => ch.charCodeAt(0) < 0x20), 'no control characters')

export const exportContract = {
  /**
   * Print the page the call comes from (the print view of a strategy sheet or of an exported
   * view) on A4. Electron
   * only: in the browser harness there is no window in main, so the browser prints instead.
   */
  'export.printToPdf': {
    /** `landscape`: a wide table (a deal list of many columns) is printed across the page. */
    request: z.object({ landscape: z.boolean().optional() }).strict(),
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
  },
  /**
   * Build an .xlsx in main from the view's table model (never from bytes the page made) and
   * save it where the user chooses. Where main has no dialog (the browser harness) the bytes
   * come back for the page to offer as a download. `fileName: null`: the dialog was cancelled.
   */
  'export.xlsx': {
    request: ExportWorkbook,
    response: z.object({ fileName: z.string().nullable(), data: z.instanceof(Uint8Array).optional() })
  }
} satisfies ContractSlice
