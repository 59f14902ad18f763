import { useMemo, useState } from 'react'
import { Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { IconCamera } from '@tabler/icons-react'
import type { Deal, OrgUnit, Target } from '@shared/model'
import { accuracyByRep, accuracyByWeek, forecastAccuracy, forecastDeals, forecastPeriod } from '@shared/domain/forecast'
import { localDate, monthRange } from '@shared/domain/calendar'
import type { Scope } from '@shared/domain/org-scope'
import { getDb } from '../../db/database'
import { takeForecastSnapshot } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Chart } from '../../ui/Chart'
import { formatDate, formatMoney, formatPercent, formatTime } from '../../ui/format'
import type { PipelineData } from './use-pipeline-data'
import { DoorButton } from './DealsDrawer'
import { usePermission } from '../../session/useMe'

type Period = 'month' | 'quarter'

/** Month starts (local) of the period containing `ms`: one for a month, three for a quarter. */
function periodMonths(ms: number, period: Period, timeZone: string): number[] {
  const first = monthRange(ms, timeZone).start
  if (period === 'month') return [first]
  const month = Number(localDate(first, timeZone).slice(5, 7)) - 1
  let start = first
  for (let i = 0; i < month % 3; i++) start = monthRange(start - 1, timeZone).start
  const out = [start]
  for (let i = 1; i < 3; i++) out.push(monthRange(out[i - 1]!, timeZone).end)
  return out
}

/** The record a snapshot is filed under: the chosen team or rep, or the top region for "everything". */
function snapshotScope(scope: Scope, orgUnits: readonly OrgUnit[]): { scopeKind: 'user' | 'orgUnit'; scopeId: string } | null {
  if (scope.kind === 'rep') return { scopeKind: 'user', scopeId: scope.id }
  if (scope.kind === 'orgUnit') return { scopeKind: 'orgUnit', scopeId: scope.id }
  const top = orgUnits.find((o) => o.parentId === null)
  return top ? { scopeKind: 'orgUnit', scopeId: top.id } : null
}

/** Won-amount target of the scope for the given months (objective, in fen). */
function targetFor(
  targets: readonly Target[],
  who: { scopeKind: string; scopeId: string } | null,
  months: Set<string>
): number | undefined {
  if (!who) return undefined
  let sum = 0
  let found = false
  for (const tg of targets) {
    if (tg.deleted || tg.metric !== 'won_amount' || tg.period !== 'month') continue
    if (tg.scopeKind !== who.scopeKind || tg.scopeId !== who.scopeId || !months.has(tg.periodStart)) continue
    sum += tg.objective
    found = true
  }
  return found ? sum : undefined
}

/** A rep's won deals closed in [from, until): the actuals their forecast accuracy compares against. */
function wonBy(deals: readonly Deal[], repId: string, from: number, until: number): Deal[] {
  return deals.filter((d) => {
    if (d.deleted || d.status !== 'won' || d.ownerId !== repId) return false
    const at = d.closedAt ?? d.expectedCloseAt
    return at >= from && at < until
  })
}

/**
 * The forecast for the chosen scope and period: won, commit, best case and the weighted
 * pipeline against the target; the reps' calls beside the managers' overrides; a snapshot on
 * demand; and forecast accuracy over past periods from the snapshots, signed.
 */
