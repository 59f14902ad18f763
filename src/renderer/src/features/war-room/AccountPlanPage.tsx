import { useCallback, useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Anchor, Button, Card, Checkbox, Group, Loader, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type * as Y from 'yjs'
import {
  accountPlanSheetId,
  addPlanRow,
  deletePlanRow,
  initAccountPlan,
  isNewerPlan,
  nextPlanYear,
  readAccountPlan,
  readPlanField,
  revenueTotals,
  setPlanText,
  updatePlanRow,
  type AccountPlanContent
} from '@shared/domain/strategy-sheet-account-plan'
import { getDb } from '../../db/database'
import { bindSheet, broadcastTransport, loadSheetDoc } from '../../db/strategy-sheets'
import { bridgeSheetLink, hubTransport, type SheetTransport } from '../../db/strategy-sheets-live'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { fromDateInput, toDateInput } from './SheetSections'
import { LiveText } from './LiveText'
import { SheetLiveContext, type SheetLive } from './use-strategy-sheet'
import './war-room.css'

type PlanState =
  | { status: 'loading' }
  | { status: 'error' }
  | {
      status: 'ready'
      doc: Y.Doc
      plan: AccountPlanContent
      damaged: number
      /** Written by a newer version of the app: shown read-only so we don't damage it. */
      readOnly: boolean
    }

/** The customer's plan document, stored and shared live like a strategy sheet. */
function useAccountPlan(customerId: string): { state: PlanState; edit: (fn: (doc: Y.Doc) => void) => void } {
  const [state, setState] = useState<PlanState>({ status: 'loading' })
  useEffect(() => {
    let cancelled = false
    let cleanup = (): void => {}
    const sheetId = accountPlanSheetId(customerId)
    loadSheetDoc(sheetId)
      .then(({ doc, damaged }) => {
        if (cancelled) return doc.destroy()
        // Other windows, and other laptops through the team hub when one is connected.
        const transports: SheetTransport[] = [broadcastTransport(sheetId)]
        const link = bridgeSheetLink()
        if (link) transports.push(hubTransport(sheetId, link))
        const detach = bindSheet(doc, sheetId, transports)
        const readOnly = isNewerPlan(doc)
        // After binding, so the migration of a v1 plan is stored and shared like any edit.
        if (!readOnly) initAccountPlan(doc)
        const refresh = (): void => setState({ status: 'ready', doc, plan: readAccountPlan(doc), damaged, readOnly })
        doc.on('update', refresh)
        refresh()
        cleanup = () => {
          doc.off('update', refresh)
          detach()
          for (const t of transports) t.close()
          doc.destroy()
        }
      })
      .catch(() => !cancelled && setState({ status: 'error' }))
    return () => {
      cancelled = true
      cleanup()
    }
  }, [customerId])
  const doc = state.status === 'ready' && !state.readOnly ? state.doc : null
  const edit = useCallback((fn: (d: Y.Doc) => void) => doc?.transact(() => fn(doc)), [doc])
  return { state, edit }
}

const noPeers: SheetLive['peers'] = []

/** Amounts are typed in whole currency units and stored in minor units. */
const toMinor = (v: string | number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v * 100)) : 0)

