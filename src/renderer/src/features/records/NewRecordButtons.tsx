import { useState } from 'react'
import { Alert, Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { CustomerSize } from '@shared/model'
import { getDb } from '../../db/database'
import { useWarmQuery } from '../../db/warm'
import { createCustomer, createDeal } from '../../db/records'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useMe } from '../../session/use-me'

/**
 * "New customer" and "new deal" by hand (issue 15): a team starting on an empty hub has no
 * export, and a rep back from a visit has one customer to add. Shown only to someone the write
 * path (and the hub) will let write them; errors are said in words and the form keeps its values.
 */

function useErrorText(): (e: unknown) => string {
  const { t } = useTranslation('records')
  return (e) => {
    const code = (e as { code?: unknown })?.code
    const params = (e as { params?: Record<string, string> })?.params ?? {}
    if (typeof code === 'string' && code.startsWith('records.')) return t(`errors.${code.slice('records.'.length)}`, params)
    return t('errors.unknown', { message: e instanceof Error ? e.message : String(e) })
  }
}

/** Reps the scope covers, the signed-in person first when they own records themselves. */
function useOwners(): { value: string; label: string }[] {
  const { users } = useWorkspaceData()
  const { contains } = useScope()
  const me = useMe()
  const reps = users.filter(
    (u) => u.active && (u.role === 'rep' || u.id === me?.id) && contains({ orgUnitId: u.orgUnitId, ownerId: u.id })
  )
  return reps
    .sort((a, b) => (a.id === me?.id ? -1 : b.id === me?.id ? 1 : a.name.localeCompare(b.name)))
    .map((u) => ({ value: u.id, label: u.name }))
}

export function NewCustomerButton(): React.ReactNode {
  const { t } = useTranslation('records')
  const me = useMe()
  const { userById } = useWorkspaceData()
  const owners = useOwners()
  const navigate = useNavigate()
  const errorText = useErrorText()
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [industry, setIndustry] = useState('')
  const [city, setCity] = useState('')
  const [size, setSize] = useState<CustomerSize>('medium')
  // undefined: not chosen yet; '' : the team pool.
  const [ownerId, setOwnerId] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!me?.mayWrite('customers')) return null
  // A rep's new customer is theirs; a manager's goes to the team pool unless they name a rep.
  const owner = ownerId === undefined ? (me.role === 'rep' ? me.id : null) : ownerId || null

  async function save(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const team = (owner ? userById.get(owner)?.orgUnitId : undefined) ?? me!.orgUnitId
      const c = await createCustomer({ name, industry, city, size, ownerId: owner, orgUnitId: team })
      setOpen(false)
      setName('')
      navigate(`/customers/${c.id}`)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setOpen(true)}>
        {t('customer.new')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('customer.title')}>
        <Stack gap="sm">
          <TextInput
            label={t('customer.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            data-autofocus
          />
          <Group grow>
            <TextInput
              label={t('customer.industry')}
              value={industry}
              onChange={(e) => setIndustry(e.currentTarget.value)}
              maxLength={60}
            />
            <TextInput label={t('customer.city')} value={city} onChange={(e) => setCity(e.currentTarget.value)} maxLength={60} />
          </Group>
          <Group grow>
            <Select
              label={t('customer.size')}
              value={size}
              allowDeselect={false}
              onChange={(v) => v && setSize(v as CustomerSize)}
              data={CustomerSize.options.map((s) => ({ value: s, label: t(`common:customers.sizes.${s}`) }))}
            />
            <Select
              label={t('customer.owner')}
              value={owner ?? ''}
              allowDeselect={false}
              onChange={(v) => setOwnerId(v ?? '')}
              data={[...owners, { value: '', label: t('customer.pool') }]}
              data-testid="new-customer-owner"
            />
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('cancel')}
            </Button>
            <Button onClick={() => void save()} loading={busy} disabled={!name.trim()}>
              {t('customer.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}

export function NewDealButton(): React.ReactNode {
  const { t } = useTranslation('records')
  const me = useMe()
  const { processes } = useWorkspaceData()
  const owners = useOwners()
  const navigate = useNavigate()
  const errorText = useErrorText()
  const customers = useWarmQuery('customers', () => getDb().customers.toArray())
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [processId, setProcessId] = useState<string | null>(null)
  const [ownerId, setOwnerId] = useState<string | null>(null)
  const [amount, setAmount] = useState<number | string>('')
  const [close, setClose] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!me?.mayWrite('deals') || processes.length === 0) return null
  const process = processes.find((p) => p.id === processId) ?? processes[0]!
  // The deal belongs, unless chosen otherwise, to the rep who owns the customer; a rep's to themselves.
  // A manager is never made the owner by default: their board would hide the deal from the rep.
  const customerOwner = customers?.find((c) => c.id === customerId)?.ownerId
  const owner =
    ownerId ?? (customerOwner && owners.some((o) => o.value === customerOwner) ? customerOwner : me.role === 'rep' ? me.id : null)

  async function save(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      if (!customerId) throw Object.assign(new Error('customer'), { code: 'records.customer-unknown' })
      if (!owner) throw Object.assign(new Error('owner'), { code: 'records.owner-unknown' })
      const d = await createDeal({
        name,
        customerId,
        ownerId: owner,
        processId: process.id,
        // Minor units (分, cents), as every amount is stored.
        amount: Math.round((Number(amount) || 0) * 100),
        ...(close ? { expectedCloseAt: new Date(`${close}T12:00:00`).getTime() } : {}),
        byUserId: me!.id
      })
      setOpen(false)
      setName('')
      navigate(`/deals/${d.id}`)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setOpen(true)}>
        {t('deal.new')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('deal.title')}>
        <Stack gap="sm">
          <TextInput
            label={t('deal.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            data-autofocus
          />
          <Select
            label={t('deal.customer')}
            searchable
            required
            value={customerId}
            onChange={setCustomerId}
            nothingFoundMessage={t('deal.noCustomer')}
            limit={50}
            data={(customers ?? []).filter((c) => !c.deleted).map((c) => ({ value: c.id, label: c.name }))}
          />
          <Group grow>
            <Select
              label={t('deal.process')}
              value={process.id}
              allowDeselect={false}
              onChange={setProcessId}
              data={processes.map((p) => ({ value: p.id, label: p.name }))}
            />
            <Select
              label={t('deal.owner')}
              value={owner}
              allowDeselect={false}
              onChange={setOwnerId}
              data={owners}
              required
              placeholder={t('deal.ownerPick')}
              data-testid="new-deal-owner"
            />
          </Group>
          <Group grow>
            <NumberInput
              label={t('deal.amount', { currency: process.currency })}
              value={amount}
              onChange={setAmount}
              min={0}
              thousandSeparator=","
              decimalScale={2}
            />
            <TextInput
              type="date"
              label={t('deal.close')}
              value={close ?? ''}
              onChange={(e) => setClose(e.currentTarget.value || null)}
            />
          </Group>
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('cancel')}
            </Button>
            <Button onClick={() => void save()} loading={busy} disabled={!name.trim() || !customerId}>
              {t('deal.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
