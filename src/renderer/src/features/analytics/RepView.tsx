import { useMemo } from 'react'
import { Group, Loader, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import { conversionBy } from '@shared/domain/analytics/manager'
import { rankings, repAccuracy, repTargets } from '@shared/domain/analytics/rep'
import { elapsedShare, midnightOf, parseDay, periodOf, periodsBack } from '@shared/domain/analytics/periods'
import { closedIn, within } from '@shared/domain/analytics/facts'
import { actualsByRep } from '@shared/domain/targets'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatMoney, formatPercent } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel } from './table-model'
import type { ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { useNewCustomerFirsts } from '../rhythm/use-new-customers'
import { AnalyticsChart } from './export-registry'

/**
 * One rep's own numbers: their funnel, where they stand among their team on the heroes' metrics,
 * their targets (objective and their own stretch), and how well they forecast.
 */
export function RepView({ data, scoped, choice, cmp, view, setExtra }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale, timeZone } = useLocale()
  const { processes, processById, userById, users, orgUnitById } = useWorkspaceData()
  const { scope } = useScope()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const base = data.rates.base
  const periodName = label(choice.grain, choice)
  const range = cmp.current
  // The rep: the scope's, else the one last chosen here, else the first rep in scope.
  const repId = scope.kind === 'rep' ? scope.id : scoped.reps.some((u) => u.id === view.extra.rep) ? view.extra.rep! : scoped.reps.find((u) => u.active)?.id
  const rep = repId ? userById.get(repId) : undefined
  const process = processById.get(view.extra.process ?? '') ?? processes[0]

  const mine = useMemo(() => (repId ? data.deals.filter((d) => !d.deleted && d.ownerId === repId) : []), [data.deals, repId])
  const funnelRow = useMemo(() => (process && repId ? conversionBy([{ id: repId, deals: mine }], process, data.historyByDeal, range)[0]! : null), [process, repId, mine, data.historyByDeal, range])

  // Rankings need everyone's actuals: the follow-ups of every rep, not only those in scope.
  const activities = scoped.allActivities
  const { firsts } = useNewCustomerFirsts()
  const teamPeers = useMemo(() => new Set(users.filter((u) => u.role === 'rep' && rep && u.orgUnitId === rep.orgUnitId).map((u) => u.id)), [users, rep])
  const scopePeers = useMemo(() => new Set(scoped.reps.map((u) => u.id)), [scoped.reps])
  const actuals = useMemo(
    () => (activities && firsts ? actualsByRep({ deals: data.deals, activities: within(activities, range), firsts }, range.start, range.end, { rates: data.rates }) : null),
    [activities, data.deals, firsts, range, data.rates]
  )
  const ranks = useMemo(
    () => (actuals && repId ? { team: rankings(actuals, repId, teamPeers), scope: rankings(actuals, repId, scopePeers) } : null),
    [actuals, repId, teamPeers, scopePeers]
  )
  const targetRows = useMemo(
    () => (actuals && repId ? repTargets(data.targets, repId, actuals.get(repId) ?? { won_amount: 0, visits: 0, new_customers: 0 }, choice, timeZone) : null),
    [actuals, repId, data.targets, choice, timeZone]
  )
  const accuracy = useMemo(() => {
    if (!repId) return []
    const months = periodsBack('month', Math.min(range.end - 1, data.now), 6, timeZone)
    return repAccuracy(data.snapshots, mine, repId, months, data.now, timeZone)
  }, [repId, range.end, data.now, data.snapshots, mine, timeZone])

  if (!rep || !repId) {
    return <Text c="dimmed">{t('rep.noRep')}</Text>
  }
  const name = rep.name
  const wonIn = (from: number, to: number): Deal[] => mine.filter((d) => d.status === 'won' && closedIn(d, { start: from, end: to }))

  const funnelTable: TableModel | null = funnelRow && {
    id: 'rep-funnel',
    title: t('rep.funnel'),
    columns: [
      { key: 'stage', label: t('col.stage'), kind: 'text' },
      { key: 'reached', label: t('col.reached'), kind: 'count' },
      { key: 'conversion', label: t('col.conversion'), kind: 'percent' },
      { key: 'open', label: t('col.openNow'), kind: 'count' }
    ],
    rows: funnelRow.funnel.stages.map((s) => ({
      key: s.stageId,
      cells: { stage: s.name, reached: s.reached, conversion: s.conversion, open: s.open },
      doors: {
        reached: { title: () => t('door.reached', { name, stage: s.name }), deals: () => funnelRow.deals().get(s.stageId)?.reached ?? [] },
        conversion: { title: () => t('door.movedOn', { name, stage: s.name }), deals: () => funnelRow.deals().get(s.stageId)?.movedOn ?? [] },
        open: { title: () => t('door.openIn', { name, stage: s.name }), deals: () => funnelRow.deals().get(s.stageId)?.open ?? [] }
      }
    }))
  }
  const funnelChart = funnelRow && {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        left: 8,
        right: 8,
        top: 8,
        bottom: 8,
        sort: 'none',
        label: { show: true, position: 'inside', formatter: '{b}: {c}' },
        data: funnelRow.funnel.stages.map((s) => ({ name: s.name, value: s.reached }))
      }
    ]
  }

  const rankTable: TableModel | null = ranks && {
    id: 'rep-ranking',
    title: t('rep.ranking'),
    columns: [
      { key: 'metric', label: t('col.metric'), kind: 'text' },
      { key: 'value', label: t('col.value'), kind: 'text' },
      { key: 'team', label: t('col.rankTeam'), kind: 'text' },
      { key: 'scope', label: t('col.rankScope'), kind: 'text' },
      { key: 'top', label: t('col.top'), kind: 'text' }
    ],
    rows: ranks.team.map((r, i) => {
      const s = ranks.scope[i]!
      const fmt = (v: number | null): string | null =>
        v === null ? null : r.metric === 'won_amount' || r.metric === 'conversion' ? formatMoney(v, base, locale) : String(v)
      const place = (x: { rank: number | null; of: number }): string => (x.rank === null ? t('rep.unranked', { of: x.of }) : t('rep.rankOf', { rank: x.rank, of: x.of }))
      return {
        key: r.metric,
        cells: { metric: t(`heroMetric.${r.metric}`), value: fmt(r.value), team: place(r), scope: place(s), top: fmt(r.top) },
        doors:
          r.metric === 'won_amount' || r.metric === 'conversion'
            ? { value: { title: () => t('door.won', { name, period: periodName }), deals: () => wonIn(range.start, range.end) } }
            : undefined
      }
    })
  }

  const targetTable: TableModel | null = targetRows && {
    id: 'rep-targets',
    title: t('rep.targets'),
    columns: [
      { key: 'metric', label: t('col.metric'), kind: 'text' },
      { key: 'actual', label: t('col.actual'), kind: 'text' },
      { key: 'objective', label: t('col.objective'), kind: 'text' },
      { key: 'completion', label: t('col.completion'), kind: 'percent' },
      { key: 'stretch', label: t('col.stretch'), kind: 'text' },
      { key: 'stretchCompletion', label: t('col.stretchCompletion'), kind: 'percent' }
    ],
    rows: targetRows.map((r) => {
      const fmt = (v: number | undefined): string | null => (v === undefined ? null : r.metric === 'won_amount' ? formatMoney(v, base, locale) : String(Math.round(v)))
      return {
        key: r.metric,
        cells: {
          metric: t(`targetMetric.${r.metric}`),
          actual: fmt(r.actual),
          objective: fmt(r.target?.objective),
          completion: r.completion,
          stretch: fmt(r.target?.stretch),
          stretchCompletion: r.stretchCompletion
        },
        doors:
          r.metric === 'won_amount'
            ? {
                actual: { title: () => t('door.won', { name, period: periodName }), deals: () => wonIn(range.start, range.end) },
                completion: { title: () => t('door.won', { name, period: periodName }), deals: () => wonIn(range.start, range.end) }
              }
            : undefined
      }
    })
  }

  const accuracyTable: TableModel = {
    id: 'rep-accuracy',
    title: t('rep.accuracy'),
    columns: [
      { key: 'month', label: t('col.period'), kind: 'text' },
      { key: 'called', label: t('col.called'), kind: 'money', currency: base },
      { key: 'actual', label: t('col.wonActual'), kind: 'money', currency: base },
      { key: 'error', label: t('col.error'), kind: 'change', tone: 'none' }
    ],
    rows: accuracy.map((p) => {
      const monthRange = periodOf('month', midnightOf(parseDay(p.periodStart)!, timeZone), timeZone)
      return {
        key: p.periodStart,
        cells: { month: p.periodStart.slice(0, 7), called: p.called, actual: p.actual, error: p.errorRatio },
        doors: { actual: { title: () => t('door.won', { name, period: p.periodStart.slice(0, 7) }), deals: () => wonIn(monthRange.start, monthRange.end) } }
      }
    })
  }
  const accuracyChart = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%` },
    grid: { left: 48, right: 16, top: 16, bottom: 24 },
    xAxis: { type: 'category', data: accuracy.map((p) => p.periodStart.slice(0, 7)) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('col.error'),
        type: 'bar',
        data: accuracy.map((p) => ({ value: p.errorRatio === null ? 0 : Math.round(p.errorRatio * 100), itemStyle: { color: p.error > 0 ? '#e03131' : '#1c7ed6' } })),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
      }
    ]
  }

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Select
          size="xs"
          w={220}
          searchable
          aria-label={t('rep.pick')}
          value={repId}
          disabled={scope.kind === 'rep'}
          onChange={(v) => v && setExtra('rep', v)}
          allowDeselect={false}
          data={scoped.reps.map((u) => ({ value: u.id, label: `${u.name} · ${orgUnitById.get(u.orgUnitId)?.name ?? ''}` }))}
        />
        <Select
          size="xs"
          w={200}
          aria-label={t('manager.process')}
          value={process?.id ?? null}
          onChange={(v) => v && setExtra('process', v)}
          allowDeselect={false}
          data={processes.map((p) => ({ value: p.id, label: p.name }))}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <SectionCard title={t('rep.funnel')} note={t('rep.funnelNote', { name })} empty={!funnelTable || funnelRow!.cohort.length === 0 ? t('rep.noCohort') : undefined} testId="rep-funnel">
          {funnelTable && funnelChart && (
            <SimpleGrid cols={2} spacing="xs">
              <FigureTable model={funnelTable} />
              <AnalyticsChart
                option={funnelChart}
                height={200}
                label={t('rep.funnel')}
                onClick={(e) => {
                  const s = funnelRow!.funnel.stages[e.dataIndex]
                  if (s) open(t('door.reached', { name, stage: s.name }), funnelRow!.deals().get(s.stageId)?.reached ?? [])
                }}
              />
            </SimpleGrid>
          )}
        </SectionCard>
        <SectionCard title={t('rep.ranking')} note={t('rep.rankingNote')} testId="rep-ranking">
          {rankTable ? <FigureTable model={rankTable} /> : <Loader size="xs" />}
        </SectionCard>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <SectionCard
          title={t('rep.targets')}
          note={t('rep.targetsNote') + (cmp.toDate ? ` ${t('kpi.elapsed', { share: formatPercent(elapsedShare(choice, cmp, timeZone), locale) })}` : '')}
          testId="rep-targets"
        >
          {targetTable ? <FigureTable model={targetTable} /> : <Loader size="xs" />}
        </SectionCard>
        <SectionCard title={t('rep.accuracy')} note={t('rep.accuracyNote')} empty={accuracy.length === 0 ? t('rep.noAccuracy') : undefined}>
          <AnalyticsChart option={accuracyChart} height={160} label={t('rep.accuracy')} />
          <FigureTable model={accuracyTable} />
        </SectionCard>
      </SimpleGrid>
    </Stack>
  )
}
