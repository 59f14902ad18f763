import { BrowserWindow, dialog, type WebContents } from 'electron'
import { extname, join } from 'node:path'
import { printContents, type PdfExporter } from './pdf'

/**
 * The Electron side of PDF export. We print the window that asked (the sender of the call): with
 * two windows open, the focused one may not be the one whose "Export PDF" was clicked. Without a
 * sender (a caller outside IPC) the focused window stands in.
 */
export function electronPdfExporter(o: { targetWindow: () => BrowserWindow | undefined; documentsDir: string }): PdfExporter {
  return {
    printToPdf: (sender) => printContents((sender?.contents as WebContents | undefined) ?? o.targetWindow()?.webContents),
    chooseSavePath: async (suggestedName) => {
      const parent = o.targetWindow() ?? BrowserWindow.getFocusedWindow()
      // The filter follows the file: the same dialog saves PDFs and Excel workbooks.
      const ext = extname(suggestedName).slice(1).toLowerCase() || 'pdf'
      const options = { defaultPath: join(o.documentsDir, suggestedName), filters: [{ name: ext === 'xlsx' ? 'Excel' : ext.toUpperCase(), extensions: [ext] }] }
      const res = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      return res.canceled || !res.filePath ? null : res.filePath
    }
  }
}
