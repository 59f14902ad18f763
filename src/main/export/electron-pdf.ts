import { BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { printContents, type PdfExporter } from './pdf'

/**
 * The Electron side of PDF export. The handler map has no notion of who called, so we print the
 * window the user is working in (the focused one — the click on "Export PDF" just focused it),
 * falling back to the first of ours.
 */
export function electronPdfExporter(o: { targetWindow: () => BrowserWindow | undefined; documentsDir: string }): PdfExporter {
  return {
    printToPdf: () => printContents(o.targetWindow()?.webContents),
    chooseSavePath: async (suggestedName) => {
      const parent = o.targetWindow() ?? BrowserWindow.getFocusedWindow()
      const options = { defaultPath: join(o.documentsDir, suggestedName), filters: [{ name: 'PDF', extensions: ['pdf'] }] }
      const res = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      return res.canceled || !res.filePath ? null : res.filePath
    }
  }
}
