import type { TFunction } from 'i18next'
import type { ExportColumn, ExportRow } from '@shared/export/table'
import type { Locale } from '../../ui/format'
import type { ViewTable } from '../export/document'
import { formatCell } from './format-cell'
import type { KpiFigure } from './export-registry'
import type { Cell, Column, TableModel } from './table-model'

/**
 * An analytics table as an export table: the same rows and columns as the screen, numbers as
 * numbers (money in minor units of the column's currency, ratios as percentages, 同比/环比 as
 * percentages, points as numbers of points). A refused figure (missing rate) is an empty cell.
 */
export function analyticsTable(model: TableModel): ViewTable {
  const columns: ExportColumn[] = model.columns.map(exportColumn)
  const rows: ExportRow[] = model.rows.map((r) => {
    const row: ExportRow = {}
    for (const c of model.columns) row[c.key] = r.refused?.[c.key] ? null : exportCell(c, r.cells[c.key] ?? null)
    return row
  })
  return { title: model.title, columns, rows }
}

function exportColumn(c: Column): ExportColumn {
  switch (c.kind) {
    case 'text':
      return { key: c.key, label: c.label, kind: 'text' }
    case 'money':
      return { key: c.key, label: c.label, kind: 'money', ...(c.currency && { currency: c.currency }) }
    case 'percent':
    case 'change':
      return { key: c.key, label: c.label, kind: 'percent' }
    case 'points':
    case 'days':
      return { key: c.key, label: c.label, kind: 'number', decimals: 1 }
    case 'decimal':
      return { key: c.key, label: c.label, kind: 'number', decimals: 3 }
    default:
      return { key: c.key, label: c.label, kind: 'number' }
  }
}

function exportCell(c: Column, v: Cell): ExportRow[string] {
  if (v === null || v === '') return null
  if (c.kind === 'text') return String(v)
  if (typeof v === 'string') return null
  if (c.kind === 'money') return c.currency ? { minor: Math.round(v), currency: c.currency } : Math.round(v)
  // Points are differences of two ratios; the screen reads them as percentage points.
  if (c.kind === 'points') return Math.round(v * 1000) / 10
  return v
}

/**
 * The headline cards as one table: each figure as the card reads it, then as a number in its
 * own column (amount, rate or count), with its 环比 and 同比 as the card says them.
 */
export function kpiTable(title: string, figures: readonly KpiFigure[], locale: Locale, t: TFunction): ViewTable {
  const change = (f: KpiFigure, c: KpiFigure['mom']): string | null => {
    if (!c) return null
    if (c.prior === null) return t('analytics:noData')
    const kind = f.kind === 'percent' ? 'points' : 'change'
    return formatCell(kind, f.kind === 'percent' ? c.delta : c.ratio, locale)
  }
  const columns: ExportColumn[] = [
    { key: 'figure', label: t('export:columns.figure'), kind: 'text' },
    { key: 'shown', label: t('analytics:export.shown'), kind: 'text' },
    { key: 'amount', label: t('analytics:export.amount'), kind: 'money' },
    { key: 'rate', label: t('analytics:export.rate'), kind: 'percent' },
    { key: 'number', label: t('analytics:export.number'), kind: 'number', decimals: 1 },
    { key: 'mom', label: t('analytics:mom'), kind: 'text' },
    { key: 'yoy', label: t('analytics:yoy'), kind: 'text' }
  ]
  const rows: ExportRow[] = figures.map((f) => {
    const v = f.refused ? null : f.value
    return {
      figure: f.label,
      shown: f.refused ?? formatCell(f.kind, v, locale, f.currency),
      amount: f.kind === 'money' && v !== null ? { minor: Math.round(v), currency: f.currency ?? 'CNY' } : null,
      rate: f.kind === 'percent' ? v : null,
      number: f.kind !== 'money' && f.kind !== 'percent' && v !== null ? v : null,
      mom: change(f, f.mom),
      yoy: change(f, f.yoy)
    }
  })
  return { title, columns, rows }
}
