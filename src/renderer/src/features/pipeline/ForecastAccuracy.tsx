import { Paper, SimpleGrid, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { AccuracyReport } from '@shared/domain/forecast'
import { wonByRep } from '@shared/domain/forecast-period'
import type { Deal } from '@shared/model'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Chart } from '../../ui/Chart'
import { formatDate, formatPercent } from '../../ui/format'
import { DoorButton } from './DealsDrawer'
import { barValue, signColor, signedPercent, verdict } from './forecast-charts'

type ChartOption = Record<string, unknown>

/** Forecast accuracy month by month and by week of the call, with the month under way and last month's verdict. */
export function ForecastAccuracy({
  report,
  currency,
  fmt,
  option,
  weekOption
}: {
  report: AccuracyReport | null
  currency: string
  fmt(minor: number): string
  option: ChartOption
  weekOption: ChartOption
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const accuracy = report?.scope ?? []
  return (
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
            {verdict(report.last, t, locale, currency)}
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
  )
}

/** Each rep's forecast error over the months compared, as bars and a table whose names open the deals they won. */
export function RepAccuracy({
  report,
  deals,
  fmt,
  option
}: {
  report: AccuracyReport | null
  /** The deals as they are (in their own currency): what a rep's door opens. */
  deals: readonly Deal[]
  fmt(minor: number): string
  option: ChartOption
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const byRep = report?.byRep ?? []
  const window = report?.window ?? null
  return (
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
          <Chart option={option} height={Math.max(160, 28 * byRep.length + 40)} label={t('forecast.byRepTitle')} />
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
                        deals={() => wonByRep(deals, r.repId, window.from, window.until)}
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
