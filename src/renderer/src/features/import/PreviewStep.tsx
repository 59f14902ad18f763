import { useMemo, useState } from 'react'
import { Alert, Badge, Checkbox, Group, Loader, NativeSelect, Progress, SegmentedControl, Spoiler, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { isPostSaleEntity, type DateOrder, type ImportValidation, type RowResult, type ValidationProgress } from '@shared/domain/import'
import { formatCount, formatMoney } from '../../ui/format'
import { VirtualList } from '../../ui/VirtualList'
import { useImportMessage } from './use-import-message'

export interface PreviewOptions {
  createMissingCustomers: boolean
  createMissingOwners: boolean
  mergeSpellingVariants: boolean
  dateOrder: DateOrder | undefined
}

type Filter = 'all' | 'error' | 'warning'

const ROW_HEIGHT = 52

/** Step 4: what the import would do, and every row it has something to say about. */
export function PreviewStep({
  rowCount,
  checking,
  validation,
  currency,
  options,
  onOptions,
  skipErrors,
  onSkipErrors
}: {
  rowCount: number
  /** Where the check is while it runs (null before it starts and once it is done). */
  checking?: ValidationProgress | null
  validation: ImportValidation | null
  /** The file's currency, to show its total in. */
  currency?: string
  options: PreviewOptions
  onOptions(o: PreviewOptions): void
  skipErrors: boolean
  onSkipErrors(v: boolean): void
}): React.ReactNode {
  const { t, i18n } = useTranslation('import')
  // The wizard also runs before a workspace (and its preferences) exists: the language is enough.
  const locale = i18n.language === 'zh-CN' ? 'zh-CN' : 'en-US'
  const say = useImportMessage()
  const [filter, setFilter] = useState<Filter>('all')
  const problems = useMemo(
    () => (validation ? validation.rows.filter((r) => (filter === 'all' ? r.messages.length > 0 : r.status === filter)) : []),
    [validation, filter]
  )

  if (!validation) {
    // Reading rows, then building records: one bar over both, so it only moves forward.
    const pct = checking && checking.total > 0 ? ((checking.phase === 'check' ? 0 : 50) + (checking.done / checking.total) * 50) : 0
    return (
      <Stack gap={6} role="status">
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">
            {checking && checking.done > 0
              ? t(`preview.progress.${checking.phase}`, { percent: Math.floor((checking.done / checking.total) * 100), done: formatCount(checking.done, locale), total: formatCount(checking.total, locale) })
              : t('preview.validating', { rows: rowCount })}
          </Text>
        </Group>
        <Progress value={pct} size="sm" aria-label={t('preview.checkProgress')} />
      </Stack>
    )
  }
  const { summary } = validation
  const dateOrderShown = options.dateOrder !== undefined || summary.fileMessages.some((m) => m.code === 'import.date-order-assumed')

  return (
    <Stack gap="sm">
      {summary.fileMessages.map((m) => (
        <Alert key={`${m.code}-${String(m.params?.field ?? '')}`} color={m.severity === 'error' ? 'red' : 'yellow'} role={m.severity === 'error' ? 'alert' : 'status'}>
          {say(m)}
        </Alert>
      ))}
      <Group gap="xs" role="group" aria-label={t('preview.counts')}>
        <Badge color="green" variant="light" size="lg">
          {t('preview.ok', { count: summary.ok })}
        </Badge>
        <Badge color="yellow" variant="light" size="lg">
          {t('preview.warnings', { count: summary.warning })}
        </Badge>
        <Badge color="red" variant="light" size="lg">
          {t('preview.errors', { count: summary.error })}
        </Badge>
        <Text size="sm" c="dimmed">
          {t('preview.creates', { count: summary.creates })} · {t('preview.updates', { count: summary.updates })}
          {summary.entity === 'deals' && ` · ${t('preview.customersCreated', { count: summary.customersCreated })}`}
          {summary.repsCreated > 0 && ` · ${t('preview.repsCreated', { count: summary.repsCreated })}`}
          {summary.orgUnitsCreated > 0 && ` · ${t('preview.orgUnitsCreated', { count: summary.orgUnitsCreated })}`}
        </Text>
      </Group>
      {summary.entity === 'deals' && <DealFacts validation={validation} currency={currency} locale={locale} />}

      <Group gap="lg" align="flex-end">
        {summary.entity === 'deals' && (
          <Checkbox
            label={t('preview.createCustomers')}
            checked={options.createMissingCustomers}
            onChange={(e) => onOptions({ ...options, createMissingCustomers: e.currentTarget.checked })}
          />
        )}
        {summary.unknownOwners > 0 && (
          <Checkbox
            label={t('preview.createOwners', { count: summary.unknownOwners })}
            checked={options.createMissingOwners}
            onChange={(e) => onOptions({ ...options, createMissingOwners: e.currentTarget.checked })}
          />
        )}
        {summary.entity !== 'customers' && !isPostSaleEntity(summary.entity) && (
          <Checkbox
            label={t('preview.mergeVariants')}
            checked={options.mergeSpellingVariants}
            onChange={(e) => onOptions({ ...options, mergeSpellingVariants: e.currentTarget.checked })}
          />
        )}
        {dateOrderShown && (
          <NativeSelect
            size="xs"
            label={t('preview.dateOrder')}
            value={options.dateOrder ?? 'mdy'}
            data={(['mdy', 'dmy'] as const).map((o) => ({ value: o, label: t(`preview.order.${o}`) }))}
            onChange={(e) => onOptions({ ...options, dateOrder: e.currentTarget.value as DateOrder })}
          />
        )}
        <Checkbox label={t('preview.skipErrors')} checked={skipErrors} onChange={(e) => onSkipErrors(e.currentTarget.checked)} />
      </Group>

      {summary.variantGroups.length > 0 && (
        <Spoiler maxHeight={66} showLabel="…" hideLabel="↑">
          <Text size="sm" fw={500}>
            {t('preview.variants', { count: summary.variantGroups.length })}
          </Text>
          {summary.variantGroups.slice(0, 200).map((g) => (
            <Text key={`${g.field}:${g.canonical}`} size="xs" c="dimmed">
              {t('preview.variantLine', {
                variants: g.variants
                  .filter((v) => v.value !== g.canonical)
                  .map((v) => v.value)
                  .join(' / '),
                canonical: g.canonical
              })}
            </Text>
          ))}
        </Spoiler>
      )}

      {summary.error > 0 && !skipErrors && (
        <Alert color="red" role="alert">
          {t('preview.blocked', { count: summary.error })}
        </Alert>
      )}

      <SegmentedControl
        aria-label={t('preview.filter')}
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'all', label: t('preview.filterAll') },
          { value: 'error', label: t('preview.filterErrors') },
          { value: 'warning', label: t('preview.filterWarnings') }
        ]}
        w="fit-content"
      />
      {problems.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('preview.none')}
        </Text>
      ) : (
        <VirtualList
          items={problems}
          rowHeight={ROW_HEIGHT}
          height={Math.min(420, problems.length * ROW_HEIGHT)}
          label={t('preview.list')}
          getKey={(r) => String(r.rowNumber)}
          renderRow={(r) => <ProblemRow row={r} say={say} />}
        />
      )}
    </Stack>
  )
}

