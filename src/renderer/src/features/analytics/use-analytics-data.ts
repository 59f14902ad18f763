import { useMemo } from 'react'
import type { Activity, AnalyticsSettings, Customer, Deal, ForecastSnapshot, StageHistory, Target } from '@shared/model'
import type { CurrencyRates } from '@shared/domain/currency'
import { historyByDeal } from '@shared/domain/deal-health'
import { inBaseCurrency } from '@shared/domain/analytics/facts'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { effectiveSettings } from '../../db/analytics'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'
import { useAnalyticsRates } from './use-rates'
import { useWarmQuery, warmMemo } from '../../db/warm'
import { useActivitiesOfKinds } from '../../db/activity-kinds'

/** Everything the analytics views count from, read live; deals in the workspace currency where a rate allows. */
export interface AnalyticsData {
  /** The end of today (figures change by day; a stable value keeps memos warm). */
  now: number
  /** Every deal, amounts converted into `rates.base` where the currency has a rate. */
  deals: Deal[]
  /** Converted deals as stored, by id: the drawer shows a deal in its own currency. */
  original: ReadonlyMap<string, Deal>
  /** Currencies converted with the rates, and those without one (their totals are refused). */
  converted: string[]
  missing: string[]
  customers: Customer[]
  customerById: Map<string, Customer>
  customerNames: Map<string, string>
  historyByDeal: Map<string, StageHistory[]>
  targets: Target[]
  snapshots: ForecastSnapshot[]
  /** Deals that have a strategy sheet (a war room). */
  sheetDealIds: Set<string>
  settings: AnalyticsSettings
  rates: CurrencyRates
}

/** The raw tables, before the workspace-currency conversion (the bench hands these in directly). */
export interface AnalyticsTables {
  deals: Deal[]
  customers: Customer[]
  stageHistory: StageHistory[]
  targets: Target[]
  snapshots: ForecastSnapshot[]
  sheetDealIds: Set<string>
  settings: AnalyticsSettings
}

/** The derived data every view shares, computed once per change of the tables. */
export function analyticsData(t: AnalyticsTables, rates: CurrencyRates, now: number): AnalyticsData {
  const conv = inBaseCurrency(t.deals, rates)
  return {
    now,
    deals: conv.deals,
    original: conv.original,
    converted: conv.converted,
    missing: conv.missing,
    customers: t.customers,
    customerById: new Map(t.customers.map((c) => [c.id, c])),
    customerNames: new Map(t.customers.map((c) => [c.id, c.name])),
    historyByDeal: historyByDeal(t.stageHistory),
    targets: t.targets,
    snapshots: t.snapshots,
    sheetDealIds: t.sheetDealIds,
    settings: t.settings,
    rates
  }
}

export function useAnalyticsData(): AnalyticsData | null {
  const { timeZone } = useLocale()
  const tick = useNow()
  const now = useMemo(() => startOfDay(tick, timeZone) + DAY_MS - 1, [tick, timeZone])
  const rates = useAnalyticsRates()
  // The same warm queries as the pipeline's, and the derived data kept between visits (issue 19).
  const deals = useWarmQuery('deals', () => getDb().deals.toArray())
  const customers = useWarmQuery('customers', () => getDb().customers.toArray())
  const stageHistory = useWarmQuery('stageHistory', () => getDb().stageHistory.toArray())
  const targets = useWarmQuery('targets', () => getDb().targets.toArray())
  const snapshots = useWarmQuery('forecastSnapshots', () => getDb().forecastSnapshots.toArray())
  const sheets = useWarmQuery('strategySheets:dealIds', async () => new Set((await getDb().strategySheets.toArray()).filter((s) => !s.deleted).map((s) => s.dealId)))
  const settingsRows = useWarmQuery('analyticsSettings', () => getDb().analyticsSettings.toArray())
  return warmMemo('analyticsData', [deals, customers, stageHistory, targets, snapshots, sheets, settingsRows, rates, now], () => {
    if (!deals || !customers || !stageHistory || !targets || !snapshots || !sheets || !settingsRows) return null
    const settings = effectiveSettings(settingsRows, rates.base)
    return analyticsData({ deals, customers, stageHistory, targets, snapshots, sheetDealIds: sheets, settings }, rates, now)
  })
}

/** Follow-ups some views need (visits, calls, ride-alongs, pool claims, amount and close-date changes); loaded only when asked for. */
export const ANALYTICS_ACTIVITY_KINDS = ['visit', 'ride_along', 'call', 'pool_claim', 'amount_change', 'close_date_change'] as const

/** Sorted by time, so a view takes its period's follow-ups by binary search (`within`). */
export function useAnalyticsActivities(enabled: boolean): Activity[] | null {
  // From the activity table's one shared read (a cursor over the kind index is slow, issue 19).
  const rows = useActivitiesOfKinds(ANALYTICS_ACTIVITY_KINDS, enabled)
  return useMemo(() => (rows ? sortByTime(rows) : null), [rows])
}

export function sortByTime(rows: Activity[]): Activity[] {
  return rows.sort((a, b) => a.at - b.at)
}
