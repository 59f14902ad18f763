import { useMemo } from 'react'
import { Anchor, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { dealSizeEconomics, type Band } from '@shared/domain/analytics/deal-size'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatMoney } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel } from './table-model'
import { moneyCell, useRefusal, type ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { AnalyticsChart } from './export-registry'

/**
 * Deal-size economics: small, medium and big deals side by side — how many close, what they
 * bring, how often and how fast they are won, and what the effort to sell them costs.
 */
export function DealSizeView({ data, scoped, choice, cmp }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale } = useLocale()
  const refusal = useRefusal()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const s = data.settings
  const base = data.rates.base
  const periodName = label(choice.grain, choice)
  const e = useMemo(
    () =>
      scoped.activities &&
      dealSizeEconomics({ deals: scoped.deals, activities: scoped.activities, sheetDealIds: data.sheetDealIds, settings: s, range: cmp.current, rates: data.rates }),
    [scoped, data.sheetDealIds, s, cmp, data.rates]
  )
  const bandName = (b: Band): string =>
    b === 'small'
      ? t('band.small', { below: formatMoney(s.smallBelow, s.currency, locale) })
      : b === 'big'
        ? t('band.big', { from: formatMoney(s.bigFrom, s.currency, locale) })
        : t('band.medium', { from: formatMoney(s.smallBelow, s.currency, locale), below: formatMoney(s.bigFrom, s.currency, locale) })

  const table: TableModel | null = e && {
    id: 'deal-size',
    title: t('dealSize.title'),
    columns: [
      { key: 'band', label: t('col.band'), kind: 'text' },
      { key: 'closed', label: t('col.closedDeals'), kind: 'count' },
      { key: 'won', label: t('col.wonDeals'), kind: 'count' },
      { key: 'revenue', label: t('col.revenue'), kind: 'money', currency: base },
      { key: 'winRate', label: t('col.winRate'), kind: 'percent' },
      { key: 'cycle', label: t('col.cycle'), kind: 'days' },
      { key: 'visits', label: t('col.visits'), kind: 'count' },
      { key: 'calls', label: t('col.calls'), kind: 'count' },
      { key: 'rideAlongs', label: t('col.rideAlongs'), kind: 'count' },
      { key: 'warRoomHours', label: t('col.warRoomHours'), kind: 'count' },
      { key: 'cost', label: t('col.cost'), kind: 'money', currency: s.currency },
      { key: 'costPerWon', label: t('col.costPerWon'), kind: 'money', currency: s.currency },
      { key: 'costShare', label: t('col.costShare'), kind: 'percent' }
    ],
    rows: e.rows.map((r) => {
      const n = bandName(r.band)
      return {
        key: r.band,
        cells: {
          band: n,
          closed: r.closed.length,
          won: r.won.length,
          revenue: moneyCell(r.revenue),
          winRate: r.winRate,
          cycle: r.cycleDays,
          visits: r.visits,
          calls: r.calls,
          rideAlongs: r.rideAlongs,
          warRoomHours: r.warRoomHours,
          cost: r.cost,
          costPerWon: r.costPerWon,
          costShare: r.costShare
        },
        doors: {
          closed: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => r.closed },
          won: { title: () => t('door.won', { name: n, period: periodName }), deals: () => r.won },
          revenue: { title: () => t('door.won', { name: n, period: periodName }), deals: () => r.won },
          winRate: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => r.closed },
          cycle: { title: () => t('door.won', { name: n, period: periodName }), deals: () => r.won },
          cost: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => r.closed },
          costPerWon: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => r.closed },
          costShare: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => r.closed }
        },
        refused: r.revenue.missing.length ? { revenue: refusal(r.revenue.missing, base) } : undefined
      }
    })
  }
  // Count, revenue and cost as each band's share of the whole: where the deals are vs where the money and the effort go.
  const chart = useMemo(() => {
    if (!e) return null
    const share = (xs: number[]): number[] => {
      const total = xs.reduce((a, b) => a + b, 0)
      return xs.map((x) => (total > 0 ? Math.round((x / total) * 100) : 0))
    }
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: e.rows.map((r) => t(`band.short.${r.band}`)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('dealSize.shareOfDeals'), type: 'bar', data: share(e.rows.map((r) => r.closed.length)) },
        { name: t('dealSize.shareOfRevenue'), type: 'bar', data: share(e.rows.map((r) => (r.revenue.missing.length ? 0 : r.revenue.amount))) },
        { name: t('dealSize.shareOfCost'), type: 'bar', data: share(e.rows.map((r) => r.cost)) }
      ]
    }
  }, [e, t])

  const costs = t('dealSize.costs', {
    visit: formatMoney(s.costPerVisit, s.currency, locale),
    call: formatMoney(s.costPerCall, s.currency, locale),
    ride: formatMoney(s.costPerRideAlong, s.currency, locale),
    hour: formatMoney(s.costPerWarRoomHour, s.currency, locale),
    hours: s.warRoomHoursPerSheet
  })
  return (
    <Stack gap="sm">
      <SectionCard
        title={t('dealSize.title')}
        note={
          <>
            {costs}{' '}
            <Anchor component={Link} to="/settings" size="xs">
              {t('dealSize.change')}
            </Anchor>
          </>
        }
        testId="deal-size"
      >
        {e && table && chart ? (
          <>
            {e.unbanded.length > 0 && (
              <Text size="xs" c="red.7" mb="xs">
                {t('dealSize.unbanded', { count: e.unbanded.length, rates: refusal(e.missing, s.currency) })}
              </Text>
            )}
            <FigureTable model={table} />
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm" mt="sm">
              <AnalyticsChart
                option={chart}
                height={220}
                label={t('dealSize.chart')}
                onClick={(ev) => {
                  const r = e.rows[ev.dataIndex]
                  if (r) open(t('door.closed', { name: bandName(r.band), period: periodName }), r.closed)
                }}
              />
              <Text size="xs" c="dimmed">
                {t('dealSize.method')}
              </Text>
            </SimpleGrid>
          </>
        ) : (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('loadingActivities')}
            </Text>
          </Group>
        )}
      </SectionCard>
    </Stack>
  )
}
