import { useMemo, useState } from 'react'
import { ActionIcon, Badge, Button, Group, NumberInput, SegmentedControl, Table, Text } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { notifications } from '@mantine/notifications'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Target, User } from '@shared/model'
import { findTarget, METRICS, PERIODS, periodRange, rollUpTargets, shiftPeriod, stretchBelowObjective, toEntered, toStored, type Metric, type Period } from '@shared/domain/targets'
import { getDb } from '../../db/database'
import { saveTarget } from '../../db/rhythm'
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
function TargetRow(p: { row: Row; target: Target | undefined; metric: Metric; period: Period; periodStart: string; rollUp?: { objective: number; stretch: number; withTarget: number; reps: number } }): React.ReactNode {
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
        <Button size="compact-xs" variant="light" disabled={!dirty} onClick={() => void save()}>
          {t('targets.save')}
        </Button>
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

  if (!targets) return <Text c="dimmed">{t('common:common.loading')}</Text>
  return (
    <div>
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
            {rows.map((row) => {
              const target = findTarget(targets, row.scopeKind, row.scopeId, period, range.periodStart, metric)
              const rollUp = row.scopeKind === 'orgUnit' ? rollUpTargets(targets, row.scopeId, orgUnits, users, period, range.periodStart, metric) : undefined
              // Keyed by what is edited, so switching period or metric starts from the stored values.
              const key = `${row.scopeId}|${period}|${range.periodStart}|${metric}|${target?.objective ?? ''}|${target?.stretch ?? ''}`
              return <TargetRow key={key} row={row} target={target} metric={metric} period={period} periodStart={range.periodStart} {...(rollUp ? { rollUp } : {})} />
            })}
          </Table.Tbody>
        </Table>
      </Guarded>
    </div>
  )
}
