/**
 * A view's table as plain data — `{ columns, rows }` — so the screen and an export (the
 * generic Excel export menu, when it lands) read the same figures. Money is integer minor
 * units with the currency in another column; dates are YYYY-MM-DD; ratios are 0–1.
 */
export type CellValue = string | number | null

export interface TableColumn {
  key: string
  header: string
  kind: 'text' | 'number' | 'money' | 'date' | 'percent'
  /** Money columns: the column holding each row's currency code. */
  currencyKey?: string
}

export interface TableData {
  /** Sheet name for an export. */
  name: string
  columns: TableColumn[]
  rows: Record<string, CellValue>[]
  /** Per row (same index): in-app links by column key — every figure is a door. */
  links?: Record<string, string>[]
}
