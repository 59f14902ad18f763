import { useEffect, useMemo, useState } from 'react'
import { Alert, Button, Group, List, Modal, Paper, Radio, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { OrgUnit, User } from '@shared/model'
import {
  OrgChangeRefused,
  type AmountByCurrency,
  type DeparturePlan,
  type DepartureRule,
  type RepMovePlan
} from '@shared/domain/org-changes'
import { Money } from '../../../ui/Money'
import { useLocale } from '../../../app/preferences'
import { useMe } from '../../../session/use-me'
import type { OrgBackend } from './org-backend'
import { applyDeparture, applyRepMove, previewDeparture, previewRepMove } from './org-changes'

/**
 * A rep moved to another team, and a rep who leaves: the manager picks where things go, sees
 * exactly what will change (the plan the shared rules compute), and applies that plan.
 */

function errorText(t: TFunction, e: unknown, failure: (e: unknown) => string): string {
  if (e instanceof OrgChangeRefused) return t(`errors.${e.code.replace(/\./g, '_')}`)
  return failure(e)
}

function Amounts({ amounts }: { amounts: AmountByCurrency[] }): React.ReactNode {
  const { t } = useTranslation('orgChanges')
  if (amounts.length === 0) return <Text span>{t('noAmount')}</Text>
  return (
    <>
      {amounts.map((a, i) => (
        <Text span key={a.currency}>
          {i > 0 ? ' + ' : ''}
          <Money minor={a.amount} currency={a.currency} fw={600} />
        </Text>
      ))}
    </>
  )
}

/** A few names, then how many more: enough for a manager to recognise the book. */
function Names({ names, testId }: { names: string[]; testId: string }): React.ReactNode {
  const { t } = useTranslation('orgChanges')
  if (names.length === 0) return null
  const shown = names.slice(0, 5)
  return (
    <Text size="xs" c="dimmed" data-testid={testId}>
      {shown.join(t('listSep'))}
      {names.length > shown.length ? t('andMore', { count: names.length - shown.length }) : ''}
    </Text>
  )
}

function Figure({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }): React.ReactNode {
  return (
    <Paper withBorder p="xs" radius="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Paper>
  )
}

export function MoveRepDialog({
  rep,
  hasAccount,
  units,
  backend,
  onClose,
  failure
}: {
  rep: User
  hasAccount: boolean
  units: readonly OrgUnit[]
  backend: OrgBackend
  onClose: () => void
  failure: (e: unknown) => string
}): React.ReactNode {
  const { t } = useTranslation('orgChanges')
  const me = useMe()
  const { timeZone } = useLocale()
  const [toUnitId, setToUnitId] = useState<string | null>(null)
  const [plan, setPlan] = useState<RepMovePlan | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const unitName = (id: string): string => units.find((u) => u.id === id)?.name ?? id
  const regionOf = (id: string): OrgUnit | undefined => {
    const u = units.find((x) => x.id === id)
    return u?.kind === 'region' ? u : units.find((x) => x.id === u?.parentId)
  }
  const teams = useMemo(
    () =>
      units
        .filter((u) => u.kind === 'team' && !u.deleted && u.id !== rep.orgUnitId)
        .map((u) => ({ value: u.id, label: `${units.find((r) => r.id === u.parentId)?.name ?? ''} · ${u.name}` }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [units, rep.orgUnitId]
  )

  useEffect(() => {
    setPlan(null)
    setError(null)
    if (!toUnitId || !me) return
    let live = true
    previewRepMove({ repId: rep.id, toUnitId, actorId: me.id, timeZone }).then(
      (p) => live && setPlan(p),
      (e: unknown) => live && setError(errorText(t, e, failure))
    )
    return () => {
      live = false
    }
  }, [toUnitId, rep.id, me, timeZone, t, failure])

  async function apply(): Promise<void> {
    if (!plan || !me) return
    setBusy(true)
    setError(null)
    try {
      const done = await applyRepMove(backend, plan, { actorId: me.id, timeZone, hasAccount })
      if (done === 'changed') {
        setError(t('changed'))
        setPlan(await previewRepMove({ repId: rep.id, toUnitId: plan.toUnitId, actorId: me.id, timeZone }))
        return
      }
      notifications.show({
        color: 'teal',
        message: t('move.done', { name: rep.name, team: unitName(done.toUnitId), count: done.customersMoving.length })
      })
      onClose()
    } catch (e) {
      setError(errorText(t, e, failure))
    } finally {
      setBusy(false)
    }
  }

  const crossRegion = plan && regionOf(plan.fromUnitId)?.id !== regionOf(plan.toUnitId)?.id
  return (
    <Modal opened onClose={onClose} title={t('move.title', { name: rep.name })} size="lg">
      <Stack gap="sm" aria-label={t('move.title', { name: rep.name })} role="form">
        <Text size="sm">{t('move.from', { team: unitName(rep.orgUnitId) })}</Text>
        <Select
          label={t('move.to')}
          placeholder={t('move.pick')}
          data={teams}
          value={toUnitId}
          onChange={setToUnitId}
          searchable
          allowDeselect={false}
          data-autofocus
        />
        {plan && (
          <Stack gap="xs" data-testid="move-preview">
            <Text fw={600} size="sm">
              {t('preview')}
            </Text>
            <SimpleGrid cols={2} spacing="xs">
              <Figure label={t('move.customers')} testId="move-customers">
                {t('count', { count: plan.customersMoving.length })}
              </Figure>
              <Figure label={t('move.deals')} testId="move-deals">
                {t('dealsWithAmount', { count: plan.dealsMoving.length })} <Amounts amounts={plan.openAmount} />
              </Figure>
              <Figure label={t('move.closed')} testId="move-closed">
                {t('dealsCount', { count: plan.closedDealsStaying })}
              </Figure>
              <Figure label={t('move.targets')} testId="move-targets">
                {t('targetsCount', { count: plan.targetsFollowing.length })}
              </Figure>
            </SimpleGrid>
            <Names names={plan.customersMoving.map((c) => c.name)} testId="move-customer-names" />
            <Paper withBorder p="xs" radius="sm" data-testid="move-pool">
              <Text size="xs" c="dimmed">
                {t('move.pool')}
              </Text>
              <Text size="sm">
                {plan.holding.cap === undefined
                  ? t('move.noCap', { count: plan.holding.after })
                  : t('move.holding', { after: plan.holding.after, cap: plan.holding.cap })}
              </Text>
              {plan.customersToPool.length > 0 && (
                <>
                  <Text size="sm" c="orange">
                    {t('move.toPool', { count: plan.customersToPool.length, team: unitName(plan.fromUnitId) })}
                  </Text>
                  <Names names={plan.customersToPool.map((c) => c.name)} testId="move-pool-names" />
                </>
              )}
              {plan.holding.overCap > 0 && (
                <Text size="sm" c="orange">
                  {t('move.overCap', { count: plan.holding.overCap })}
                </Text>
              )}
            </Paper>
            {crossRegion && (
              <Text size="xs" c="dimmed">
                {t('move.crossRegion', { region: regionOf(plan.toUnitId)?.name ?? '' })}
              </Text>
            )}
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button onClick={() => void apply()} disabled={!plan} loading={busy}>
            {plan ? t('move.apply', { team: unitName(plan.toUnitId) }) : t('move.applyNone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function DepartureDialog({
  rep,
  hasAccount,
  users,
  units,
  backend,
  onClose,
  failure
}: {
  rep: User
  hasAccount: boolean
  users: readonly User[]
  units: readonly OrgUnit[]
  backend: OrgBackend
  onClose: () => void
  failure: (e: unknown) => string
}): React.ReactNode {
  const { t } = useTranslation('orgChanges')
  const me = useMe()
  const unitName = (id: string): string => units.find((u) => u.id === id)?.name ?? id
  // Colleagues who can take the book: active people other than the leaver, the same team first.
  const colleagues = useMemo(
    () =>
      users
        .filter((u) => u.active && u.id !== rep.id && !u.deleted && u.leftAt === undefined)
        .sort(
          (a, b) => Number(b.orgUnitId === rep.orgUnitId) - Number(a.orgUnitId === rep.orgUnitId) || a.name.localeCompare(b.name)
        )
        .map((u) => ({ value: u.id, label: `${u.name} · ${unitName(u.orgUnitId)}` })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [users, rep.id, rep.orgUnitId, units]
  )
  const lead = users.find((u) => u.orgUnitId === rep.orgUnitId && u.role === 'team_lead' && u.active)
  const [target, setTarget] = useState<'pool' | 'colleague'>('colleague')
  const [colleagueId, setColleagueId] = useState<string | null>(null)
  const [dealsTo, setDealsTo] = useState<string | null>(lead?.id ?? null)
  const [plan, setPlan] = useState<DeparturePlan | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const dealOwner = target === 'colleague' ? colleagueId : dealsTo
  const rule: DepartureRule | null =
    target === 'colleague'
      ? colleagueId
        ? { customersTo: { kind: 'colleague', colleagueId }, openDealsTo: colleagueId }
        : null
      : { customersTo: { kind: 'pool' }, ...(dealsTo ? { openDealsTo: dealsTo } : {}) }
  const ruleKey = JSON.stringify(rule)

  useEffect(() => {
    setPlan(null)
    setError(null)
    if (!rule || !me) return
    let live = true
    previewDeparture({ repId: rep.id, rule, actorId: me.id }).then(
      (p) => live && setPlan(p),
      (e: unknown) => live && setError(errorText(t, e, failure))
    )
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ruleKey, rep.id, me, t, failure])

  async function apply(): Promise<void> {
    if (!plan || !rule || !me) return
    setBusy(true)
    setError(null)
    try {
      const done = await applyDeparture(backend, plan, { rule, actorId: me.id, hasAccount })
      if (done === 'changed') {
        setError(t('changed'))
        setPlan(await previewDeparture({ repId: rep.id, rule, actorId: me.id }))
        return
      }
      notifications.show({ color: 'teal', message: t('leave.done', { name: rep.name }) })
      onClose()
    } catch (e) {
      setError(errorText(t, e, failure))
    } finally {
      setBusy(false)
    }
  }

  const nameOf = (id: string | null | undefined): string => users.find((u) => u.id === id)?.name ?? ''
  return (
    <Modal opened onClose={onClose} title={t('leave.title', { name: rep.name })} size="lg">
      <Stack gap="sm" aria-label={t('leave.title', { name: rep.name })} role="form">
        <Text size="sm">{t('leave.hint')}</Text>
        <Radio.Group label={t('leave.customersTo')} value={target} onChange={(v) => setTarget(v as 'pool' | 'colleague')}>
          <Group mt={4}>
            <Radio value="colleague" label={t('leave.toColleague')} />
            <Radio value="pool" label={t('leave.toPool', { team: unitName(rep.orgUnitId) })} />
          </Group>
        </Radio.Group>
        {target === 'colleague' ? (
          <Select
            label={t('leave.colleague')}
            placeholder={t('leave.pick')}
            data={colleagues}
            value={colleagueId}
            onChange={setColleagueId}
            searchable
            allowDeselect={false}
          />
        ) : (
          <Select
            label={t('leave.dealsTo')}
            placeholder={t('leave.pick')}
            data={colleagues}
            value={dealsTo}
            onChange={setDealsTo}
            searchable
            allowDeselect={false}
          />
        )}
        {plan && (
          <Stack gap="xs" data-testid="leave-preview">
            <Text fw={600} size="sm">
              {t('preview')}
            </Text>
            <SimpleGrid cols={2} spacing="xs">
              <Figure label={t('leave.customers')} testId="leave-customers">
                {plan.customersToColleague.length > 0
                  ? t('leave.customersToColleague', { count: plan.customersToColleague.length, name: nameOf(colleagueId) })
                  : t('leave.customersToPool', { count: plan.customersToPool.length, team: unitName(rep.orgUnitId) })}
              </Figure>
              <Figure label={t('leave.deals')} testId="leave-deals">
                {t('leave.dealsToName', { count: plan.dealsHandedOver.length, name: nameOf(dealOwner) })}{' '}
                <Amounts amounts={plan.openAmount} />
              </Figure>
            </SimpleGrid>
            <Names
              names={[...plan.customersToColleague, ...plan.customersToPool].map((c) => c.name)}
              testId="leave-customer-names"
            />
            <List size="xs" c="dimmed" spacing={2}>
              <List.Item>{t('leave.keeps', { count: plan.closedDealsKept })}</List.Item>
              <List.Item>{t('leave.history')}</List.Item>
              <List.Item>{t('leave.deactivated', { name: rep.name })}</List.Item>
            </List>
            {plan.colleagueHolding?.cap !== undefined && plan.colleagueHolding.after > plan.colleagueHolding.cap && (
              <Text size="sm" c="orange">
                {t('leave.overCap', {
                  name: nameOf(plan.colleagueHolding.colleagueId),
                  after: plan.colleagueHolding.after,
                  cap: plan.colleagueHolding.cap
                })}
              </Text>
            )}
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button color="red" onClick={() => void apply()} disabled={!plan} loading={busy}>
            {t('leave.apply', { name: rep.name })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
