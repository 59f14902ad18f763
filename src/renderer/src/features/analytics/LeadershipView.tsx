import { useMemo } from 'react'
import { SimpleGrid, Stack } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import { completionRows, dealsByProduct, dealsByUnit, forecastVsTarget, outcomeSeries, type CompletionRow, type ForecastVsTarget } from '@shared/domain/analytics/leadership'
import { moneyKnown } from '@shared/domain/analytics/facts'
import { elapsedShare, periodOf, periodsBack, type Grain } from '@shared/domain/analytics/periods'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatMoney, formatPercent } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { KpiCard } from './KpiCard'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel, TableRow } from './table-model'
import { moneyCell, useRefusal, type ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { AnalyticsChart } from './export-registry'

/**
 * Leadership: is the scope on target, where (region, team, product line), how the won amount and
 * win rate move (环比 / 同比), and what the quarter and the year are heading for.
 */
export function LeadershipView({ data, scoped, choice, cmp }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale, timeZone } = useLocale()
  const { processById } = useWorkspaceData()
  const { contains } = useScope()
  const refusal = useRefusal()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const base = data.rates.base
  const periodName = label(choice.grain, choice)

  const whole = useMemo(
    () => completionRows([{ id: 'scope', deals: scoped.deals, owners: scoped.owners }], cmp, data.targets, data.rates, timeZone, choice)[0]!,
    [scoped, cmp, data.targets, data.rates, timeZone, choice]
  )
  const units = useMemo(() => {
    const byUnit = dealsByUnit(scoped.deals, scoped.units)
    return completionRows(
      scoped.units.map((u) => ({ id: u.id, deals: byUnit.get(u.id) ?? [], owners: [{ scopeKind: 'orgUnit' as const, scopeId: u.id }] })),
      cmp,
      data.targets,
      data.rates,
      timeZone,
      choice
    )
  }, [scoped, cmp, data.targets, data.rates, timeZone, choice])
  const products = useMemo(
    () =>
      completionRows(
        [...dealsByProduct(scoped.deals)].map(([id, list]) => ({ id, deals: list, owners: [] })),
        cmp,
        data.targets,
        data.rates,
        timeZone
      ).sort((a, b) => (moneyKnown(b.current.wonAmount) ?? -1) - (moneyKnown(a.current.wonAmount) ?? -1) || a.id.localeCompare(b.id)),
    [scoped, cmp, data.targets, data.rates, timeZone]
  )
  // The series: the last 12 periods of the grain (months for a range of days), ending with the chosen one.
  const seriesGrain: Grain = choice.grain === 'custom' ? 'month' : choice.grain
  const series = useMemo(() => {
    const ranges = periodsBack(seriesGrain, choice.start, 12, timeZone)
    return { ranges, outcomes: outcomeSeries(scoped.deals, ranges, data.rates) }
  }, [seriesGrain, choice.start, timeZone, scoped.deals, data.rates])
  const forecasts = useMemo(() => {
    const at = Math.min(choice.start, data.now)
    return (['quarter', 'year'] as const).map((g) => ({
      grain: g,
      f: forecastVsTarget({
        deals: data.deals,
        processes: processById,
        range: periodOf(g, at, timeZone),
        include: contains,
        targets: data.targets,
        owners: scoped.owners,
        rates: data.rates,
        timeZone
      })
    }))
  }, [choice.start, data.now, data.deals, data.targets, data.rates, processById, contains, scoped.owners, timeZone])

  const completionTable = (id: string, title: string, rows: CompletionRow[], name: (id: string) => string, withTarget: boolean): TableModel => ({
    id,
    title,
    columns: [
      { key: 'name', label: t('col.name'), kind: 'text' },
      { key: 'won', label: t('col.won'), kind: 'money', currency: base },
      ...(withTarget
        ? ([
            { key: 'objective', label: t('col.objective'), kind: 'money', currency: base },
            { key: 'completion', label: t('col.completion'), kind: 'percent' },
            { key: 'stretch', label: t('col.stretch'), kind: 'money', currency: base },
            { key: 'stretchCompletion', label: t('col.stretchCompletion'), kind: 'percent' }
          ] as const)
        : ([{ key: 'share', label: t('col.share'), kind: 'percent' }] as const)),
      { key: 'wonMoM', label: t('col.wonMoM'), kind: 'change' },
      { key: 'wonYoY', label: t('col.wonYoY'), kind: 'change' },
      { key: 'winRate', label: t('col.winRate'), kind: 'percent' },
      { key: 'winRateMoM', label: t('col.winRateMoM'), kind: 'points' },
      { key: 'winRateYoY', label: t('col.winRateYoY'), kind: 'points' }
    ],
    rows: rows.map((r): TableRow => {
      const n = name(r.id)
      const won = moneyCell(r.current.wonAmount)
      const total = moneyKnown(whole.current.wonAmount)
      return {
        key: r.id,
        cells: {
          name: n,
          won,
          objective: r.target?.objective ?? null,
          completion: r.completion,
          stretch: r.target?.stretch ?? null,
          stretchCompletion: r.stretchCompletion,
          share: won !== null && total ? won / total : null,
          wonMoM: r.wonMoM.ratio,
          wonYoY: r.wonYoY.ratio,
          winRate: r.current.winRate,
          winRateMoM: r.winRateMoM.delta,
          winRateYoY: r.winRateYoY.delta
        },
        doors: {
          won: { title: () => t('door.won', { name: n, period: periodName }), deals: () => r.current.won },
          completion: { title: () => t('door.won', { name: n, period: periodName }), deals: () => r.current.won },
          winRate: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => [...r.current.won, ...r.current.lost] },
          wonMoM: { title: () => t('door.wonPrior', { name: n }), deals: () => r.prior.won },
          wonYoY: { title: () => t('door.wonLastYear', { name: n }), deals: () => r.lastYear.won }
        },
        refused: r.current.wonAmount.missing.length ? { won: refusal(r.current.wonAmount.missing, base) } : undefined
      }
    })
  })

  const unitTable = completionTable('leadership-units', t('leadership.byUnit'), units, (id) => scoped.units.find((u) => u.id === id)?.name ?? id, true)
  const productTable = completionTable('leadership-products', t('leadership.byProduct'), products, (id) => id || t('noProduct'), false)

  const seriesLabels = useMemo(() => series.ranges.map((r) => label(seriesGrain, r)), [series, label, seriesGrain])
  const seriesTable: TableModel = {
    id: 'leadership-series',
    title: t('leadership.series'),
    columns: [
      { key: 'period', label: t('col.period'), kind: 'text' },
      { key: 'won', label: t('col.won'), kind: 'money', currency: base },
      { key: 'wonDeals', label: t('col.wonDeals'), kind: 'count' },
      { key: 'winRate', label: t('col.winRate'), kind: 'percent' }
    ],
    rows: series.outcomes.map((o, i) => ({
      key: String(i),
      cells: { period: seriesLabels[i]!, won: moneyCell(o.wonAmount), wonDeals: o.won.length, winRate: o.winRate },
      doors: {
        won: { title: () => t('door.won', { name: t('scopeName'), period: seriesLabels[i] }), deals: () => o.won },
        wonDeals: { title: () => t('door.won', { name: t('scopeName'), period: seriesLabels[i] }), deals: () => o.won },
        winRate: { title: () => t('door.closed', { name: t('scopeName'), period: seriesLabels[i] }), deals: () => [...o.won, ...o.lost] }
      },
      refused: o.wonAmount.missing.length ? { won: refusal(o.wonAmount.missing, base) } : undefined
    }))
  }
  const seriesOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 48, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: seriesLabels, axisLabel: { fontSize: 10 } },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, base, locale) } },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }
      ],
      series: [
        { name: t('col.won'), type: 'bar', data: series.outcomes.map((o) => (o.wonAmount.missing.length ? null : o.wonAmount.amount)), tooltip: { valueFormatter: (v: number) => formatMoney(v, base, locale) } },
        { name: t('col.winRate'), type: 'line', yAxisIndex: 1, data: series.outcomes.map((o) => (o.winRate === null ? null : Math.round(o.winRate * 100))), tooltip: { valueFormatter: (v: number) => `${v}%` } }
      ]
    }),
    [series, seriesLabels, base, locale, t]
  )

  const forecastTable: TableModel = {
    id: 'leadership-forecast',
    title: t('leadership.forecast'),
    columns: [
      { key: 'period', label: t('col.period'), kind: 'text' },
      { key: 'won', label: t('col.won'), kind: 'money', currency: base },
      { key: 'commit', label: t('col.commit'), kind: 'money', currency: base },
      { key: 'bestCase', label: t('col.bestCase'), kind: 'money', currency: base },
      { key: 'weighted', label: t('col.weighted'), kind: 'money', currency: base },
      { key: 'objective', label: t('col.objective'), kind: 'money', currency: base },
      { key: 'wonCompletion', label: t('col.wonCompletion'), kind: 'percent' },
      { key: 'calledCompletion', label: t('col.calledCompletion'), kind: 'percent' },
      { key: 'gap', label: t('col.gap'), kind: 'money', currency: base }
    ],
    rows: forecasts.map(({ grain, f }) => forecastRow(grain, f))
  }
  function forecastRow(grain: 'quarter' | 'year', f: ForecastVsTarget): TableRow {
    const name = label(grain, f.range)
    const refused = f.missing.length ? refusal(f.missing, base) : undefined
    const door = (key: string, deals: Deal[]): { title: string; deals: () => Deal[] } => ({ title: `${name} · ${t(`col.${key}`)}`, deals: () => deals })
    return {
      key: grain,
      cells: {
        period: name,
        won: f.figures.won,
        commit: f.figures.commit,
        bestCase: f.figures.bestCase,
        weighted: f.figures.weighted,
        objective: f.target?.objective ?? null,
        wonCompletion: f.wonCompletion,
        calledCompletion: f.calledCompletion,
        gap: f.target ? Math.max(0, f.target.objective - f.called) : null
      },
      doors: {
        won: door('won', f.behind.won),
        commit: door('commit', f.behind.commit),
        bestCase: door('bestCase', f.behind.best_case),
        weighted: door('weighted', f.behind.open),
        wonCompletion: door('won', f.behind.won),
        calledCompletion: door('commit', [...f.behind.won, ...f.behind.commit])
      },
      refused: refused ? { won: refused, commit: refused, bestCase: refused, weighted: refused, wonCompletion: refused, calledCompletion: refused, gap: refused } : undefined
    }
  }

  const unitChart = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      grid: { left: 96, right: 24, top: 8, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: unitTable.rows.map((r) => r.cells.name) },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('col.completion'),
          type: 'bar',
          data: units.map((r) => ({ value: r.completion === null ? null : Math.round(r.completion * 100), itemStyle: { color: r.completion !== null && r.completion >= 1 ? '#2f9e44' : '#1c7ed6' } })),
          markLine: { silent: true, symbol: 'none', label: { show: false }, data: [{ xAxis: 100 }], lineStyle: { color: '#868e96' } }
        }
      ]
    }),
    [units, unitTable.rows, t]
  )

  const wonRefused = whole.current.wonAmount.missing.length ? refusal(whole.current.wonAmount.missing, base) : undefined
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        <KpiCard
          testId="kpi-won"
          label={t('kpi.won')}
          kind="money"
          currency={base}
          value={moneyCell(whole.current.wonAmount)}
          refused={wonRefused}
          mom={whole.wonMoM}
          yoy={whole.wonYoY}
          deals={() => whole.current.won}
        />
        <KpiCard testId="kpi-win-rate" label={t('kpi.winRate')} kind="percent" value={whole.current.winRate} mom={whole.winRateMoM} yoy={whole.winRateYoY} deals={() => [...whole.current.won, ...whole.current.lost]} />
        <KpiCard
          label={t('kpi.completion')}
          kind="percent"
          value={whole.completion}
          refused={wonRefused}
          deals={() => whole.current.won}
          hint={
            whole.target
              ? t('kpi.objective', { amount: formatMoney(whole.target.objective, base, locale) }) +
                (cmp.toDate ? ` · ${t('kpi.elapsed', { share: formatPercent(elapsedShare(choice, cmp, timeZone), locale) })}` : '')
              : t('kpi.noTarget')
          }
        />
        <KpiCard
          label={t('kpi.stretchCompletion')}
          kind="percent"
          value={whole.stretchCompletion}
          refused={wonRefused}
          deals={() => whole.current.won}
          hint={whole.target ? t('kpi.stretch', { amount: formatMoney(whole.target.stretch, base, locale) }) : t('kpi.noTarget')}
        />
        <KpiCard label={t('kpi.cycle')} kind="days" value={whole.current.cycleDays} deals={() => whole.current.won} hint={t('kpi.cycleHint')} />
      </SimpleGrid>
      <SectionCard title={unitTable.title} note={t('leadership.byUnitNote')} empty={units.length === 0 ? t('leadership.noUnits') : undefined} testId="leadership-units">
        <Stack gap="xs">
          <FigureTable model={unitTable} />
          <AnalyticsChart
            option={unitChart}
            height={Math.max(120, 26 * units.length + 40)}
            label={t('leadership.byUnitChart')}
            onClick={(e) => {
              const r = units[e.dataIndex]
              if (r) open(t('door.won', { name: unitTable.rows[e.dataIndex]!.cells.name, period: periodName }), r.current.won)
            }}
          />
        </Stack>
      </SectionCard>
      <SectionCard title={productTable.title} note={t('leadership.byProductNote')} empty={products.length === 0 ? t('empty') : undefined}>
        <FigureTable model={productTable} />
      </SectionCard>
      <SectionCard title={seriesTable.title} note={t('leadership.seriesNote')}>
        <AnalyticsChart
          option={seriesOption}
          height={240}
          label={seriesTable.title}
          onClick={(e) => {
            const o = series.outcomes[e.dataIndex]
            if (o) open(t('door.won', { name: t('scopeName'), period: seriesLabels[e.dataIndex] }), e.seriesIndex === 1 ? [...o.won, ...o.lost] : o.won)
          }}
        />
        <FigureTable model={seriesTable} maxHeight={220} />
      </SectionCard>
      <SectionCard title={forecastTable.title} note={t('leadership.forecastNote')}>
        <FigureTable model={forecastTable} />
      </SectionCard>
    </Stack>
  )
}
