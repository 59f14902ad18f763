import { useMemo } from 'react'
import { Alert, Group, Loader, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ForecastSnapshot } from '@shared/model'
import { changeLogs, CHANGE_LINES, LINE_SIGN, pipelineChanges, reconciled, type DealChange } from '@shared/domain/analytics/pipeline-changes'
import { midnightOf, parseDay, periodOf, type Grain } from '@shared/domain/analytics/periods'
import { startOfWeek } from '@shared/domain/calendar'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { formatDate, formatMoney, formatTime } from '../../ui/format'
import { FigureTable } from './FigureTable'
import { usePeriodLabel } from './PeriodControl'
import type { TableModel, TableRow } from './table-model'
import { useRefusal, type ViewProps } from './view-props'
import { useAnalyticsDoor } from './door'
import { AnalyticsChart } from './export-registry'

type Mode = 'monday' | 'lastMonday' | 'snapshots'

/**
 * What changed in the period's pipeline since Monday, or between two forecast snapshots: added,
 * pulled in, amounts up and down, won, lost, pushed out — each line a door, and the lines add up
 * from the start to the end.
 */
export function ChangesView({ data, scoped, view, setExtra }: ViewProps): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale, timeZone } = useLocale()
  const { processById, orgUnits } = useWorkspaceData()
  const { scope, contains } = useScope()
  const refusal = useRefusal()
  const open = useAnalyticsDoor()
  const label = usePeriodLabel()
  const base = data.rates.base
  const mode: Mode = view.extra.mode === 'snapshots' || view.extra.mode === 'lastMonday' ? view.extra.mode : 'monday'
  const periodGrain = view.extra.changesPeriod === 'quarter' ? 'quarter' : 'month'
  const when = (ms: number): string => `${formatDate(ms, locale, timeZone)} ${formatTime(ms, locale, timeZone)}`

  // The scope's own snapshots (as the forecast files them), else every snapshot moment.
  const snapshots = useMemo(() => {
    const who =
      scope.kind === 'rep'
        ? { kind: 'user', id: scope.id }
        : scope.kind === 'orgUnit'
          ? { kind: 'orgUnit', id: scope.id }
          : { kind: 'orgUnit', id: orgUnits.find((o) => o.parentId === null)?.id ?? '' }
    const live = data.snapshots.filter((s) => !s.deleted)
    const mine = live.filter((s) => s.scopeKind === who.kind && s.scopeId === who.id)
    const list = mine.length ? mine : live
    const seen = new Set<string>()
    return list
      .filter((s) => {
        const k = `${s.takenAt}|${s.period}|${s.periodStart}`
        if (seen.has(k)) return false
        seen.add(k)
        return true
      })
      .sort((a, b) => b.takenAt - a.takenAt)
  }, [data.snapshots, scope, orgUnits])

  const fromSnap = snapshots.find((s) => s.id === view.extra.from) ?? snapshots[1] ?? snapshots[0]
  const toSnap = view.extra.to === 'now' ? undefined : (snapshots.find((s) => s.id === view.extra.to) ?? undefined)
  const snapPeriod = (s: ForecastSnapshot): { start: number; end: number } => periodOf(s.period, midnightOf(parseDay(s.periodStart)!, timeZone), timeZone)

  const moments = useMemo(() => {
    if (mode !== 'snapshots') {
      // On a Monday morning "since Monday" is a few hours; "since last Monday" is the week the manager reviews.
      const monday = startOfWeek(data.now, timeZone)
      const from = mode === 'lastMonday' ? startOfWeek(monday - 3_600_000, timeZone) : monday
      return { from, to: data.now, period: periodOf(periodGrain, data.now, timeZone), grain: periodGrain as Grain }
    }
    if (!fromSnap) return null
    const to = toSnap?.takenAt ?? data.now
    return { from: Math.min(fromSnap.takenAt, to), to: Math.max(fromSnap.takenAt, to), period: snapPeriod(fromSnap), grain: fromSnap.period as Grain }
    // snapPeriod reads only the time zone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, data.now, timeZone, periodGrain, fromSnap, toSnap])

  const activities = scoped.allActivities
  const logs = useMemo(() => (activities ? changeLogs(activities) : null), [activities])
  const changes = useMemo(
    () =>
      moments && logs
        ? pipelineChanges({
            deals: data.deals.map((d) => data.original.get(d.id) ?? d),
            historyByDeal: data.historyByDeal,
            logs,
            processes: processById,
            period: moments.period,
            from: moments.from,
            to: moments.to,
            include: contains,
            rates: data.rates
          })
        : null,
    [moments, logs, data.deals, data.original, data.historyByDeal, processById, contains, data.rates]
  )

  const lineName = (l: string): string => t(`changes.line.${l}`)
  const table: TableModel | null = changes && {
    id: 'pipeline-changes',
    title: t('changes.title'),
    columns: [
      { key: 'line', label: t('col.line'), kind: 'text' },
      { key: 'deals', label: t('col.deals'), kind: 'count' },
      { key: 'amount', label: t('col.amount'), kind: 'money', currency: base }
    ],
    rows: [
      row('start', changes.start.deals, changes.start.amount, 1),
      ...CHANGE_LINES.map((l) => row(l, changes.lines[l].deals, changes.lines[l].amount, LINE_SIGN[l])),
      row('end', changes.end.deals, changes.end.amount, 1)
    ]
  }
  function row(key: string, deals: DealChange[], amount: number, sign: 1 | -1): TableRow {
    const name = lineName(key)
    return {
      key,
      highlight: key === 'start' || key === 'end',
      cells: { line: key === 'start' || key === 'end' ? name : `${sign > 0 ? '+' : '−'} ${name}`, deals: deals.length, amount: sign * amount },
      doors: {
        deals: { title: name, deals: () => deals.map((c) => c.deal) },
        amount: { title: name, deals: () => deals.map((c) => c.deal) }
      }
    }
  }

  const chart = useMemo(() => {
    if (!changes) return null
    const cats = ['start', ...CHANGE_LINES, 'end']
    const offsets: (number | null)[] = []
    const values: { value: number; itemStyle: { color: string } }[] = []
    let running = 0
    for (const c of cats) {
      if (c === 'start' || c === 'end') {
        const v = c === 'start' ? changes.start.amount : changes.end.amount
        offsets.push(0)
        values.push({ value: v, itemStyle: { color: '#1c7ed6' } })
        running = v
        continue
      }
      const l = c as (typeof CHANGE_LINES)[number]
      const amt = changes.lines[l].amount
      const next = running + LINE_SIGN[l] * amt
      offsets.push(Math.min(running, next))
      values.push({ value: amt, itemStyle: { color: LINE_SIGN[l] > 0 ? '#2f9e44' : '#e03131' } })
      running = next
    }
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps: { dataIndex: number }[]) => {
        const i = ps[0]?.dataIndex ?? 0
        return `${lineName(cats[i]!)}: ${formatMoney(values[i]!.value, base, locale)}`
      } },
      grid: { left: 72, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: cats.map(lineName), axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, base, locale) } },
      series: [
        { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, data: offsets },
        { type: 'bar', stack: 'w', data: values }
      ]
    }
    // lineName reads t.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [changes, base, locale, t])

  const movedBackTable: TableModel | null = changes && {
    id: 'pipeline-moved-back',
    title: t('changes.movedBack'),
    columns: [
      { key: 'deal', label: t('col.deal'), kind: 'text' },
      { key: 'from', label: t('col.fromStage'), kind: 'text' },
      { key: 'to', label: t('col.toStage'), kind: 'text' },
      { key: 'amount', label: t('col.amount'), kind: 'money', currency: base }
    ],
    rows: changes.movedBack.map((c) => {
      const stage = (id: string | undefined): string => processById.get(c.deal.processId)?.stages.find((s) => s.id === id)?.name ?? id ?? '—'
      return {
        key: c.deal.id,
        cells: { deal: c.deal.name, from: stage(c.start?.stageId), to: stage(c.end?.stageId), amount: c.amount },
        links: { deal: `/deals/${c.deal.id}` }
      }
    })
  }

  const controls = (
    <Group gap="xs" wrap="wrap">
      <SegmentedControl
        size="xs"
        aria-label={t('changes.mode')}
        value={mode}
        onChange={(v) => setExtra('mode', v)}
        data={[
          { value: 'monday', label: t('changes.sinceMonday') },
          { value: 'lastMonday', label: t('changes.sinceLastMonday') },
          { value: 'snapshots', label: t('changes.betweenSnapshots') }
        ]}
      />
      {mode !== 'snapshots' ? (
        <SegmentedControl
          size="xs"
          aria-label={t('changes.period')}
          value={periodGrain}
          onChange={(v) => setExtra('changesPeriod', v)}
          data={[
            { value: 'month', label: t('period.grains.month') },
            { value: 'quarter', label: t('period.grains.quarter') }
          ]}
        />
      ) : (
        <>
          <Select
            size="xs"
            w={260}
            aria-label={t('changes.from')}
            value={fromSnap?.id ?? null}
            onChange={(v) => v && setExtra('from', v)}
            allowDeselect={false}
            data={snapshots.map((s) => ({ value: s.id, label: `${when(s.takenAt)} · ${label(s.period, snapPeriod(s))}` }))}
          />
          <Text size="xs">→</Text>
          <Select
            size="xs"
            w={260}
            aria-label={t('changes.to')}
            value={toSnap?.id ?? 'now'}
            onChange={(v) => v && setExtra('to', v)}
            allowDeselect={false}
            data={[{ value: 'now', label: t('changes.now') }, ...snapshots.map((s) => ({ value: s.id, label: `${when(s.takenAt)} · ${label(s.period, snapPeriod(s))}` }))]}
          />
        </>
      )}
    </Group>
  )

  return (
    <Stack gap="sm">
      {controls}
      {!moments ? (
        <Text c="dimmed">{t('changes.noSnapshots')}</Text>
      ) : !changes || !table || !chart ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {t('loadingActivities')}
          </Text>
        </Group>
      ) : (
        <>
          <SectionCard
            title={t('changes.heading', { period: label(moments.grain, moments.period), from: when(moments.from), to: when(moments.to) })}
            note={t('changes.note')}
            testId="pipeline-changes"
          >
            {changes.missing.length > 0 && (
              <Alert color="red" variant="light" py={6} mb="xs">
                {t('changes.missing', { rates: refusal(changes.missing, base) })}
              </Alert>
            )}
            <Text size="sm" mb="xs" data-testid="changes-reconcile">
              {reconciled(changes) === changes.end.amount
                ? t('changes.reconciles', { start: formatMoney(changes.start.amount, base, locale), end: formatMoney(changes.end.amount, base, locale) })
                : t('changes.doesNotReconcile')}
            </Text>
            <AnalyticsChart
              option={chart}
              height={240}
              label={t('changes.chart')}
              onClick={(e) => {
                const key = ['start', ...CHANGE_LINES, 'end'][e.dataIndex]!
                const list = key === 'start' ? changes.start.deals : key === 'end' ? changes.end.deals : changes.lines[key as (typeof CHANGE_LINES)[number]].deals
                open(lineName(key), list.map((c) => c.deal))
              }}
            />
            <FigureTable model={table} />
          </SectionCard>
          <SectionCard title={t('changes.movedBack')} empty={changes.movedBack.length === 0 ? t('changes.noneMovedBack') : undefined}>
            {movedBackTable && <FigureTable model={movedBackTable} />}
          </SectionCard>
          {changes.alsoWon.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('changes.alsoWon', { count: changes.alsoWon.length })}{' '}
              <button type="button" className="pb-door" onClick={() => open(t('changes.alsoWonTitle'), changes.alsoWon.map((c) => c.deal))}>
                {formatMoney(
                  changes.alsoWon.reduce((s, c) => s + c.amount, 0),
                  base,
                  locale
                )}
              </button>
            </Text>
          )}
        </>
      )}
    </Stack>
  )
}
