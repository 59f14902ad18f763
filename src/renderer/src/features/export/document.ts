import type { EChartsCoreOption } from 'echarts/core'
import type { ExportTable } from '@shared/export/table'

/**
 * A table as a view hands it to the export: the model main builds the .xlsx from, plus which
 * columns a paper copy keeps (all when absent) — the sheet has room for every column, A4 not.
 */
export interface ViewTable extends ExportTable {
  printColumns?: readonly string[]
}

/** A chart of the view, drawn again as vectors on the paper copy. */
export interface ExportChart {
  title: string
  option: EChartsCoreOption
  height?: number
}

/** Everything one export carries: what the view is called, its tables and charts. */
export interface ExportDocument {
  /** The view's name: the file name and the paper copy's heading start with it. */
  title: string
  tables: ViewTable[]
  charts?: ExportChart[]
}

/** The wire shape: only what the contract knows, so main's strict schema sees no extras. */
export function wireTable(t: ViewTable): ExportTable {
  return { title: t.title, columns: t.columns, rows: t.rows }
}