/** `/war-room/account/:customerId`: the account business plan of a strategic customer. */
export function AccountPlanPage({ customerId }: { customerId: string }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale } = useLocale()
  const { users } = useWorkspaceData()
  const customer = useLiveQuery(() => getDb().customers.get(customerId), [customerId])
  const currency = useLiveQuery(async () => (await getDb().deals.where('customerId').equals(customerId).first())?.currency ?? 'CNY', [customerId])
  const { state, edit } = useAccountPlan(customerId)
  const planDoc = state.status === 'ready' ? state.doc : null
  // Live fields rebase a keystroke onto what arrived meanwhile; plans carry no presence yet.
  const live = useMemo<SheetLive>(() => ({ peers: noPeers, setField: () => {}, read: (field) => (planDoc ? readPlanField(planDoc, field) : undefined) }), [planDoc])
  if (customer === undefined || state.status === 'loading') return <Loader m="xl" />
  if (!customer || customer.deleted) {
    return (
      <Alert color="orange" m="md" title={t('account.missingTitle')}>
        {t('account.missing')}
      </Alert>
    )
  }
  if (state.status === 'error') {
    return (
      <Alert color="red" m="md" title={t('error.loadTitle')}>
        {t('error.load')}
      </Alert>
    )
  }
  const { plan, readOnly } = state
  const totals = revenueTotals(plan)
  const money = (minor: number): string => formatMoney(minor, currency ?? 'CNY', locale)
  const userData = users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))

  return (
    <SheetLiveContext.Provider value={live}>
      <div>
        <Anchor component={Link} to="/war-room" size="xs">
          {t('back')}
        </Anchor>
        <Title order={2}>{t('account.title', { customer: customer.name })}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('account.intro')}
        </Text>
        {state.damaged > 0 && (
          <Alert color="orange" mb="sm" title={t('error.damagedTitle')}>
            {t('error.damaged', { count: state.damaged })}
          </Alert>
        )}
        <Stack gap="sm">
          <Card withBorder padding="sm">
            <Title order={4} mb="xs">
              {t('account.strategy')}
            </Title>
            <LiveText multiline field="strategy" readOnly={readOnly} ariaLabel={t('account.strategy')} placeholder={t('account.strategyPlaceholder')} value={plan.strategy} onChange={(v) => edit((d) => setPlanText(d, 'strategy', v))} />
          </Card>
          <Card withBorder padding="sm">
            <Title order={4} mb="xs">
              {t('account.fit')}
            </Title>
            <LiveText multiline field="fit" readOnly={readOnly} ariaLabel={t('account.fit')} placeholder={t('account.fitPlaceholder')} value={plan.fit} onChange={(v) => edit((d) => setPlanText(d, 'fit', v))} />
          </Card>
          <Card withBorder padding="sm">
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('account.revenue')}</Title>
              <Button size="xs" variant="light" onClick={() => edit((d) => addPlanRow(d, 'revenue', { year: nextPlanYear(readAccountPlan(d), new Date().getFullYear()) }))}>
                {t('account.addYear')}
              </Button>
            </Group>
            <Table fz="sm" aria-label={t('account.revenue')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>{t('account.year')}</Table.Th>
                  <Table.Th>{t('account.potential')}</Table.Th>
                  <Table.Th>{t('account.target')}</Table.Th>
                  <Table.Th>{t('account.note')}</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.revenue.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <NumberInput size="xs" aria-label={t('account.year')} min={2000} max={2100} value={r.year} onChange={(v) => typeof v === 'number' && edit((d) => updatePlanRow(d, 'revenue', r.id, { year: v }))} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput size="xs" aria-label={t('account.potentialOf', { year: r.year })} min={0} thousandSeparator="," value={r.potential / 100} onChange={(v) => edit((d) => updatePlanRow(d, 'revenue', r.id, { potential: toMinor(v) }))} />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput size="xs" aria-label={t('account.targetOf', { year: r.year })} min={0} thousandSeparator="," value={r.target / 100} onChange={(v) => edit((d) => updatePlanRow(d, 'revenue', r.id, { target: toMinor(v) }))} />
                    </Table.Td>
                    <Table.Td>
                      <LiveText field={`revenue.${r.id}.note`} readOnly={readOnly} ariaLabel={t('account.note')} value={r.note} onChange={(v) => edit((d) => updatePlanRow(d, 'revenue', r.id, { note: v }))} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: r.year })} onClick={() => edit((d) => deletePlanRow(d, 'revenue', r.id))}>
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>{t('account.total')}</Table.Th>
                  <Table.Th className="tabular">{money(totals.potential)}</Table.Th>
                  <Table.Th className="tabular">{money(totals.target)}</Table.Th>
                  <Table.Th colSpan={2} />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Card>
          <Card withBorder padding="sm">
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('account.joint')}</Title>
              <Button size="xs" variant="light" onClick={() => edit((d) => addPlanRow(d, 'joint'))}>
                {t('account.addJoint')}
              </Button>
            </Group>
            {plan.joint.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('account.jointEmpty')}
              </Text>
            )}
            <Stack gap={6}>
              {plan.joint.map((j, n) => (
                <Group key={j.id} gap="xs" wrap="nowrap" align="flex-end">
                  <Checkbox size="xs" aria-label={t('account.jointDoneN', { n: n + 1 })} checked={j.done} onChange={(e) => { const done = e.currentTarget.checked; edit((d) => updatePlanRow(d, 'joint', j.id, { done })) }} />
                  <div style={{ flex: 1 }}>
                    <LiveText field={`joint.${j.id}.text`} readOnly={readOnly} ariaLabel={t('account.jointN', { n: n + 1 })} value={j.text} onChange={(v) => edit((d) => updatePlanRow(d, 'joint', j.id, { text: v }))} />
                  </div>
                  <Select size="xs" w={140} aria-label={t('account.ourOwner')} placeholder={t('account.ourOwner')} clearable searchable value={j.owner || null} data={userData} onChange={(v) => edit((d) => updatePlanRow(d, 'joint', j.id, { owner: v ?? '' }))} />
                  <LiveText field={`joint.${j.id}.customerOwner`} readOnly={readOnly} ariaLabel={t('account.customerOwner')} placeholder={t('account.customerOwner')} value={j.customerOwner} onChange={(v) => edit((d) => updatePlanRow(d, 'joint', j.id, { customerOwner: v }))} />
                  <TextInput size="xs" w={140} type="date" aria-label={t('gap.due')} value={toDateInput(j.dueAt)} onChange={(e) => { const v = e.currentTarget.value; edit((d) => updatePlanRow(d, 'joint', j.id, { dueAt: fromDateInput(v) })) }} />
                  <ActionIcon variant="subtle" color="gray" aria-label={t('row.delete', { name: j.text })} onClick={() => edit((d) => deletePlanRow(d, 'joint', j.id))}>
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
          </Card>
        </Stack>
      </div>
    </SheetLiveContext.Provider>
  )
}
