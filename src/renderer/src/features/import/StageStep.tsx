import { Alert, NativeSelect, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { StageSuggestion } from '@shared/domain/import'
import type { SalesProcess } from '@shared/model'
import { useImportMessage } from './use-import-message'

/** Step 3 (deals): the process deals go into, and which of its stages each file stage means. */
export function StageStep({
  processes,
  processId,
  onProcess,
  stages,
  stageMap,
  onStage
}: {
  processes: SalesProcess[]
  processId: string | undefined
  onProcess(id: string): void
  /** The file's distinct stages, with counts and the suggestion for each. */
  stages: StageSuggestion[]
  stageMap: Record<string, string | null>
  onStage(value: string, stageId: string | null): void
}): React.ReactNode {
  const { t } = useTranslation('import')
  const say = useImportMessage()
  const process = processes.find((p) => p.id === processId)
  const unmapped = stages.filter((s) => !stageMap[s.value]).length
  // Most exports have no probability column: an empty column would only push the choices away.
  const withProbability = stages.some((s) => s.probability !== undefined)
  const options = [
    { value: '', label: t('stages.notMapped') },
    ...(process?.stages ?? []).map((s) => ({ value: s.id, label: t('stages.stageOption', { name: s.name, probability: s.probability }) }))
  ]

  if (processes.length === 0) {
    return (
      <Alert color="red" role="alert">
        {say({ code: 'import.no-process' })}
      </Alert>
    )
  }

  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('stages.process')}
        value={processId ?? ''}
        data={processes.map((p) => ({ value: p.id, label: p.name }))}
        onChange={(e) => onProcess(e.currentTarget.value)}
        maw={360}
      />
      {unmapped > 0 ? (
        <Alert color="yellow" role="status">
          {t('stages.unmapped', { count: unmapped })}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" role="status">
          {t('stages.allMapped')}
        </Text>
      )}
      <Table striped verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('stages.fileStage')}</Table.Th>
            <Table.Th ta="right">{t('stages.rows')}</Table.Th>
            {withProbability && <Table.Th ta="right">{t('stages.probability')}</Table.Th>}
            <Table.Th w={280}>{t('stages.target')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stages.map((s) => (
            <Table.Tr key={s.value}>
              <Table.Td>{s.value}</Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {s.count}
              </Table.Td>
              {withProbability && (
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {s.probability === undefined ? '' : `${s.probability}%`}
                </Table.Td>
              )}
              <Table.Td>
                <NativeSelect
                  size="xs"
                  aria-label={t('stages.mapFor', { stage: s.value })}
                  value={stageMap[s.value] ?? ''}
                  data={options}
                  error={stageMap[s.value] ? undefined : true}
                  onChange={(e) => onStage(s.value, e.currentTarget.value || null)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
