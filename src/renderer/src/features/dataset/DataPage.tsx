import { useMemo, useState } from 'react'
import { Anchor, Badge, Button, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Deal } from '@shared/model'
import { dataQuality } from '@shared/domain/data-quality'
import { regionOf, winRate, winRatesBy, wonAmount, type WinRate } from '@shared/domain/win-rate'
import { zonedToUtc } from '@shared/domain/import/values'
import { getDb } from '../../db/database'
import { setDealAmount, setExpectedClose, unifyProductName } from '../../db/dataset'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { SectionCard } from '../../ui/SectionCard'
import { VirtualList } from '../../ui/VirtualList'
import { Money } from '../../ui/Money'
import { formatCount, formatDate, formatPercent } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { MoneyTotal } from '../currency/MoneyTotal'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { AttachCustomer } from './AttachCustomer'
import { ActionError, actionErrorText } from './action-error'
import { useDataSpan } from './use-data-span'

const ROW = 44

/**
 * The data page (数据): what the workspace's history holds, counted so a manager can check it
 * against their CRM — open, won and lost deals, the won amount, win rates by office and rep — and
 * what an import left to complete: open deals without a close date or an amount, deals without a customer,
 * product names that are spellings of a catalogue product. Follows the scope picker.
 */
export function DataPage(): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  const { orgUnits, orgUnitById, userById } = useWorkspaceData()
  const { contains } = useScope()
  const rates = useCurrencyRates()
  const now = useNow()
  const span = useDataSpan(now)
  const data = useLiveQuery(async () => {
    const db = getDb()
    const [deals, products] = await Promise.all([db.deals.toArray(), db.products.toArray()])
    return { deals, products }
  }, [])
  const deals = useMemo(() => (data ? data.deals.filter((d) => !d.deleted && contains(d)) : null), [data, contains])
  const quality = useMemo(() => (deals && data ? dataQuality(deals, data.products) : null), [deals, data])
  const history = useMemo(() => {
    if (!deals) return null
    const office = regionOf(orgUnits)
    return {
      open: deals.filter((d) => d.status === 'open').length,
      all: winRate(deals),
      won: wonAmount(deals, rates),
      byOffice: [...winRatesBy(deals, (d) => office(d.orgUnitId))].sort((a, b) => (b[1].rate ?? -1) - (a[1].rate ?? -1)),
      byRep: [...winRatesBy(deals, (d) => d.ownerId)].sort((a, b) => (b[1].rate ?? -1) - (a[1].rate ?? -1))
    }
  }, [deals, orgUnits, rates])

  if (!deals || !quality || !history) return <Text c="dimmed">{t('common:common.loading')}</Text>

  return (
    <div>
      <PageHeader title={t('page.title')} subtitle={span ? t('page.span', { from: formatDate(span.first, locale, timeZone), to: formatDate(span.last, locale, timeZone) }) : undefined} />
      <Stack gap="md">
        <SectionCard title={t('history.title')} note={t('history.note')} testId="history">
          <Group gap="xl" mb="sm" wrap="wrap">
            <Figure label={t('history.open')} value={formatCount(history.open, locale)} testId="history-open" />
            <Figure label={t('history.won')} value={formatCount(history.all.won, locale)} testId="history-won" />
            <Figure label={t('history.lost')} value={formatCount(history.all.lost, locale)} testId="history-lost" />
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {t('history.wonAmount')}
              </Text>
              <MoneyTotal total={history.won} rates={rates} fw={700} size="lg" data-testid="history-won-amount" />
            </Stack>
            <Figure label={t('history.winRate')} value={rateText(history.all, locale)} testId="history-win-rate" />
          </Group>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <RateTable label={t('history.byOffice')} rows={history.byOffice.map(([id, w]) => ({ key: id, name: orgUnitById.get(id)?.name ?? '—', w }))} testId="win-by-office" />
            <RateTable
              label={t('history.byRep')}
              rows={history.byRep.map(([id, w]) => ({ key: id, name: userById.get(id)?.name ?? '—', to: `/reps/${id}`, w }))}
              testId="win-by-rep"
              scroll
            />
          </SimpleGrid>
        </SectionCard>

        <SectionCard
          title={t('withoutCustomer.title', { count: quality.withoutCustomer.length })}
          note={t('withoutCustomer.note')}
          empty={quality.withoutCustomer.length === 0 ? t('withoutCustomer.none') : undefined}
          testId="without-customer"
        >
          <DealList deals={quality.withoutCustomer} label={t('withoutCustomer.list')} action={(d) => <AttachCustomer dealId={d.id} />} />
        </SectionCard>

        <SectionCard
          title={t('noClose.title', { count: quality.withoutCloseDate.length })}
          note={t('noClose.note')}
          empty={quality.withoutCloseDate.length === 0 ? t('noClose.none') : undefined}
          testId="without-close"
        >
          <DealList deals={quality.withoutCloseDate} label={t('noClose.list')} action={(d) => <CloseDateInput deal={d} timeZone={timeZone} />} />
        </SectionCard>

        <SectionCard
          title={t('noAmount.title', { count: quality.withoutAmount.length })}
          note={t('noAmount.note')}
          empty={quality.withoutAmount.length === 0 ? t('noAmount.none') : undefined}
          testId="without-amount"
        >
          <DealList deals={quality.withoutAmount} label={t('noAmount.list')} action={(d) => <AmountInput deal={d} />} />
        </SectionCard>

        <SectionCard
          title={t('products.title')}
          note={t('products.note')}
          empty={quality.productVariants.length === 0 && quality.unknownProducts.length === 0 ? (data!.products.length === 0 ? t('products.noCatalogue') : t('products.none')) : undefined}
          testId="product-variants"
        >
          <Stack gap={6}>
            {quality.productVariants.map((g) => (
              <ProductVariantRow key={g.canonical} group={g} />
            ))}
            {quality.unknownProducts.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('products.unknown', { names: quality.unknownProducts.map((p) => `${p.value} (${p.count})`).join(', ') })}
              </Text>
            )}
          </Stack>
        </SectionCard>
      </Stack>
    </div>
  )
}

