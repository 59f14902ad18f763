import { useMemo, useState } from 'react'
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Tooltip
} from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { CustomerSize, type Customer, type TerritoryRule } from '@shared/model'
import { ruleIsEmpty, ruleOverlaps, territoryCoverage, type TerritoryRun } from '@shared/domain/territories'
import { hasLocation } from '@shared/domain/places'
import { sumMoney, type CurrencyRates } from '@shared/domain/currency'
import type { AmountByCurrency } from '@shared/domain/org-changes'
import { newId } from '@shared/ids'
import { getDb } from '../../../db/database'
import { write, WriteError } from '../../../db/write'
import { useWorkspaceData } from '../../../app/workspace-data'
import { useMe } from '../../../session/use-me'
import { refusalText } from '../../../session/words'
import { useCurrencyRates } from '../../currency/use-currency-rates'
import { MoneyTotal } from '../../currency/MoneyTotal'
import { applyTerritories, previewTerritories } from './territory-run'

/**
 * Settings → Organisation → Territories: the rules that say which team (or rep) covers which
 * customers, in priority order, with their overlaps explained; the coverage they give today; and
 * an assignment run previewed per team and rep before it is applied.
 */

const SIZES = CustomerSize.options

function Pipeline({ amounts, rates }: { amounts: AmountByCurrency[]; rates: CurrencyRates }): React.ReactNode {
  return <MoneyTotal total={sumMoney(amounts, rates)} rates={rates} size="sm" />
}

