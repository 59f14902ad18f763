import { useMemo, useState } from 'react'
import type { Deal } from '@shared/model'
import { Alert, Group, List, Paper, SegmentedControl, Select, Table, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import { funnel, funnelDeals } from '@shared/domain/funnel'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Chart } from '../../ui/Chart'
import { formatMoney, formatPercent } from '../../ui/format'
import { AmountsLeftOut } from '../../ui/Money'
import type { PipelineData } from './use-pipeline-data'
import { CalibrationPanel } from './CalibrationPanel'
import { DoorButton } from './DealsDrawer'
import { inOneCurrency } from '@shared/domain/currency'
import { periodOf } from '@shared/domain/periods'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { PeriodPicker } from '../dataset/PeriodPicker'
import { useDataSpan } from '../dataset/use-data-span'

/** The funnel of every deal, or of the deals created in one period. */
type CohortKind = 'all' | 'year' | 'quarter' | 'month'
import { ExportMenu } from '../export/ExportMenu'
import { funnelTable } from './export-tables'

const fmtDays = (d: number | null): string => (d === null ? '—' : d.toFixed(d < 10 ? 1 : 0))

/** Days computed from no stay are a dash, not a door to an empty list. */
function DaysDoor({
  title,
  deals,
  children
}: {
  title: string
  deals: () => readonly Deal[]
  children: string
}): React.ReactNode {
  if (children === '—') return children
  return (
    <DoorButton title={title} deals={deals}>
      {children}
    </DoorButton>
  )
}

/**
 * The funnel of one process for the chosen scope: reach and conversion per stage, days per
 * stage against the process, and the shape diagnosis naming the stage to coach.
 */
