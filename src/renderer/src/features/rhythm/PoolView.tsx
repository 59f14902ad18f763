import { useMemo, useState } from 'react'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { PoolRule, User } from '@shared/model'
import { heldForPlan, poolFairness, previewReclaim, RECLAIM_UNDONE, UNDO_WINDOW_MS, undoableRuns, type PoolRules, type ReclaimCandidate } from '@shared/domain/pool'
import type { NewCustomerBasis } from '@shared/domain/new-customers'
import { DAY_MS } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { applyReclaimRun, claimFromPool, loadPoolInput, RhythmError, saveNewCustomerBasis, savePoolRule, undoReclaimRun } from '../../db/rhythm'
import { Guarded } from '../../session/Guarded'
import { usePermission } from '../../session/use-me'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { formatDate, formatRelative } from '../../ui/format'
import { SectionCard } from '../../ui/SectionCard'
import { ExportMenu } from '../export/ExportMenu'
import { poolTables } from './export-tables'
import { useNewCustomerBasis } from './use-new-customers'

const RULE_FIELDS: (keyof PoolRules)[] = ['reclaimAfterDays', 'extensionPerTouchDays', 'maxHoldDays', 'holdingCap', 'dailyClaimCap', 'cooldownDays']

function RuleEditor({ rule, teamName }: { rule: PoolRule; teamName: string }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const [draft, setDraft] = useState<PoolRule>(rule)
  const dirty = RULE_FIELDS.some((f) => draft[f] !== rule[f])
  return (
    <Card withBorder padding="sm">
      <Text fw={600} mb="xs">
        {teamName}
      </Text>
      <SimpleGrid cols={3} spacing="xs">
        {RULE_FIELDS.map((f) => (
          <NumberInput key={f} size="xs" label={t(`pool.rule.${f}`)} value={draft[f]} min={f === 'dailyClaimCap' || f === 'cooldownDays' || f === 'extensionPerTouchDays' ? 0 : 1} onChange={(v) => setDraft({ ...draft, [f]: typeof v === 'number' ? v : 0 })} />
        ))}
      </SimpleGrid>
      <Group justify="flex-end" mt="xs">
        <Button
          size="xs"
          disabled={!dirty}
          onClick={() =>
            void savePoolRule(draft).then(
              () => notifications.show({ message: t('pool.ruleSaved') }),
              (e: unknown) => notifications.show({ color: 'red', message: String(e) })
            )
          }
        >
          {t('pool.saveRule')}
        </Button>
      </Group>
    </Card>
  )
}

/**
 * The public pool (公海): the team's rules, a preview of the next reclaim run with the reason
 * for each customer, then apply; the pool itself with claims that honour the caps; and who
 * claimed what.
 */
