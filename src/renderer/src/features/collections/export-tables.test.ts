// @vitest-environment node
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { ExportWorkbook } from '@shared/export/table'
import { buildXlsx } from '../../../../main/export/xlsx'
import { viewTableOf } from './export-tables'
import type { TableData } from './table-data'

// The overdue list as the screen holds it: minor units, the row's currency, YYYY-MM-DD.
const overdue: TableData = {
  name: '逾期回款',
  columns: [
    { key: 'customer', header: '客户', kind: 'text' },
    { key: 'due', header: '到期', kind: 'date' },
    { key: 'days', header: '逾期天数', kind: 'number' },
    { key: 'outstanding', header: '未回', kind: 'money', currencyKey: 'currency' },
    { key: 'share', header: '已回比例', kind: 'percent' }
  ],
  rows: [
    { customer: '华东医疗', due: '2026-11-12', days: 25, outstanding: 20_000_000, currency: 'CNY', share: 0.1 },
    { customer: '=HYPERLINK("http://x")', due: null, days: 3, outstanding: 123_456, currency: 'USD', share: null }
  ]
}

describe('a collections tab through the one export', () => {
  it('passes main’s workbook schema and writes real amounts in each row’s currency, real dates and ratios', async () => {
    const wb = ExportWorkbook.parse({ fileName: '回款 2026-12-07.xlsx', timeZone: 'Asia/Shanghai', tables: [viewTableOf(overdue)] })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await buildXlsx(wb)) as unknown as ExcelJS.Buffer)
    const ws = book.worksheets[0]!
    expect(ws.name).toBe('逾期回款')
    expect(ws.getRow(1).values).toEqual([undefined, '客户', '到期', '逾期天数', '未回', '已回比例'])
    const [first, second] = [ws.getRow(2), ws.getRow(3)]
    // ¥200,000.00 as a number a SUM can use; the dollars keep their own currency.
    expect(first.getCell(4).value).toBe(200_000)
    expect(second.getCell(4).value).toBe(1_234.56)
    expect(first.getCell(4).numFmt).not.toBe(second.getCell(4).numFmt)
    expect(first.getCell(2).value).toBeInstanceOf(Date)
    expect((first.getCell(2).value as Date).getUTCDate()).toBe(12)
    expect(first.getCell(3).value).toBe(25)
    expect(first.getCell(5).value).toBe(0.1)
    // A customer name that looks like a formula stays text; empty cells stay empty.
    expect(second.getCell(1).value).toBe('=HYPERLINK("http://x")')
    expect(second.getCell(2).value ?? null).toBeNull()
  })
})
