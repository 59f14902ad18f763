import { useMemo, useState } from 'react'
import { Group, Loader, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import { conversionBy, lossReasons, outcomesByRep, visitBehaviour } from '@shared/domain/analytics/manager'
import { dealsByUnit } from '@shared/domain/analytics/leadership'
import { within } from '@shared/domain/analytics/facts'
import { quotaByRep } from '@shared/domain/eight-visit'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel, TableRow } from './table-model'
import { moneyCell, useRefusal, type ViewProps } from './view-props'
import { repsIn } from './scope-data'
import { useAnalyticsDoor } from './door'
import { AnalyticsChart } from './export-registry'

/**
 * The front-line manager: how far this period's new deals got, team by team and rep by rep;
 * whether the visits are made and go to the customers that matter; who wins, how fast; why deals
 * are lost.
 */
export function ManagerView({ data, scoped, choice, cmp, view, setExtra }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { timeZone } = useLocale()
  const { processes, processById, userById, orgUnitById } = useWorkspaceData()
  const refusal = useRefusal()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const base = data.rates.base
  const periodName = label(choice.grain, choice)
  // Default: the process most of the scope's deals follow.
  const busiest = useMemo(() => {
    const n = new Map<string, number>()
    for (const d of scoped.deals) n.set(d.processId, (n.get(d.processId) ?? 0) + 1)
    return [...processes].sort((a, b) => (n.get(b.id) ?? 0) - (n.get(a.id) ?? 0))[0]
  }, [scoped.deals, processes])
  const process = processById.get(view.extra.process ?? '') ?? busiest
  const range = cmp.current
  const reps = useMemo(() => repsIn(scoped.reps, range), [scoped.reps, range])
  const teams = useMemo(() => scoped.units.filter((u) => u.kind === 'team'), [scoped.units])
  const repName = (id: string): string => userById.get(id)?.name ?? '—'

  const conversion = useMemo(() => {
    if (!process) return null
    const byUnit = dealsByUnit(scoped.deals, teams)
    const byRep = new Map<string, Deal[]>(reps.map((u) => [u.id, []]))
    for (const d of scoped.deals) byRep.get(d.ownerId)?.push(d)
    return {
      teams: conversionBy(teams.map((u) => ({ id: u.id, deals: byUnit.get(u.id) ?? [] })), process, data.historyByDeal, range),
      reps: conversionBy(reps.map((u) => ({ id: u.id, deals: byRep.get(u.id)! })), process, data.historyByDeal, range)
    }
  }, [process, scoped.deals, teams, reps, data.historyByDeal, range])

  const visits = useMemo(() => {
    if (!scoped.activities) return null
    return visitBehaviour({
      reps,
      activities: within(scoped.activities, range),
      deals: data.deals,
      customerById: data.customerById,
      range,
      timeZone,
      now: data.now,
      quota: quotaByRep(reps, orgUnitById)
    })
  }, [scoped.activities, reps, data.deals, data.customerById, range, timeZone, data.now, orgUnitById])

  const outcomes = useMemo(() => outcomesByRep(reps.map((u) => u.id), scoped.deals, range, data.rates), [reps, scoped.deals, range, data.rates])
  const losses = useMemo(() => lossReasons(scoped.deals, range, data.rates), [scoped.deals, range, data.rates])

  // A region's manager sees the teams first and opens the one to look into; a team's sees its reps.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set())
  const isOpen = (teamId: string): boolean => teams.length <= 1 || opened.has(teamId)
  const toggle = (teamId: string): void =>
    setOpened((cur) => {
      const next = new Set(cur)
      if (next.has(teamId)) next.delete(teamId)
      else next.add(teamId)
      return next
    })

  const openStages = process?.stages.filter((s) => s.kind === 'open') ?? []
  const conversionTable: TableModel | null = conversion && {
    id: 'manager-conversion',
    title: t('manager.conversion'),
    columns: [
      { key: 'name', label: t('col.name'), kind: 'text' },
      { key: 'advances', label: t('col.advances'), kind: 'count' },
      { key: 'cohort', label: t('col.cohort'), kind: 'count' },
      ...openStages.slice(0, -1).map((s) => ({ key: `conv:${s.id}`, label: t('col.conversionFrom', { stage: s.name }), kind: 'percent' as const })),
      { key: 'win', label: t('col.cohortWin'), kind: 'percent' }
    ],
    // Each team, then its reps; reps of teams outside the list (a one-rep scope) at the end.
    rows: [
      ...conversion.teams.flatMap((tr) => [
        { r: tr, name: orgUnitById.get(tr.id)?.name ?? tr.id, team: true },
        ...(isOpen(tr.id) ? conversion.reps.filter((r) => userById.get(r.id)?.orgUnitId === tr.id).map((r) => ({ r, name: repName(r.id), team: false })) : [])
      ]),
      ...conversion.reps.filter((r) => !teams.some((tm) => tm.id === userById.get(r.id)?.orgUnitId)).map((r) => ({ r, name: repName(r.id), team: false }))
    ].map(
      ({ r, name, team }): TableRow => {
        const cells: TableRow['cells'] = { name, advances: r.advances.moves, cohort: r.cohort.length, win: r.funnel.wonConversion }
        const doors: TableRow['doors'] = {
          advances: { title: () => t('door.advanced', { name, period: periodName }), deals: () => r.advances.deals },
          cohort: { title: () => t('door.cohort', { name, period: periodName }), deals: () => r.cohort },
          win: { title: () => t('door.cohortWon', { name }), deals: () => r.deals().won }
        }
        for (const s of r.funnel.stages) {
          cells[`conv:${s.stageId}`] = s.conversion
          doors[`conv:${s.stageId}`] = { title: () => t('door.movedOn', { name, stage: s.name }), deals: () => r.deals().get(s.stageId)?.movedOn ?? [] }
        }
        return {
          key: `${team ? 't' : 'r'}:${r.id}`,
          cells,
          doors,
          highlight: team,
          toggle: team && teams.length > 1 ? { open: isOpen(r.id), onToggle: () => toggle(r.id) } : undefined
        }
      }
    )
  }

  const visitTable: TableModel | null = visits && {
    id: 'manager-visits',
    title: t('manager.visits'),
    columns: [
      { key: 'name', label: t('col.rep'), kind: 'text' },
      { key: 'visits', label: t('col.visits'), kind: 'count' },
      { key: 'days', label: t('col.judgedDays'), kind: 'count' },
      { key: 'perDay', label: t('col.perDay'), kind: 'days' },
      { key: 'compliance', label: t('col.compliance'), kind: 'percent' },
      { key: 'toTarget', label: t('col.toTarget'), kind: 'count' },
      { key: 'targetShare', label: t('col.targetShare'), kind: 'percent' }
    ],
    rows: visits.map((v) => ({
      key: v.repId,
      cells: { name: repName(v.repId), visits: v.visits, days: v.judgedDays, perDay: v.perDay, compliance: v.compliance, toTarget: v.toTarget, targetShare: v.targetShare },
      links: { name: `/reps/${v.repId}` },
      doors: {
        toTarget: { title: () => t('door.targetDeals', { name: repName(v.repId), period: periodName }), deals: () => v.targetDeals },
        targetShare: { title: () => t('door.targetDeals', { name: repName(v.repId), period: periodName }), deals: () => v.targetDeals }
      }
    }))
  }
  // The chart shows the level below the scope: teams for a region, reps for a team.
  const visitChart = useMemo(() => {
    if (!visits) return null
    const byTeam = teams.length > 1
    const bars = byTeam
      ? teams.map((tm) => {
          const mine = visits.filter((v) => userById.get(v.repId)?.orgUnitId === tm.id)
          const days = mine.reduce((s, v) => s + v.judgedDays, 0)
          const made = mine.reduce((s, v) => s + v.visits, 0)
          return {
            name: tm.name,
            compliance: days ? mine.reduce((s, v) => s + (v.compliance ?? 0) * v.judgedDays, 0) / days : null,
            share: made ? mine.reduce((s, v) => s + v.toTarget, 0) / made : null
          }
        })
      : visits.map((v) => ({ name: userById.get(v.repId)?.name ?? '—', compliance: v.compliance, share: v.targetShare }))
    return {
      height: Math.max(140, 26 * bars.length + 48),
      option: {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
        legend: { top: 0 },
        grid: { left: 72, right: 16, top: 28, bottom: 24 },
        yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.name) },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          { name: t('col.compliance'), type: 'bar', data: bars.map((b) => (b.compliance === null ? null : Math.round(b.compliance * 100))) },
          { name: t('col.targetShare'), type: 'bar', data: bars.map((b) => (b.share === null ? null : Math.round(b.share * 100))) }
        ]
      }
    }
  }, [visits, teams, userById, t])

  const outcomeTable: TableModel = {
    id: 'manager-outcomes',
    title: t('manager.outcomes'),
    columns: [
      { key: 'name', label: t('col.rep'), kind: 'text' },
      { key: 'won', label: t('col.wonDeals'), kind: 'count' },
      { key: 'lost', label: t('col.lostDeals'), kind: 'count' },
      { key: 'winRate', label: t('col.winRate'), kind: 'percent' },
      { key: 'wonAmount', label: t('col.won'), kind: 'money', currency: base },
      { key: 'cycle', label: t('col.cycle'), kind: 'days' }
    ],
    rows: outcomes.map((o) => {
      const n = repName(o.repId)
      return {
        key: o.repId,
        cells: { name: n, won: o.won.length, lost: o.lost.length, winRate: o.winRate, wonAmount: moneyCell(o.wonAmount), cycle: o.cycleDays },
        links: { name: `/reps/${o.repId}` },
        doors: {
          won: { title: () => t('door.won', { name: n, period: periodName }), deals: () => o.won },
          lost: { title: () => t('door.lost', { name: n, period: periodName }), deals: () => o.lost },
          winRate: { title: () => t('door.closed', { name: n, period: periodName }), deals: () => [...o.won, ...o.lost] },
          wonAmount: { title: () => t('door.won', { name: n, period: periodName }), deals: () => o.won },
          cycle: { title: () => t('door.won', { name: n, period: periodName }), deals: () => o.won }
        },
        refused: o.wonAmount.missing.length ? { wonAmount: refusal(o.wonAmount.missing, base) } : undefined
      }
    })
  }

  const lossTable: TableModel = {
    id: 'manager-losses',
    title: t('manager.losses'),
    columns: [
      { key: 'reason', label: t('col.reason'), kind: 'text' },
      { key: 'deals', label: t('col.lostDeals'), kind: 'count' },
      { key: 'share', label: t('col.share'), kind: 'percent' },
      { key: 'amount', label: t('col.lostAmount'), kind: 'money', currency: base }
    ],
    rows: losses.map((l) => {
      const n = l.reason || t('noReason')
      return {
        key: l.reason,
        cells: { reason: n, deals: l.deals.length, share: l.share, amount: moneyCell(l.amount) },
        doors: {
          deals: { title: () => t('door.lostFor', { reason: n, period: periodName }), deals: () => l.deals },
          share: { title: () => t('door.lostFor', { reason: n, period: periodName }), deals: () => l.deals },
          amount: { title: () => t('door.lostFor', { reason: n, period: periodName }), deals: () => l.deals }
        },
        refused: l.amount.missing.length ? { amount: refusal(l.amount.missing, base) } : undefined
      }
    })
  }
  const lossChart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 16, top: 8, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: losses.map((l) => l.reason || t('noReason')) },
      xAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('col.lostDeals'), type: 'bar', data: losses.map((l) => l.deals.length), itemStyle: { color: '#e8590c' } }]
    }),
    [losses, t]
  )

  return (
    <Stack gap="sm">
      <SectionCard
        title={t('manager.conversion')}
        note={t('manager.conversionNote')}
        actions={
          <Select
            size="xs"
            w={200}
            aria-label={t('manager.process')}
            value={process?.id ?? null}
            onChange={(v) => v && setExtra('process', v)}
            allowDeselect={false}
            data={processes.map((p) => ({ value: p.id, label: p.name }))}
          />
        }
        empty={!conversionTable ? t('empty') : undefined}
        testId="manager-conversion"
      >
        {conversionTable && <FigureTable model={conversionTable} />}
      </SectionCard>
      <SectionCard title={t('manager.visits')} note={t('manager.visitsNote')} empty={reps.length === 0 ? t('manager.noReps') : undefined} testId="manager-visits">
        {visitTable && visitChart ? (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            <FigureTable model={visitTable} />
            <AnalyticsChart option={visitChart.option} height={visitChart.height} label={t('manager.visitsChart')} />
          </SimpleGrid>
        ) : (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('loadingActivities')}
            </Text>
          </Group>
        )}
      </SectionCard>
      <SectionCard title={outcomeTable.title} note={t('manager.outcomesNote')} empty={reps.length === 0 ? t('manager.noReps') : undefined} testId="manager-outcomes">
        <FigureTable model={outcomeTable} />
      </SectionCard>
      <SectionCard title={lossTable.title} empty={losses.length === 0 ? t('manager.noLosses') : undefined}>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
          <FigureTable model={lossTable} />
          <AnalyticsChart
            option={lossChart}
            height={Math.max(120, 26 * losses.length + 40)}
            label={t('manager.lossesChart')}
            onClick={(e) => {
              const l = losses[e.dataIndex]
              if (l) open(t('door.lostFor', { reason: l.reason || t('noReason'), period: periodName }), l.deals)
            }}
          />
        </SimpleGrid>
      </SectionCard>
    </Stack>
  )
}
