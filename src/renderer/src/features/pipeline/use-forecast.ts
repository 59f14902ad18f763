import { useMemo, useState } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { forecastAccuracyReport, forecastDeals, forecastPeriod } from '@shared/domain/forecast'
import { forecastWindow, snapshotScopeOf, wonAmountTarget, type ForecastGrain } from '@shared/domain/forecast-period'
import { inOneCurrency } from '@shared/domain/currency'
import { getDb } from '../../db/database'
import { takeForecastSnapshot } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useDataSpan } from '../dataset/use-data-span'
import type { PipelineData } from './use-pipeline-data'

/**
 * The forecast view's state: the chosen grain and period, the figures in one currency, the
 * deals behind each, the target, the accuracy report from the snapshots, and taking a snapshot.
 */
export function useForecast(data: PipelineData) {
  const { t } = useTranslation('pipeline')
  const { timeZone } = useLocale()
  const { processById, orgUnits, users } = useWorkspaceData()
  const { scope, contains } = useScope()
  const [period, setPeriod] = useLocalStorage<ForecastGrain>({ key: 'pipeline.forecast.period', defaultValue: 'month' })
  const [busy, setBusy] = useState(false)
  const targets = useLiveQuery(() => getDb().targets.toArray(), [])
  const snapshots = useLiveQuery(() => getDb().forecastSnapshots.toArray(), [])
  const who = useMemo(() => snapshotScopeOf(scope, orgUnits), [scope, orgUnits])

  // Any period, however long ago (an imported history ends where it ends); null = the current one.
  const [at, setAt] = useState<number | null>(null)
  const anchor = at ?? data.now
  const span = useDataSpan(data.now)
  // Figures add like with like: every deal in one currency, converted with the rates in Settings when mixed.
  const rates = useCurrencyRates()
  const money = useMemo(() => inOneCurrency(data.deals, rates), [data.deals, rates])
  const deals = money.items
  const frame = useMemo(() => forecastWindow(period, anchor, timeZone), [anchor, period, timeZone])
  const { start, end, periodStart } = frame
  const figures = useMemo(
    () => forecastPeriod(deals, processById, start, end, contains),
    [deals, processById, start, end, contains]
  )
  // The doors open the deals as they are (in their own currency), not the converted copies.
  const behind = useMemo(() => {
    const original = new Map(data.deals.map((d) => [d.id, d]))
    const lists = forecastDeals(deals, start, end, contains)
    for (const k of Object.keys(lists) as (keyof typeof lists)[]) lists[k] = lists[k].map((d) => original.get(d.id) ?? d)
    return lists
  }, [data.deals, deals, start, end, contains])
  const target = targets ? wonAmountTarget(targets, who, frame.monthKeys) : undefined

  // Accuracy: one report for the chart, the by-week chart, the per-rep table and the banner,
  // over the same closed months; this month is progress, judged when it is over.
  const report = useMemo(() => {
    if (!snapshots || !who) return null
    const reps = users.filter((u) => u.role === 'rep' && contains({ ownerId: u.id, orgUnitId: u.orgUnitId }))
    return forecastAccuracyReport({
      deals,
      snapshots,
      scopeId: who.scopeId,
      include: contains,
      repIds: reps.map((u) => u.id),
      // A past period: the months up to it are judged, and it stands where "this month" would.
      now: Math.min(data.now, end - 1),
      timeZone
    })
  }, [snapshots, who, deals, data.now, end, contains, timeZone, users])

  const lastManual = useMemo(
    () =>
      snapshots
        ?.filter(
          (s) =>
            s.trigger === 'manual' && who && s.scopeId === who.scopeId && s.periodStart === periodStart && s.period === period
        )
        .sort((a, b) => b.takenAt - a.takenAt)[0],
    [snapshots, who, periodStart, period]
  )

  async function snapshot(): Promise<void> {
    if (!who) return
    setBusy(true)
    try {
      await takeForecastSnapshot({ ...who, period, periodStart, figures, ...(target !== undefined ? { target } : {}) })
      notifications.show({ color: 'teal', message: t('forecast.snapshotTaken') })
    } finally {
      setBusy(false)
    }
  }

  return { period, setPeriod, at, setAt, anchor, span, rates, money, figures, behind, target, report, lastManual, who, busy, snapshot }
}
