import type { ExportColumn, ExportRow } from '@shared/export/table'
import type { ViewTable } from '../export/document'
import type { TableData } from './table-data'

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A YYYY-MM-DD day as the export's date cell (UTC midnight), null when it is not a day. */
function dayCell(v: unknown): number | null {
  const m = typeof v === 'string' ? DAY.exec(v) : null
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
}

/**
 * A collections table as main's one export model: the screen's own rows, so the sheet and the
 * paper copy hold the same figures — money with each row's currency, days as dates.
 */
export function viewTableOf(data: TableData): ViewTable {
  const columns: ExportColumn[] = data.columns.map((c) => ({ key: c.key, label: c.header, kind: c.kind }))
  const rows: ExportRow[] = data.rows.map((r) => {
    const row: ExportRow = {}
    for (const c of data.columns) {
      const v = r[c.key] ?? null
      if (v === null) row[c.key] = null
      else if (c.kind === 'date') row[c.key] = dayCell(v)
      else if (c.kind === 'money' && typeof v === 'number') {
        const currency = c.currencyKey ? r[c.currencyKey] : null
        row[c.key] = typeof currency === 'string' ? { minor: v, currency } : v
      } else row[c.key] = v
    }
    return row
  })
  return { title: data.name, columns, rows }
}
