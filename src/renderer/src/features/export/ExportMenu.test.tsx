// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import ExcelJS from 'exceljs'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryRouter } from 'react-router'
import { Notifications, notifications } from '@mantine/notifications'
import type { AppInfo } from '@shared/ipc/app'
import { EXPORT_LIMITS } from '@shared/export/table'
import { dispatch } from '../../../../main/ipc/dispatch'
import { createHandlers, type MainServices } from '../../../../main/ipc/handlers'
import { setBridgeApi } from '../../bridge'
import { CockpitDb, useDb } from '../../db/database'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import type { ViewTable } from './document'
import { ExportMenu } from './ExportMenu'

// jsdom draws no charts; the paper copy's charts are checked end to end.
vi.mock('./PrintChart', () => ({ PrintChart: () => null, PRINT_CHART_WIDTH: 680 }))

const CLOSE = Date.UTC(2025, 5, 30, 4) // 30 June 2025, noon in Shanghai

const funnel: ViewTable = {
  title: 'Funnel',
  columns: [
    { key: 'stage', label: 'Stage', kind: 'text' },
    { key: 'open', label: 'Open now', kind: 'number' },
    { key: 'amount', label: 'Open amount', kind: 'money', currency: 'CNY' },
    { key: 'conversion', label: 'Conversion', kind: 'percent' },
    { key: 'close', label: 'Close', kind: 'date' },
    { key: 'note', label: 'Note', kind: 'text' }
  ],
  rows: [
    { stage: 'Proposal', open: 12, amount: 128_500_000, conversion: 0.25, close: CLOSE, note: 'secret' },
    { stage: '=cmd|calc', open: 0, amount: 0, conversion: null, close: null, note: null }
  ],
  printColumns: ['stage', 'open', 'amount', 'conversion', 'close']
}

let calls: { channel: string; request: unknown }[] = []
let services: Partial<MainServices> = {}
let runtime: AppInfo['runtime'] = 'harness'
let downloads: { name: string; blob: Blob }[] = []

// The print view's chart loads ECharts on demand; transforming it the first time can take longer
// than a test's wait on a busy CI runner, so it is loaded once before the tests (the view itself
// still loads it the same way).
beforeAll(async () => {
  await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')])
}, 120_000)

beforeEach(() => {
  useDb(new CockpitDb(`export-menu-${Math.random()}`))
  calls = []
  downloads = []
  services = {}
  runtime = 'harness'
  // The real boundary: zod in front, the real workbook builder behind.
  const handlers = (): ReturnType<typeof createHandlers> =>
    createHandlers({ info: {} as MainServices['info'], settings: {} as MainServices['settings'], log: {} as MainServices['log'], ...services })
  setBridgeApi({
    invoke: (async (channel: string, request: unknown) => {
      calls.push({ channel, request })
      if (channel === 'app.info') return { ok: true, value: { name: 'x', version: '0', platform: 'linux', systemLanguages: ['en-US'], runtime } }
      if (channel === 'app.getSettings') return { ok: true, value: { language: null, theme: 'light' } }
      return dispatch(handlers(), channel, request)
    }) as never,
    on: () => () => undefined
  })
  URL.createObjectURL = vi.fn(() => 'blob:export')
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = (URL.createObjectURL as ReturnType<typeof vi.fn>).mock.calls.at(-1)![0] as Blob
    downloads.push({ name: this.download, blob })
  })
})

afterEach(() => {
  cleanup()
  notifications.clean()
  setBridgeApi(undefined)
  vi.restoreAllMocks()
})

function renderMenu(tables: () => ViewTable[] = () => [funnel], parts?: Parameters<typeof ExportMenu>[0]['parts']): void {
  render(
    <PreferencesProvider>
      <Notifications />
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            <ExportMenu title="Pipeline" tables={tables} parts={parts} />
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

async function choose(item: string | RegExp): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: 'Export' }, { timeout: 10_000 }))
  fireEvent.click(await screen.findByRole('menuitem', { name: item }, { timeout: 15_000 }))
}

