import { useMemo, useState } from 'react'
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { IconCash, IconCheck, IconEdit, IconFileInvoice, IconTrash, IconX } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { collectionSplit, contractStates, lineStatus, localDayReader, milestoneStatus, paidLateDays, type ContractState } from '@shared/domain/collections'
import { localDate } from '@shared/domain/calendar'
import type { Collection, Contract, Customer, Deal, Instalment, Invoice, Milestone, UsageReading } from '@shared/model'
import { getDb } from '../../db/database'
import { reachMilestone, removeCollection, updateContract } from '../../db/contracts'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { SectionCard } from '../../ui/SectionCard'
import { formatDate, formatMoney } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { Timeline } from '../timeline/Timeline'
import { CollectionForm, InvoiceForm } from './CollectionForm'
import { ContractForm } from './ContractForm'
import { UsageSection } from './UsageSection'
import { ExportMenu } from '../export/ExportMenu'
import { contractTables } from './contract-export'
import { dayText, lineName, lineStatusText, milestoneName, statusColor, usePostSaleErrorText } from './labels'
import { postSaleRefusal, type RowReader } from '@shared/domain/permissions'
import { refusalText } from '../../session/words'
import { useMe } from '../../session/use-me'

export interface ContractRows {
  contract: Contract
  customer?: Customer
  deal?: Deal
  renewal?: Deal
  instalments: Instalment[]
  milestones: Milestone[]
  collections: Collection[]
  invoices: Invoice[]
  usageReadings: UsageReading[]
}

/** One contract and everything hanging off it, read live. */
export function useContractRows(contractId: string | undefined): ContractRows | null | undefined {
  return useLiveQuery(async () => {
    if (!contractId) return null
    const db = getDb()
    const contract = await db.contracts.get(contractId)
    if (!contract || contract.deleted) return null
    const [instalments, milestones, collections, invoices, usageReadings, customer, deal, renewal] = await Promise.all([
      db.instalments.where('contractId').equals(contractId).toArray(),
      db.milestones.where('contractId').equals(contractId).toArray(),
      db.collections.where('contractId').equals(contractId).toArray(),
      db.invoices.where('contractId').equals(contractId).toArray(),
      db.usageReadings.where('contractId').equals(contractId).toArray(),
      db.customers.get(contract.customerId),
      contract.dealId ? db.deals.get(contract.dealId) : undefined,
      contract.renewalDealId ? db.deals.get(contract.renewalDealId) : undefined
    ])
    return { contract, customer, deal, renewal, instalments, milestones, collections, invoices, usageReadings }
  }, [contractId])
}

export function stateOf(rows: ContractRows, timeZone: string): ContractState {
  return contractStates({ contracts: [rows.contract], instalments: rows.instalments, milestones: rows.milestones, collections: rows.collections }, timeZone)[0]!
}

type Dialog = 'collection' | 'invoice' | 'plan' | null

/** The actions on a contract, each in a dialog; shared by the contract page and the deal's panel. */
/**
 * May the signed-in person change this contract? The same rule the write path and the hub apply
 * (a rep: only contracts of their own deals), asked before anything is offered (issue 15: nothing
 * is offered that will be refused). Undefined while it is being read.
 */
export function usePostSaleEditable(contract: ContractRows['contract'] | undefined): { editable: boolean; why?: string } | undefined {
  const { t } = useTranslation('collections')
  const me = useMe()
  const refusal = useLiveQuery(async () => {
    if (!me) return 'records.edit' as const
    if (!contract) return undefined
    const db = getDb()
    const read: RowReader = async (table, id) => (await db.table(table).get(id)) as Record<string, unknown> | undefined
    return (await postSaleRefusal(me.role, me.id, 'contracts', contract as unknown as Record<string, unknown>, read)) ?? null
  }, [me, contract])
  if (refusal === undefined) return undefined
  return refusal === null ? { editable: true } : { editable: false, why: refusalText(t, refusal, me?.role) }
}