export function ForecastView({ data }: { data: PipelineData }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale, timeZone } = useLocale()
  const { processById, orgUnits, users, userById } = useWorkspaceData()
  const { scope, contains } = useScope()
  const [period, setPeriod] = useLocalStorage<Period>({ key: 'pipeline.forecast.period', defaultValue: 'month' })
  const [busy, setBusy] = useState(false)
  const targets = useLiveQuery(() => getDb().targets.toArray(), [])
  const snapshots = useLiveQuery(() => getDb().forecastSnapshots.toArray(), [])
  const who = useMemo(() => snapshotScope(scope, orgUnits), [scope, orgUnits])

  const months = useMemo(() => periodMonths(data.now, period, timeZone), [data.now, period, timeZone])
  const start = months[0]!
  const end = monthRange(months[months.length - 1]!, timeZone).end
  const periodStart = localDate(start, timeZone)
  const figures = useMemo(
    () => forecastPeriod(data.deals, processById, start, end, contains),
    [data.deals, processById, start, end, contains]
  )
  const behind = useMemo(() => forecastDeals(data.deals, start, end, contains), [data.deals, start, end, contains])
  const target = targets ? targetFor(targets, who, new Set(months.map((m) => localDate(m, timeZone)))) : undefined

  // Accuracy: this month so far and the last six, each month's first snapshot against what was
  // won — per scope, per rep (their own snapshots) and by week of the month.
  const thisMonth = localDate(monthRange(data.now, timeZone).start, timeZone)
  const { accuracy, byWeek, byRep, window } = useMemo(() => {
    if (!snapshots || !who) return { accuracy: [], byWeek: [], byRep: [], window: null }
    const monthStarts: number[] = [monthRange(data.now, timeZone).start]
    for (let i = 0; i < 6; i++) monthStarts.push(monthRange(monthStarts[monthStarts.length - 1]! - 1, timeZone).start)
    const actual = new Map<string, number>()
    for (const m of monthStarts) {
      const f = forecastPeriod(data.deals, processById, m, monthRange(m, timeZone).end, contains)
      actual.set(localDate(m, timeZone), f.won)
    }
    // Won per rep and month in one pass over the won deals.
    const reps = users.filter((u) => u.role === 'rep' && contains({ ownerId: u.id, orgUnitId: u.orgUnitId }))
    const wonByRep = new Map<string, Map<string, number>>(reps.map((u) => [u.id, new Map<string, number>()]))
    const edges = [...monthStarts].sort((a, b) => a - b)
    const labels = edges.map((m) => localDate(m, timeZone))
    const until = monthRange(data.now, timeZone).end
    for (const d of data.deals) {
      if (d.deleted || d.status !== 'won') continue
      const at = d.closedAt ?? d.expectedCloseAt
      const perRep = wonByRep.get(d.ownerId)
      if (!perRep || at < edges[0]! || at >= until) continue
      let i = edges.length - 1
      while (i > 0 && at < edges[i]!) i--
      perRep.set(labels[i]!, (perRep.get(labels[i]!) ?? 0) + d.amount)
    }
    for (const perRep of wonByRep.values()) for (const l of labels) if (!perRep.has(l)) perRep.set(l, 0)
    return {
      // The months the per-rep actuals were summed over: a rep's row opens those won deals.
      window: { from: edges[0]!, until },
      accuracy: forecastAccuracy(snapshots, actual, who.scopeId, 'month'),
      byWeek: accuracyByWeek(snapshots, actual, who.scopeId),
      byRep: accuracyByRep(
        snapshots,
        wonByRep,
        reps.map((u) => u.id)
      ).sort((a, b) => b.error - a.error)
    }
  }, [snapshots, who, data.deals, data.now, processById, contains, timeZone, users])
  const current = accuracy.find((p) => p.periodStart === thisMonth)

  const repOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%` },
      grid: { left: 72, right: 16, top: 8, bottom: 24 },
      yAxis: { type: 'category', inverse: true, data: byRep.map((r) => userById.get(r.repId)?.name ?? '—') },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('forecast.error'),
          type: 'bar',
          data: byRep.map((r) => ({
            value: r.meanErrorRatio === null ? 0 : Math.round(r.meanErrorRatio * 100),
            itemStyle: { color: r.error > 0 ? '#e03131' : '#1c7ed6' }
          })),
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#868e96' } }
        }
      ]
    }),
    [byRep, userById, t]
  )

  const weekOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%` },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: {
        type: 'category',
        data: byWeek.map((w) => (w.week === 0 ? t('forecast.weekStart') : t('forecast.weekN', { n: w.week })))
      },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('forecast.error'),
          type: 'bar',
          data: byWeek.map((w) => ({
            value: Math.round(w.meanErrorRatio * 100),
            itemStyle: { color: w.meanErrorRatio > 0 ? '#e03131' : '#1c7ed6' }
          })),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
        }
      ]
    }),
    [byWeek, t]
  )

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

  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%`
      },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: {
        type: 'category',
        data: accuracy.map((p) =>
          p.periodStart === thisMonth ? t('forecast.toDate', { month: p.periodStart.slice(0, 7) }) : p.periodStart.slice(0, 7)
        )
      },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('forecast.error'),
          type: 'bar',
          data: accuracy.map((p) => ({
            value: p.errorRatio === null ? 0 : Math.round(p.errorRatio * 100),
            itemStyle: { color: p.error > 0 ? '#e03131' : '#1c7ed6' }
          })),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
        }
      ]
    }),
    [accuracy, thisMonth, t]
  )

  const snapshotting = usePermission('forecast.snapshot')
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

  const cell = (label: string, minor: number, deals: readonly Deal[], hint?: string): React.ReactNode => (
    <Paper withBorder p="sm" radius="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <DoorButton title={label} deals={deals}>
        <Text span size="xl" fw={700} className="tabular">
          {fmt(minor)}
        </Text>
      </DoorButton>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  )
  const fmt = (m: number): string => formatMoney(m, 'CNY', locale)

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <SegmentedControl
          size="xs"
          aria-label={t('forecast.period')}
          value={period}
          onChange={(v) => setPeriod(v as Period)}
          data={[
            { value: 'month', label: t('forecast.month') },
            { value: 'quarter', label: t('forecast.quarter') }
          ]}
        />
        <Text size="sm" c="dimmed">
          {new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone }).format(start)}
          {period === 'quarter' &&
            ` – ${new Intl.DateTimeFormat(locale, { month: 'long', timeZone }).format(months[months.length - 1]!)}`}
        </Text>
        <Button
          size="xs"
          ml="auto"
          leftSection={<IconCamera size={14} />}
          onClick={() => void snapshot()}
          loading={busy}
          disabled={!who || !snapshotting.allowed}
          title={snapshotting.why}
        >
          {t('forecast.takeSnapshot')}
        </Button>
        {lastManual && (
          <Text size="xs" c="dimmed">
            {t('forecast.lastSnapshot', {
              when: `${formatDate(lastManual.takenAt, locale, timeZone)} ${formatTime(lastManual.takenAt, locale, timeZone)}`
            })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        {cell(t('forecast.won'), figures.won, behind.won)}
        {cell(t('forecast.commit'), figures.commit, behind.commit, t('forecast.repCall', { amount: fmt(figures.repCommit) }))}
        {cell(
          t('forecast.bestCase'),
          figures.bestCase,
          behind.best_case,
          t('forecast.repCall', { amount: fmt(figures.repBestCase) })
        )}
        {cell(t('forecast.weighted'), figures.weighted, behind.open, t('forecast.openTotal', { amount: fmt(figures.openTotal) }))}
        {target !== undefined ? (
          cell(
            t('forecast.target'),
            target,
            behind.won,
            t('forecast.coverage', {
              won: formatPercent(target > 0 ? figures.won / target : 0, locale),
              called: formatPercent(target > 0 ? (figures.won + figures.commit) / target : 0, locale)
            })
          )
        ) : (
          <Paper withBorder p="sm" radius="sm">
            <Text size="xs" c="dimmed">
              {t('forecast.target')}
            </Text>
            <Text size="sm">{t('forecast.noTarget')}</Text>
          </Paper>
        )}
      </SimpleGrid>
      {figures.overridden > 0 && (
        <Text size="sm" c="dimmed">
          {t('forecast.overridden', { count: figures.overridden })}
        </Text>
      )}
      <Paper withBorder p="sm" radius="sm">
        <Text fw={600} size="sm">
          {t('forecast.accuracyTitle')}
        </Text>
        <Text size="xs" c="dimmed" mb={4}>
          {t('forecast.accuracyHint')}
        </Text>
        {current && (
          <Text size="sm" mb={4} data-testid="accuracy-current">
            {t('forecast.currentToDate', {
              called: fmt(current.called),
              actual: fmt(current.actual),
              verdict:
                current.error === 0
                  ? t('forecast.onCall')
                  : t(current.error > 0 ? 'forecast.overCall' : 'forecast.sandbag', {
                      amount: fmt(Math.abs(current.error)),
                      pct: current.errorRatio === null ? '—' : formatPercent(Math.abs(current.errorRatio), locale)
                    })
            })}
          </Text>
        )}
        {accuracy.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('forecast.noAccuracy')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            <Chart option={option} height={220} label={t('forecast.accuracyTitle')} />
            <div>
              <Text size="xs" fw={600}>
                {t('forecast.byWeekTitle')}
              </Text>
              <Chart option={weekOption} height={200} label={t('forecast.byWeekTitle')} />
            </div>
          </SimpleGrid>
        )}
      </Paper>
      <Paper withBorder p="sm" radius="sm">
        <Text fw={600} size="sm">
          {t('forecast.byRepTitle')}
        </Text>
        <Text size="xs" c="dimmed" mb={4}>
          {t('forecast.byRepHint')}
        </Text>
        {byRep.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('forecast.noRepAccuracy')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            <Chart option={repOption} height={Math.max(160, 28 * byRep.length + 40)} label={t('forecast.byRepTitle')} />
            <Table fz="xs" verticalSpacing={2} aria-label={t('forecast.byRepTitle')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('forecast.rep')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.periods')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.errorAmount')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.error')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody className="tabular">
                {byRep.map((r) => (
                  <Table.Tr key={r.repId}>
                    <Table.Td>
                      {window ? (
                        <DoorButton
                          title={t('forecast.repDoor', {
                            name: userById.get(r.repId)?.name ?? '—',
                            from: formatDate(window.from, locale, timeZone),
                            to: formatDate(window.until - 1, locale, timeZone)
                          })}
                          deals={() => wonBy(data.deals, r.repId, window.from, window.until)}
                        >
                          {userById.get(r.repId)?.name ?? '—'}
                        </DoorButton>
                      ) : (
                        (userById.get(r.repId)?.name ?? '—')
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.periods}</Table.Td>
                    <Table.Td ta="right" c={r.error > 0 ? 'red.7' : r.error < 0 ? 'blue.7' : undefined}>
                      {r.error > 0 ? '+' : r.error < 0 ? '−' : ''}
                      {fmt(Math.abs(r.error))}
                    </Table.Td>
                    <Table.Td ta="right">
                      {r.meanErrorRatio === null
                        ? '—'
                        : `${r.meanErrorRatio > 0 ? '+' : ''}${Math.round(r.meanErrorRatio * 100)}%`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </SimpleGrid>
        )}
      </Paper>
    </Stack>
  )
}
