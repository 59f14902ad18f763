import { useMemo, useState } from 'react'
import { ActionIcon, Badge, Button, Group, Modal, NumberInput, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Target, User } from '@shared/model'
import { actualsByRep, findTarget, METRICS, PERIODS, periodRange, rollUpTargets, shiftPeriod, spreadTarget, stretchBelowObjective, toEntered, toStored, type Metric, type Period, type SpreadMode } from '@shared/domain/targets'
import { getDb } from '../../db/database'
import { saveSpreadTargets, saveTarget } from '../../db/rhythm'
import { useActivitiesBetween } from './use-rhythm-data'
import { useNewCustomerFirsts } from './use-new-customers'
import { Guarded } from '../../session/Guarded'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { formatCount, formatDate, formatMoney } from '../../ui/format'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { ExportMenu } from '../export/ExportMenu'
import { targetsTable } from './export-tables'

interface Row {
  scopeKind: Target['scopeKind']
  scopeId: string
  name: string
  level: 0 | 1 | 2
}

/** One scope's objective and stretch, edited in place and saved through the write path. */
function TargetRow(p: { row: Row; target: Target | undefined; metric: Metric; period: Period; periodStart: string; rollUp?: { objective: number; stretch: number; withTarget: number; reps: number }; onSpread?: () => void }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale } = useLocale()
  const stored = { objective: p.target?.objective, stretch: p.target?.stretch }
  const [objective, setObjective] = useState<number | ''>(stored.objective !== undefined ? toEntered(p.metric, stored.objective) : '')
  const [stretch, setStretch] = useState<number | ''>(stored.stretch !== undefined ? toEntered(p.metric, stored.stretch) : '')
  const nextObjective = objective === '' ? undefined : toStored(p.metric, objective)
  const nextStretch = stretch === '' ? undefined : toStored(p.metric, stretch)
  const dirty = nextObjective !== stored.objective || nextStretch !== stored.stretch
  // The stretch is the rep's own higher bar: below the objective it means a typo or a swap.
  const stretchBelow = stretchBelowObjective(nextObjective, nextStretch)
  // Money targets are in the currency totals are shown in (Settings → Currencies).
  const { base } = useCurrencyRates()
  const fmt = (v: number): string => (p.metric === 'won_amount' ? formatMoney(v, base, locale) : formatCount(v, locale))
  const save = async (): Promise<void> => {
    try {
      await saveTarget({
        ...(p.target ? { id: p.target.id } : {}),
        scopeKind: p.row.scopeKind,
        scopeId: p.row.scopeId,
        period: p.period,
        periodStart: p.periodStart,
        metric: p.metric,
        objective: nextObjective ?? 0,
        ...(nextStretch !== undefined ? { stretch: nextStretch } : {})
      })
      notifications.show({ color: 'teal', message: t('targets.saved') })
    } catch (e) {
      notifications.show({ color: 'red', message: String(e) })
    }
  }
  const differs = p.rollUp && p.rollUp.withTarget > 0 && (p.target?.objective ?? 0) !== p.rollUp.objective
  return (
    <Table.Tr data-testid={`target-${p.row.scopeId}`} data-level={p.row.level}>
      <Table.Td pl={8 + p.row.level * 18}>
        <Text size="sm" fw={p.row.level < 2 ? 600 : 400}>
          {p.row.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <NumberInput size="xs" w={130} min={0} value={objective} onChange={(v) => setObjective(typeof v === 'number' ? v : '')} aria-label={t('targets.objective')} thousandSeparator="," />
      </Table.Td>
      <Table.Td>
        <NumberInput
          size="xs"
          w={130}
          min={0}
          value={stretch}
          onChange={(v) => setStretch(typeof v === 'number' ? v : '')}
          aria-label={t('targets.stretch')}
          thousandSeparator=","
          error={stretchBelow ? t('targets.stretchBelow') : undefined}
          data-testid="stretch-input"
        />
      </Table.Td>
      <Table.Td>
        {p.rollUp ? (
          <Group gap={6} wrap="nowrap">
            <Text size="xs" className="tabular" c={differs ? 'orange.7' : 'dimmed'}>
              {t('targets.rollUpValue', { objective: fmt(p.rollUp.objective), stretch: fmt(p.rollUp.stretch), with: p.rollUp.withTarget, reps: p.rollUp.reps })}
            </Text>
            {differs && (
              <Badge size="xs" color="orange" variant="light" data-testid="rollup-differs">
                {t('targets.differs')}
              </Badge>
            )}
          </Group>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="light" disabled={!dirty} onClick={() => void save()}>
            {t('targets.save')}
          </Button>
          {p.onSpread && (
            <Button size="compact-xs" variant="subtle" onClick={p.onSpread} data-testid="spread-open">
              {t('targets.spread')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}

/**
 * The target editor (目标设定): for a period, each region, team and rep with the objective and
 * the stretch; beside each team and region the sum of its reps' targets, flagged when the
 * top-down number and the bottom-up one disagree.
 */
export function TargetsView({ reps, now }: { reps: readonly User[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  // Money targets are in the totals currency, as the rows show them.
  const { base } = useCurrencyRates()
  const { locale, timeZone } = useLocale()
  const { orgUnits, users } = useWorkspaceData()
  const { members } = useScope()
  const [period, setPeriod] = useState<Period>('month')
  const [metric, setMetric] = useState<Metric>('won_amount')
  const [offset, setOffset] = useState(0)
  const range = useMemo(() => periodRange(period, shiftPeriod(period, now, offset, timeZone), timeZone), [period, now, offset, timeZone])
  const targets = useLiveQuery(() => getDb().targets.where('periodStart').equals(range.periodStart).toArray(), [range.periodStart])

  const rows = useMemo(() => {
    const inScope = (id: string): boolean => members.orgUnitIds === null || members.orgUnitIds.has(id)
    const out: Row[] = []
    const activeReps = reps.filter((r) => r.active && (r.leftAt === undefined || r.leftAt > now))
    const teamsOf = (parent: string | null): typeof orgUnits => orgUnits.filter((o) => !o.deleted && o.kind === 'team' && o.parentId === parent && inScope(o.id))
    const addTeam = (teamId: string, name: string, level: 0 | 1): void => {
      out.push({ scopeKind: 'orgUnit', scopeId: teamId, name, level })
      for (const r of activeReps.filter((u) => u.orgUnitId === teamId)) out.push({ scopeKind: 'user', scopeId: r.id, name: r.name, level: 2 })
    }
    for (const region of orgUnits.filter((o) => !o.deleted && o.kind === 'region')) {
      const teams = teamsOf(region.id)
      if (teams.length === 0 && !inScope(region.id)) continue
      out.push({ scopeKind: 'orgUnit', scopeId: region.id, name: region.name, level: 0 })
      for (const team of teams) addTeam(team.id, team.name, 1)
    }
    for (const team of teamsOf(null)) addTeam(team.id, team.name, 0)
    return out
  }, [orgUnits, reps, members, now])

  const [spreading, setSpreading] = useState<{ team: Row; reps: Row[] } | null>(null)
  if (!targets) return <Text c="dimmed">{t('common:common.loading')}</Text>
  // A team's reps: the rep rows right under it.
  const repsUnder = (i: number): Row[] => {
    const out: Row[] = []
    for (let j = i + 1; j < rows.length && rows[j]!.scopeKind === 'user'; j++) out.push(rows[j]!)
    return out
  }
  return (
    <div>
      {spreading && (
        <SpreadModal
          team={spreading.team}
          reps={spreading.reps}
          metric={metric}
          period={period}
          periodStart={range.periodStart}
          rangeStart={range.start}
          teamTarget={findTarget(targets, 'orgUnit', spreading.team.scopeId, period, range.periodStart, metric)}
          onClose={() => setSpreading(null)}
        />
      )}
      <Group mb="sm" justify="space-between">
        <Group>
          <SegmentedControl size="xs" value={period} onChange={(v) => { setPeriod(v as Period); setOffset(0) }} data={PERIODS.map((p) => ({ value: p, label: t(`targets.period.${p}`) }))} data-testid="targets-period" />
          <SegmentedControl size="xs" value={metric} onChange={(v) => setMetric(v as Metric)} data={METRICS.map((m) => ({ value: m, label: t(`targets.metric.${m}`) }))} data-testid="targets-metric" />
        </Group>
        <Group gap={4}>
          <ActionIcon variant="subtle" aria-label={t('targets.prev')} onClick={() => setOffset(offset - 1)}>
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Text size="sm" fw={500} miw={150} ta="center" data-testid="targets-period-start">
            {t(`targets.from.${period}`, { date: formatDate(range.start, locale, timeZone) })}
          </Text>
          <ActionIcon variant="subtle" aria-label={t('targets.next')} onClick={() => setOffset(offset + 1)}>
            <IconChevronRight size={16} />
          </ActionIcon>
          <ExportMenu
            title={`${t('tabs.targets')} · ${t(`targets.metric.${metric}`)} · ${t(`targets.from.${period}`, { date: formatDate(range.start, locale, timeZone) })}`}
            tables={() => {
              const title = `${t(`targets.metric.${metric}`)} · ${t(`targets.from.${period}`, { date: formatDate(range.start, locale, timeZone) })}`
              return [
                targetsTable(
                  title,
                  rows.map((row) => {
                    const target = findTarget(targets, row.scopeKind, row.scopeId, period, range.periodStart, metric)
                    const r = row.scopeKind === 'orgUnit' ? rollUpTargets(targets, row.scopeId, orgUnits, users, period, range.periodStart, metric) : undefined
                    return {
                      name: row.name,
                      level: row.level,
                      objective: target?.objective ?? null,
                      stretch: target?.stretch ?? null,
                      rollUpObjective: r?.objective ?? null,
                      rollUpStretch: r?.stretch ?? null,
                      withTarget: r?.withTarget ?? null,
                      reps: r?.reps ?? null
                    }
                  }),
                  metric === 'won_amount',
                  t,
                  base
                )
              ]
            }}
          />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {metric === 'won_amount' ? t('targets.hintAmount') : t('targets.hintCount')}
      </Text>
      <Guarded permission="targets.set">
        <Table fz="sm" verticalSpacing={4} data-testid="targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('targets.scope')}</Table.Th>
              <Table.Th>{t('targets.objective')}</Table.Th>
              <Table.Th>{t('targets.stretch')}</Table.Th>
              <Table.Th>{t('targets.rollUp')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => {
              const target = findTarget(targets, row.scopeKind, row.scopeId, period, range.periodStart, metric)
              const rollUp = row.scopeKind === 'orgUnit' ? rollUpTargets(targets, row.scopeId, orgUnits, users, period, range.periodStart, metric) : undefined
              // Keyed by what is edited, so switching period or metric starts from the stored values.
              const key = `${row.scopeId}|${period}|${range.periodStart}|${metric}|${target?.objective ?? ''}|${target?.stretch ?? ''}`
              const under = row.scopeKind === 'orgUnit' ? repsUnder(i) : []
              return (
                <TargetRow
                  key={key}
                  row={row}
                  target={target}
                  metric={metric}
                  period={period}
                  periodStart={range.periodStart}
                  {...(rollUp ? { rollUp } : {})}
                  {...(under.length > 0 ? { onSpread: () => setSpreading({ team: row, reps: under }) } : {})}
                />
              )
            })}
          </Table.Tbody>
        </Table>
      </Guarded>
    </div>
  )
}

/**
 * Spread a team's objective over its reps before saving: evenly, by each rep's share of what the
 * team did last period, or by hand; the reps' sum is shown against the team's, and saving writes
 * every rep's objective in one write.
 */
function SpreadModal(p: {
  team: Row
  reps: Row[]
  metric: Metric
  period: Period
  periodStart: string
  rangeStart: number
  teamTarget: Target | undefined
  onClose: () => void
}): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const rates = useCurrencyRates()
  const { base } = rates
  const fmt = (v: number): string => (p.metric === 'won_amount' ? formatMoney(v, base, locale) : formatCount(v, locale))
  const last = useMemo(() => periodRange(p.period, shiftPeriod(p.period, p.rangeStart + 3_600_000, -1, timeZone), timeZone), [p.period, p.rangeStart, timeZone])
  const activities = useActivitiesBetween(last.start, last.end)
  const deals = useLiveQuery(() => getDb().deals.where('status').equals('won').toArray(), [])
  const { firsts } = useNewCustomerFirsts()
  // What each rep did last period on this metric (the one definition of actuals).
  const lastPeriod = useMemo(() => {
    if (!activities || !deals || !firsts) return null
    const a = actualsByRep({ deals, activities, firsts }, last.start, last.end, { rates })
    return new Map(p.reps.map((r) => [r.scopeId, a.get(r.scopeId)?.[p.metric] ?? 0]))
  }, [activities, deals, firsts, last, p.reps, p.metric, rates])
  const [total, setTotal] = useState<number | ''>(p.teamTarget ? toEntered(p.metric, p.teamTarget.objective) : '')
  const [mode, setMode] = useState<SpreadMode>('even')
  const [hand, setHand] = useState<Map<string, number>>(new Map())
  const ids = p.reps.map((r) => r.scopeId)
  const totalStored = total === '' ? 0 : toStored(p.metric, total)
  const computed = mode === 'hand' ? hand : spreadTarget(totalStored, ids, mode, lastPeriod ?? undefined)
  const sum = ids.reduce((n, id) => n + (computed.get(id) ?? 0), 0)
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    setBusy(true)
    try {
      await saveSpreadTargets(p.period, p.periodStart, p.metric, new Map(ids.map((id) => [id, computed.get(id) ?? 0])))
      notifications.show({ color: 'teal', message: t('targets.spreadSaved', { count: ids.length }) })
      p.onClose()
    } catch (e) {
      notifications.show({ color: 'red', message: String(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={p.onClose} centered size="lg" title={t('targets.spreadTitle', { team: p.team.name })}>
      <Stack gap="sm" data-testid="spread-dialog">
        <Group align="flex-end">
          <NumberInput
            size="xs"
            w={160}
            min={0}
            label={t('targets.spreadTotal')}
            value={total}
            thousandSeparator=","
            onChange={(v) => setTotal(typeof v === 'number' ? v : '')}
          />
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => {
              // Switching to "by hand" starts from the figures shown.
              if (v === 'hand') setHand(new Map(computed))
              setMode(v as SpreadMode)
            }}
            data={(['even', 'share', 'hand'] as SpreadMode[]).map((m) => ({ value: m, label: t(`targets.mode.${m}`) }))}
            data-testid="spread-mode"
          />
        </Group>
        <Table fz="sm" verticalSpacing={3}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('targets.scope')}</Table.Th>
              <Table.Th>{t('targets.lastPeriod')}</Table.Th>
              <Table.Th>{t('targets.objective')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.reps.map((r) => (
              <Table.Tr key={r.scopeId} data-testid={`spread-${r.scopeId}`}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td className="tabular">{lastPeriod ? fmt(lastPeriod.get(r.scopeId) ?? 0) : '…'}</Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    w={140}
                    min={0}
                    thousandSeparator=","
                    aria-label={`${r.name} ${t('targets.objective')}`}
                    value={toEntered(p.metric, computed.get(r.scopeId) ?? 0)}
                    onChange={(v) => {
                      const next = new Map(mode === 'hand' ? hand : computed)
                      next.set(r.scopeId, toStored(p.metric, typeof v === 'number' ? v : 0))
                      setHand(next)
                      setMode('hand')
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" c={sum !== totalStored ? 'orange.7' : 'teal.7'} data-testid="spread-sum">
          {t('targets.spreadSum', { sum: fmt(sum), total: fmt(totalStored) })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={p.onClose}>
            {t('pool.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={busy} disabled={ids.length === 0} data-testid="spread-save">
            {t('targets.spreadSave', { count: ids.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
