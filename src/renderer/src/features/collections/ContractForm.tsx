import { useMemo, useState } from 'react'
import { ActionIcon, Alert, Button, Divider, Group, NativeSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { dayOfDate, resolveSchedule, dateOfDay } from '@shared/domain/collections'
import { localDate } from '@shared/domain/calendar'
import type { Contract, Deal, Instalment, Milestone, MilestoneKind } from '@shared/model'
import { newId } from '@shared/ids'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { createContract, savePlan, updateContract, type InstalmentDraft, type MilestoneDraft, type PlanDraft } from '../../db/contracts'
import { usePostSaleErrorText } from './labels'
import { msOfDateInput } from './dates'
import { useNow } from '../../ui/use-now'

const MILESTONE_KINDS: MilestoneKind[] = ['kickoff', 'delivery', 'acceptance', 'go_live', 'other']
const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP']

interface MilestoneRow {
  key: string
  id?: string
  kind: MilestoneKind
  plannedDate: string
  actualDate: string
}

interface InstalmentRow {
  key: string
  id?: string
  label: string
  by: 'percent' | 'amount'
  /** Percent (0–100, two decimals) or major units. */
  value: number | ''
  due: 'date' | 'milestone'
  dueDate: string
  milestoneKey: string | null
  daysAfter: number
}

const addDays = (date: string, days: number): string => {
  const d = dayOfDate(date)
  return Number.isNaN(d) ? date : dateOfDay(d + days)
}

/** The usual Chinese B2B plans: one payment, 30/70 with acceptance, 30/60/10 with retention (质保金). */
function preset(kind: 'full' | 'twoStep' | 'threeStep', signed: string, L: (k: string) => string): { milestones: MilestoneRow[]; instalments: InstalmentRow[] } {
  const ms = (k: MilestoneKind, days: number): MilestoneRow => ({ key: newId(), kind: k, plannedDate: addDays(signed, days), actualDate: '' })
  const line = (label: string, pct: number, due: { date: string } | { milestone: MilestoneRow; days: number }): InstalmentRow => ({
    key: newId(),
    label,
    by: 'percent',
    value: pct,
    due: 'date' in due ? 'date' : 'milestone',
    dueDate: 'date' in due ? due.date : '',
    milestoneKey: 'milestone' in due ? due.milestone.key : null,
    daysAfter: 'milestone' in due ? due.days : 0
  })
  if (kind === 'full') {
    const delivery = ms('delivery', 30)
    return { milestones: [delivery], instalments: [line(L('full'), 100, { date: addDays(signed, 15) })] }
  }
  const kickoff = ms('kickoff', 7)
  const delivery = ms('delivery', 45)
  const acceptance = ms('acceptance', 60)
  if (kind === 'twoStep')
    return {
      milestones: [kickoff, delivery, acceptance],
      instalments: [line(L('first'), 30, { date: addDays(signed, 15) }), line(L('acceptance'), 70, { milestone: acceptance, days: 30 })]
    }
  return {
    milestones: [kickoff, delivery, acceptance, ms('go_live', 75)],
    instalments: [
      line(L('first'), 30, { date: addDays(signed, 15) }),
      line(L('acceptance'), 60, { milestone: acceptance, days: 30 }),
      line(L('retention'), 10, { date: addDays(signed, 60 + 365) })
    ]
  }
}

const PRESET_LABELS: Record<string, [string, string]> = {
  full: ['全款', 'Full payment'],
  first: ['首付款', 'Down payment'],
  acceptance: ['验收款', 'Acceptance payment'],
  retention: ['质保金', 'Retention']
}

function toDrafts(milestones: MilestoneRow[], instalments: InstalmentRow[]): PlanDraft {
  return {
    milestones: milestones.map(
      (m): MilestoneDraft => ({ key: m.key, ...(m.id ? { id: m.id } : {}), kind: m.kind, plannedDate: m.plannedDate, ...(m.actualDate ? { actualDate: m.actualDate } : {}) })
    ),
    instalments: instalments.map((r): InstalmentDraft => {
      const d: InstalmentDraft = {}
      if (r.id) d.id = r.id
      if (r.label.trim()) d.label = r.label
      if (r.value !== '') {
        if (r.by === 'percent') d.percentBp = Math.round(r.value * 100)
        else d.amount = Math.round(r.value * 100)
      }
      if (r.due === 'date') d.dueDate = r.dueDate
      else if (r.milestoneKey) {
        d.milestoneKey = r.milestoneKey
        d.daysAfter = r.daysAfter
      }
      return d
    })
  }
}

/**
 * The contract form: the contract itself (number, amount, signing date, term, payment terms,
 * who owns collection), its delivery milestones and its payment plan. Creates a contract from
 * a won deal, or edits an existing contract and its plan (ids kept, so collections stay put).
 */
export function ContractForm({
  deal,
  contract,
  existing,
  onDone,
  onCancel
}: {
  deal?: Deal
  contract?: Contract
  existing?: { milestones: Milestone[]; instalments: Instalment[] }
  onDone(contractId: string): void
  onCancel(): void
}): React.ReactNode {
  const { t, i18n } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const { users } = useWorkspaceData()
  const errorText = usePostSaleErrorText()
  const L = i18n.language === 'zh-CN' ? 0 : 1
  const today = localDate(useNow(), timeZone)
  const [number, setNumber] = useState(() => contract?.number ?? `HT-${today.slice(0, 4)}-${(deal?.id ?? newId()).replace(/-/g, '').slice(-4).toUpperCase()}`)
  const [name, setName] = useState(contract?.name ?? deal?.name ?? '')
  const [amount, setAmount] = useState<number | ''>((contract?.amount ?? deal?.amount ?? 0) / 100 || '')
  const [currency, setCurrency] = useState(contract?.currency ?? deal?.currency ?? 'CNY')
  const [signed, setSigned] = useState(() => localDate(contract?.signedAt ?? deal?.closedAt ?? Date.now(), timeZone))
  const [start, setStart] = useState(contract?.startDate ?? '')
  const [end, setEnd] = useState(contract?.endDate ?? '')
  const [terms, setTerms] = useState(contract?.terms ?? '')
  const [collector, setCollector] = useState<string | null>(contract?.collectorId ?? deal?.ownerId ?? null)
  const [milestones, setMilestones] = useState<MilestoneRow[]>(() =>
    (existing?.milestones ?? [])
      .filter((m) => !m.deleted)
      .sort((a, b) => a.seq - b.seq)
      .map((m) => ({ key: m.id, id: m.id, kind: m.kind, plannedDate: m.plannedDate, actualDate: m.actualDate ?? '' }))
  )
  const [instalments, setInstalments] = useState<InstalmentRow[]>(() =>
    (existing?.instalments ?? [])
      .filter((i) => !i.deleted)
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        key: i.id,
        id: i.id,
        label: i.label ?? '',
        by: i.amount !== undefined ? 'amount' : 'percent',
        value: i.amount !== undefined ? i.amount / 100 : i.percentBp !== undefined ? i.percentBp / 100 : '',
        due: i.milestoneId ? 'milestone' : 'date',
        dueDate: i.dueDate ?? '',
        milestoneKey: i.milestoneId ?? null,
        daysAfter: i.daysAfter ?? 0
      }))
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const minor = amount === '' ? 0 : Math.round(amount * 100)

  // The plan as the rules will read it: its total against the contract, before saving.
  const summary = useMemo(() => {
    const draft = toDrafts(milestones, instalments)
    const rows = draft.instalments.map((d, i) => ({
      id: `d${i}`,
      contractId: 'draft',
      seq: i + 1,
      ...(d.amount !== undefined ? { amount: d.amount } : {}),
      ...(d.percentBp !== undefined ? { percentBp: d.percentBp } : {}),
      ...(d.dueDate ? { dueDate: d.dueDate } : {}),
      ...(d.milestoneKey ? { milestoneId: d.milestoneKey, daysAfter: d.daysAfter } : {})
    }))
    const ms = new Map(milestones.map((m) => [m.key, { plannedDate: m.plannedDate || '1970-01-01', ...(m.actualDate ? { actualDate: m.actualDate } : {}) }]))
    const planned = rows.reduce((s, r) => s + (r.amount ?? (r.percentBp !== undefined ? Math.round((minor * r.percentBp) / 10_000) : 0)), 0)
    const schedule = minor > 0 ? resolveSchedule({ id: 'draft', amount: minor }, rows, ms) : null
    return { planned: Math.min(planned, minor), schedule }
  }, [milestones, instalments, minor])
  const short = summary.schedule?.problems.find((p) => p.code === 'plan.short')
  const over = summary.schedule?.problems.find((p) => p.code === 'plan.exceeds-contract')

  const save = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const now = Date.now()
    try {
      const plan = toDrafts(milestones, instalments)
      const signedAt = msOfDateInput(signed, timeZone, now)
      if (contract) {
        await updateContract(contract.id, {
          number,
          name,
          amount: minor,
          signedAt,
          startDate: start || undefined,
          endDate: end || undefined,
          terms,
          ...(collector ? { collectorId: collector } : {})
        })
        await savePlan(contract.id, plan)
        onDone(contract.id)
      } else {
        const c = await createContract(
          {
            ...(deal ? { dealId: deal.id } : {}),
            number,
            name,
            amount: minor,
            currency,
            signedAt,
            ...(start ? { startDate: start } : {}),
            ...(end ? { endDate: end } : {}),
            terms,
            collectorId: collector ?? ''
          },
          plan,
          { now }
        )
        onDone(c.id)
      }
    } catch (e) {
      setError(errorText(e, currency))
    } finally {
      setBusy(false)
    }
  }

  const setRow = (key: string, patch: Partial<InstalmentRow>): void => setInstalments((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const setMs = (key: string, patch: Partial<MilestoneRow>): void => setMilestones((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const msOptions = milestones.map((m, i) => ({ value: m.key, label: `${i + 1}. ${t(`milestone.kind.${m.kind}`)}` }))

  return (
    <Stack gap="sm" data-testid="contract-form">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label={t('form.number')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} required />
        <TextInput label={t('form.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label={t('form.collector')}
          data={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
          value={collector}
          onChange={setCollector}
          searchable
          required
        />
        <NumberInput label={t('form.amount')} value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} thousandSeparator="," required />
        <NativeSelect label={t('form.currency')} value={currency} data={CURRENCIES} onChange={(e) => setCurrency(e.currentTarget.value)} disabled={!!contract} />
        <TextInput type="date" label={t('form.signed')} value={signed} onChange={(e) => setSigned(e.currentTarget.value)} max={today} required />
        <TextInput type="date" label={t('form.start')} value={start} onChange={(e) => setStart(e.currentTarget.value)} />
        <TextInput type="date" label={t('form.end')} value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
      </SimpleGrid>
      <Textarea label={t('form.terms')} value={terms} onChange={(e) => setTerms(e.currentTarget.value)} autosize minRows={1} maxRows={4} />

      <Divider />
      <Group justify="space-between">
        <Text fw={600}>{t('form.plan')}</Text>
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            {t('form.preset')}
          </Text>
          {(['full', 'twoStep', 'threeStep'] as const).map((k) => (
            <Button
              key={k}
              size="compact-xs"
              variant="light"
              onClick={() => {
                const p = preset(k, signed || today, (x) => PRESET_LABELS[x]![L])
                setMilestones(p.milestones)
                setInstalments(p.instalments)
              }}
            >
              {t(`form.presets.${k}`)}
            </Button>
          ))}
        </Group>
      </Group>
      <Stack gap={6} data-testid="plan-rows">
        {instalments.map((r, i) => (
          <Group key={r.key} gap={6} wrap="nowrap" align="flex-end" data-testid="plan-row">
            <Text size="sm" w={20} c="dimmed">
              {i + 1}
            </Text>
            <TextInput size="xs" w={120} aria-label={t('form.label')} placeholder={t('line.default', { n: i + 1 })} value={r.label} onChange={(e) => setRow(r.key, { label: e.currentTarget.value })} />
            <SegmentedControl
              size="xs"
              value={r.by}
              onChange={(v) => setRow(r.key, { by: v as InstalmentRow['by'], value: '' })}
              data={[
                { value: 'percent', label: t('form.byPercent') },
                { value: 'amount', label: t('form.byAmount') }
              ]}
            />
            <NumberInput
              size="xs"
              w={110}
              aria-label={r.by === 'percent' ? t('form.byPercent') : t('form.byAmount')}
              value={r.value}
              onChange={(v) => setRow(r.key, { value: typeof v === 'number' ? v : '' })}
              min={0}
              max={r.by === 'percent' ? 100 : undefined}
              decimalScale={2}
              suffix={r.by === 'percent' ? ' %' : undefined}
            />
            <SegmentedControl
              size="xs"
              value={r.due}
              onChange={(v) => setRow(r.key, { due: v as InstalmentRow['due'], milestoneKey: v === 'milestone' ? (r.milestoneKey ?? msOptions.find((m) => milestones.find((x) => x.key === m.value)?.kind === 'acceptance')?.value ?? msOptions[0]?.value ?? null) : r.milestoneKey })}
              data={[
                { value: 'date', label: t('form.onDate') },
                { value: 'milestone', label: t('form.afterMilestone'), disabled: milestones.length === 0 }
              ]}
            />
            {r.due === 'date' ? (
              <TextInput size="xs" type="date" w={150} aria-label={t('line.due')} value={r.dueDate} onChange={(e) => setRow(r.key, { dueDate: e.currentTarget.value })} />
            ) : (
              <>
                <NativeSelect size="xs" w={130} aria-label={t('form.afterMilestone')} data={msOptions} value={r.milestoneKey ?? ''} onChange={(e) => setRow(r.key, { milestoneKey: e.currentTarget.value })} />
                <NumberInput size="xs" w={80} aria-label={t('form.daysAfter')} value={r.daysAfter} min={0} max={730} onChange={(v) => setRow(r.key, { daysAfter: typeof v === 'number' ? v : 0 })} suffix={locale === 'zh-CN' ? ' 天' : ' d'} />
              </>
            )}
            <ActionIcon variant="subtle" color="gray" aria-label={t('form.remove')} onClick={() => setInstalments((rows) => rows.filter((x) => x.key !== r.key))}>
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPlus size={12} />}
            onClick={() => setInstalments((rows) => [...rows, { key: newId(), label: '', by: 'percent', value: '', due: 'date', dueDate: '', milestoneKey: null, daysAfter: 30 }])}
          >
            {t('form.addInstalment')}
          </Button>
          <Text size="xs" c={over ? 'red.7' : short ? 'orange.7' : 'dimmed'} data-testid="plan-total">
            {t('form.planTotal', { planned: formatMoney(summary.planned, currency, locale), amount: formatMoney(minor, currency, locale) })}
            {short && 'remainder' in short ? ` ${t('form.planShort', { amount: formatMoney(short.remainder, currency, locale) })}` : ''}
            {over && 'excess' in over ? ` ${t('form.planOver', { amount: formatMoney(over.excess, currency, locale) })}` : ''}
          </Text>
        </Group>
      </Stack>

      <Divider />
      <Text fw={600}>{t('form.milestones')}</Text>
      <Stack gap={6}>
        {milestones.map((m, i) => (
          <Group key={m.key} gap={6} wrap="nowrap" align="flex-end">
            <Text size="sm" w={20} c="dimmed">
              {i + 1}
            </Text>
            <NativeSelect size="xs" w={130} aria-label={t('form.milestones')} data={MILESTONE_KINDS.map((k) => ({ value: k, label: t(`milestone.kind.${k}`) }))} value={m.kind} onChange={(e) => setMs(m.key, { kind: e.currentTarget.value as MilestoneKind })} />
            <TextInput size="xs" type="date" w={150} label={i === 0 ? t('milestone.planned') : undefined} aria-label={t('milestone.planned')} value={m.plannedDate} onChange={(e) => setMs(m.key, { plannedDate: e.currentTarget.value })} />
            <TextInput size="xs" type="date" w={150} label={i === 0 ? t('milestone.actual') : undefined} aria-label={t('milestone.actual')} value={m.actualDate} max={today} onChange={(e) => setMs(m.key, { actualDate: e.currentTarget.value })} />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('form.remove')}
              onClick={() => {
                setMilestones((rows) => rows.filter((x) => x.key !== m.key))
                setInstalments((rows) => rows.map((r) => (r.milestoneKey === m.key ? { ...r, due: 'date', milestoneKey: null } : r)))
              }}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          leftSection={<IconPlus size={12} />}
          onClick={() => setMilestones((rows) => [...rows, { key: newId(), kind: rows.length === 0 ? 'delivery' : 'acceptance', plannedDate: addDays(signed || today, 30 * (rows.length + 1)), actualDate: '' }])}
        >
          {t('form.addMilestone')}
        </Button>
      </Stack>

      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('form.cancel')}
        </Button>
        <Button loading={busy} disabled={!number.trim() || minor <= 0 || !collector || !!over} onClick={() => void save()}>
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  )
}
