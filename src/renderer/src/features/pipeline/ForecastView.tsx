import { useMemo } from 'react'
import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { IconCamera } from '@tabler/icons-react'
import type { ForecastGrain } from '@shared/domain/forecast-period'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatMoney, formatTime } from '../../ui/format'
import type { PipelineData } from './use-pipeline-data'
import { useTotalNote } from '../currency/MoneyTotal'
import { PeriodPicker } from '../dataset/PeriodPicker'
import { ExportMenu } from '../export/ExportMenu'
import { forecastTables } from './export-tables'
import { usePermission } from '../../session/use-me'
import { useForecast } from './use-forecast'
import { ForecastFigures } from './ForecastFigures'
import { ForecastAccuracy, RepAccuracy } from './ForecastAccuracy'
import { accuracyChart, repChart, weekChart, weekLabel } from './forecast-charts'

/**
 * The forecast for the chosen scope and period: won, commit, best case and the weighted
 * pipeline against the target; the reps' calls beside the managers' overrides; a snapshot on
 * demand; and forecast accuracy over past periods from the snapshots, signed.
 */
export function ForecastView({ data }: { data: PipelineData }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const totalNote = useTotalNote()
  const { period, setPeriod, at, setAt, anchor, span, rates, money, figures, behind, target, report, lastManual, who, busy, snapshot } =
    useForecast(data)
  const accuracy = useMemo(() => report?.scope ?? [], [report])
  const byWeek = useMemo(() => report?.byWeek ?? [], [report])
  const byRep = useMemo(() => report?.byRep ?? [], [report])

  const repOption = useMemo(() => repChart(byRep, (id) => userById.get(id)?.name ?? '—', t), [byRep, userById, t])
  const weekOption = useMemo(() => weekChart(byWeek, t), [byWeek, t])
  const option = useMemo(() => accuracyChart(accuracy, t), [accuracy, t])

  const snapshotting = usePermission('forecast.snapshot')
  const fmt = (m: number): string => formatMoney(m, money.currency, locale)

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <SegmentedControl
          size="xs"
          aria-label={t('forecast.period')}
          value={period}
          onChange={(v) => setPeriod(v as ForecastGrain)}
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
                weekLabel: (w) => weekLabel(w, t),
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
      <ForecastFigures figures={figures} behind={behind} target={target} fmt={fmt} />
      <ForecastAccuracy report={report} currency={money.currency} fmt={fmt} option={option} weekOption={weekOption} />
      <RepAccuracy report={report} deals={data.deals} fmt={fmt} option={repOption} />
    </Stack>
  )
}
