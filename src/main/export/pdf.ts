import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { CockpitError } from '../../shared/ipc/define'
import type { CallSender } from '../ipc/dispatch'

/**
 * What the export channels need from the process they run in. Electron prints a window and
 * asks where to save; the browser harness has no window and saves into its data folder.
 */
export interface PdfExporter {
  /** Print the calling window's current page to PDF bytes (`sender`: the page that asked). */
  printToPdf?: (sender?: CallSender) => Promise<Uint8Array<ArrayBuffer>>
  /** Ask where to save; `null` when the user cancels. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>
  /** Where to save without asking (the harness). */
  saveDir?: string
}

/** The part of Electron's WebContents printing uses, so tests can pass a fake. */
export interface PrintableContents {
  isDestroyed(): boolean
  printToPDF(options: { pageSize: 'A4'; printBackground: boolean }): Promise<Uint8Array>
}

/**
 * A4 with backgrounds (the section shading and flag colours carry meaning on paper too); the
 * margins and the page-number footer come from the print view's own `@page` rule.
 */
export async function printContents(contents: PrintableContents | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (!contents || contents.isDestroyed()) throw new CockpitError('export.no-window', 'no window to print')
  // A copy: Electron hands back a Buffer that may be a view into a shared pool.
  return new Uint8Array(await contents.printToPDF({ pageSize: 'A4', printBackground: true }))
}

export async function printToPdf(e: PdfExporter | undefined, sender?: CallSender): Promise<{ data: Uint8Array<ArrayBuffer> }> {
  if (!e?.printToPdf) throw new CockpitError('export.print-unavailable', 'printing to PDF needs the desktop app')
  return { data: await e.printToPdf(sender) }
}

export async function savePdf(e: PdfExporter | undefined, fileName: string, data: Uint8Array): Promise<{ fileName: string | null }> {
  return saveExport(e, fileName, data)
}

/** Save an export's bytes (PDF, .xlsx) where the user chooses, or into the harness's folder. */
export async function saveExport(e: PdfExporter | undefined, fileName: string, data: Uint8Array): Promise<{ fileName: string | null }> {
  // The schema already refuses folders; basename is the second lock on the door.
  const name = basename(fileName)
  let path: string | null
  if (e?.chooseSavePath) path = await e.chooseSavePath(name)
  else if (e?.saveDir) {
    await mkdir(e.saveDir, { recursive: true })
    path = join(e.saveDir, name)
  } else throw new CockpitError('export.save-unavailable', 'no place to save files in this process')
  if (path === null) return { fileName: null }
  try {
    await writeFile(path, data)
  } catch (err) {
    throw new CockpitError('export.write-failed', err instanceof Error ? err.message : String(err), { fileName: name })
  }
  return { fileName: basename(path) }
}