async function readBack(blob: Blob): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await blob.arrayBuffer()) as unknown as ExcelJS.Buffer)
  return wb
}

describe('ExportMenu → Excel', () => {
  it('has main build the workbook from the rows and downloads it in the browser', async () => {
    renderMenu()
    await choose('Excel workbook (.xlsx)')
    await screen.findByText(/^Downloaded Pipeline Everything \d{4}-\d{2}-\d{2}\.xlsx$/, undefined, { timeout: 15_000 })
    const req = calls.find((c) => c.channel === 'export.xlsx')!.request as { tables: object[]; subject: string }
    // Only the contract's fields go over the wire; the paper's column choice stays in the page.
    expect(Object.keys(req.tables[0]!).sort()).toEqual(['columns', 'rows', 'title'])
    expect(req.subject).toMatch(/^Everything · exported /)
    expect(downloads).toHaveLength(1)
    const ws = (await readBack(downloads[0]!.blob)).worksheets[0]!
    expect(ws.name).toBe('Funnel')
    expect(ws.getRow(1).values).toEqual([undefined, 'Stage', 'Open now', 'Open amount', 'Conversion', 'Close', 'Note'])
    expect(ws.getCell('B2').value).toBe(12)
    expect(ws.getCell('C2').value).toBe(1_285_000)
    expect(ws.getCell('D2').value).toBe(0.25)
    expect(ws.getCell('E2').value).toBeInstanceOf(Date)
    expect(ws.getCell('A3').value).toBe('=cmd|calc')
    expect(ws.getCell('A3').formula).toBeUndefined()
  })

  it('in the desktop app, saves through main\'s dialog and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-menu-'))
    services = { pdf: { chooseSavePath: async () => join(dir, 'Q3 funnel.xlsx') } }
    renderMenu()
    await choose('Excel workbook (.xlsx)')
    expect(await screen.findByText('Saved Q3 funnel.xlsx', undefined, { timeout: 15_000 })).toBeTruthy()
    expect(downloads).toHaveLength(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(readFileSync(join(dir, 'Q3 funnel.xlsx')) as unknown as ExcelJS.Buffer)
    expect(wb.worksheets[0]!.getCell('A2').value).toBe('Proposal')
    rmSync(dir, { recursive: true, force: true })
  })

  it('in the desktop app, a cancelled dialog leaves no file and no message', async () => {
    services = { pdf: { chooseSavePath: async () => null } }
    renderMenu()
    await choose('Excel workbook (.xlsx)')
    await waitFor(() => expect(calls.some((c) => c.channel === 'export.xlsx')).toBe(true), { timeout: 15_000 })
    await new Promise((r) => setTimeout(r, 50))
    expect(downloads).toHaveLength(0)
    expect(screen.queryByText(/Saved|Downloaded/)).toBeNull()
  })

  it('refuses a table over the limits before asking main, in words', async () => {
    const huge: ViewTable = { ...funnel, rows: Array.from({ length: EXPORT_LIMITS.rowsPerTable + 1 }, () => ({ stage: 'x' })) }
    renderMenu(() => [huge])
    await choose('Excel workbook (.xlsx)')
    expect(await screen.findByText('A table can have at most 100000 rows; this one has 100001. Filter first, then export.', undefined, { timeout: 15_000 })).toBeTruthy()
    expect(calls.some((c) => c.channel === 'export.xlsx')).toBe(false)
  })

  it('shows main\'s refusal of a malformed table translated, naming the field', async () => {
    const bad: ViewTable = { ...funnel, rows: [{ stage: 42 as unknown as string }] }
    renderMenu(() => [bad])
    await choose('Excel workbook (.xlsx)')
    expect(await screen.findByText('The exported data was not valid (tables.0.rows.0.stage); no file was made.', undefined, { timeout: 15_000 })).toBeTruthy()
    expect(downloads).toHaveLength(0)
  })

  it('exports one part on its own', async () => {
    const column = (name: string): ViewTable => ({ ...funnel, title: name, rows: [{ stage: name, open: 1 }] })
    renderMenu(() => [column('Qualify'), column('Proposal')], {
      label: 'One column',
      items: [
        { key: 'q', label: 'Qualify', tables: () => [column('Qualify')] },
        { key: 'p', label: 'Proposal', tables: () => [column('Proposal')] }
      ]
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Export' }, { timeout: 10_000 }))
    fireEvent.keyDown(await screen.findByRole('menuitem', { name: 'Proposal' }), { key: 'ArrowRight' })
    // jsdom never finishes the sub-menu's transition, so it counts as hidden there.
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Proposal: Excel workbook', hidden: true }))
    await screen.findByText(/^Downloaded Pipeline · Proposal Everything/, undefined, { timeout: 15_000 })
    const book = await readBack(downloads[0]!.blob)
    expect(book.worksheets.map((w) => w.name)).toEqual(['Proposal'])
  })
})

