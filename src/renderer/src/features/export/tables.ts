import type { TFunction } from 'i18next'
import type { Deal } from '@shared/model'
import type { ExportColumn, ExportRow, ExportTable } from '@shared/export/table'
import { dealProbability, effectiveCategory } from '@shared/domain/forecast'
import type { HealthFinding } from '@shared/domain/deal-health'
import { DAY_MS } from '@shared/domain/calendar'
import type { WorkspaceData } from '../../app/workspace-data'
import type { ViewTable } from './document'

/** What a deals table needs to name things: the workspace's people, teams and stages, and customers. */
export interface DealLookups extends Pick<WorkspaceData, 'userById' | 'orgUnitById' | 'processById' | 'stageName'> {
  customers: ReadonlyMap<string, string>
  /** The board's extras: health flags, last customer touch and days in stage as of `now`. */
  health?: { byDeal: ReadonlyMap<string, readonly HealthFinding[]>; lastTouch: ReadonlyMap<string, number>; now: number }
}

/**
 * Deals as one table, the same columns wherever deals are exported (a board column, the list,
 * the deals behind a figure): who, what, how much in its own currency, when, how likely.
 */
export function dealsTable(title: string, deals: readonly Deal[], o: DealLookups, t: TFunction): ViewTable {
  const columns: ExportColumn[] = [
    { key: 'name', label: t('export:columns.deal'), kind: 'text' },
    { key: 'customer', label: t('common:deal.customer'), kind: 'text' },
    { key: 'stage', label: t('common:deal.stage'), kind: 'text' },
    { key: 'owner', label: t('common:deal.owner'), kind: 'text' },
    { key: 'team', label: t('export:columns.team'), kind: 'text' },
    { key: 'amount', label: t('common:deal.amount'), kind: 'money' },
    { key: 'currency', label: t('export:columns.currency'), kind: 'text' },
    { key: 'probability', label: t('common:deal.probability'), kind: 'percent' },
    { key: 'close', label: t('common:deal.closeDate'), kind: 'date' },
    { key: 'category', label: t('export:columns.forecastCategory'), kind: 'text' },
    { key: 'status', label: t('common:deal.status'), kind: 'text' },
    { key: 'closedAt', label: t('export:columns.closedAt'), kind: 'date' },
    { key: 'nextStep', label: t('common:deal.nextStep'), kind: 'text' },
    { key: 'lossReason', label: t('export:columns.lossReason'), kind: 'text' },
    { key: 'process', label: t('common:deal.process'), kind: 'text' },
    { key: 'created', label: t('export:columns.createdAt'), kind: 'date' }
  ]
  // A few distinct labels over 10,000 rows: translate each once.
  const label = memo((key: string) => t(key))
  const h = o.health
  if (h) {
    columns.splice(
      10,
      0,
      { key: 'daysInStage', label: t('export:columns.daysInStage'), kind: 'number' },
      { key: 'lastTouch', label: t('common:deal.lastTouch'), kind: 'date' },
      { key: 'health', label: t('export:columns.health'), kind: 'text' }
    )
  }
  const rows: ExportRow[] = deals.map((d) => ({
    ...(h && {
      daysInStage: Math.max(0, Math.floor((h.now - d.stageEnteredAt) / DAY_MS)),
      lastTouch: h.lastTouch.get(d.id) ?? null,
      health: (h.byDeal.get(d.id) ?? []).map((f) => label(`pipeline:flags.${f.flag}`)).join(', ') || null
    }),
    name: d.name,
    customer: (d.customerId !== undefined ? o.customers.get(d.customerId) : undefined) ?? null,
    stage: o.stageName(d.processId, d.stageId),
    owner: o.userById.get(d.ownerId)?.name ?? null,
    team: o.orgUnitById.get(d.orgUnitId)?.name ?? null,
    // An empty cell for "amount not set", never 0.
    amount: d.amount === undefined ? null : { minor: d.amount, currency: d.currency },
    currency: d.currency,
    probability: d.status === 'open' ? dealProbability(d, o.processById.get(d.processId)) / 100 : null,
    close: d.expectedCloseAt ?? null,
    category: label(`pipeline:categories.${effectiveCategory(d)}`),
    status: label(`common:deal.${d.status}`),
    closedAt: d.closedAt ?? null,
    nextStep: d.nextStep ?? null,
    lossReason: d.lossReason ?? null,
    process: o.processById.get(d.processId)?.name ?? null,
    created: d.createdAt
  }))
  return { title, columns, rows, printColumns: DEAL_PRINT_COLUMNS }
}

/** The columns a paper copy of a deals table keeps: an A4 page holds about eight. */
const DEAL_PRINT_COLUMNS = ['name', 'customer', 'stage', 'owner', 'amount', 'probability', 'close', 'category']

/**
 * A table from rows keyed by column: for views that already hold their figures as records.
 * Keys the columns do not name are left out, so nothing unchecked reaches main.
 */
export function tableOf(title: string, columns: ExportColumn[], records: readonly Record<string, unknown>[]): ExportTable {
  const rows = records.map((r) => {
    const row: ExportRow = {}
    for (const c of columns) {
      const v = r[c.key]
      row[c.key] = v === undefined ? null : (v as ExportRow[string])
    }
    return row
  })
  return { title, columns, rows }
}

function memo(f: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>()
  return (key) => {
    let v = seen.get(key)
    if (v === undefined) seen.set(key, (v = f(key)))
    return v
  }
}