export function PoolView({ now }: { now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const { orgUnits, userById, users } = useWorkspaceData()
  const { members } = useScope()
  const teamIds = members.orgUnitIds
  const teams = orgUnits.filter((o) => o.kind === 'team' && (teamIds === null || teamIds.has(o.id)))
  const rules = useLiveQuery(() => getDb().poolRules.toArray(), [])
  // Pool moves of the last 30 days through the kind index; the upper bound is a day ahead so a run
  // applied since the page's last minute tick is counted at once.
  const recent = useLiveQuery(
    () =>
      getDb()
        .activities.where('kind')
        .anyOf(['pool_claim', 'pool_reclaim', 'owner_change'])
        .filter((a) => a.at >= now - 30 * DAY_MS && a.at < now + DAY_MS)
        .toArray(),
    [now]
  )
  // Undo notes of the last day: an undone reclaim is neither undoable again nor "reclaimed from".
  const undoNotes = useLiveQuery(
    () =>
      getDb()
        .activities.where('at')
        .between(now - 30 * DAY_MS, now + DAY_MS)
        .filter((a) => a.kind === 'note' && a.to === RECLAIM_UNDONE)
        .toArray(),
    [now]
  )
  const [preview, setPreview] = useState<ReclaimCandidate[] | null>(null)
  // Customers a planned visit (today or tomorrow) keeps out of the run, shown so their absence is explained.
  const [held, setHeld] = useState<ReclaimCandidate[]>([])
  // Rows the manager took out of the run before applying it.
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set())
  const [confirming, setConfirming] = useState(false)
  const basis = useNewCustomerBasis()
  const settingBasis = usePermission('data.import')
  // A reclaim run moves customers by the pool's rules: theirs to run who govern the rules.
  const reclaiming = usePermission('poolRules.edit')
  const [busy, setBusy] = useState(false)
  const [claimer, setClaimer] = useState<string | null>(null)
  const customers = useLiveQuery(() => getDb().customers.toArray(), [])
  const custById = useMemo(() => new Map((customers ?? []).map((c) => [c.id, c])), [customers])

  // One read of the customers serves the names and the pool itself (ownerId null is not indexable).
  const scopedPool = useMemo(
    () =>
      (customers ?? [])
        .filter((c) => c.ownerId === null && !c.deleted && (teamIds === null || teamIds.has(c.orgUnitId)))
        .sort((a, b) => (b.poolSince ?? 0) - (a.poolSince ?? 0) || a.name.localeCompare(b.name)),
    [customers, teamIds]
  )
  const reps = users.filter((u) => u.role === 'rep' && u.active && (teamIds === null || teamIds.has(u.orgUnitId)))
  const undoneIds = useMemo(() => new Set((undoNotes ?? []).map((a) => String(a.from))), [undoNotes])
  const fairness = useMemo(() => poolFairness(recent ?? [], now - 30 * DAY_MS, now + DAY_MS, undoneIds), [recent, now, undoneIds])
  // Runs of the last day (the page's minute tick is fine here: the window is a day long; the undo
  // itself checks it against the clock).
  const runs = useMemo(
    () => (recent && undoNotes ? undoableRuns([...recent.filter((a) => a.at >= now - UNDO_WINDOW_MS - DAY_MS), ...undoNotes], custById, now) : []),
    [recent, undoNotes, custById, now]
  )
  const included = preview?.filter((p) => !excluded.has(p.customerId)) ?? []

  const runPreview = async (): Promise<void> => {
    setBusy(true)
    try {
      // The clock now, not the page's minute tick: a claim made since the last tick must be seen,
      // or the preview lists a customer the run (which reads the clock) will not move.
      const input = await loadPoolInput(teamIds, Date.now(), timeZone)
      setPreview(previewReclaim(input))
      setHeld(heldForPlan(input))
      setExcluded(new Set())
    } finally {
      setBusy(false)
    }
  }
  const apply = async (): Promise<void> => {
    if (!preview) return
    setConfirming(false)
    setBusy(true)
    try {
      // Each move worded for the customer's timeline: why it went back and whose it was.
      const moved = await applyReclaimRun(included.map((p) => p.customerId), teamIds, timeZone, undefined, (m) => {
        const owner = name(userById.get(m.ownerId), m.ownerId)
        if (m.reason === 'owner_left') return t('pool.timelineTextLeft', { owner })
        return t('pool.timelineText', { reason: t(`pool.reasons.${m.reason}`), detail: t('pool.daysOfAllowed', { days: m.daysSinceTouch, allowed: m.allowedDays, touches: m.touches }), owner })
      })
      notifications.show({ color: 'teal', message: t('pool.applied', { count: moved.length }) })
      setPreview(null)
      setHeld([])
    } catch (e) {
      notifications.show({ color: 'orange', message: e instanceof RhythmError ? t(`pool.refusal.${e.code.replace('rhythm.', '')}`) : String(e) })
    } finally {
      setBusy(false)
    }
  }
  const claim = async (customerId: string): Promise<void> => {
    if (!claimer) return
    try {
      await claimFromPool(customerId, claimer, timeZone)
      notifications.show({ color: 'teal', message: t('pool.claimed', { rep: userById.get(claimer)?.name, customer: custById.get(customerId)?.name }) })
    } catch (e) {
      const message =
        e instanceof RhythmError
          ? t(`pool.refusal.${e.code.replace('pool.', '').replace('rhythm.', '')}`, { until: e.until ? formatDate(e.until, locale, timeZone) : '' })
          : String(e)
      notifications.show({ color: 'orange', message })
    }
  }
  const name = (u: User | undefined, id: string): string => u?.name ?? id
  const undo = async (run: { at: number; userId: string }): Promise<void> => {
    try {
      const r = await undoReclaimRun(run, undefined, (ownerId) => t('pool.undoNote', { owner: name(userById.get(ownerId), ownerId) }))
      notifications.show({ color: 'teal', message: t('pool.undone', { returned: r.returned, claimed: r.claimedSince }) })
    } catch (e) {
      notifications.show({ color: 'orange', message: e instanceof RhythmError ? t(`pool.refusal.${e.code.replace('rhythm.', '')}`) : String(e) })
    }
  }
  const toggle = (id: string): void =>
    setExcluded((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={5}>{t('pool.rules')}</Title>
        <ExportMenu
          title={t('tabs.pool')}
          disabled={!customers}
          tables={() =>
            poolTables(
              { preview, pool: scopedPool, fairness, customerName: (id) => custById.get(id)?.name ?? id, userName: (id) => name(userById.get(id), id) },
              t
            )
          }
        />
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        {teams.map((team) => {
          const rule = rules?.find((r) => r.orgUnitId === team.id && !r.deleted)
          return rule ? (
            <Guarded key={rule.id} permission="poolRules.edit">
              <RuleEditor rule={rule} teamName={team.name} />
            </Guarded>
          ) : null
        })}
      </SimpleGrid>

      <SectionCard
        title={t('pool.previewTitle')}
        actions={
          <Group>
            <Button variant="light" loading={busy && !preview} onClick={() => void runPreview()}>
              {t('pool.preview')}
            </Button>
            <Button
              color="orange"
              disabled={included.length === 0 || !reclaiming.allowed}
              title={reclaiming.why}
              loading={busy && preview !== null}
              onClick={() => setConfirming(true)}
            >
              {t('pool.apply', { count: included.length })}
            </Button>
          </Group>
        }
        empty={preview === null ? t('pool.previewHint') : preview.length === 0 ? t('pool.nothingToReclaim') : undefined}
      >
        {preview && held.length > 0 && (
          <Alert variant="light" color="blue" mb="xs" py={6} data-testid="reclaim-held">
            <Text size="sm" fw={600}>
              {t('pool.heldForPlan', { count: held.length })}
            </Text>
            <Text size="xs">
              {held
                .slice(0, 20)
                .map((h) => `${custById.get(h.customerId)?.name ?? h.customerId} (${name(userById.get(h.ownerId), h.ownerId)})`)
                .join(' · ')}
              {held.length > 20 ? ` ${t('pool.moreRows', { count: held.length - 20 })}` : ''}
            </Text>
          </Alert>
        )}
        {preview && preview.length > 0 && (
          <>
            <Text size="sm" mb="xs" data-testid="reclaim-summary">
              {t('pool.previewSummary', { count: included.length })}
              {excluded.size > 0 && (
                <Text span size="sm" c="dimmed" data-testid="reclaim-excluded">
                  {' '}
                  {t('pool.excluded', { count: excluded.size })}
                </Text>
              )}
            </Text>
            <Table fz="sm" verticalSpacing={3} data-testid="reclaim-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={32} />
                  <Table.Th>{t('pool.customer')}</Table.Th>
                  <Table.Th>{t('pool.owner')}</Table.Th>
                  <Table.Th>{t('pool.reason')}</Table.Th>
                  <Table.Th>{t('pool.lastTouch')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.slice(0, 200).map((p) => (
                  <Table.Tr key={p.customerId} data-testid={`reclaim-row-${p.customerId}`} data-excluded={excluded.has(p.customerId)} opacity={excluded.has(p.customerId) ? 0.5 : 1}>
                    <Table.Td>
                      <Checkbox
                        size="xs"
                        checked={!excluded.has(p.customerId)}
                        onChange={() => toggle(p.customerId)}
                        aria-label={t('pool.include', { name: custById.get(p.customerId)?.name ?? p.customerId })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${p.customerId}`} size="sm">
                        {custById.get(p.customerId)?.name ?? p.customerId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{name(userById.get(p.ownerId), p.ownerId)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={p.reason === 'owner_left' ? 'gray' : p.reason === 'over_cap' ? 'grape' : 'orange'}>
                        {t(`pool.reasons.${p.reason}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {p.reason === 'owner_left'
                          ? t('pool.ownerLeft')
                          : t('pool.daysOfAllowed', { days: p.daysSinceTouch, allowed: p.allowedDays, touches: p.touches })}
                        {p.lastTouchAt === null ? ` · ${t('pool.neverTouched')}` : ` · ${formatRelative(p.lastTouchAt, now, locale, timeZone)}`}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {preview.length > 200 && (
              <Text size="xs" c="dimmed">
                {t('pool.moreRows', { count: preview.length - 200 })}
              </Text>
            )}
          </>
        )}
      </SectionCard>

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('pool.confirmTitle')} centered>
        <Text size="sm" data-testid="reclaim-confirm-text">
          {t('pool.confirmBody', { count: included.length })}
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('pool.cancel')}
          </Button>
          <Button color="orange" onClick={() => void apply()} data-testid="reclaim-confirm">
            {t('pool.confirmApply')}
          </Button>
        </Group>
      </Modal>

      {runs.length > 0 && (
        <SectionCard title={t('pool.recentRuns')} testId="reclaim-runs">
          <Stack gap={4}>
            {runs.map((r) => {
              const returnable = r.moves.filter((m) => m.state === 'returnable').length
              const claimed = r.moves.filter((m) => m.state === 'claimed_since').length
              return (
                <Group key={`${r.userId}|${r.at}`} justify="space-between" data-testid="reclaim-run">
                  <Text size="sm">
                    {t('pool.runLine', { when: formatRelative(r.at, now, locale, timeZone), count: returnable, who: name(userById.get(r.userId), r.userId) })}
                    {claimed > 0 && (
                      <Text span size="xs" c="dimmed">
                        {' · '}
                        {t('pool.runClaimed', { count: claimed })}
                      </Text>
                    )}
                  </Text>
                  <Button size="compact-sm" variant="light" disabled={!reclaiming.allowed} title={reclaiming.why} onClick={() => void undo(r)}>
                    {t('pool.undo')}
                  </Button>
                </Group>
              )
            })}
          </Stack>
        </SectionCard>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SectionCard
          title={<span data-testid="pool-count">{t('pool.inPool', { count: scopedPool.length })}</span>}
          actions={<Select size="xs" placeholder={t('pool.claimFor')} data={reps.map((r) => ({ value: r.id, label: r.name }))} value={claimer} onChange={setClaimer} searchable aria-label={t('pool.claimFor')} />}
        >
          <Table fz="sm" verticalSpacing={3} data-testid="pool-list">
            <Table.Tbody>
              {scopedPool.slice(0, 50).map((c) => (
                <Table.Tr key={c.id} data-testid={`pool-row-${c.id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${c.id}`} size="sm">
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {c.poolSince ? t('pool.since', { when: formatRelative(c.poolSince, now, locale, timeZone) }) : ''}
                      {c.previousOwnerId ? ` · ${t('pool.previousOwner', { name: name(userById.get(c.previousOwnerId), c.previousOwnerId) })}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant="light" disabled={!claimer} onClick={() => void claim(c.id)}>
                      {t('pool.claim')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SectionCard>
        <SectionCard title={t('pool.fairness')} empty={fairness.length === 0 ? t('pool.noMoves') : undefined} testId="pool-fairness">
          {fairness.length > 0 && (
            <Table fz="sm" verticalSpacing={3}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('board.rep')}</Table.Th>
                  <Table.Th>{t('pool.claims')}</Table.Th>
                  <Table.Th>{t('pool.reclaimedFrom')}</Table.Th>
                  <Table.Th>{t('pool.direct')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fairness.map((f) => (
                  <Table.Tr key={f.userId}>
                    <Table.Td>{name(userById.get(f.userId), f.userId)}</Table.Td>
                    <Table.Td className="tabular">{f.claims}</Table.Td>
                    <Table.Td className="tabular">{f.reclaimedFrom}</Table.Td>
                    <Table.Td>{f.directAssignments > 0 ? <Badge color="red" variant="light">{t('pool.bypass', { count: f.directAssignments })}</Badge> : 0}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Alert variant="light" mt="xs" py={4}>
            <Text size="xs">{t('pool.fairnessNote')}</Text>
            <Text size="xs" mt={4}>
              {t('pool.claimNotNew')}
            </Text>
          </Alert>
          <Group mt="xs" gap="xs" data-testid="new-customer-basis">
            <Text size="xs">{t('pool.basisLabel')}</Text>
            <SegmentedControl
              size="xs"
              value={basis}
              disabled={!settingBasis.allowed}
              title={settingBasis.why}
              data={(['won_deal', 'visit'] as NewCustomerBasis[]).map((b) => ({ value: b, label: t(`pool.basis.${b}`) }))}
              onChange={(v) =>
                void saveNewCustomerBasis(v as NewCustomerBasis).then(
                  () => notifications.show({ message: t('pool.basisSaved') }),
                  (e: unknown) => notifications.show({ color: 'red', message: String(e) })
                )
              }
            />
          </Group>
        </SectionCard>
      </SimpleGrid>
    </Stack>
  )
}
