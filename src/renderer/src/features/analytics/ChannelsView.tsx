import { useMemo } from 'react'
import { Stack } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import { channelQuality, MIN_CHANNEL_LEADS, PROFILE_DIMENSIONS, type ProfileDimension } from '@shared/domain/analytics/channels'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatPercent } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel } from './table-model'
import type { ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { AnalyticsChart } from './export-registry'

/**
 * Channel quality: for each lead source, how much its new customers look like the customers we
 * signed (industry, size, city), how many of them sign, how fast, and the deals' win rate.
 */
export function ChannelsView({ scoped, choice, cmp }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale } = useLocale()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const periodName = label(choice.grain, choice)
  const range = cmp.current
  const q = useMemo(() => channelQuality({ customers: scoped.customers, deals: scoped.deals, range }), [scoped.customers, scoped.deals, range])
  const dealsOf = useMemo(() => {
    const by = new Map<string, Deal[]>()
    for (const d of scoped.deals) {
      if (d.customerId === undefined) continue
      const list = by.get(d.customerId)
      if (list) list.push(d)
      else by.set(d.customerId, [d])
    }
    return (ids: readonly { id: string }[], pred: (d: Deal) => boolean = () => true): Deal[] => ids.flatMap((c) => (by.get(c.id) ?? []).filter(pred))
  }, [scoped.deals])

  const sizeName = (v: string): string => (['micro', 'small', 'medium', 'large', 'enterprise'].includes(v) ? t(`size.${v}`) : v)
  const valueName = (dim: ProfileDimension, v: string): string => (v === '' ? t('unknown') : dim === 'size' ? sizeName(v) : v)
  const table: TableModel = {
    id: 'channels',
    title: t('channels.title'),
    columns: [
      { key: 'channel', label: t('col.channel'), kind: 'text' },
      { key: 'leads', label: t('col.leads'), kind: 'count' },
      { key: 'signed', label: t('col.signed'), kind: 'count' },
      { key: 'conversion', label: t('col.leadConversion'), kind: 'percent' },
      { key: 'leadToSign', label: t('col.leadToSign'), kind: 'days' },
      { key: 'winRate', label: t('col.winRate'), kind: 'percent' },
      { key: 'cycle', label: t('col.cycle'), kind: 'days' },
      { key: 'similarity', label: t('col.similarity'), kind: 'percent' },
      ...PROFILE_DIMENSIONS.map((d) => ({ key: `sim:${d}`, label: t(`col.sim.${d}`), kind: 'percent' as const })),
      { key: 'gap', label: t('col.overSupplied'), kind: 'text' }
    ],
    rows: q.rows.map((r) => {
      const name = r.channel || t('unknown')
      const gaps = PROFILE_DIMENSIONS.flatMap((d) => {
        const g = r.overSupplied[d]
        return g && g.leads - g.signed >= 0.1 ? [t('channels.gap', { value: valueName(d, g.value), leads: formatPercent(g.leads, locale), signed: formatPercent(g.signed, locale) })] : []
      })
      return {
        key: r.channel,
        cells: {
          channel: r.smallSample ? `${name} *` : name,
          leads: r.leads.length,
          signed: r.signed.length,
          conversion: r.conversion,
          leadToSign: r.leadToSignDays,
          winRate: r.winRate,
          cycle: r.cycleDays,
          similarity: r.similarity,
          ...Object.fromEntries(PROFILE_DIMENSIONS.map((d) => [`sim:${d}`, r.byDimension[d]])),
          gap: gaps.length ? gaps.join('; ') : null
        },
        doors: {
          leads: { title: () => t('door.leads', { name, period: periodName }), deals: () => dealsOf(r.leads) },
          signed: { title: () => t('door.signedLeads', { name, period: periodName }), deals: () => dealsOf(r.signed, (d) => d.status === 'won') },
          conversion: { title: () => t('door.signedLeads', { name, period: periodName }), deals: () => dealsOf(r.signed, (d) => d.status === 'won') },
          winRate: { title: () => t('door.closed', { name, period: periodName }), deals: () => [...r.won, ...r.lost] },
          cycle: { title: () => t('door.won', { name, period: periodName }), deals: () => r.won },
          similarity: { title: () => t('door.leads', { name, period: periodName }), deals: () => dealsOf(r.leads) }
        }
      }
    })
  }
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 28, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: q.rows.map((r) => r.channel || t('unknown')) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('col.similarity'), type: 'bar', data: q.rows.map((r) => (r.similarity === null ? null : Math.round(r.similarity * 100))) },
        { name: t('col.leadConversion'), type: 'bar', data: q.rows.map((r) => (r.conversion === null ? null : Math.round(r.conversion * 100))) }
      ]
    }),
    [q, t]
  )

  return (
    <Stack gap="sm">
      <SectionCard
        title={table.title}
        note={t('channels.note', { signed: q.signedCustomers.length, min: MIN_CHANNEL_LEADS })}
        empty={q.rows.length === 0 ? t('empty') : q.signedCustomers.length === 0 ? t('channels.noSigned') : undefined}
        testId="channels"
      >
        <AnalyticsChart
          option={chart}
          height={Math.max(140, 30 * q.rows.length + 48)}
          label={t('channels.chart')}
          onClick={(e) => {
            const r = q.rows[e.dataIndex]
            if (r) open(t('door.leads', { name: r.channel, period: periodName }), dealsOf(r.leads))
          }}
        />
        <FigureTable model={table} />
      </SectionCard>
    </Stack>
  )
}
