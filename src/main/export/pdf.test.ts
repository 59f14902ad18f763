import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { createHandlers, type MainServices } from '../ipc/handlers'
import { printContents, type PrintableContents } from './pdf'

const dir = mkdtempSync(join(tmpdir(), 'cockpit-pdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7 strategy sheet')

function contents(destroyed = false): PrintableContents & { printToPDF: ReturnType<typeof vi.fn> } {
  return { isDestroyed: () => destroyed, printToPDF: vi.fn(async () => PDF) }
}

function handlers(pdf: MainServices['pdf']) {
  return createHandlers({ info: {} as MainServices['info'], settings: {} as MainServices['settings'], log: {} as MainServices['log'], pdf })
}

describe('PDF export', () => {
  it('prints the window on A4 with backgrounds and returns the bytes', async () => {
    const wc = contents()
    const h = handlers({ printToPdf: () => printContents(wc) })
    const res = await dispatch(h, 'export.printToPdf', {})
    expect(res.ok).toBe(true)
    expect(wc.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'A4', printBackground: true }))
    const data = (res as { value: { data: Uint8Array } }).value.data
    expect(Buffer.from(data).toString()).toBe(PDF.toString())
  })

  it('prints a wide exported table across the page when asked', async () => {
    const wc = contents()
    const h = handlers({ printToPdf: (_sender, o) => printContents(wc, o) })
    expect((await dispatch(h, 'export.printToPdf', { landscape: true })).ok).toBe(true)
    expect(wc.printToPDF).toHaveBeenLastCalledWith({ pageSize: 'A4', printBackground: true, landscape: true })
    expect((await dispatch(h, 'export.printToPdf', {})).ok).toBe(true)
    expect(wc.printToPDF).toHaveBeenLastCalledWith({ pageSize: 'A4', printBackground: true, landscape: false })
    expect(await dispatch(h, 'export.printToPdf', { landscape: 'yes' })).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request' } })
  })

  it('prints the window that asked, not whichever is focused', async () => {
    const asking = contents()
    const focused = contents()
    // As electron-pdf.ts does: the sender's contents when there is one, else the focused window.
    const h = handlers({ printToPdf: (sender) => printContents((sender?.contents as PrintableContents | undefined) ?? focused) })
    const sender = { id: 7, send: () => {}, isDestroyed: () => false, contents: asking }
    const res = await dispatch(h, 'export.printToPdf', {}, undefined, { sender })
    expect(res.ok).toBe(true)
    expect(asking.printToPDF).toHaveBeenCalledTimes(1)
    expect(focused.printToPDF).not.toHaveBeenCalled()
  })

  it('a closed window or a process without windows gives a coded error', async () => {
    await expect(printContents(contents(true))).rejects.toMatchObject({ code: 'export.no-window' })
    await expect(printContents(undefined)).rejects.toMatchObject({ code: 'export.no-window' })
    const res = await dispatch(handlers(undefined), 'export.printToPdf', {})
    expect(res).toMatchObject({ ok: false, error: { code: 'export.print-unavailable' } })
  })

  it('saves where the user chose, and reports a cancelled dialog as null', async () => {
    const target = join(dir, 'chosen.pdf')
    const choose = vi.fn(async () => target)
    const ok = await dispatch(handlers({ chooseSavePath: choose }), 'export.savePdf', { fileName: '作战表 华东.pdf', data: new Uint8Array(PDF) })
    expect(ok).toEqual({ ok: true, value: { fileName: 'chosen.pdf' } })
    expect(choose).toHaveBeenCalledWith('作战表 华东.pdf')
    expect(readFileSync(target).toString()).toBe(PDF.toString())
    const cancelled = await dispatch(handlers({ chooseSavePath: async () => null }), 'export.savePdf', { fileName: 'a.pdf', data: new Uint8Array(PDF) })
    expect(cancelled).toEqual({ ok: true, value: { fileName: null } })
  })

  it('saves into the data folder without a dialog (the harness)', async () => {
    const res = await dispatch(handlers({ saveDir: dir }), 'export.savePdf', { fileName: 'sheet.pdf', data: new Uint8Array(PDF) })
    expect(res).toEqual({ ok: true, value: { fileName: 'sheet.pdf' } })
    expect(readFileSync(join(dir, 'sheet.pdf')).toString()).toBe(PDF.toString())
  })

  it.each([['../evil.pdf'], ['a/b.pdf'], ['notes.txt'], [''], ['bell\u0007.pdf']])('refuses the file name %j', async (fileName) => {
    const res = await dispatch(handlers({ saveDir: dir }), 'export.savePdf', { fileName, data: new Uint8Array(PDF) })
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request' } })
  })

  it('refuses empty bytes', async () => {
    const res = await dispatch(handlers({ saveDir: dir }), 'export.savePdf', { fileName: 'a.pdf', data: new Uint8Array() })
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request' } })
  })
})
