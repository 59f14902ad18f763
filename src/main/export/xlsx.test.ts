import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { createHandlers, type MainServices } from '../ipc/handlers'
import { sheetNames } from './xlsx'

const dir = mkdtempSync(join(tmpdir(), 'cockpit-xlsx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function handlers(pdf: MainServices['pdf']) {
  return createHandlers({ info: {} as MainServices['info'], settings: {} as MainServices['settings'], log: {} as MainServices['log'], pdf })
}

// The overdue list as the screen holds it: minor units, the row's currency, YYYY-MM-DD.
const overdue = {
  name: '逾期回款',
  columns: [
    { key: 'customer', header: '客户', kind: 'text' as const },
    { key: 'due', header: '到期', kind: 'date' as const },
    { key: 'days', header: '逾期天数', kind: 'number' as const },
    { key: 'outstanding', header: '未回', kind: 'money' as const, currencyKey: 'currency' },
    { key: 'share', header: '已回比例', kind: 'percent' as const }
  ],
  rows: [
    { customer: '华东医疗', due: '2026-11-12', days: 25, outstanding: 20_000_000, currency: 'CNY', share: 0.1 },
    { customer: '=HYPERLINK("http://x")', due: null, days: 3, outstanding: 1_234_56, currency: 'USD', share: null }
  ]
}

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer)
  return wb
}

describe('Excel export of a view', () => {
  it('writes real numbers, dates and currency formats under a frozen header, one sheet per table', async () => {
    const res = await dispatch(handlers({ saveDir: join(dir, 'exports') }), 'export.saveWorkbook', {
      fileName: '回款 2026-12-07.xlsx',
      sheets: [overdue, { ...overdue, name: 'A sheet name that is far longer than Excel allows / here', rows: [] }]
    })
    expect(res).toEqual({ ok: true, value: { fileName: '回款 2026-12-07.xlsx' } })
    const wb = await read(join(dir, 'exports', '回款 2026-12-07.xlsx'))
    expect(wb.worksheets.map((w) => w.name)).toEqual(['逾期回款', 'A sheet name that is far longer'])
    const ws = wb.worksheets[0]!
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getRow(1).values).toEqual([undefined, '客户', '到期', '逾期天数', '未回', '已回比例'])
    expect(ws.getRow(1).font?.bold).toBe(true)
    const [first, second] = [ws.getRow(2), ws.getRow(3)]
    // ¥200,000.00 as a number a SUM can use, formatted in yuan; the dollars keep their own symbol.
    expect(first.getCell(4).value).toBe(200_000)
    expect(first.getCell(4).numFmt).toBe('"¥"#,##0.00')
    expect(second.getCell(4).value).toBe(1_234.56)
    expect(second.getCell(4).numFmt).toBe('"$"#,##0.00')
    expect((first.getCell(2).value as Date).toISOString()).toBe('2026-11-12T00:00:00.000Z')
    expect(first.getCell(3).value).toBe(25)
    expect(first.getCell(5).value).toBe(0.1)
    expect(first.getCell(5).numFmt).toBe('0.0%')
    // A customer name that looks like a formula stays text; empty cells stay empty.
    expect(second.getCell(1).value).toBe('=HYPERLINK("http://x")')
    expect(second.getCell(2).value).toBeNull()
    expect(ws.rowCount).toBe(3)
  })

  it('asks where to save in the desktop app, and a cancel saves nothing', async () => {
    const target = join(dir, 'chosen.xlsx')
    const ok = await dispatch(handlers({ chooseSavePath: async () => target }), 'export.saveWorkbook', { fileName: 'a.xlsx', sheets: [overdue] })
    expect(ok).toEqual({ ok: true, value: { fileName: 'chosen.xlsx' } })
    expect((await read(target)).worksheets).toHaveLength(1)
    const cancelled = await dispatch(handlers({ chooseSavePath: async () => null }), 'export.saveWorkbook', { fileName: 'a.xlsx', sheets: [overdue] })
    expect(cancelled).toEqual({ ok: true, value: { fileName: null } })
  })

  it.each([
    ['a folder in the name', { fileName: '../evil.xlsx', sheets: [overdue] }],
    ['another extension', { fileName: 'a.pdf', sheets: [overdue] }],
    ['no sheet', { fileName: 'a.xlsx', sheets: [] }],
    ['an unknown column kind', { fileName: 'a.xlsx', sheets: [{ ...overdue, columns: [{ key: 'x', header: 'x', kind: 'formula' }] }] }],
    ['an object in a cell', { fileName: 'a.xlsx', sheets: [{ ...overdue, rows: [{ customer: { f: 'SUM(A1)' } }] }] }]
  ])('refuses %s', async (_why, req) => {
    const res = await dispatch(handlers({ saveDir: dir }), 'export.saveWorkbook', req)
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request' } })
  })

  it('sheet names: Excel-safe, at most 31 characters, unique', () => {
    expect(sheetNames(['a/b', 'x'.repeat(40), 'x'.repeat(40), 'Overdue', 'overdue', ''])).toEqual([
      'a b',
      'x'.repeat(31),
      `${'x'.repeat(27)} (2)`,
      'Overdue',
      'overdue (2)',
      'Sheet'
    ])
  })
})
