import ExcelJS from 'exceljs'
import type { WorkbookSheet } from '../../shared/ipc/export'

/**
 * Tables as an .xlsx a finance colleague can keep working in: money as real numbers in major
 * units with the row's currency in the number format (so SUM works and ¥/$ stay apart), dates
 * as Excel dates, shares as percentages, a bold frozen header with a filter, one sheet per table.
 * Text cells stay text (exceljs writes them as strings, never formulas).
 */

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$', JPY: 'JP¥' }

/** Excel number format for an amount in `currency`, two decimals (the house keeps money in minor units /100). */
export function moneyFormat(currency: string): string {
  const symbol = SYMBOLS[currency]
  return symbol ? `"${symbol}"#,##0.00` : `#,##0.00" ${currency.replace(/"/g, '')}"`
}

/** Excel refuses []:*?/\ in sheet names and more than 31 characters; names must be unique. */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>()
  return names.map((raw) => {
    const base = raw.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet'
    let name = base
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - ` (${i})`.length)} (${i})`
    used.add(name.toLowerCase())
    return name
  })
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

export async function buildWorkbook(sheets: readonly WorkbookSheet[]): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Sales Cockpit'
  const names = sheetNames(sheets.map((s) => s.name))
  sheets.forEach((sheet, si) => {
    const ws = wb.addWorksheet(names[si], { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      key: c.key,
      // CJK characters are about twice as wide as Latin ones.
      width: Math.min(40, Math.max(12, [...c.header].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x7f ? 2 : 1), 0) + 2))
    }))
    ws.getRow(1).font = { bold: true }
    for (const row of sheet.rows) {
      const r = ws.addRow([])
      sheet.columns.forEach((c, ci) => {
        const v = row[c.key]
        if (v === null || v === undefined || v === '') return
        const cell = r.getCell(ci + 1)
        switch (c.kind) {
          case 'money': {
            if (typeof v !== 'number') break
            cell.value = v / 100
            cell.numFmt = moneyFormat(String(row[c.currencyKey ?? 'currency'] ?? 'CNY'))
            return
          }
          case 'date': {
            const m = typeof v === 'string' ? DAY.exec(v) : null
            if (!m) break
            cell.value = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
            cell.numFmt = 'yyyy-mm-dd'
            return
          }
          case 'percent':
            if (typeof v !== 'number') break
            cell.value = v
            cell.numFmt = '0.0%'
            return
          case 'number':
            if (typeof v !== 'number') break
            cell.value = v
            cell.numFmt = Number.isInteger(v) ? '#,##0' : '#,##0.0'
            return
          default:
            break
        }
        cell.value = String(v)
      })
    }
    if (sheet.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } }
  })
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