function rateText(w: WinRate, locale: 'zh-CN' | 'en-US'): string {
  return w.rate === null ? '—' : formatPercent(w.rate, locale)
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }): React.ReactNode {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" className="tabular" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  )
}

function RateTable({ label, rows, testId, scroll }: { label: string; rows: { key: string; name: string; to?: string; w: WinRate }[]; testId: string; scroll?: boolean }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { locale } = useLocale()
  return (
    <div style={scroll ? { maxHeight: 320, overflow: 'auto' } : undefined}>
      <Table verticalSpacing={2} fz="sm" aria-label={label} data-testid={testId} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{label}</Table.Th>
            <Table.Th ta="right">{t('history.won')}</Table.Th>
            <Table.Th ta="right">{t('history.lost')}</Table.Th>
            <Table.Th ta="right">{t('history.winRate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                {r.to ? (
                  <Anchor component={Link} to={r.to} size="sm">
                    {r.name}
                  </Anchor>
                ) : (
                  r.name
                )}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatCount(r.w.won, locale)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatCount(r.w.lost, locale)}
              </Table.Td>
              <Table.Td ta="right" className="tabular" fw={600}>
                {rateText(r.w, locale)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  )
}

function DealList({ deals, label, action }: { deals: Deal[]; label: string; action(d: Deal): React.ReactNode }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { userById, stageName } = useWorkspaceData()
  return (
    <VirtualList
      items={deals}
      rowHeight={ROW}
      height={Math.min(deals.length * ROW, 360)}
      label={label}
      getKey={(d) => d.id}
      renderRow={(d) => (
        <Group h={ROW} gap="sm" wrap="nowrap" justify="space-between" px={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500} truncate display="block">
              {d.name}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {stageName(d.processId, d.stageId)} · {userById.get(d.ownerId)?.name ?? '—'} · {t(`status.${d.status}`)}
            </Text>
          </div>
          {/* At least the column's width, never wrapped: "amount not set" is wider than an amount in English. */}
          <Money minor={d.amount} currency={d.currency} size="sm" fw={600} miw={90} ta="right" style={{ whiteSpace: 'nowrap', flexShrink: 0 }} />
          {action(d)}
        </Group>
      )}
    />
  )
}

export function CloseDateInput({ deal, timeZone }: { deal: Deal; timeZone: string }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const [day, setDay] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day)
  return (
    <Group gap={6} wrap="nowrap">
      <TextInput size="xs" type="date" w={150} value={day} onChange={(e) => setDay(e.currentTarget.value)} aria-label={t('noClose.input', { deal: deal.name })} />
      <Button
        size="xs"
        variant="light"
        disabled={!valid}
        loading={busy}
        onClick={() => {
          const [y, m, d] = day.split('-').map(Number) as [number, number, number]
          setBusy(true)
          setError(null)
          // Noon in the user's zone, as imported dates are: the day never slips.
          void setExpectedClose(deal.id, zonedToUtc(y, m, d, 12, 0, 0, timeZone))
            .catch((e: unknown) => setError(actionErrorText(t, 'close', e)))
            .finally(() => setBusy(false))
        }}
      >
        {t('noClose.set')}
      </Button>
      <ActionError message={error} />
    </Group>
  )
}

/** The amount of a deal imported without one, typed in the deal's currency (major units). */
export function AmountInput({ deal }: { deal: Deal }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const [value, setValue] = useState<number | string>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const valid = typeof value === 'number' && Number.isFinite(value) && value >= 0
  return (
    <Group gap={6} wrap="nowrap">
      <NumberInput
        size="xs"
        w={150}
        min={0}
        decimalScale={2}
        thousandSeparator=","
        value={value}
        onChange={setValue}
        aria-label={t('noAmount.input', { deal: deal.name, currency: deal.currency })}
      />
      <Button
        size="xs"
        variant="light"
        disabled={!valid}
        loading={busy}
        onClick={() => {
          setBusy(true)
          setError(null)
          void setDealAmount(deal.id, Math.round(Number(value) * 100))
            .catch((e: unknown) => setError(actionErrorText(t, 'amount', e)))
            .finally(() => setBusy(false))
        }}
      >
        {t('noAmount.set')}
      </Button>
      <ActionError message={error} />
    </Group>
  )
}

export function ProductVariantRow({ group }: { group: { canonical: string; variants: { value: string; count: number }[]; deals: number } }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Group gap="sm" wrap="nowrap" data-testid="product-variant">
      <Text size="sm">
        {group.variants.map((v) => (
          <Badge key={v.value} variant="light" color="gray" mr={4} style={{ textTransform: 'none' }}>
            {t('products.variant', { value: v.value, count: v.count })}
          </Badge>
        ))}
        → <b>{group.canonical}</b>
      </Text>
      <Button
        size="xs"
        variant="light"
        loading={busy}
        onClick={() => {
          setBusy(true)
          setError(null)
          void unifyProductName(group.canonical)
            .catch((e: unknown) => setError(actionErrorText(t, 'unify', e)))
            .finally(() => setBusy(false))
        }}
      >
        {t('products.unify', { count: group.deals, name: group.canonical })}
      </Button>
      <ActionError message={error} />
    </Group>
  )
}