describe('ExportMenu → PDF', () => {
  it('opens an A4 print view with the figures as the screen writes them', async () => {
    renderMenu()
    await choose('PDF (A4 print view)')
    const view = await screen.findByRole('dialog', { name: 'Print preview · Pipeline' }, { timeout: 15_000 })
    expect(within(view).getByRole('heading', { name: 'Pipeline' })).toBeTruthy()
    const table = within(view).getByRole('region', { name: 'Funnel' })
    const cells = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))
    expect(cells).toEqual([
      ['Stage', 'Open now', 'Open amount', 'Conversion', 'Close'],
      ['Proposal', '12', '¥1.3M', '25%', expect.stringMatching(/^Jun 30, 2025$/)],
      ['=cmd|calc', '0', '¥0', '—', '—']
    ])
    // The note column is for the sheet, not the paper.
    expect(within(view).queryByText('secret')).toBeNull()
    expect(view.dataset.exportReady).toBe('true')
    fireEvent.keyDown(window, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Print preview · Pipeline' })).toBeNull(), { timeout: 15_000 })
  })

  it('in the browser, saving is the browser\'s own print', async () => {
    const print = vi.fn()
    window.print = print
    renderMenu()
    await choose('PDF (A4 print view)')
    fireEvent.click(await screen.findByRole('button', { name: 'Save as PDF' }, { timeout: 15_000 }))
    expect(print).toHaveBeenCalledTimes(1)
    expect(calls.some((c) => c.channel === 'export.printToPdf')).toBe(false)
  })

  it('in the desktop app, prints the window through main and saves where the user chose', async () => {
    runtime = 'electron'
    const printed = vi.fn(async (_o: unknown) => new Uint8Array([37, 80, 68, 70]) as Uint8Array<ArrayBuffer>)
    const chosen: string[] = []
    services = { pdf: { printToPdf: (_s, o) => printed(o), chooseSavePath: async (name) => (chosen.push(name), null) } }
    const wide: ViewTable = { ...funnel, printColumns: undefined, columns: Array.from({ length: 9 }, (_, i) => ({ key: `c${i}`, label: `C${i}`, kind: 'text' as const })), rows: [] }
    renderMenu(() => [wide])
    await choose('PDF (A4 print view)')
    expect(await screen.findByText('A4 landscape', undefined, { timeout: 15_000 })).toBeTruthy()
    fireEvent.click(await screen.findByRole('button', { name: 'Save as PDF' }, { timeout: 15_000 }))
    await waitFor(() => expect(chosen).toHaveLength(1), { timeout: 15_000 })
    expect(printed).toHaveBeenCalledWith({ landscape: true })
    expect(chosen[0]).toMatch(/^Pipeline Everything \d{4}-\d{2}-\d{2}\.pdf$/)
    // Cancelled in the dialog: the preview stays open.
    expect(screen.getByRole('dialog', { name: 'Print preview · Pipeline' })).toBeTruthy()
  })
})
