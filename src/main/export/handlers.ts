import type { exportContract } from '../../shared/ipc/export'
import type { SliceHandlers } from '../ipc/slice'
import { printToPdf, savePdf, saveXlsx, type PdfExporter } from './pdf'

/** `export.*`: PDF of the window that asked, and saving PDF/xlsx files (the harness downloads instead). */
export function exportHandlers(pdf: PdfExporter | undefined): SliceHandlers<typeof exportContract> {
  return {
    'export.printToPdf': (req, ctx) => printToPdf(pdf, ctx.sender, { landscape: req.landscape }),
    'export.savePdf': (req) => savePdf(pdf, req.fileName, req.data),
    'export.xlsx': (req) => saveXlsx(pdf, req)
  }
}
