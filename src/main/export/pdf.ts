import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CockpitError } from '../../shared/ipc/define'
import type { CallSender } from '../ipc/dispatch'
import type { ExportWorkbook } from '../../shared/export/table'
import { buildXlsx } from './xlsx'

/**
 * What the export channels need from the process they run in. Electron prints a window and
 * asks where to save; the browser harness has no window: the page prints and downloads.
 */
export interface PdfExporter {
  /** Print the calling window's current page to PDF bytes (`sender`: the page that asked). */
  printToPdf?: (sender?: CallSender, o?: { landscape?: boolean }) => Promise<Uint8Array<ArrayBuffer>>
  /** Ask where to save (the dialog filters by the name's extension); `null` when the user cancels. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>
  /** Where to save without asking (the harness). */
  saveDir?: string
}

/** The part of Electron's WebContents printing uses, so tests can pass a fake. */
export interface PrintableContents {
  isDestroyed(): boolean
  printToPDF(options: { pageSize: 'A4'; printBackground: boolean; landscape: boolean }): Promise<Uint8Array>
}

/**
 * A4 with backgrounds (the section shading and flag colours carry meaning on paper too); the
 * margins and the page-number footer come from the print view's own `@page` rule.
 */
export async function printContents(contents: PrintableContents | undefined, o: { landscape?: boolean } = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (!contents || contents.isDestroyed()) throw new CockpitError('export.no-window', 'no window to print')
  // A copy: Electron hands back a Buffer that may be a view into a shared pool.
  return new Uint8Array(await contents.printToPDF({ pageSize: 'A4', printBackground: true, landscape: o.landscape ?? false }))
}

export async function printToPdf(
  e: PdfExporter | undefined,
  sender?: CallSender,
  o: { landscape?: boolean } = {}
): Promise<{ data: Uint8Array<ArrayBuffer> }> {
  if (!e?.printToPdf) throw new CockpitError('export.print-unavailable', 'printing to PDF needs the desktop app')
  return { data: await e.printToPdf(sender, o) }
}

export async function savePdf(e: PdfExporter | undefined, fileName: string, data: Uint8Array): Promise<{ fileName: string | null }> {
  // The schema already refuses folders; basename is the second lock on the door.
  const name = basename(fileName)
  let path: string | null
  if (e?.chooseSavePath) path = await e.chooseSavePath(name)
  else if (e?.saveDir) path = join(e.saveDir, name)
  else throw new CockpitError('export.save-unavailable', 'no place to save files in this process')
  if (path === null) return { fileName: null }
  await writeExport(path, data, name)
  return { fileName: basename(path) }
}

/**
 * An .xlsx built here from the view's tables, saved where the user chooses (asked first, so a
 * cancel costs nothing). Without a dialog — the browser harness — the bytes go back to the
 * page, which offers them as a download.
 */
export async function saveXlsx(e: PdfExporter | undefined, wb: ExportWorkbook): Promise<{ fileName: string | null; data?: Uint8Array<ArrayBuffer> }> {
  const name = basename(wb.fileName)
  if (!e?.chooseSavePath && !e?.saveDir) return { fileName: name, data: await buildXlsx(wb) }
  const path = e.chooseSavePath ? await e.chooseSavePath(name) : join(e.saveDir!, name)
  if (path === null) return { fileName: null }
  await writeExport(path, await buildXlsx(wb), name)
  return { fileName: basename(path) }
}

async function writeExport(path: string, data: Uint8Array, name: string): Promise<void> {
  try {
    await writeFile(path, data)
  } catch (err) {
    throw new CockpitError('export.write-failed', err instanceof Error ? err.message : String(err), { fileName: name })
  }
}
