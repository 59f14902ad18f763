import { useMemo } from 'react'
import { Alert, Group, List, Paper, Select, Table, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import { funnel } from '@shared/domain/funnel'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Chart } from '../../ui/Chart'
import { Money } from '../../ui/Money'
import { formatPercent } from '../../ui/format'
import type { PipelineData } from './use-pipeline-data'
import { CalibrationPanel } from './CalibrationPanel'

const fmtDays = (d: number | null): string => (d === null ? '—' : d.toFixed(d < 10 ? 1 : 0))

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

  const result = useMemo(() => {
    if (!process) return null
    return funnel(
      process,
      data.deals.filter((d) => contains(d)),
      data.historyByDeal
    )
  }, [process, data, contains])

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

  return (
    <div>
      <Group mb="sm" gap="sm">
        <Select
          aria-label={t('board.process')}
          size="xs"
          w={200}
          value={process.id}
          onChange={setProcessId}
          allowDeselect={false}
          data={processes.map((p) => ({ value: p.id, label: p.name }))}
        />
        {result.wonConversion !== null && (
          <Text size="sm" c="dimmed">
            {t('funnel.winRate', { rate: formatPercent(result.wonConversion, locale) })}
          </Text>
        )}
      </Group>
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
              <Table.Td ta="right">{s.reached}</Table.Td>
              <Table.Td ta="right">{s.conversion === null ? '—' : formatPercent(s.conversion, locale)}</Table.Td>
              <Table.Td ta="right">{s.open}</Table.Td>
              <Table.Td ta="right">
                <Money minor={s.openAmount} size="sm" />
              </Table.Td>
              <Table.Td ta="right">{fmtDays(s.avgDays)}</Table.Td>
              <Table.Td ta="right" c={s.medianDays !== null && s.medianDays > s.expectedDays ? 'orange.8' : undefined}>
                {fmtDays(s.medianDays)}
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