export function TerritoriesSettings(): React.ReactNode {
  const { t } = useTranslation('territories')
  const { t: tc } = useTranslation()
  const { orgUnits, users, orgUnitById, userById } = useWorkspaceData()
  const me = useMe()
  const rates = useCurrencyRates()
  const may = me?.can('territory.edit') ?? false
  const data = useLiveQuery(async () => {
    const db = getDb()
    const [rules, customers, deals] = await Promise.all([
      db.territoryRules.toArray(),
      db.customers.toArray(),
      db.deals.where('status').equals('open').toArray()
    ])
    return {
      rules: rules.filter((r) => !r.deleted).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id)),
      customers: customers.filter((c) => !c.deleted),
      deals: deals.filter((d) => !d.deleted)
    }
  }, [])
  const [editing, setEditing] = useState<TerritoryRule | 'new' | null>(null)
  const [run, setRun] = useState<TerritoryRun | null>(null)
  const [busy, setBusy] = useState(false)
  const rules = data?.rules ?? []
  const ruleName = (id: string): string => {
    const r = rules.find((x) => x.id === id)
    return r ? r.name || t('unnamed', { priority: r.priority }) : id
  }
  const targetName = (team: string | null, ownerId?: string): string =>
    team === null
      ? t('coverage.uncovered')
      : `${orgUnitById.get(team)?.name ?? team}${ownerId ? ` · ${userById.get(ownerId)?.name ?? ownerId}` : ''}`
  const overlaps = useMemo(() => (data ? ruleOverlaps(data.rules, data.customers) : []), [data])
  const coverage = useMemo(() => (data ? territoryCoverage(data.rules, data.customers, data.deals) : null), [data])

  const failure = (e: unknown): string =>
    e instanceof WriteError && e.code === 'write.forbidden' && e.details.permission
      ? refusalText(tc, e.details.permission, me?.role)
      : e instanceof Error
        ? e.message
        : String(e)

  async function reorder(i: number, dir: -1 | 1): Promise<void> {
    const a = rules[i]
    const b = rules[i + dir]
    if (!a || !b) return
    // Swap places; rules sharing a priority are separated so the order shown is the order applied.
    const pa = a.priority === b.priority ? Math.max(0, b.priority + dir) : b.priority
    await write(async (tx) => {
      await tx.update('territoryRules', a.id, { priority: pa })
      if (a.priority !== b.priority) await tx.update('territoryRules', b.id, { priority: a.priority })
    }).catch((e: unknown) => notifications.show({ color: 'red', message: failure(e) }))
  }

  async function preview(): Promise<void> {
    setBusy(true)
    try {
      setRun(await previewTerritories())
    } finally {
      setBusy(false)
    }
  }

  async function apply(): Promise<void> {
    if (!run || !me) return
    setBusy(true)
    try {
      const done = await applyTerritories(run, { id: me.id, role: me.role })
      if (done === 'changed') {
        notifications.show({ color: 'yellow', message: t('run.changed') })
        setRun(await previewTerritories())
        return
      }
      notifications.show({ color: 'green', message: t('run.applied', { count: done.moves.length }) })
      setRun(null)
    } catch (e) {
      notifications.show({ color: 'red', message: failure(e) })
    } finally {
      setBusy(false)
    }
  }

  const dims = (r: TerritoryRule): string => {
    const parts: string[] = []
    if (r.provinces?.length) parts.push(`${t('dim.provinces')}: ${r.provinces.join(t('sep'))}`)
    if (r.cities.length) parts.push(`${t('dim.cities')}: ${r.cities.join(t('sep'))}`)
    if (r.districts?.length) parts.push(`${t('dim.districts')}: ${r.districts.join(t('sep'))}`)
    if (r.industries.length) parts.push(`${t('dim.industries')}: ${r.industries.join(t('sep'))}`)
    if (r.sizes?.length) parts.push(`${t('dim.sizes')}: ${r.sizes.map((s) => tc(`customers.sizes.${s}`)).join(t('sep'))}`)
    if (r.customerIds?.length) parts.push(t('dim.named', { count: r.customerIds.length }))
    return parts.join(' · ') || t('dim.none')
  }

  return (
    <Card withBorder aria-label={t('title')} data-testid="territories">
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('title')}</Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={!may}
            onClick={() => setEditing('new')}
          >
            {t('add')}
          </Button>
          <Button size="xs" disabled={!may || rules.length === 0} loading={busy} onClick={() => void preview()}>
            {t('run.preview')}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {may ? t('hint') : refusalText(tc, 'territory.edit', me?.role)}
      </Text>

      <Table striped withTableBorder fz="sm" aria-label={t('rules')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('col.priority')}</Table.Th>
            <Table.Th>{t('col.rule')}</Table.Th>
            <Table.Th>{t('col.target')}</Table.Th>
            <Table.Th>{t('col.dims')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  {t('empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rules.map((r, i) => (
            <Table.Tr key={r.id} data-testid={`rule-${r.id}`} aria-label={ruleName(r.id)}>
              <Table.Td className="tabular">{r.priority}</Table.Td>
              <Table.Td>{ruleName(r.id)}</Table.Td>
              <Table.Td>{targetName(r.orgUnitId, r.ownerId)}</Table.Td>
              <Table.Td>
                <Text size="xs">{dims(r)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    aria-label={t('up')}
                    disabled={!may || i === 0}
                    onClick={() => void reorder(i, -1)}
                  >
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    aria-label={t('down')}
                    disabled={!may || i === rules.length - 1}
                    onClick={() => void reorder(i, 1)}
                  >
                    <IconArrowDown size={14} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" size="sm" aria-label={t('edit')} disabled={!may} onClick={() => setEditing(r)}>
                    <IconPencil size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    color="red"
                    aria-label={t('delete')}
                    disabled={!may}
                    onClick={() =>
                      void write((tx) => tx.update('territoryRules', r.id, { deleted: true })).catch((e: unknown) =>
                        notifications.show({ color: 'red', message: failure(e) })
                      )
                    }
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {overlaps.length > 0 && (
        <Stack gap={4} mt="sm" data-testid="territory-overlaps">
          <Text size="sm" fw={600}>
            {t('overlaps.title')}
          </Text>
          {overlaps.map((o) => (
            <Text key={`${o.a}-${o.b}`} size="xs" c={o.verdict === 'conflict' ? 'orange.8' : undefined}>
              {t(`overlaps.${o.verdict}`, {
                a: ruleName(o.a),
                b: ruleName(o.b),
                count: o.customers,
                winner: o.winner ? ruleName(o.winner) : ''
              })}
            </Text>
          ))}
        </Stack>
      )}

      {coverage && (
        <Stack gap={4} mt="md">
          <Text size="sm" fw={600}>
            {t('coverage.title')}
          </Text>
          <Table withTableBorder fz="sm" aria-label={t('coverage.title')} data-testid="territory-coverage">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('coverage.territory')}</Table.Th>
                <Table.Th>{t('coverage.customers')}</Table.Th>
                <Table.Th>{t('coverage.inPool')}</Table.Th>
                <Table.Th>{t('coverage.pipeline')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...coverage.rows, coverage.uncovered].map((row) => (
                <Table.Tr key={`${row.team ?? '-'}/${row.ownerId ?? ''}`} aria-label={targetName(row.team, row.ownerId)}>
                  <Table.Td>{targetName(row.team, row.ownerId)}</Table.Td>
                  <Table.Td className="tabular" data-testid="coverage-customers">
                    {row.customers}
                  </Table.Td>
                  <Table.Td className="tabular">{row.customers - row.owned}</Table.Td>
                  <Table.Td>
                    <Pipeline amounts={row.openPipeline} rates={rates} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {coverage.conflicts > 0 && (
            <Text size="xs" c="orange.8">
              {t('coverage.conflicts', { count: coverage.conflicts })}
            </Text>
          )}
        </Stack>
      )}

      {editing && data && (
        <RuleEditor
          rule={editing === 'new' ? null : editing}
          nextPriority={(rules[rules.length - 1]?.priority ?? 0) + 10}
          customers={data.customers}
          teams={orgUnits.filter((u) => u.kind === 'team')}
          users={users}
          industries={[...new Set(data.customers.map((c) => c.industry).filter(Boolean))].sort()}
          onClose={() => setEditing(null)}
          onError={(e) => notifications.show({ color: 'red', message: failure(e) })}
        />
      )}
      {run && data && (
        <RunPreview
          run={run}
          customers={data.customers}
          rates={rates}
          targetName={targetName}
          busy={busy}
          onApply={() => void apply()}
          onClose={() => setRun(null)}
        />
      )}
    </Card>
  )
}

function RuleEditor(props: {
  rule: TerritoryRule | null
  nextPriority: number
  customers: Customer[]
  teams: { id: string; name: string }[]
  users: { id: string; name: string; orgUnitId: string; role: string; active: boolean }[]
  industries: string[]
  onClose: () => void
  onError: (e: unknown) => void
}): React.ReactNode {
  const { t } = useTranslation('territories')
  const { t: tc } = useTranslation()
  const r = props.rule
  const [name, setName] = useState(r?.name ?? '')
  const [team, setTeam] = useState<string | null>(r?.orgUnitId ?? null)
  const [owner, setOwner] = useState<string | null>(r?.ownerId ?? null)
  const [priority, setPriority] = useState<number>(r?.priority ?? props.nextPriority)
  const [provinces, setProvinces] = useState<string[]>(r?.provinces ?? [])
  const [cities, setCities] = useState<string[]>(r?.cities ?? [])
  const [districts, setDistricts] = useState<string[]>(r?.districts ?? [])
  const [industries, setIndustries] = useState<string[]>(r?.industries ?? [])
  const [sizes, setSizes] = useState<string[]>(r?.sizes ?? [])
  const [named, setNamed] = useState<string[]>(r?.customerIds ?? [])
  const [error, setError] = useState<string | null>(null)
  const reps = props.users.filter((u) => u.orgUnitId === team && u.active && u.role === 'rep')
  const customerOptions = useMemo(
    () => props.customers.map((c) => ({ value: c.id, label: c.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [props.customers]
  )
  const draft = { provinces, cities, districts, industries, sizes: sizes as TerritoryRule['sizes'], customerIds: named }

  async function save(): Promise<void> {
    if (!team) return setError(t('editor.needTeam'))
    if (ruleIsEmpty(draft)) return setError(t('editor.needDimension'))
    const row = {
      name: name.trim() || undefined,
      orgUnitId: team,
      ownerId: owner ?? undefined,
      priority: Math.max(0, Math.min(10_000, Math.round(priority))),
      ...draft
    }
    try {
      await write(async (tx) => {
        if (r) await tx.update('territoryRules', r.id, row)
        else await tx.insert('territoryRules', { id: newId(), ...row } as TerritoryRule)
      })
      props.onClose()
    } catch (e) {
      props.onError(e)
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={r ? t('editor.editTitle') : t('editor.addTitle')} size="lg">
      <Stack gap="xs">
        <Group grow>
          <TextInput label={t('editor.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} />
          <NumberInput
            label={t('editor.priority')}
            description={t('editor.priorityHint')}
            value={priority}
            min={0}
            max={10_000}
            onChange={(v) => setPriority(Number(v) || 0)}
          />
        </Group>
        <Group grow>
          <Select
            label={t('editor.team')}
            data={props.teams.map((u) => ({ value: u.id, label: u.name }))}
            value={team}
            onChange={(v) => {
              setTeam(v)
              setOwner(null)
            }}
            searchable
          />
          <Select
            label={t('editor.rep')}
            description={t('editor.repHint')}
            data={reps.map((u) => ({ value: u.id, label: u.name }))}
            value={owner}
            onChange={setOwner}
            clearable
            disabled={!team}
          />
        </Group>
        <TagsInput label={t('dim.provinces')} value={provinces} onChange={setProvinces} placeholder={t('editor.placeHint')} />
        <TagsInput label={t('dim.cities')} value={cities} onChange={setCities} placeholder={t('editor.placeHint')} />
        <TagsInput label={t('dim.districts')} value={districts} onChange={setDistricts} placeholder={t('editor.placeHint')} />
        <TagsInput label={t('dim.industries')} data={props.industries} value={industries} onChange={setIndustries} />
        <MultiSelect
          label={t('dim.sizes')}
          data={SIZES.map((s) => ({ value: s, label: tc(`customers.sizes.${s}`) }))}
          value={sizes}
          onChange={setSizes}
        />
        <MultiSelect
          label={t('dim.namedAccounts')}
          data={customerOptions}
          value={named}
          onChange={setNamed}
          searchable
          limit={50}
        />
        <Text size="xs" c="dimmed">
          {t('editor.andHint')}
        </Text>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button onClick={() => void save()}>{t('save')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function RunPreview(props: {
  run: TerritoryRun
  customers: Customer[]
  rates: CurrencyRates
  targetName: (team: string | null, ownerId?: string) => string
  busy: boolean
  onApply: () => void
  onClose: () => void
}): React.ReactNode {
  const { t } = useTranslation('territories')
  const { run } = props
  const byId = useMemo(() => new Map(props.customers.map((c) => [c.id, c])), [props.customers])
  const names = (ids: string[]): string => {
    const shown = ids.slice(0, 8).map((id) => byId.get(id)?.name ?? id)
    return shown.join(t('sep')) + (ids.length > shown.length ? t('andMore', { count: ids.length - shown.length }) : '')
  }
  const noLocation = run.unmatched.filter((id) => !hasLocation(byId.get(id) ?? {}))
  const noRule = run.unmatched.filter((id) => hasLocation(byId.get(id) ?? {}))
  const writes = run.moves.length
  return (
    <Modal opened onClose={props.onClose} title={t('run.title')} size="xl">
      <Stack gap="sm" data-testid="territory-run">
        <Text size="sm">
          {writes === 0 ? t('run.nothing') : t('run.summary', { count: writes, deals: run.dealMoves.length })}
        </Text>
        {run.perTeam.length > 0 && (
          <Table withTableBorder fz="sm" aria-label={t('run.perTeam')} data-testid="run-per-team">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('run.team')}</Table.Th>
                <Table.Th>{t('run.in')}</Table.Th>
                <Table.Th>{t('run.out')}</Table.Th>
                <Table.Th>{t('run.pipelineIn')}</Table.Th>
                <Table.Th>{t('run.pipelineOut')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.perTeam.map((d) => (
                <Table.Tr key={d.team} aria-label={props.targetName(d.team)}>
                  <Table.Td>{props.targetName(d.team)}</Table.Td>
                  <Table.Td className="tabular">{d.customersIn}</Table.Td>
                  <Table.Td className="tabular">{d.customersOut}</Table.Td>
                  <Table.Td>
                    <Pipeline amounts={d.pipelineIn} rates={props.rates} />
                  </Table.Td>
                  <Table.Td>
                    <Pipeline amounts={d.pipelineOut} rates={props.rates} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {run.perRep.length > 0 && (
          <Table withTableBorder fz="sm" aria-label={t('run.perRep')} data-testid="run-per-rep">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('run.rep')}</Table.Th>
                <Table.Th>{t('run.holding')}</Table.Th>
                <Table.Th>{t('run.handed')}</Table.Th>
                <Table.Th>{t('run.pipelineIn')}</Table.Th>
                <Table.Th>{t('run.leftInPool')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.perRep.map((r) => (
                <Table.Tr key={r.repId} aria-label={props.targetName(r.team, r.repId)}>
                  <Table.Td>{props.targetName(r.team, r.repId)}</Table.Td>
                  <Table.Td className="tabular">
                    {r.cap === undefined ? r.holding : t('run.ofCap', { holding: r.holding, cap: r.cap })}
                  </Table.Td>
                  <Table.Td className="tabular">{r.customersIn.length}</Table.Td>
                  <Table.Td>
                    <Pipeline amounts={r.pipelineIn} rates={props.rates} />
                  </Table.Td>
                  <Table.Td>
                    {r.leftInPool.length > 0 ? (
                      <Tooltip label={names(r.leftInPool)} multiline maw={360}>
                        <Badge color="orange" variant="light" data-testid="left-in-pool">
                          {t('run.leftCount', { count: r.leftInPool.length })}
                        </Badge>
                      </Tooltip>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {run.perRep.some((r) => r.leftInPool.length > 0) && (
          <Text size="xs" c="dimmed">
            {t('run.capNote')}
          </Text>
        )}
        <Stack gap={2} data-testid="run-unmatched">
          <Text size="sm" fw={600}>
            {t('run.unmatched', { count: run.unmatched.length })}
          </Text>
          {noLocation.length > 0 && (
            <Text size="xs">{t('run.noLocation', { count: noLocation.length, names: names(noLocation) })}</Text>
          )}
          {noRule.length > 0 && <Text size="xs">{t('run.noRule', { count: noRule.length, names: names(noRule) })}</Text>}
        </Stack>
        {run.conflicts.length > 0 && (
          <Text size="xs" c="orange.8">
            {t('run.conflicts', { count: run.conflicts.length, names: names(run.conflicts) })}
          </Text>
        )}
        {run.held.length > 0 && <Text size="xs">{t('run.held', { count: run.held.length, names: names(run.held) })}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button onClick={props.onApply} loading={props.busy} disabled={writes === 0}>
            {t('run.apply', { count: writes })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
