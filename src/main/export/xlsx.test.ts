import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { EXPORT_LIMITS, type ExportTable, type ExportWorkbook } from '../../shared/export/table'
import { dispatch } from '../ipc/dispatch'
import { createHandlers, type MainServices } from '../ipc/handlers'
import { buildXlsx, moneyFormat, sheetNames } from './xlsx'

const dir = mkdtempSync(join(tmpdir(), 'cockpit-xlsx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** 2024-03-01 16:30 UTC: already 3 March 00:30 in Shanghai, still 1 March in New York. */
const LATE_EVENING_UTC = Date.UTC(2024, 2, 1, 16, 30)

const deals: ExportTable = {
  title: '商机 Deals',
  columns: [
    { key: 'name', label: '商机', kind: 'text' },
    { key: 'amount', label: '金额', kind: 'money' },
    { key: 'won', label: 'Won (CNY)', kind: 'money', currency: 'CNY' },
    { key: 'close', label: '预计成交', kind: 'date' },
    { key: 'at', label: 'Time', kind: 'datetime' },
    { key: 'probability', label: '赢率', kind: 'percent' },
    { key: 'days', label: 'Days', kind: 'number' },
    { key: 'visits', label: 'Visits', kind: 'number' }
  ],
  rows: [
    { name: '华东医院 PACS 二期', amount: { minor: 128_500_000, currency: 'CNY' }, won: 50_000, close: LATE_EVENING_UTC, at: LATE_EVENING_UTC, probability: 0.25, days: 4.5, visits: 3 },
    { name: 'Acme upgrade', amount: { minor: 1_234_567, currency: 'USD' }, won: null, close: null, at: null, probability: 1, days: 12, visits: 0 },
    { name: 'Tokyo pilot', amount: { minor: 9_900_000, currency: 'JPY' }, won: -1_000, close: Date.UTC(1999, 11, 31, 12), at: null, probability: 0, days: null, visits: 7 },
    { name: 'Alpha', amount: { minor: 100, currency: 'CNY' } }
  ]
}

function workbook(tables: ExportTable[], over: Partial<ExportWorkbook> = {}): ExportWorkbook {
  return { fileName: 'deals.xlsx', timeZone: 'Asia/Shanghai', title: 'Pipeline', subject: '华东大区', tables, ...over }
}

async function readBack(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer)
  return wb
}

function handlers(pdf?: MainServices['pdf']) {
  return createHandlers({ info: {} as MainServices['info'], settings: {} as MainServices['settings'], log: {} as MainServices['log'], pdf })
}

describe('the .xlsx built from a table', () => {
  it('writes numbers as numbers and amounts in major units, formatted in their own currency', async () => {
    const ws = (await readBack(await buildXlsx(workbook([deals])))).worksheets[0]!
    const amount = ws.getCell('B2')
    expect(amount.type).toBe(ExcelJS.ValueType.Number)
    expect(amount.value).toBe(1_285_000)
    expect(amount.numFmt).toBe('"¥"#,##0.00')
    expect(ws.getCell('B3').value).toBe(12_345.67)
    expect(ws.getCell('B3').numFmt).toBe('"$"#,##0.00')
    // Yen has no decimals, and is not mistaken for yuan.
    expect(ws.getCell('B4').value).toBe(99_000)
    expect(ws.getCell('B4').numFmt).toBe('"JP¥"#,##0')
    // A column with a declared currency: plain numbers are its minor units, negatives stay negative.
    expect(ws.getCell('C2').value).toBe(500)
    expect(ws.getCell('C4').value).toBe(-10)
    expect(ws.getCell('C4').numFmt).toBe('"¥"#,##0.00')
    expect(ws.getCell('C3').value).toBeNull()
    expect(ws.getCell('F2').value).toBe(0.25)
    expect(ws.getCell('F2').numFmt).toBe('0%')
    expect(ws.getCell('G2').value).toBe(4.5)
    expect(ws.getCell('G2').numFmt).toBe('#,##0.0#')
    expect(ws.getCell('H4').value).toBe(7)
    expect(ws.getCell('H4').numFmt).toBe('#,##0')
    // A row that leaves columns out has empty cells there.
    expect(ws.getCell('D5').value).toBeNull()
  })

  it('writes dates as real dates on the reader\'s calendar day', async () => {
    const shanghai = (await readBack(await buildXlsx(workbook([deals])))).worksheets[0]!
    const close = shanghai.getCell('D2')
    expect(close.type).toBe(ExcelJS.ValueType.Date)
    expect(close.numFmt).toBe('yyyy-mm-dd')
    // exceljs reads Excel's zone-less dates back as UTC wall time.
    expect((close.value as Date).toISOString()).toBe('2024-03-02T00:00:00.000Z')
    expect((shanghai.getCell('E2').value as Date).toISOString()).toBe('2024-03-02T00:30:00.000Z')
    expect(shanghai.getCell('E2').numFmt).toBe('yyyy-mm-dd hh:mm')
    expect((shanghai.getCell('D4').value as Date).toISOString()).toBe('1999-12-31T00:00:00.000Z')
    const newYork = (await readBack(await buildXlsx(workbook([deals], { timeZone: 'America/New_York' })))).worksheets[0]!
    expect((newYork.getCell('D2').value as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z')
    expect((newYork.getCell('E2').value as Date).toISOString()).toBe('2024-03-01T11:30:00.000Z')
  })

  it('freezes and filters the header row, bold, with the labels as text', async () => {
    const book = await readBack(await buildXlsx(workbook([deals])))
    const ws = book.worksheets[0]!
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.autoFilter).toBe('A1:H1')
    expect(ws.getRow(1).values).toEqual([undefined, '商机', '金额', 'Won (CNY)', '预计成交', 'Time', '赢率', 'Days', 'Visits'])
    expect(ws.getCell('A1').font?.bold).toBe(true)
    expect(ws.rowCount).toBe(5)
    expect(book.title).toBe('Pipeline')
    expect(book.subject).toBe('华东大区')
  })

  it('sizes columns to their content, Chinese characters counting double', async () => {
    const ws = (await readBack(await buildXlsx(workbook([deals])))).worksheets[0]!
    const name = ws.getColumn(1).width!
    expect(name).toBeGreaterThanOrEqual(19) // 华东医院 PACS 二期: 6 CJK + 7 others
    expect(name).toBeLessThanOrEqual(25)
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(10) // a date fits
    const long = { title: 'Long', columns: [{ key: 'a', label: 'a', kind: 'text' as const }], rows: [{ a: 'x'.repeat(500) }] }
    expect((await readBack(await buildXlsx(workbook([long])))).worksheets[0]!.getColumn(1).width).toBe(60)
  })

  it('puts one table on each sheet, in order', async () => {
    const second: ExportTable = { title: 'Funnel', columns: [{ key: 's', label: 'Stage', kind: 'text' }], rows: [{ s: '方案' }] }
    const book = await readBack(await buildXlsx(workbook([deals, second])))
    expect(book.worksheets.map((w) => w.name)).toEqual(['商机 Deals', 'Funnel'])
    expect(book.worksheets[1]!.getCell('A2').value).toBe('方案')
  })

  it('never turns text into a formula, and marks it as text so editing does not either', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","点我")', '+86 138 0000 0000', '-2+3', '@SUM(A1:A9)', '=1+1']
    const table: ExportTable = { title: 'Notes', columns: [{ key: 'note', label: 'Note', kind: 'text' }], rows: hostile.map((note) => ({ note })) }
    const data = await buildXlsx(workbook([table]))
    const ws = (await readBack(data)).worksheets[0]!
    for (const [i, text] of hostile.entries()) {
      const cell = ws.getCell(i + 2, 1)
      expect(cell.type, text).toBe(ExcelJS.ValueType.String)
      expect(cell.value).toBe(text)
      expect(cell.formula).toBeUndefined()
      expect(cell.numFmt).toBe('@')
    }
    const xml = await (await JSZip.loadAsync(data)).file('xl/worksheets/sheet1.xml')!.async('string')
    expect(xml).not.toMatch(/<f[ >]/)
  })

  it('writes text that XML cannot hold without corrupting the file', async () => {
    const table: ExportTable = {
      title: 'Odd',
      columns: [{ key: 't', label: 'bell\u0007', kind: 'text' }],
      rows: [{ t: 'a\u0000b\u001Fc\uD800d' }, { t: '第一行\n第二行\t表' }]
    }
    const ws = (await readBack(await buildXlsx(workbook([table])))).worksheets[0]!
    expect(ws.getCell('A1').value).toBe('bell\uFFFD')
    expect(ws.getCell('A2').value).toBe('a\uFFFDb\uFFFDc\uFFFDd')
    expect(ws.getCell('A3').value).toBe('第一行\n第二行\t表')
  })

  it('writes an empty table as its header alone', async () => {
    const ws = (await readBack(await buildXlsx(workbook([{ ...deals, rows: [] }])))).worksheets[0]!
    expect(ws.rowCount).toBe(1)
    expect(ws.getCell('B1').value).toBe('金额')
  })
})

describe('sheet names', () => {
  it('are legal: no \\ / ? * [ ] :, no apostrophe at the ends, never blank or "History"', () => {
    expect(sheetNames(['Q1/Q2 [draft]: a*b?c\\d', "'quoted'", '   ', 'History', 'history'])).toEqual([
      'Q1 Q2 draft a b c d',
      'quoted',
      'Sheet',
      'History (2)',
      'history (3)'
    ])
  })

  it('are at most 31 characters, unique ignoring case, without splitting a character', () => {
    const long = '华东大区第一销售团队二〇二四年第三季度全部商机清单以及赢单丢单'
    const names = sheetNames([long, long, 'Deals', 'DEALS', 'a'.repeat(40), 'a'.repeat(40), `${'b'.repeat(30)}😀`])
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31)
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
    expect(names[0]).toBe(long.slice(0, 31))
    expect(names[1]).toBe(`${long.slice(0, 27)} (2)`)
    expect(names[3]).toBe('DEALS (2)')
    expect(names[5]).toBe(`${'a'.repeat(27)} (2)`)
    expect(names[6]).toBe('b'.repeat(30))
  })

  it('are what the file carries', async () => {
    const t = (title: string): ExportTable => ({ title, columns: [{ key: 'a', label: 'a', kind: 'text' }], rows: [] })
    const book = await readBack(await buildXlsx(workbook([t('Deals'), t('deals'), t('a:b')])))
    expect(book.worksheets.map((w) => w.name)).toEqual(['Deals', 'deals (2)', 'a b'])
  })
})