export function ContractActions({ rows, state, compact = false }: { rows: ContractRows; state: ContractState; compact?: boolean }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { timeZone } = useLocale()
  const [dialog, setDialog] = useState<Dialog>(null)
  const dayOf = useMemo(() => localDayReader(timeZone), [timeZone])
  const size = compact ? 'compact-xs' : 'xs'
  const may = usePostSaleEditable(rows.contract)
  if (!may) return null
  if (!may.editable)
    return (
      <Text size="xs" c="dimmed" data-testid="contract-readonly">
        {may.why}
      </Text>
    )
  return (
    <>
      <Group gap={6}>
        <Button size={size} leftSection={<IconCash size={14} />} onClick={() => setDialog('collection')}>
          {t('contract.recordCollection')}
        </Button>
        <Button size={size} variant="light" leftSection={<IconFileInvoice size={14} />} onClick={() => setDialog('invoice')}>
          {t('contract.issueInvoice')}
        </Button>
        {!compact && (
          <Button size={size} variant="default" leftSection={<IconEdit size={14} />} onClick={() => setDialog('plan')}>
            {t('contract.editPlan')}
          </Button>
        )}
      </Group>
      <Modal opened={dialog === 'collection'} onClose={() => setDialog(null)} title={`${t('contract.recordCollection')} · ${rows.contract.number}`} size="lg">
        {dialog === 'collection' && <CollectionForm state={state} collections={rows.collections} dayOf={dayOf} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog === 'invoice'} onClose={() => setDialog(null)} title={`${t('contract.issueInvoice')} · ${rows.contract.number}`} size="lg">
        {dialog === 'invoice' && <InvoiceForm state={state} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog === 'plan'} onClose={() => setDialog(null)} title={t('contract.editPlan')} size="xl">
        {dialog === 'plan' && (
          <ContractForm contract={rows.contract} existing={{ milestones: rows.milestones, instalments: rows.instalments }} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />
        )}
      </Modal>
    </>
  )
}

/** Collected of the contract as a bar, with the over-payment named. */
export function CollectedBar({ state }: { state: ContractState }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale } = useLocale()
  const c = state.contract
  const pct = (state.collected / c.amount) * 100
  return (
    <div>
      <Progress value={pct} color={state.outstanding === 0 ? 'teal' : 'blue'} size="md" aria-label={t('contract.collected')} />
      <Text size="xs" c="dimmed" mt={2} data-testid="contract-progress">
        {t('contract.progress', { collected: formatMoney(state.collected, c.currency, locale), amount: formatMoney(c.amount, c.currency, locale) })}
        {state.overpaid > 0 ? ` · ${t('contract.overpaid')} ${formatMoney(state.overpaid, c.currency, locale)}` : ''}
      </Text>
    </div>
  )
}

