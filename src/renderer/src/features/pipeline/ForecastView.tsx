import { useMemo, useState } from 'react'
import { Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useLocalStorage } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { IconCamera } from '@tabler/icons-react'
import type { Deal, OrgUnit, Target } from '@shared/model'
import { forecastAccuracyReport, forecastDeals, forecastPeriod, wonAt, type AccuracyFigures, type AccuracyReport } from '@shared/domain/forecast'
import { localDate, monthRange } from '@shared/domain/calendar'
import { monthsOverlapping, periodOf } from '@shared/domain/analytics/periods'
import type { Scope } from '@shared/domain/org-scope'
import { getDb } from '../../db/database'
import { takeForecastSnapshot } from '../../db/deals'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Chart } from '../../ui/Chart'
import { formatDate, formatMoney, formatPercent, formatTime, type Locale } from '../../ui/format'
import type { PipelineData } from './use-pipeline-data'
import { DoorButton } from './DealsDrawer'
import { inOneCurrency } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { AmountsLeftOut } from '../../ui/Money'
import { PeriodPicker } from '../dataset/PeriodPicker'
import { useDataSpan } from '../dataset/use-data-span'
import { ExportMenu } from '../export/ExportMenu'
import { forecastTables } from './export-tables'
import { usePermission } from '../../session/use-me'

type Period = 'month' | 'quarter'

/** Month starts (local) of the period containing `ms`: one for a month, three for a quarter. */
function periodMonths(ms: number, period: Period, timeZone: string): number[] {
  return monthsOverlapping(periodOf(period, ms, timeZone), timeZone).map((m) => m.range.start)
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
    const at = wonAt(d)
    return at !== undefined && at >= from && at < until
  })
}

/** Over-call red, sandbagging blue: one sign decides the colour, the bar's direction and the text's +/−. */
const OVER = '#e03131'
const UNDER = '#1c7ed6'
const signColor = (f: Pick<AccuracyFigures, 'error'>): string => (f.error > 0 ? OVER : f.error < 0 ? UNDER : '#868e96')

/** +33% / −20% / +<1%: the ratio with the sign of the error, never a rounded "0%" beside a non-zero amount. */
export function signedPercent(f: Pick<AccuracyFigures, 'error' | 'errorRatio'>): string {
  if (f.errorRatio === null) return '—'
  const pct = Math.round(Math.abs(f.errorRatio) * 100)
  const sign = f.error > 0 ? '+' : f.error < 0 ? '−' : ''
  return pct === 0 && f.error !== 0 ? `${sign}<1%` : `${sign}${pct}%`
}

/** The bar's value: the ratio in percent, one decimal, in the error's direction (0 without a ratio). */
const barValue = (f: AccuracyFigures): number => (f.errorRatio === null ? 0 : Math.round(f.errorRatio * 1000) / 10)

