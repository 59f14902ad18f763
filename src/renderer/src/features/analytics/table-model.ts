import type { Deal } from '@shared/model'

/**
 * Every analytics table is plain data first — columns and rows of numbers and text — and only
 * then rendered, so what the screen shows can also be exported as it is (one sheet per table)
 * and tested without a browser. Money is in minor units of the column's currency; ratios are
 * 0–1; changes (同比/环比) are ratios; points are differences of two ratios.
 */
export type ColumnKind = 'text' | 'count' | 'money' | 'percent' | 'change' | 'points' | 'days' | 'decimal'

export interface Column {
  key: string
  label: string
  kind: ColumnKind
  /** Money columns: the currency of the amounts. */
  currency?: string
  /** 'none': a signed figure that is neither good nor bad (a forecast error), not coloured. */
  tone?: 'none'
}

export type Cell = string | number | null

/** A figure's door: what the drawer's title says (built on click when a function) and the deals behind it. */
export interface Door {
  title: string | (() => string)
  deals: () => readonly Deal[]
}

export interface TableRow {
  key: string
  cells: Record<string, Cell>
  /** Cells that open the deals behind them. */
  doors?: Partial<Record<string, Door>>
  /** Cells that link to a page (a rep's page). */
  links?: Partial<Record<string, string>>
  /** Cells whose figure is refused, with the reason (the missing rate). */
  refused?: Partial<Record<string, string>>
  /** Row shown emphasised (an emerging segment, a team above its reps). */
  highlight?: boolean
  /** A group row that shows or hides the rows under it (a team's reps). */
  toggle?: { open: boolean; onToggle(): void }
}

export interface TableModel {
  id: string
  title: string
  columns: Column[]
  rows: TableRow[]
}