export function PlanTable({ state, milestones, instalments, today }: { state: ContractState; milestones: readonly Milestone[]; instalments: readonly Instalment[]; today: number }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const c = state.contract
  const msById = new Map(milestones.map((m) => [m.id, m]))
  const insById = new Map(instalments.map((i) => [i.id, i]))
  return (
    <Table verticalSpacing={4} fz="sm" aria-label={t('contract.plan')} data-testid="plan-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('line.label')}</Table.Th>
          <Table.Th ta="right">{t('line.amount')}</Table.Th>
          <Table.Th>{t('line.due')}</Table.Th>
          <Table.Th ta="right">{t('line.collected')}</Table.Th>
          <Table.Th ta="right">{t('line.outstanding')}</Table.Th>
          <Table.Th>{t('line.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {state.lines.map((l) => {
          const status = lineStatus(l, today)
          const m = l.milestoneId ? msById.get(l.milestoneId) : undefined
          const late = paidLateDays(l)
          const due =
            l.dueDay !== null
              ? dayText(l.dueDay, locale, timeZone)
              : l.milestoneId
                ? `${t('line.afterMilestone', { milestone: milestoneName(m, t), days: insById.get(l.instalmentId ?? '')?.daysAfter ?? 0 })}${l.expectedDay !== null ? ` · ${t('line.expected', { date: dayText(l.expectedDay, locale, timeZone) })}` : ''}`
                : '—'
          return (
            <Table.Tr key={l.key} data-line={l.key}>
              <Table.Td>{lineName(l, t)}</Table.Td>
              <Table.Td ta="right" className="tabular">
                <Money minor={l.amount} currency={c.currency} size="sm" />
              </Table.Td>
              <Table.Td>{due}</Table.Td>
              <Table.Td ta="right" className="tabular">
                <Money minor={l.collected} currency={c.currency} size="sm" />
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                <Money minor={l.outstanding} currency={c.currency} size="sm" fw={l.outstanding > 0 && status === 'overdue' ? 700 : undefined} />
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor[status]} variant="light" tt="none" data-status={status}>
                  {lineStatusText(status, l, today, t, milestoneName(m, t))}
                </Badge>
                {late !== null && late > 0 && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    {t('line.paidLate', { count: late })}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}

function MilestonesTable({ milestones, today, editable }: { milestones: readonly Milestone[]; today: number; editable: boolean }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const errorText = usePostSaleErrorText()
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const now = useNow()
  const [date, setDate] = useState(() => localDate(Date.now(), timeZone))
  const live = milestones.filter((m) => !m.deleted).sort((a, b) => a.seq - b.seq)
  if (live.length === 0) return <Text size="sm" c="dimmed">{t('contract.noMilestones')}</Text>
  const run = (p: Promise<unknown>): void => {
    setError(null)
    p.then(() => setEditing(null)).catch((e: unknown) => setError(errorText(e)))
  }
  return (
    <>
      {error && (
        <Alert color="red" mb="xs">
          {error}
        </Alert>
      )}
      <Table verticalSpacing={4} fz="sm" aria-label={t('contract.milestones')}>
        <Table.Tbody>
          {live.map((m) => {
            const s = milestoneStatus(m, today)
            const color = s.state === 'late' ? 'red' : s.state === 'doneLate' ? 'orange' : s.state === 'done' ? 'teal' : 'blue'
            const label = s.state === 'late' || s.state === 'doneLate' ? t(`milestone.state.${s.state}`, { count: s.lateDays }) : t(`milestone.state.${s.state}`)
            return (
              <Table.Tr key={m.id} data-milestone={m.kind}>
                <Table.Td fw={500}>{milestoneName(m, t)}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {t('milestone.planned')} {formatDate(Date.parse(`${m.plannedDate}T12:00:00Z`), locale, 'UTC')}
                    {m.actualDate ? ` · ${t('milestone.actual')} ${formatDate(Date.parse(`${m.actualDate}T12:00:00Z`), locale, 'UTC')}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={color} variant="light" tt="none">
                    {label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" w={250}>
                  {!editable ? null : m.actualDate ? (
                    <Button size="compact-xs" variant="subtle" color="gray" onClick={() => run(reachMilestone(m.id, null))}>
                      {t('milestone.undo')}
                    </Button>
                  ) : editing === m.id ? (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <TextInput size="xs" type="date" w={140} aria-label={t('milestone.reachOn')} value={date} max={localDate(now, timeZone)} onChange={(e) => setDate(e.currentTarget.value)} />
                      <ActionIcon size="sm" aria-label={t('form.save')} onClick={() => run(reachMilestone(m.id, date))}>
                        <IconCheck size={14} />
                      </ActionIcon>
                      <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('form.cancel')} onClick={() => setEditing(null)}>
                        <IconX size={14} />
                      </ActionIcon>
                    </Group>
                  ) : (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="compact-xs" variant="light" onClick={() => run(reachMilestone(m.id, localDate(Date.now(), timeZone)))}>
                        {t('milestone.reach')}
                      </Button>
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(m.id)}>
                        {t('milestone.reachOn')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </>
  )
}

function CollectionsTable({ rows, state, editable }: { rows: ContractRows; state: ContractState; editable: boolean }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const errorText = usePostSaleErrorText()
  const [error, setError] = useState<string | null>(null)
  const list = rows.collections.filter((c) => !c.deleted).sort((a, b) => b.receivedAt - a.receivedAt)
  // Which instalments each payment went to, from the allocation.
  const paidTo = new Map<string, string[]>()
  for (const l of state.lines) for (const a of l.allocations) paidTo.set(a.collectionId, [...(paidTo.get(a.collectionId) ?? []), lineName(l, t)])
  if (list.length === 0) return <Text size="sm" c="dimmed">{t('contract.noCollections')}</Text>
  return (
    <>
      {error && <Alert color="red">{error}</Alert>}
      <Table verticalSpacing={4} fz="sm" aria-label={t('contract.collections')} data-testid="collections-table">
        <Table.Tbody>
          {list.map((c) => {
            const split = c.currency === state.contract.currency ? collectionSplit(state, c) : undefined
            return (
              <Table.Tr key={c.id}>
                <Table.Td w={120}>{formatDate(c.receivedAt, locale, timeZone)}</Table.Td>
                <Table.Td ta="right" className="tabular">
                  <Money minor={c.amount} currency={c.currency} size="sm" fw={600} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {t(`method.${c.method}`)} · {(paidTo.get(c.id) ?? []).join('、') || '—'}
                    {split && split.overpaid > 0 ? ` · ${t('timeline.overpaid', { amount: formatMoney(split.overpaid, c.currency, locale) })}` : ''}
                  </Text>
                  {c.note && (
                    <Text size="xs" c="dimmed">
                      {c.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {userById.get(c.recordedBy)?.name ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td w={40}>
                  {editable && (
                    <Tooltip label={t('form.remove')}>
                      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('form.remove')} onClick={() => removeCollection(c.id).catch((e: unknown) => setError(errorText(e)))}>
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </>
  )
}

function InvoicesTable({ rows }: { rows: ContractRows }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const list = rows.invoices.filter((i) => !i.deleted).sort((a, b) => b.issuedAt - a.issuedAt)
  if (list.length === 0) return <Text size="sm" c="dimmed">{t('contract.noInvoices')}</Text>
  return (
    <Table verticalSpacing={4} fz="sm" aria-label={t('contract.invoices')}>
      <Table.Tbody>
        {list.map((i) => (
          <Table.Tr key={i.id}>
            <Table.Td w={120}>{formatDate(i.issuedAt, locale, timeZone)}</Table.Td>
            <Table.Td>{i.number}</Table.Td>
            <Table.Td>{t(`invoiceKind.${i.kind}`)}</Table.Td>
            <Table.Td ta="right">
              <Money minor={i.amount} currency={i.currency} size="sm" />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** One contract: figures, plan with each instalment's state, milestones, money in, invoices, and the deal's timeline. */
export function ContractPage(): React.ReactNode {
  const { id } = useParams()
  const { t } = useTranslation('collections')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const now = useNow()
  const rows = useContractRows(id)
  const errorText = usePostSaleErrorText()
  const [error, setError] = useState<string | null>(null)
  const state = useMemo(() => (rows ? stateOf(rows, timeZone) : null), [rows, timeZone])
  const today = useMemo(() => localDayReader(timeZone)(now), [timeZone, now])
  const may = usePostSaleEditable(rows?.contract)
  if (rows === undefined) return <Text c="dimmed">{t('loading')}</Text>
  if (rows === null || !state) return <Text>{t('contract.notFound')}</Text>
  const c = rows.contract
  const terminated = c.status === 'terminated'
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={2}>{t('contract.title', { number: c.number })}</Title>
            <Badge color={terminated ? 'gray' : 'teal'}>{terminated ? t('contract.terminated') : t('contract.active')}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {rows.customer && (
              <Anchor component={Link} to={`/customers/${rows.customer.id}`} size="sm">
                {rows.customer.name}
              </Anchor>
            )}
            {rows.deal && (
              <>
                {' · '}
                <Anchor component={Link} to={`/deals/${rows.deal.id}`} size="sm">
                  {rows.deal.name}
                </Anchor>
              </>
            )}
            {c.name && c.name !== rows.deal?.name ? ` · ${c.name}` : ''}
            {rows.renewal && (
              <>
                {' · '}
                {t('contract.renewal')}{' '}
                <Anchor component={Link} to={`/deals/${rows.renewal.id}`} size="sm">
                  {rows.renewal.name}
                </Anchor>
              </>
            )}
          </Text>
        </div>
        <Group gap={6}>
          <ContractActions rows={rows} state={state} />
          <ExportMenu
            title={t('contract.title', { number: c.number })}
            tables={() =>
              contractTables(
                { state, milestones: rows.milestones, instalments: rows.instalments, collections: rows.collections, invoices: rows.invoices, today, locale, timeZone, userName: (u) => userById.get(u)?.name ?? '' },
                t
              )
            }
          />
          {may?.editable && (
            <Tooltip label={t('contract.terminateHint')} multiline maw={300}>
              <Button
                size="xs"
                variant="subtle"
                color={terminated ? 'teal' : 'red'}
                onClick={() => updateContract(c.id, { status: terminated ? 'active' : 'terminated' }).catch((e: unknown) => setError(errorText(e)))}
              >
                {terminated ? t('contract.reactivate') : t('contract.terminate')}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {state.foreignCollections.length > 0 && <Alert color="orange">{t('contract.foreign', { count: state.foreignCollections.length })}</Alert>}
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Fact label={t('contract.amount')}>
          <Money minor={c.amount} currency={c.currency} fw={700} size="lg" />
        </Fact>
        <Fact label={t('contract.collected')}>
          <Money minor={state.collected} currency={c.currency} fw={700} size="lg" c="teal.7" />
        </Fact>
        <Fact label={t('contract.outstanding')}>
          <Money minor={state.outstanding} currency={c.currency} fw={700} size="lg" data-testid="contract-outstanding" />
        </Fact>
        <Fact label={t('contract.signed')}>
          <Text fw={600}>{formatDate(c.signedAt, locale, timeZone)}</Text>
          {(c.startDate || c.endDate) && (
            <Text size="xs" c="dimmed">
              {t('contract.term')} {c.startDate ?? '…'} – {c.endDate ?? '…'}
            </Text>
          )}
        </Fact>
        <Fact label={t('contract.collector')}>
          <Anchor component={Link} to={`/reps/${c.collectorId}`} fw={600}>
            {userById.get(c.collectorId)?.name ?? '—'}
          </Anchor>
        </Fact>
      </SimpleGrid>
      <CollectedBar state={state} />
      {c.terms && (
        <Text size="sm">
          <Text span c="dimmed" size="sm">
            {t('contract.terms')}：
          </Text>
          {c.terms}
        </Text>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 7 }}>
          <Stack gap="md">
            <SectionCard title={t('contract.plan')} note={state.problems.some((p) => p.code === 'plan.none') ? t('contract.noPlan') : undefined}>
              <PlanTable state={state} milestones={rows.milestones} instalments={rows.instalments} today={today} />
            </SectionCard>
            <SectionCard title={t('contract.milestones')}>
              <MilestonesTable milestones={rows.milestones} today={today} editable={may?.editable ?? false} />
            </SectionCard>
            <SectionCard title={t('contract.collections')}>
              <CollectionsTable rows={rows} state={state} editable={may?.editable ?? false} />
            </SectionCard>
            <SectionCard title={t('contract.invoices')}>
              <InvoicesTable rows={rows} />
            </SectionCard>
            <UsageSection contract={c} readings={rows.usageReadings} editable={may?.editable ?? false} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 5 }}>
          <Timeline dealId={c.dealId} customerId={c.customerId} height="calc(100vh - 160px)" />
        </Grid.Col>
      </Grid>
    </Stack>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }): React.ReactNode {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </Card>
  )
}

