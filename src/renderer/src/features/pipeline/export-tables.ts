import type { TFunction } from 'i18next'
import type { Deal } from '@shared/model'
import type { Funnel } from '@shared/domain/funnel'
import type { AccuracyPoint, RepAccuracy, WeekAccuracy } from '@shared/domain/forecast'
import type { ExportPart } from '../export/ExportMenu'
import type { ViewTable } from '../export/document'
import { dealsTable, tableOf, type DealLookups } from '../export/tables'

/** What the pipeline's exports are built from: plain values the views already hold. */

const oneDecimal = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10)

/**
 * The board as sheets: every deal on it first (one list to sort and pivot), then one sheet per
 * stage column in board order, the way the manager reads it; swimlanes are put back together
 * per stage. Paper skips the combined list (the columns already hold every deal). Each column
 * is also a part of its own. Deals are gathered only when the reader exports.
 */
export function boardExport(
  lanes: readonly { columns: readonly { id: string; name: string; deals: readonly Deal[] }[] }[],
  lookups: DealLookups,
  t: TFunction
): { tables(): ViewTable[]; parts: ExportPart[] } {
  const names = new Map<string, string>()
  for (const lane of lanes) for (const c of lane.columns) if (!names.has(c.id)) names.set(c.id, c.name)
  const dealsOf = (id: string): Deal[] => lanes.flatMap((l) => l.columns.find((c) => c.id === id)?.deals ?? [])
  const column = (id: string): ViewTable => dealsTable(names.get(id)!, dealsOf(id), lookups, t)
  return {
    tables: () => {
      const columns = [...names.keys()].map(column)
      const all = dealsTable(t('export:tables.allDeals'), [], lookups, t)
      return [{ ...all, rows: columns.flatMap((c) => c.rows), onPaper: false }, ...columns]
    },
    parts: [...names].map(([id, name]) => ({ key: id, label: name, tables: () => [column(id)] }))
  }
}

/** The funnel table as the view shows it: reach, conversion, open now, days per stage. */
/** `currency`: the one the open amounts are in on screen (converted when mixed). */
export function funnelTable(title: string, result: Funnel, t: TFunction, currency: string): ViewTable {
  return tableOf(
    title,
    [
      { key: 'name', label: t('pipeline:funnel.stage'), kind: 'text' },
      { key: 'reached', label: t('pipeline:funnel.reached'), kind: 'number' },
      { key: 'conversion', label: t('pipeline:funnel.conversion'), kind: 'percent' },
      { key: 'open', label: t('pipeline:funnel.openNow'), kind: 'number' },
      { key: 'openAmount', label: t('pipeline:funnel.openAmount'), kind: 'money', currency },
      { key: 'avgDays', label: t('pipeline:funnel.avgDays'), kind: 'number' },
      { key: 'medianDays', label: t('pipeline:funnel.medianDays'), kind: 'number' },
      { key: 'expectedDays', label: t('pipeline:funnel.expectedDays'), kind: 'number' }
    ],
    result.stages.map((s) => ({ ...s, avgDays: oneDecimal(s.avgDays), medianDays: oneDecimal(s.medianDays) }))
  )
}

export interface ForecastExport {
  /** The currency the figures are in on screen (converted when mixed). */
  currency: string
  figures: { label: string; amount: number | null; note?: string }[]
  accuracy: readonly AccuracyPoint[]
  byWeek: readonly WeekAccuracy[]
  byRep: readonly RepAccuracy[]
  monthLabel(p: AccuracyPoint): string
  weekLabel(w: WeekAccuracy): string
  repName(id: string): string
}

/** The forecast's figures, then its accuracy by month, by week of the month and by rep. */
export function forecastTables(f: ForecastExport, t: TFunction): ViewTable[] {
  const tables: ViewTable[] = [
    tableOf(
      t('pipeline:forecast.period'),
      [
        { key: 'label', label: t('export:columns.figure'), kind: 'text' },
        { key: 'amount', label: t('common:deal.amount'), kind: 'money', currency: f.currency },
        { key: 'note', label: t('export:columns.note'), kind: 'text' }
      ],
      f.figures
    )
  ]
  if (f.accuracy.length > 0) {
    tables.push(
      tableOf(
        t('pipeline:forecast.accuracyTitle'),
        [
          { key: 'month', label: t('export:columns.month'), kind: 'text' },
          { key: 'called', label: t('export:columns.called'), kind: 'money', currency: f.currency },
          { key: 'actual', label: t('export:columns.actual'), kind: 'money', currency: f.currency },
          { key: 'error', label: t('pipeline:forecast.errorAmount'), kind: 'money', currency: f.currency },
          { key: 'errorRatio', label: t('pipeline:forecast.error'), kind: 'percent' }
        ],
        f.accuracy.map((p) => ({ month: f.monthLabel(p), called: p.called, actual: p.actual, error: p.error, errorRatio: p.errorRatio }))
      )
    )
  }
  if (f.byWeek.length > 0) {
    tables.push(
      tableOf(
        t('pipeline:forecast.byWeekTitle'),
        [
          { key: 'week', label: t('export:columns.week'), kind: 'text' },
          { key: 'error', label: t('pipeline:forecast.error'), kind: 'percent' }
        ],
        f.byWeek.map((w) => ({ week: f.weekLabel(w), error: w.errorRatio }))
      )
    )
  }
  if (f.byRep.length > 0) {
    tables.push(
      tableOf(
        t('pipeline:forecast.byRepTitle'),
        [
          { key: 'rep', label: t('pipeline:forecast.rep'), kind: 'text' },
          { key: 'periods', label: t('pipeline:forecast.periods'), kind: 'number' },
          { key: 'error', label: t('pipeline:forecast.errorAmount'), kind: 'money', currency: f.currency },
          { key: 'errorRatio', label: t('pipeline:forecast.error'), kind: 'percent' }
        ],
        f.byRep.map((r) => ({ rep: f.repName(r.repId), periods: r.periods, error: r.error, errorRatio: r.errorRatio }))
      )
    )
  }
  return tables
}