describe('money formats', () => {
  it('name the currency: a symbol the reader knows, else the ISO code', () => {
    expect(moneyFormat('CNY')).toBe('"¥"#,##0.00')
    expect(moneyFormat('EUR')).toBe('"€"#,##0.00')
    expect(moneyFormat('HKD')).toBe('"HK$"#,##0.00')
    expect(moneyFormat('CHF')).toBe('#,##0.00 "CHF"')
    expect(moneyFormat('KRW')).toBe('#,##0 "KRW"')
  })
})

describe('the export.xlsx channel', () => {
  it('asks where to save first, then builds and writes the file there', async () => {
    const target = join(dir, 'chosen.xlsx')
    const choose = vi.fn(async () => target)
    const res = await dispatch(handlers({ chooseSavePath: choose }), 'export.xlsx', workbook([deals]))
    expect(res).toEqual({ ok: true, value: { fileName: 'chosen.xlsx' } })
    expect(choose).toHaveBeenCalledWith('deals.xlsx')
    expect((await readBack(readFileSync(target))).worksheets[0]!.getCell('A2').value).toBe('华东医院 PACS 二期')
  })

  it('reports a cancelled dialog as null and writes nothing', async () => {
    const res = await dispatch(handlers({ chooseSavePath: async () => null }), 'export.xlsx', workbook([deals]))
    expect(res).toEqual({ ok: true, value: { fileName: null } })
  })

  it('hands the bytes back where main has no dialog (the browser harness downloads them)', async () => {
    const res = await dispatch(handlers(undefined), 'export.xlsx', workbook([deals]))
    expect(res.ok).toBe(true)
    const value = (res as { value: { fileName: string; data: Uint8Array } }).value
    expect(value.fileName).toBe('deals.xlsx')
    expect((await readBack(value.data)).worksheets[0]!.name).toBe('商机 Deals')
  })

  it('names the file in a write failure', async () => {
    const res = await dispatch(handlers({ chooseSavePath: async () => join(dir, 'missing-folder', 'x.xlsx') }), 'export.xlsx', workbook([deals]))
    expect(res).toMatchObject({ ok: false, error: { code: 'export.write-failed', params: { fileName: 'deals.xlsx' } } })
  })

  const col = { key: 'a', label: 'A', kind: 'text' as const }
  const refused: [string, unknown, string][] = [
    ['a folder in the file name', workbook([deals], { fileName: '../evil.xlsx' }), 'fileName'],
    ['another extension', workbook([deals], { fileName: 'deals.xlsm' }), 'fileName'],
    ['an unknown time zone', workbook([deals], { timeZone: 'Mars/Olympus' }), 'timeZone'],
    ['no tables', workbook([]), 'tables'],
    ['too many tables', workbook(Array.from({ length: EXPORT_LIMITS.tables + 1 }, () => deals)), 'tables'],
    ['too many columns', workbook([{ title: 'x', columns: Array.from({ length: EXPORT_LIMITS.columns + 1 }, (_, i) => ({ ...col, key: `c${i}` })), rows: [] }]), 'tables.0.columns'],
    ['too many rows', workbook([{ title: 'x', columns: [col], rows: Array.from({ length: EXPORT_LIMITS.rowsPerTable + 1 }, () => ({ a: 'x' })) }]), 'tables.0.rows'],
    ['too many cells', workbook(Array.from({ length: 21 }, (_, t) => ({ title: `t${t}`, columns: [col], rows: Array.from({ length: 100_000 }, () => ({ a: null })) }))), 'tables'],
    ['text longer than a cell holds', workbook([{ title: 'x', columns: [col], rows: [{ a: 'x'.repeat(EXPORT_LIMITS.textChars + 1) }] }]), 'tables.0.rows.0.a'],
    ['a number in a text column', workbook([{ title: 'x', columns: [col], rows: [{ a: 5 }] }]), 'tables.0.rows.0.a'],
    ['text in a money column', workbook([{ title: 'x', columns: [{ key: 'm', label: 'M', kind: 'money', currency: 'CNY' }], rows: [{ m: '¥100' }] }]), 'tables.0.rows.0.m'],
    ['a plain amount without a currency', workbook([{ title: 'x', columns: [{ key: 'm', label: 'M', kind: 'money' }], rows: [{ m: 100 }] }]), 'tables.0.rows.0.m'],
    ['a date outside Excel', workbook([{ title: 'x', columns: [{ key: 'd', label: 'D', kind: 'date' }], rows: [{ d: -1e13 }] }]), 'tables.0.rows.0.d'],
    ['not a finite number', workbook([{ title: 'x', columns: [{ key: 'n', label: 'N', kind: 'number' }], rows: [{ n: Number.NaN }] }]), 'tables.0.rows.0.n'],
    ['a lower-case currency', workbook([{ title: 'x', columns: [{ key: 'm', label: 'M', kind: 'money' }], rows: [{ m: { minor: 1, currency: 'cny' } }] }]), 'tables.0.rows.0.m'],
    ['an amount with extra fields', workbook([{ title: 'x', columns: [{ key: 'm', label: 'M', kind: 'money' }], rows: [{ m: { minor: 1, currency: 'CNY', formula: 'A1' } as never }] }]), 'tables.0.rows.0.m'],
    ['a field no column names', workbook([{ title: 'x', columns: [col], rows: [{ a: 'x', b: 'y' }] }]), 'tables.0.rows.0.b'],
    ['a row that is not an object', workbook([{ title: 'x', columns: [col], rows: ['a,b' as never] }]), 'tables.0.rows.0'],
    ['an unknown column kind', workbook([{ title: 'x', columns: [{ key: 'f', label: 'F', kind: 'formula' as 'text' }], rows: [] }]), 'tables.0.columns.0.kind'],
    ['two columns with one key', workbook([{ title: 'x', columns: [col, col], rows: [] }]), 'tables.0.columns.1.key'],
    ['a formula object as a cell', workbook([{ title: 'x', columns: [col], rows: [{ a: { formula: 'A1' } as unknown as string }] }]), 'tables.0.rows.0.a'],
    ['fields the contract does not know', { ...workbook([deals]), bytes: 'UEsDBA==' }, '(request)'],
    ['garbage', 'not a workbook', '(request)']
  ]
  it.each(refused)('refuses %s with a coded error naming the field', async (_what, request, field) => {
    const res = await dispatch(handlers(undefined), 'export.xlsx', request)
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request', params: { field } } })
  })
})
