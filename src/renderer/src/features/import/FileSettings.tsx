import { useMemo } from 'react'
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { NAME_PATTERN_FIELDS, previewDealNames, type CurrencySource, type ImportMapping } from '@shared/domain/import'
import type { ParsedTable } from '@shared/ipc/io'

/** Currencies a CRM export is likely to be in; the file's own code is added if it is another. */
const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'GBP', 'JPY', 'SGD', 'AUD', 'CAD', 'TWD', 'KRW', 'CHF']

/**
 * What the wizard asks about a file beside its columns: the currency its amounts are in (guessed
 * from symbols and headers, else the workspace's), how deals are named when the file has no
 * name column, and whether the columns come from the mapping remembered for this export.
 */
export function FileSettings({
  table,
  mapping,
  currency,
  currencySource,
  onCurrency,
  namePattern,
  onNamePattern,
  remembered,
  onForget,
  catalogue = []
}: {
  table: ParsedTable
  mapping: ImportMapping
  currency: string
  currencySource: CurrencySource
  onCurrency(c: string): void
  namePattern: string
  onNamePattern(p: string): void
  remembered: boolean
  onForget(): void
  /** Product names of the catalogue, so the preview spells them as the import will. */
  catalogue?: readonly string[]
}): React.ReactNode {
  const { t } = useTranslation('import')
  const hasAmounts = mapping.entity === 'deals' || mapping.entity === 'products'
  const needsName = mapping.entity === 'deals' && !mapping.columns.includes('name')
  const samples = useMemo(() => (needsName ? previewDealNames(table, mapping, namePattern, 3, catalogue) : []), [needsName, table, mapping, namePattern, catalogue])
  const options = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES]
  const fields = NAME_PATTERN_FIELDS.filter((f) => mapping.columns.includes(f))

  return (
    <Stack gap="xs">
      {remembered && (
        <Alert color="blue" variant="light" py={6} role="status">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{t('memory.used')}</Text>
            <Button size="compact-xs" variant="subtle" onClick={onForget}>
              {t('memory.reset')}
            </Button>
          </Group>
        </Alert>
      )}
      {(hasAmounts || needsName) && (
        <Group align="flex-start" gap="lg" wrap="wrap">
          {hasAmounts && (
            <NativeSelect
              label={t('currency.label')}
              description={t(`currency.source.${currencySource}`)}
              value={currency}
              w={260}
              data={options.map((c) => ({ value: c, label: t('currency.option', { code: c }) }))}
              onChange={(e) => onCurrency(e.currentTarget.value)}
            />
          )}
          {needsName && (
            <TextInput
              label={t('namePattern.label')}
              description={t('namePattern.hint', { fields: fields.map((f) => `{${f}}`).join(' ') })}
              value={namePattern}
              w={380}
              onChange={(e) => onNamePattern(e.currentTarget.value)}
            />
          )}
          {needsName && (
            <Stack gap={2} pt={4} maw={420}>
              <Text size="xs" c="dimmed">
                {t('namePattern.samples')}
              </Text>
              {samples.length === 0 ? (
                <Text size="sm" c="red">
                  {t('namePattern.empty')}
                </Text>
              ) : (
                samples.map((s, i) => (
                  <Text key={i} size="sm" data-testid="name-sample" truncate>
                    {s}
                  </Text>
                ))
              )}
            </Stack>
          )}
        </Group>
      )}
    </Stack>
  )
}
