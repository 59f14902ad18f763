import { BrowserWindow, dialog, type WebContents } from 'electron'
import { join } from 'node:path'
import { printContents, type PdfExporter } from './pdf'

/**
 * The Electron side of export (PDF and Excel). We print the window that asked (the sender of the call): with
 * two windows open, the focused one may not be the one whose "Export PDF" was clicked. Without a
 * sender (a caller outside IPC) the focused window stands in.
 */
export function electronPdfExporter(o: { targetWindow: () => BrowserWindow | undefined; documentsDir: string }): PdfExporter {
  return {
    printToPdf: (sender, opts) => printContents((sender?.contents as WebContents | undefined) ?? o.targetWindow()?.webContents, opts),
    chooseSavePath: async (suggestedName) => {
      const parent = o.targetWindow() ?? BrowserWindow.getFocusedWindow()
      const excel = /\.xlsx$/i.test(suggestedName)
      const filters = [excel ? { name: 'Excel', extensions: ['xlsx'] } : { name: 'PDF', extensions: ['pdf'] }]
      const options = { defaultPath: join(o.documentsDir, suggestedName), filters }
      const res = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      return res.canceled || !res.filePath ? null : res.filePath
    }
  }
}