/** "over-call ¥60万 (+20%)" / "sandbagging ¥60万 (−20%)" / "on the call". */
function verdict(f: AccuracyFigures, t: TFunction<'pipeline'>, locale: Locale, currency: string): string {
  if (f.error === 0) return t('forecast.onCall')
  return t(f.error > 0 ? 'forecast.overCall' : 'forecast.sandbag', {
    amount: formatMoney(Math.abs(f.error), currency, locale),
    pct: signedPercent(f)
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

  // Any period, however long ago (an imported history ends where it ends); null = the current one.
  const [at, setAt] = useState<number | null>(null)
  const anchor = at ?? data.now
  const span = useDataSpan(data.now)
  // Figures add like with like: every deal in one currency, converted with the rates in Settings when mixed.
  const rates = useCurrencyRates()
  const totalNote = useTotalNote()
  const money = useMemo(() => inOneCurrency(data.deals, rates), [data.deals, rates])
  const deals = money.items
  const months = useMemo(() => periodMonths(anchor, period, timeZone), [anchor, period, timeZone])
  const start = months[0]!
  const end = monthRange(months[months.length - 1]!, timeZone).end
  const periodStart = localDate(start, timeZone)
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
  const target = targets ? targetFor(targets, who, new Set(months.map((m) => localDate(m, timeZone)))) : undefined

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
  const accuracy = useMemo(() => report?.scope ?? [], [report])
  const byWeek = useMemo(() => report?.byWeek ?? [], [report])
  const byRep = useMemo(() => report?.byRep ?? [], [report])
  const window = report?.window ?? null

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
          data: byRep.map((r) => ({ value: barValue(r), itemStyle: { color: signColor(r) } })),
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
          data: byWeek.map((w) => ({ value: barValue(w), itemStyle: { color: signColor(w) } })),
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
      xAxis: { type: 'category', data: accuracy.map((p) => p.periodStart.slice(0, 7)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('forecast.error'),
          type: 'bar',
          data: accuracy.map((p) => ({ value: barValue(p), itemStyle: { color: signColor(p) } })),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
        }
      ]
    }),
    [accuracy, t]
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
  const fmt = (m: number): string => formatMoney(m, money.currency, locale)

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <SegmentedControl
          size="xs"
          aria-label={t('forecast.period')}
          value={period}
          onChange={(v) => setPeriod(v as Period)}
          data={[
            // "This month" only while it is this month: a past period is just a month.
            { value: 'month', label: at === null ? t('forecast.month') : t('dataset:period.kinds.month') },
            { value: 'quarter', label: at === null ? t('forecast.quarter') : t('dataset:period.kinds.quarter') }
          ]}
        />
        <PeriodPicker kind={period} kinds={[period]} at={anchor} onAt={setAt} now={data.now} span={span} future={period === 'month' ? 12 : 4} testId="forecast-period" />
        {(money.converted.length > 0 || money.missing.length > 0) && (
          <Text size="xs" c={money.missing.length ? 'orange.8' : 'dimmed'} maw={420}>
            * {totalNote({ amount: 0, currency: money.currency, converted: money.converted, missing: money.missing }, rates)}
          </Text>
        )}
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
        <ExportMenu
          title={t('views.forecast')}
          tables={() =>
            forecastTables(
              {
                currency: money.currency,
                figures: [
                  { label: t('forecast.won'), amount: figures.won },
                  { label: t('forecast.commit'), amount: figures.commit, note: t('forecast.repCall', { amount: fmt(figures.repCommit) }) },
                  { label: t('forecast.bestCase'), amount: figures.bestCase, note: t('forecast.repCall', { amount: fmt(figures.repBestCase) }) },
                  { label: t('forecast.weighted'), amount: figures.weighted, note: t('forecast.openTotal', { amount: fmt(figures.openTotal) }) },
                  { label: t('forecast.target'), amount: target ?? null, note: target === undefined ? t('forecast.noTarget') : undefined }
                ],
                accuracy,
                byWeek,
                byRep,
                // Closed months only (the month under way is progress, not accuracy), as on screen.
                monthLabel: (p) => p.periodStart.slice(0, 7),
                weekLabel: (w) => (w.week === 0 ? t('forecast.weekStart') : t('forecast.weekN', { n: w.week })),
                repName: (id) => userById.get(id)?.name ?? '—'
              },
              t
            )
          }
          charts={() => [
            ...(accuracy.length > 0
              ? [
                  { title: t('forecast.accuracyTitle'), option, height: 220 },
                  { title: t('forecast.byWeekTitle'), option: weekOption, height: 200 }
                ]
              : []),
            ...(byRep.length > 0 ? [{ title: t('forecast.byRepTitle'), option: repOption, height: Math.max(160, 28 * byRep.length + 40) }] : [])
          ]}
        />
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
      <AmountsLeftOut count={figures.amountUnset} size="sm" data-testid="forecast-amounts-left-out" />
      <Paper withBorder p="sm" radius="sm">
        <Text fw={600} size="sm">
          {t('forecast.accuracyTitle')}
        </Text>
        <Text size="xs" c="dimmed" mb={4}>
          {t('forecast.accuracyHint')}
        </Text>
        {report && <CurrentMonth report={report} fmt={fmt} />}
        {report?.last && (
          <Text size="sm" mb={4} data-testid="accuracy-last" data-sign={Math.sign(report.last.error)}>
            {t('metrics:accuracy.lastMonth', {
              month: report.last.periodStart.slice(0, 7),
              called: fmt(report.last.called),
              actual: fmt(report.last.actual)
            })}{' '}
            <Text span fw={600} c={report.last.error > 0 ? 'red.7' : report.last.error < 0 ? 'blue.7' : undefined}>
              {verdict(report.last, t, locale, money.currency)}
            </Text>
          </Text>
        )}
        {accuracy.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('forecast.noAccuracy')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
            {/* The bars as data, so a test can check them against the banner and the table. */}
            <div
              data-testid="accuracy-chart"
              data-points={JSON.stringify(accuracy.map((p) => [p.periodStart, barValue(p), Math.sign(p.error), signColor(p)]))}
            >
              <Chart option={option} height={220} label={t('forecast.accuracyTitle')} />
            </div>
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
                  <Table.Th ta="right">{t('metrics:accuracy.called')}</Table.Th>
                  <Table.Th ta="right">{t('metrics:accuracy.won')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.errorAmount')}</Table.Th>
                  <Table.Th ta="right">{t('forecast.error')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody className="tabular">
                {byRep.map((r) => (
                  <Table.Tr key={r.repId} data-sign={Math.sign(r.error)}>
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
                    <Table.Td ta="right">{fmt(r.called)}</Table.Td>
                    <Table.Td ta="right">{fmt(r.actual)}</Table.Td>
                    <Table.Td ta="right" c={r.error > 0 ? 'red.7' : r.error < 0 ? 'blue.7' : undefined}>
                      {r.error > 0 ? '+' : r.error < 0 ? '−' : ''}
                      {fmt(Math.abs(r.error))}
                    </Table.Td>
                    <Table.Td ta="right" c={r.error > 0 ? 'red.7' : r.error < 0 ? 'blue.7' : undefined}>
                      {signedPercent(r)}
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

/**
 * The month under way: what was called at its start and what is won so far, with the day of
 * the month — progress, not a verdict: a whole month's call against a week of wins says nothing
 * about accuracy yet.
 */
function CurrentMonth({ report, fmt }: { report: AccuracyReport; fmt(minor: number): string }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const c = report.current
  return (
    <Text size="sm" mb={4} data-testid="accuracy-current">
      {c.called === null
        ? t('metrics:accuracy.currentNoCall', { day: c.day, days: c.days, won: fmt(c.wonSoFar) })
        : t('metrics:accuracy.current', {
            day: c.day,
            days: c.days,
            called: fmt(c.called),
            won: fmt(c.wonSoFar),
            share: c.called > 0 ? formatPercent(c.wonSoFar / c.called, locale) : '—'
          })}
    </Text>
  )
}
