import { Group, NumberInput, Select, Switch, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { SalesProcess } from '@shared/model'
import { HEALTH_FLAGS, type HealthFlag } from '@shared/domain/deal-health'
import type { BoardClose, BoardLanes, BoardSort } from '@shared/domain/pipeline-board'
import { ExportMenu } from '../export/ExportMenu'
import type { BoardFilterState } from './use-pipeline-board'
import type { boardExport } from './export-tables'

/** The board's filters, sort and lanes above the columns, with the export menu. */
export function BoardToolbar({
  process,
  processes,
  owners,
  filters: f,
  boardLabel,
  exported
}: {
  process: SalesProcess
  processes: readonly SalesProcess[]
  owners: { value: string; label: string }[]
  filters: BoardFilterState
  boardLabel: string
  exported: ReturnType<typeof boardExport>
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  return (
    <Group mb="sm" gap="sm" wrap="wrap">
      <Select
        aria-label={t('board.process')}
        size="xs"
        w={200}
        value={process.id}
        onChange={(v) => f.setProcessId(v)}
        allowDeselect={false}
        data={processes.map((p) => ({ value: p.id, label: p.name }))}
      />
      <Select
        aria-label={t('filters.owner')}
        placeholder={t('filters.owner')}
        size="xs"
        w={140}
        clearable
        searchable
        value={f.ownerId}
        onChange={f.setOwnerId}
        data={owners}
      />
      <NumberInput
        aria-label={t('filters.amountMin')}
        placeholder={t('filters.amountMin')}
        size="xs"
        w={140}
        min={0}
        step={10_000}
        thousandSeparator=","
        value={f.minYuan ?? ''}
        onChange={(v) => f.setMinYuan(typeof v === 'number' ? v : null)}
      />
      <Select
        aria-label={t('filters.close')}
        size="xs"
        w={120}
        value={f.close}
        onChange={(v) => f.setClose((v as BoardClose | null) ?? 'all')}
        allowDeselect={false}
        data={[
          { value: 'all', label: t('filters.closeAll') },
          { value: 'month', label: t('filters.closeMonth') },
          { value: 'quarter', label: t('filters.closeQuarter') },
          { value: 'overdue', label: t('filters.closeOverdue') }
        ]}
      />
      <Select
        aria-label={t('filters.health')}
        placeholder={t('filters.health')}
        size="xs"
        w={130}
        clearable
        value={f.healthFilter}
        onChange={(v) => f.setHealthFilter(v as HealthFlag | null)}
        data={HEALTH_FLAGS.map((flag) => ({ value: flag, label: t(`flags.${flag}`) }))}
      />
      <Select
        aria-label={t('filters.sort')}
        size="xs"
        w={130}
        value={f.sort}
        onChange={(v) => f.setSort((v as BoardSort | null) ?? 'amount')}
        allowDeselect={false}
        data={[
          { value: 'amount', label: t('filters.sortAmount') },
          { value: 'days', label: t('filters.sortDays') },
          { value: 'close', label: t('filters.sortClose') }
        ]}
      />
      <Select
        aria-label={t('filters.lanes')}
        size="xs"
        w={130}
        value={f.lanes}
        onChange={(v) => f.setLanes((v as BoardLanes | null) ?? 'none')}
        allowDeselect={false}
        data={[
          { value: 'none', label: t('filters.lanesNone') },
          { value: 'rep', label: t('filters.lanesRep') },
          { value: 'team', label: t('filters.lanesTeam') }
        ]}
      />
      <Switch size="xs" label={t('filters.bigOnly')} checked={f.bigOnly} onChange={(e) => f.setBigOnly(e.currentTarget.checked)} />
      <Text size="xs" c="dimmed" ml="auto">
        {t('board.moveHint')}
      </Text>
      <ExportMenu title={boardLabel} tables={exported.tables} parts={{ label: t('export:menu.oneColumn'), items: exported.parts }} />
    </Group>
  )
}
