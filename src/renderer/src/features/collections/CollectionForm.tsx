import { useMemo, useState } from 'react'
import { Alert, Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { allocateCollections, collectionSplit, type ContractState } from '@shared/domain/collections'
import { localDate } from '@shared/domain/calendar'
import { CollectionMethod, InvoiceKind, type Collection } from '@shared/model'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { issueInvoice, recordCollection } from '../../db/contracts'
import { lineName, usePostSaleErrorText } from './labels'
import { msOfDateInput } from './dates'
import { useNow } from '../../ui/use-now'

/**
 * Record money received (回款) against a contract. Defaults to what the oldest open instalment
 * still misses; says before saving what the payment leaves open, or what would be over-paid.
 */
export function CollectionForm({
  state,
  collections,
  dayOf,
  onDone,
  onCancel
}: {
  state: ContractState
  /** The contract's collections so far, to preview what this one does. */
  collections: readonly Collection[]
  dayOf(ms: number): number
  onDone(): void
  onCancel(): void
}): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const errorText = usePostSaleErrorText()
  const c = state.contract
  const open = state.lines.filter((l) => l.outstanding > 0)
  const now = useNow()
  const today = localDate(now, timeZone)
  const [amount, setAmount] = useState<number | ''>(open[0] ? open[0].outstanding / 100 : '')
  const [date, setDate] = useState(today)
  const [method, setMethod] = useState<CollectionMethod>('bank_transfer')
  const [instalmentId, setInstalmentId] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const minor = amount === '' ? 0 : Math.round(amount * 100)

  // What this payment would do, by the same allocation the views use.
  const preview = useMemo(() => {
    if (minor <= 0) return null
    const at = msOfDateInput(date, timeZone, now)
    if (!Number.isFinite(at)) return null
    const probe: Collection = { id: '~preview', contractId: c.id, amount: minor, currency: c.currency, receivedAt: at, method, recordedBy: '', recordedAt: at, ...(instalmentId ? { instalmentId } : {}) }
    const after = allocateCollections(c, { lines: state.lines, problems: [] }, [...collections, probe], dayOf)
    const touched = after.lines.filter((l) => l.allocations.some((a) => a.collectionId === probe.id))
    return { over: collectionSplit(after, probe).overpaid, last: touched[touched.length - 1] }
  }, [minor, date, timeZone, c, method, instalmentId, state.lines, collections, dayOf, now])

  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const now = Date.now()
    try {
      await recordCollection(
        { contractId: c.id, amount: minor, receivedAt: msOfDateInput(date, timeZone, now), method, ...(instalmentId ? { instalmentId } : {}), note },
        { now }
      )
      onDone()
    } catch (e) {
      setError(errorText(e, c.currency))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="sm" data-testid="collection-form">
      <SimpleGrid cols={2}>
        <NumberInput label={`${t('form.collectionAmount')} (${c.currency})`} value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} thousandSeparator="," required data-autofocus />
        <TextInput type="date" label={t('form.received')} value={date} max={today} onChange={(e) => setDate(e.currentTarget.value)} required />
        <NativeSelect label={t('form.method')} value={method} data={CollectionMethod.options.map((m) => ({ value: m, label: t(`method.${m}`) }))} onChange={(e) => setMethod(e.currentTarget.value as CollectionMethod)} />
        <NativeSelect
          label={t('form.forInstalment')}
          value={instalmentId}
          data={[
            { value: '', label: t('form.anyInstalment') },
            ...open.filter((l) => l.instalmentId).map((l) => ({ value: l.instalmentId!, label: `${lineName(l, t)} · ${t('form.openAmount', { amount: formatMoney(l.outstanding, c.currency, locale) })}` }))
          ]}
          onChange={(e) => setInstalmentId(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea label={t('form.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={3} />
      {preview && (
        <Text size="sm" c={preview.over > 0 ? 'orange.7' : 'dimmed'} data-testid="collection-preview">
          {preview.over > 0
            ? t('form.willOverpay', { amount: formatMoney(preview.over, c.currency, locale) })
            : preview.last && preview.last.outstanding > 0
              ? t('form.willLeave', { amount: formatMoney(preview.last.outstanding, c.currency, locale), label: lineName(preview.last, t) })
              : preview.last
                ? t('timeline.settles', { label: lineName(preview.last, t) })
                : ''}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('form.cancel')}
        </Button>
        <Button loading={busy} disabled={minor <= 0 || !date} onClick={() => void save()}>
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}

/** Record an invoice issued against the contract (开票). */
export function InvoiceForm({ state, onDone, onCancel }: { state: ContractState; onDone(): void; onCancel(): void }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const errorText = usePostSaleErrorText()
  const c = state.contract
  const today = localDate(useNow(), timeZone)
  const next = state.lines.find((l) => l.outstanding > 0 && l.instalmentId)
  const [number, setNumber] = useState('')
  const [amount, setAmount] = useState<number | ''>(next ? next.outstanding / 100 : '')
  const [date, setDate] = useState(today)
  const [kind, setKind] = useState<InvoiceKind>('vat_special')
  const [instalmentId, setInstalmentId] = useState(next?.instalmentId ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const minor = amount === '' ? 0 : Math.round(amount * 100)
  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const now = Date.now()
    try {
      await issueInvoice(
        { contractId: c.id, number, amount: minor, issuedAt: msOfDateInput(date, timeZone, now), kind, ...(instalmentId ? { instalmentId } : {}) },
        { now }
      )
      onDone()
    } catch (e) {
      setError(errorText(e, c.currency))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2}>
        <TextInput label={t('form.invoiceNumber')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} required data-autofocus />
        <NumberInput label={`${t('line.amount')} (${c.currency})`} value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} thousandSeparator="," required />
        <TextInput type="date" label={t('form.issued')} value={date} max={today} onChange={(e) => setDate(e.currentTarget.value)} />
        <NativeSelect label={t('form.invoiceKind')} value={kind} data={InvoiceKind.options.map((k) => ({ value: k, label: t(`invoiceKind.${k}`) }))} onChange={(e) => setKind(e.currentTarget.value as InvoiceKind)} />
        <NativeSelect
          label={t('form.forInstalment')}
          value={instalmentId}
          data={[{ value: '', label: '—' }, ...state.lines.filter((l) => l.instalmentId).map((l) => ({ value: l.instalmentId!, label: `${lineName(l, t)} · ${formatMoney(l.amount, c.currency, locale)}` }))]}
          onChange={(e) => setInstalmentId(e.currentTarget.value)}
        />
      </SimpleGrid>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('form.cancel')}
        </Button>
        <Button loading={busy} disabled={minor <= 0 || !number.trim()} onClick={() => void save()}>
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}