function ProblemRow({ row, say }: { row: RowResult; say: ReturnType<typeof useImportMessage> }): React.ReactNode {
  const { t } = useTranslation('import')
  const text = row.messages.map(say).join(' · ')
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" px="xs" py={4} style={{ height: ROW_HEIGHT, borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Badge
        color={row.status === 'error' ? 'red' : 'yellow'}
        variant="light"
        miw={84}
        style={{ flexShrink: 0 }}
        title={t(`preview.severity.${row.status === 'error' ? 'error' : 'warning'}`)}
      >
        {t('preview.row', { row: row.rowNumber })}
      </Badge>
      <Text size="xs" lineClamp={2} title={text}>
        {row.messages.map((m, i) => (
          <Text key={i} span c={m.severity === 'error' ? 'red' : undefined} inherit>
            {i > 0 ? ' · ' : ''}
            {say(m)}
          </Text>
        ))}
      </Text>
    </Group>
  )
}

/**
 * What a deals file brings, before it is written: open, won and lost deals, the won amount in
 * the file's currency, and the deals that come in incomplete (no customer, no close date, closed
 * without their stage path) so the manager knows what the data page will ask of them.
 */
function DealFacts({ validation, currency, locale }: { validation: ImportValidation; currency: string | undefined; locale: 'zh-CN' | 'en-US' }): React.ReactNode {
  const { t } = useTranslation('import')
  const facts = useMemo(() => {
    let open = 0
    let won = 0
    let lost = 0
    const wonBy = new Map<string, number>()
    for (const d of validation.plan.deals) {
      if (d.status === 'open') open++
      else if (d.status === 'won') {
        won++
        if (d.amount !== undefined) wonBy.set(d.currency, (wonBy.get(d.currency) ?? 0) + d.amount)
      } else lost++
    }
    return { open, won, lost, wonBy }
  }, [validation])
  const s = validation.summary
  const amounts = [...facts.wonBy].sort(([a], [b]) => (a === currency ? -1 : b === currency ? 1 : a.localeCompare(b)))
  return (
    <Stack gap={2} data-testid="deal-facts">
      <Text size="sm">
        {t('preview.facts.deals', { open: facts.open, won: facts.won, lost: facts.lost })}
        {amounts.length > 0 && ` · ${t('preview.facts.wonAmount', { amount: amounts.map(([c, m]) => formatMoney(m, c, locale)).join(' + ') })}`}
      </Text>
      {(s.dealsWithoutCustomer > 0 || s.dealsWithoutCloseDate > 0 || s.closedWithoutHistory > 0) && (
        <Text size="xs" c="dimmed">
          {[
            s.dealsWithoutCustomer > 0 && t('preview.facts.withoutCustomer', { count: s.dealsWithoutCustomer }),
            s.dealsWithoutCloseDate > 0 && t('preview.facts.withoutClose', { count: s.dealsWithoutCloseDate }),
            s.closedWithoutHistory > 0 && t('preview.facts.withoutHistory', { count: s.closedWithoutHistory })
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
    </Stack>
  )
}
