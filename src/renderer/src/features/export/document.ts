import type { EChartsCoreOption } from 'echarts/core'
import { EXPORT_LIMITS, type ExportTable } from '@shared/export/table'

/**
 * A table as a view hands it to the export: the model main builds the .xlsx from, plus which
 * columns a paper copy keeps (all when absent) — the sheet has room for every column, A4 not.
 */
export interface ViewTable extends ExportTable {
  printColumns?: readonly string[]
  /** false: a sheet only (e.g. all deals of a board whose columns are printed anyway). */
  onPaper?: boolean
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
  return { title: cutLabel(t.title), columns: t.columns, rows: t.rows }
}

/** A title within the contract's limit: a door's title can be long (a deal name inside it). */
export function cutLabel(s: string): string {
  return s.length <= EXPORT_LIMITS.labelChars ? s : `${s.slice(0, EXPORT_LIMITS.labelChars - 1)}…`
}
