import { useMemo, useState } from 'react'
import { Button, Group, Paper, Table, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { Deal, SalesProcess, StageHistory } from '@shared/model'
import { calibrate, calibrationDeals, MIN_CALIBRATION_SAMPLE } from '@shared/domain/calibration'
import { adoptStageProbabilities } from '../../db/deals'
import { DoorButton } from './DealsDrawer'
import { useLocale } from '../../app/preferences'
import { usePermission } from '../../session/use-me'

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`)

/**
 * Configured stage probabilities beside the win rates the team actually achieved from each
 * stage, with sample sizes and a 95% interval; adopt them with one click. Stages with fewer
 * closed deals than the minimum get no suggestion, and the button says why.
 */
export function CalibrationPanel({
  process,
  deals,
  historyByDeal
}: {
  process: SalesProcess
  deals: readonly Deal[]
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const [busy, setBusy] = useState(false)
  const rows = useMemo(() => calibrate(process, deals, historyByDeal), [process, deals, historyByDeal])
  // Built on the first click only: the sample lists are there to be opened, not to be rendered.
  const sampleOf = (stageId: string) => (): Deal[] => calibrationDeals(process, deals, historyByDeal).get(stageId) ?? []
  const adoptable = rows.filter((r) => r.suggested !== null && r.suggested !== r.configured)
  // Adopting rewrites the sales process: theirs who may change processes.
  const processEdit = usePermission('process.edit')

  async function adopt(): Promise<void> {
    setBusy(true)
    try {
      await adoptStageProbabilities(process.id, new Map(adoptable.map((r) => [r.stageId, r.suggested!])))
      notifications.show({ color: 'teal', message: t('calibration.adopted', { count: adoptable.length }) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Paper withBorder p="sm" radius="sm" mt="sm">
      <Group justify="space-between" mb={4}>
        <div>
          <Text fw={600} size="sm">
            {t('calibration.title')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('calibration.hint', { min: MIN_CALIBRATION_SAMPLE })}
          </Text>
          <Text size="xs" c="dimmed" data-testid="calibration-sample">
            {t('metrics:calibration.sample', { count: rows[0]?.sample ?? 0 })}
            {locale === 'zh-CN' ? '' : ' '}
            {t('metrics:funnel.rule')}
          </Text>
        </div>
        <Tooltip label={processEdit.why ?? t('calibration.nothing')} disabled={adoptable.length > 0 && processEdit.allowed}>
          <Button size="xs" variant="light" onClick={() => void adopt()} loading={busy} disabled={adoptable.length === 0 || !processEdit.allowed}>
            {t('calibration.adopt', { count: adoptable.length })}
          </Button>
        </Tooltip>
      </Group>
      <Table fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('funnel.stage')}</Table.Th>
            <Table.Th ta="right">{t('calibration.configured')}</Table.Th>
            <Table.Th ta="right">{t('calibration.observed')}</Table.Th>
            <Table.Th ta="right">{t('calibration.interval')}</Table.Th>
            <Table.Th ta="right">{t('calibration.sample')}</Table.Th>
            <Table.Th ta="right">{t('calibration.suggested')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody className="tabular">
          {rows.map((r) => (
            <Table.Tr key={r.stageId}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right">{r.configured}%</Table.Td>
              <Table.Td ta="right">{pct(r.observed)}</Table.Td>
              <Table.Td ta="right" c="dimmed">
                {r.low === null ? '—' : `${pct(r.low)}–${pct(r.high)}`}
              </Table.Td>
              <Table.Td ta="right">
                <DoorButton title={`${r.name} · ${t('calibration.sample')}`} deals={sampleOf(r.stageId)}>
                  {r.sample}
                </DoorButton>
              </Table.Td>
              <Table.Td ta="right" c={r.suggested === null ? 'dimmed' : undefined}>
                {r.suggested === null ? t('calibration.tooFew') : `${r.suggested}%`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  )
}
