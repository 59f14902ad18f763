import { useMemo } from 'react'
import { Group, Loader, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { ACTIVITY_METRICS, METRIC_KIND, monthlyTrend, TREND_METRICS, type TrendMetric } from '@shared/domain/analytics/trends'
import { detectSegments, MIN_RECENT, MIN_SEGMENT_DEALS, SEGMENT_ALPHA, type SegmentMeasure } from '@shared/domain/analytics/segments'
import { periodsBack } from '@shared/domain/analytics/periods'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatCount, formatMoney, formatPercent } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel } from './table-model'
import { useRefusal, type ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { formatCell } from './format-cell'
import { useNewCustomerFirsts } from '../rhythm/use-new-customers'
import { AnalyticsChart } from './export-registry'

/**
 * Trends and segments: any metric month by month with 环比 and 同比, and the segments (industry,
 * size, city, product line) that grow significantly faster than the rest, with the test stated.
 */
export function TrendsView({ data, scoped, cmp, view, setExtra }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale, timeZone } = useLocale()
  const refusal = useRefusal()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const base = data.rates.base
  const metric: TrendMetric = TREND_METRICS.includes(view.extra.metric as TrendMetric) ? (view.extra.metric as TrendMetric) : 'won_amount'
  const kind = METRIC_KIND[metric]
  // New customers by the team's definition: by first visit, the visits are needed too.
  // Firsts over the whole workspace: a customer another team won first is not new to this scope.
  const { firsts: newCustomerFirsts, basis: newCustomerBasis } = useNewCustomerFirsts()
  const needsActivities = ACTIVITY_METRICS.has(metric) || (metric === 'new_customers' && newCustomerBasis === 'visit')
  const lastMonth = Math.min(cmp.current.end - 1, data.now)

  const points = useMemo(() => {
    if (needsActivities && !scoped.activities) return null
    if (metric === 'new_customers' && !newCustomerFirsts) return null
    const months = periodsBack('month', lastMonth, 24, timeZone)
    // All follow-ups, not only the 24 months': a month before the first visit ever has no data.
    return monthlyTrend(metric, months, { deals: scoped.deals, customers: scoped.customers, activities: scoped.activities ?? [], rates: data.rates, newCustomerBasis, newCustomerFirsts }).slice(12)
  }, [needsActivities, scoped, lastMonth, timeZone, metric, data.rates, newCustomerBasis, newCustomerFirsts])

  const measure: SegmentMeasure = view.extra.measure === 'won' || view.extra.measure === 'customers' ? view.extra.measure : 'deals'
  const baselineKind = view.extra.baseline === 'yoy' ? 'yoy' : 'mom'
  const recent = cmp.current
  const baseline = baselineKind === 'yoy' ? cmp.lastYear : cmp.prior
  const segments = useMemo(
    () => detectSegments({ deals: scoped.deals, customers: scoped.customers, customerById: data.customerById, recent, baseline, measure, rates: data.rates }),
    [scoped.deals, scoped.customers, data.customerById, recent, baseline, measure, data.rates]
  )

  const metricName = t(`metric.${metric}`)
  const monthLabel = (i: number): string => (points ? label('month', points[i]!.range) : '')
  const trendTable: TableModel | null = points && {
    id: 'trends-month',
    title: t('trends.title', { metric: metricName }),
    columns: [
      { key: 'month', label: t('col.period'), kind: 'text' },
      { key: 'value', label: metricName, kind: kind === 'money' ? 'money' : kind === 'ratio' ? 'percent' : kind === 'days' ? 'days' : 'count', currency: base },
      { key: 'mom', label: t('col.mom'), kind: kind === 'ratio' ? 'points' : 'change' },
      { key: 'yoy', label: t('col.yoy'), kind: kind === 'ratio' ? 'points' : 'change' }
    ],
    rows: points.map((p, i) => {
      const name = monthLabel(i)
      const door = metric === 'visits' ? undefined : { title: `${metricName} · ${name}`, deals: () => p.deals }
      return {
        key: String(i),
        cells: {
          month: name,
          value: p.value,
          mom: kind === 'ratio' ? p.mom.delta : p.mom.ratio,
          yoy: kind === 'ratio' ? p.yoy.delta : p.yoy.ratio
        },
        doors: door ? { value: door } : undefined,
        refused: p.missing.length ? { value: refusal(p.missing, base) } : undefined
      }
    })
  }
  const trendChart = useMemo(() => {
    const fmtAxis = (v: number): string =>
      kind === 'money' ? formatMoney(v, base, locale) : kind === 'ratio' ? `${Math.round(v * 100)}%` : kind === 'days' ? v.toFixed(0) : formatCount(v, locale)
    return (
      points && {
        tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : fmtAxis(v)) },
        legend: { top: 0 },
        grid: { left: 64, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: points.map((p) => label('month', p.range)), axisLabel: { fontSize: 10 } },
        yAxis: { type: 'value', axisLabel: { formatter: fmtAxis } },
        series: [
          { name: t('trends.thisYear'), type: 'bar', data: points.map((p) => p.value) },
          { name: t('trends.lastYear'), type: 'line', data: points.map((p) => p.yoy.prior), lineStyle: { type: 'dashed' }, color: '#868e96' }
        ]
      }
    )
  }, [points, kind, base, locale, t, label])

  const dimName = (d: string): string => t(`dimension.${d}`)
  const sizeName = (v: string): string => (['micro', 'small', 'medium', 'large', 'enterprise'].includes(v) ? t(`size.${v}`) : v)
  const recentName = label('custom', recent)
  const baselineName = label('custom', baseline)
  const segmentTable: TableModel = {
    id: 'trends-segments',
    title: t('segments.title'),
    columns: [
      { key: 'dimension', label: t('col.dimension'), kind: 'text' },
      { key: 'value', label: t('col.segment'), kind: 'text' },
      { key: 'recent', label: measure === 'customers' ? t('col.recentCustomers') : t('col.recent'), kind: 'count' },
      { key: 'baseline', label: measure === 'customers' ? t('col.baselineCustomers') : t('col.baseline'), kind: 'count' },
      { key: 'growth', label: t('col.growth'), kind: 'change' },
      { key: 'restGrowth', label: t('col.restGrowth'), kind: 'change' },
      { key: 'wonRecent', label: t('col.wonRecent'), kind: 'money', currency: base },
      { key: 'p', label: t('col.pValue'), kind: 'decimal' },
      { key: 'verdict', label: t('col.verdict'), kind: 'text' }
    ],
    rows: segments.rows
      .filter((r) => r.pValue !== null || r.emerging)
      .map((r) => {
        const v = r.dimension === 'size' ? sizeName(r.value) : r.value
        return {
          key: `${r.dimension}:${r.value}`,
          highlight: r.emerging,
          cells: {
            dimension: dimName(r.dimension),
            value: v,
            recent: r.recentCount,
            baseline: r.baselineCount,
            growth: r.growth,
            restGrowth: r.restGrowth,
            wonRecent: r.wonRecent.missing.length ? null : r.wonRecent.amount,
            p: r.pValue,
            verdict: r.emerging ? t('segments.emerging') : r.recentCount < MIN_RECENT ? t('segments.small') : t('segments.noSignal')
          },
          doors: {
            recent: { title: () => t('door.segment', { name: v, period: recentName }), deals: () => r.recent },
            baseline: { title: () => t('door.segment', { name: v, period: baselineName }), deals: () => r.baseline },
            wonRecent: { title: () => t('door.segmentWon', { name: v, period: recentName }), deals: () => r.wonRecentDeals }
          },
          refused: r.wonRecent.missing.length ? { wonRecent: refusal(r.wonRecent.missing, base) } : undefined
        }
      })
  }
  const emerging = segments.rows.filter((r) => r.emerging)

  return (
    <Stack gap="sm">
      <SectionCard
        title={t('trends.title', { metric: metricName })}
        note={t('trends.note')}
        actions={
          <Select
            size="xs"
            w={200}
            aria-label={t('trends.metric')}
            value={metric}
            onChange={(v) => v && setExtra('metric', v)}
            allowDeselect={false}
            data={TREND_METRICS.map((m) => ({ value: m, label: t(`metric.${m}`) }))}
          />
        }
        testId="trends-month"
      >
        {trendTable && trendChart ? (
          <>
            <AnalyticsChart
              option={trendChart}
              height={240}
              label={trendTable.title}
              onClick={(e) => {
                const p = points![e.dataIndex]
                if (p && metric !== 'visits') open(`${metricName} · ${monthLabel(e.dataIndex)}`, p.deals)
              }}
            />
            <FigureTable model={trendTable} maxHeight={260} />
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
      <SectionCard
        title={segmentTable.title}
        note={t('segments.method', {
          alpha: formatPercent(SEGMENT_ALPHA, locale),
          min: MIN_SEGMENT_DEALS,
          minRecent: MIN_RECENT,
          tested: segments.tested,
          threshold: formatCell('decimal', segments.threshold, locale)
        })}
        actions={
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              aria-label={t('segments.measure')}
              value={measure}
              onChange={(v) => setExtra('measure', v)}
              data={[
                { value: 'deals', label: t('segments.newDeals') },
                { value: 'won', label: t('segments.wonDeals') },
                { value: 'customers', label: t('segments.newCustomers') }
              ]}
            />
            <SegmentedControl
              size="xs"
              aria-label={t('segments.baseline')}
              value={baselineKind}
              onChange={(v) => setExtra('baseline', v)}
              data={[
                { value: 'mom', label: t('mom') },
                { value: 'yoy', label: t('yoy') }
              ]}
            />
          </Group>
        }
        empty={segmentTable.rows.length === 0 ? t('segments.none', { min: MIN_SEGMENT_DEALS }) : undefined}
        testId="trends-segments"
      >
        <Text size="sm" mb="xs" fw={500} data-testid="segments-verdict">
          {emerging.length
            ? t('segments.found', {
                list: emerging.map((r) => `${dimName(r.dimension)} · ${r.dimension === 'size' ? sizeName(r.value) : r.value}`).join(locale === 'zh-CN' ? '、' : ', '),
                recent: recentName,
                baseline: baselineName
              })
            : t('segments.notFound', { recent: recentName, baseline: baselineName })}
        </Text>
        <FigureTable model={segmentTable} maxHeight={360} />
      </SectionCard>
    </Stack>
  )
}