export function FunnelView({ data }: { data: PipelineData }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const { processes, processById } = useWorkspaceData()
  const { contains } = useScope()
  const [processId, setProcessId] = useLocalStorage<string | null>({ key: 'pipeline.board.process', defaultValue: null })
  const process = processById.get(processId ?? '') ?? processes[0]

  // All deals, or the deals created in one period (a cohort), however long ago.
  const [cohort, setCohort] = useLocalStorage<CohortKind>({ key: 'pipeline.funnel.cohort', defaultValue: 'all' })
  const [at, setAt] = useState<number | null>(null)
  const { timeZone } = useLocale()
  const span = useDataSpan(data.now)
  const range = cohort === 'all' ? null : periodOf(cohort, at ?? data.now, timeZone)
  const from = range?.start ?? -Infinity
  const until = range?.end ?? Infinity
  const inScope = useMemo(() => data.deals.filter((d) => contains(d) && d.createdAt >= from && d.createdAt < until), [data.deals, contains, from, until])
  // Open amounts add like with like: one currency, converted with the rates in Settings when mixed.
  const rates = useCurrencyRates()
  const money = useMemo(() => inOneCurrency(inScope, rates), [inScope, rates])
  const totalNote = useTotalNote()
  const result = useMemo(
    () => (process ? funnel(process, money.items, data.historyByDeal) : null),
    [process, money, data.historyByDeal]
  )
  // The deals behind each figure, built when one is clicked.
  const behind = (stageId: string, which: 'reached' | 'movedOn' | 'open' | 'stayed') => () =>
    (process && funnelDeals(process, inScope, data.historyByDeal).get(stageId)?.[which]) ?? []
  const wonBehind = (): Deal[] => (process ? funnelDeals(process, inScope, data.historyByDeal).won : [])
  const closedBehind = (): Deal[] => (process ? funnelDeals(process, inScope, data.historyByDeal).closed : [])

  const option = useMemo(() => {
    if (!result) return {}
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: result.stages.map((s) => s.name), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('funnel.openNow'),
          type: 'bar',
          data: result.stages.map((s) => ({
            value: s.open,
            itemStyle: { color: result.diagnosis.bulge?.stageId === s.stageId ? '#e8590c' : '#228be6' }
          }))
        },
        {
          name: t('funnel.expectedShape'),
          type: 'line',
          data: result.stages.map((s) => (s.pileUp ? Math.round((s.open / s.pileUp) * 10) / 10 : 0)),
          lineStyle: { type: 'dashed' },
          symbol: 'circle',
          color: '#868e96'
        }
      ]
    }
  }, [result, t])

  if (!process || !result) return null
  const { bulge, leak } = result.diagnosis
  // Chinese sentences run on without a space after 。; English ones take one.
  const sep = locale === 'zh-CN' ? '' : ' '

  return (
    <div>
      <Group mb={4} gap="sm">
        <Select
          aria-label={t('board.process')}
          size="xs"
          w={200}
          value={process.id}
          onChange={setProcessId}
          allowDeselect={false}
          data={processes.map((p) => ({ value: p.id, label: p.name }))}
        />
        <SegmentedControl
          size="xs"
          value={cohort}
          onChange={(v) => setCohort(v as CohortKind)}
          aria-label={t('dataset:funnelCohort.label')}
          data={(['all', 'year', 'quarter', 'month'] as const).map((k) => ({ value: k, label: k === 'all' ? t('dataset:funnelCohort.all') : t(`dataset:period.kinds.${k}`) }))}
        />
        {cohort !== 'all' && <PeriodPicker kind={cohort} kinds={[cohort]} at={at ?? data.now} onAt={setAt} now={data.now} span={span} testId="funnel-period" />}
        {result.wonConversion !== null && (
          <Text size="sm" data-testid="funnel-win-rate">
            <DoorButton title={t('funnel.wonDoor')} deals={wonBehind}>
              {t('funnel.winRate', { rate: formatPercent(result.wonConversion, locale) })}
            </DoorButton>{' '}
            <Text span size="xs" c="dimmed">
              <DoorButton title={t('metrics:funnel.closedDoor')} deals={closedBehind}>
                {t('metrics:funnel.winRateOf', { won: result.sample.won, closed: result.sample.won + result.sample.lost })}
              </DoorButton>
            </Text>
          </Text>
        )}
        <Group ml="auto">
          <ExportMenu
            title={`${t('views.funnel')} · ${process.name}`}
            tables={() => [funnelTable(`${t('views.funnel')} · ${process.name}`, result, t, money.currency)]}
            charts={() => [{ title: t('funnel.chartLabel'), option, height: 240 }]}
          />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="sm" data-testid="funnel-sample">
        {t('metrics:funnel.sample', {
          count: result.sample.deals,
          open: result.sample.open,
          won: result.sample.won,
          lost: result.sample.lost
        })}
        {sep}
        {t('metrics:funnel.rule')}
        {result.sample.wonWithoutHistory + result.sample.lostWithoutHistory > 0 &&
          `${sep}${t('metrics:funnel.withoutHistory', { count: result.sample.wonWithoutHistory + result.sample.lostWithoutHistory })}`}
        {result.sample.outside > 0 && `${sep}${t('metrics:funnel.outside', { count: result.sample.outside })}`}
      </Text>
      {bulge ? (
        <Alert
          color="orange"
          variant="light"
          mb="sm"
          title={t('funnel.bulgeTitle', { stage: bulge.name, ratio: bulge.ratio.toFixed(1) })}
        >
          <Text size="sm" mb={4}>
            {t('funnel.coach')}
          </Text>
          <List size="sm" spacing={2}>
            {[...bulge.steps, ...bulge.methods].map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="teal" variant="light" mb="sm">
          {t('funnel.shapeOk')}
        </Alert>
      )}
      {leak && (
        <Text size="sm" mb="sm">
          {t('funnel.leak', { stage: leak.name, rate: formatPercent(leak.conversion, locale) })}
        </Text>
      )}
      <Paper withBorder p="xs" radius="sm" mb="sm">
        <Chart option={option} height={240} label={t('funnel.chartLabel')} />
      </Paper>
      <Table fz="sm" striped withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('funnel.stage')}</Table.Th>
            <Table.Th ta="right">{t('funnel.reached')}</Table.Th>
            <Table.Th ta="right">{t('funnel.conversion')}</Table.Th>
            <Table.Th ta="right">{t('funnel.openNow')}</Table.Th>
            <Table.Th ta="right">{t('funnel.openAmount')}</Table.Th>
            <Table.Th ta="right">{t('funnel.avgDays')}</Table.Th>
            <Table.Th ta="right">{t('funnel.medianDays')}</Table.Th>
            <Table.Th ta="right">{t('funnel.expectedDays')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody className="tabular">
          {result.stages.map((s) => (
            <Table.Tr key={s.stageId} bg={bulge?.stageId === s.stageId ? 'var(--mantine-color-orange-light)' : undefined}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td ta="right">
                <DoorButton title={`${s.name} · ${t('funnel.reached')}`} deals={behind(s.stageId, 'reached')}>
                  {s.reached}
                </DoorButton>
              </Table.Td>
              <Table.Td ta="right">
                {s.conversion === null ? (
                  '—'
                ) : (
                  <DoorButton title={t('funnel.movedOnDoor', { stage: s.name })} deals={behind(s.stageId, 'movedOn')}>
                    {formatPercent(s.conversion, locale)}
                  </DoorButton>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <DoorButton title={`${s.name} · ${t('funnel.openNow')}`} deals={behind(s.stageId, 'open')}>
                  {s.open}
                </DoorButton>
              </Table.Td>
              <Table.Td ta="right">
                <DoorButton title={`${s.name} · ${t('funnel.openAmount')}`} deals={behind(s.stageId, 'open')}>
                  <span title={money.converted.length || money.missing.length ? totalNote({ amount: 0, currency: money.currency, converted: money.converted, missing: money.missing }, rates) : undefined}>
                    {formatMoney(s.openAmount, money.currency, locale)}
                    {(money.converted.length > 0 || money.missing.length > 0) && '*'}
                  </span>
                  <AmountsLeftOut count={s.openAmountUnset} display="block" />
                </DoorButton>
              </Table.Td>
              <Table.Td ta="right">
                <DaysDoor
                  title={`${s.name} · ${t('funnel.avgDays')} · ${t('funnel.stayedDoor')}`}
                  deals={behind(s.stageId, 'stayed')}
                >
                  {fmtDays(s.avgDays)}
                </DaysDoor>
              </Table.Td>
              <Table.Td ta="right" c={s.medianDays !== null && s.medianDays > s.expectedDays ? 'orange.8' : undefined}>
                <DaysDoor
                  title={`${s.name} · ${t('funnel.medianDays')} · ${t('funnel.stayedDoor')}`}
                  deals={behind(s.stageId, 'stayed')}
                >
                  {fmtDays(s.medianDays)}
                </DaysDoor>
              </Table.Td>
              <Table.Td ta="right">{s.expectedDays}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <CalibrationPanel process={process} deals={data.deals} historyByDeal={data.historyByDeal} />
    </div>
  )
}
