import { useMemo } from 'react'
import { Alert, Badge, Group, NativeSelect, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import {
  autoMap,
  fieldsOf,
  importEntities,
  missingRequiredFields,
  type FieldKey,
  type ImportEntity,
  type ImportMapping
} from '@shared/domain/import'
import type { ParsedTable } from '@shared/ipc/io'
import { useImportMessage } from './use-import-message'

/** Up to three distinct sample values per column, from the first rows. */
function samplesOf(table: ParsedTable): string[][] {
  return table.headers.map((_, c) => {
    const out: string[] = []
    for (const row of table.rows.slice(0, 300)) {
      const v = row[c]
      if (v && !out.includes(v)) out.push(v.length > 28 ? `${v.slice(0, 28)}…` : v)
      if (out.length === 3) break
    }
    return out
  })
}

/** Step 2: what the file holds and which column feeds which field. */
export function MappingStep({
  table,
  mapping,
  onMapping,
  onSheet,
  settings
}: {
  table: ParsedTable
  mapping: ImportMapping
  onMapping(m: ImportMapping): void
  onSheet(sheet: string): void
  /** The file's currency, the deal-name pattern, the remembered-mapping notice. */
  settings?: React.ReactNode
}): React.ReactNode {
  const { t, i18n } = useTranslation('import')
  const say = useImportMessage()
  const samples = useMemo(() => samplesOf(table), [table])
  const fields = fieldsOf(mapping.entity)
  const missing = missingRequiredFields(mapping)
  const headerName = (c: number): string => table.headers[c] || t('mapping.unnamed', { n: c + 1 })

  const setColumn = (column: number, field: FieldKey | null): void => {
    // One column per field: choosing a field already in use frees the other column.
    const columns = mapping.columns.map((f, i) => (i === column ? field : field !== null && f === field ? null : f))
    onMapping({ ...mapping, columns })
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('mapping.summary', {
          fileName: table.fileName,
          rows: table.rows.length,
          headerRow: table.headerRow + 1,
          encoding: table.format === 'xlsx' ? 'Excel' : table.encoding.toUpperCase()
        })}
      </Text>
      {table.warnings.length > 0 && (
        <Alert color="yellow" title={t('file.notes')}>
          <Stack gap={2}>
            {table.warnings.map((w) => (
              <Text key={w.code} size="sm">
                {say(w)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Group grow align="flex-end">
        <NativeSelect
          label={t('mapping.entity')}
          value={mapping.entity}
          data={importEntities.map((e) => ({ value: e, label: t(`entities.${e}`) }))}
          onChange={(e) => onMapping(autoMap(table.headers, e.currentTarget.value as ImportEntity))}
        />
        {table.sheets.length > 1 && (
          <NativeSelect
            label={t('file.sheet')}
            value={table.sheet ?? ''}
            data={table.sheets}
            onChange={(e) => onSheet(e.currentTarget.value)}
          />
        )}
      </Group>
      {settings}
      {missing.length > 0 && (
        <Alert color="red" role="alert">
          {t('mapping.missing', { fields: new Intl.ListFormat(i18n.language).format(missing.map((f) => t(`fields.${f}`))) })}
        </Alert>
      )}
      <Table striped highlightOnHover verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('mapping.column')}</Table.Th>
            <Table.Th>{t('mapping.samples')}</Table.Th>
            <Table.Th w={260}>{t('mapping.target')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.headers.map((_, c) => {
            const field = mapping.columns[c] ?? null
            return (
              <Table.Tr key={c}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {headerName(c)}
                    </Text>
                    {field === null && (
                      <Badge size="xs" variant="light" color="gray">
                        {t('mapping.ignored')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {samples[c]!.join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={t('mapping.fieldFor', { column: headerName(c) })}
                    value={field ?? ''}
                    data={[
                      { value: '', label: t('mapping.ignore') },
                      ...fields.map((f) => ({
                        value: f.key,
                        label: f.required ? `${t(`fields.${f.key}`)} (${t('mapping.required')})` : t(`fields.${f.key}`)
                      }))
                    ]}
                    onChange={(e) => setColumn(c, (e.currentTarget.value || null) as FieldKey | null)}
                  />
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
