import { useMemo, useState } from 'react'
import { ActionIcon, Anchor, Button, Group, Modal, Progress, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Target, User, VisitKind } from '@shared/model'
import { actualsByRep, findTarget, periodRange, type Metric, type Period } from '@shared/domain/targets'
import { VISIT_KINDS, isPlanVisit, quotaTotal } from '@shared/domain/eight-visit'
import { getDb } from '../../db/database'
import { addPlannedVisit } from '../../db/rhythm'
import { useLocale } from '../../app/preferences'
import { formatDay, formatMoney, formatCount, formatTime } from '../../ui/format'
import { DAY_MS, startOfDay, zoneOffsetMs } from '@shared/domain/calendar'
import { DayJump } from '../dataset/DayJump'
import { useActivitiesBetween, useQuotaByRep } from './use-rhythm-data'
import { useNewCustomerFirsts } from './use-new-customers'
import { inOneCurrency } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { ExportMenu } from '../export/ExportMenu'
import { kickoffTable, type KickoffRow } from './export-tables'

const SLOT_MS = 30 * 60_000
/** Visits are planned in half-hour slots across a long working day (dinners with customers run late). */
const FIRST_SLOT_H = 7
const LAST_SLOT_H = 22

/**
 * The rep states a visit at the kickoff and it goes on today's plan: one of their customers, the
 * kind (new / follow-up / closing) and a half-hour slot, the next one ahead by default. Earlier
 * slots stay open: a visit made this morning that never got on the plan belongs there too.
 */
function AddToPlanModal({ rep, dayStart, now, onClose }: { rep: User; dayStart: number; now: number; onClose: () => void }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const own = useLiveQuery(() => getDb().customers.where('ownerId').equals(rep.id).filter((c) => !c.deleted).toArray(), [rep.id])
  const slots = useMemo(() => {
    const out: number[] = []
    for (let at = dayStart + FIRST_SLOT_H * 3_600_000; at <= dayStart + LAST_SLOT_H * 3_600_000; at += SLOT_MS) out.push(at)
    return out
  }, [dayStart])
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [kind, setKind] = useState<VisitKind>('follow_up')
  const [at, setAt] = useState<string>(() => String(slots.find((s) => s > now) ?? slots[slots.length - 1]))
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    if (!customerId || !at) return
    setBusy(true)
    try {
      await addPlannedVisit({ customerId, userId: rep.id, at: Number(at), visitKind: kind })
      notifications.show({ color: 'teal', message: t('kickoff.addedToPlan', { rep: rep.name }) })
      onClose()
    } catch (e) {
      notifications.show({ color: 'red', message: String(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('kickoff.addTitle', { rep: rep.name })}>
      <Stack gap="xs">
        <Select
          label={t('kickoff.customer')}
          data={(own ?? []).sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ value: c.id, label: c.name }))}
          value={customerId}
          onChange={setCustomerId}
          searchable
          nothingFoundMessage={t('kickoff.noCustomers')}
          data-testid="plan-customer"
        />
        <SegmentedControl value={kind} onChange={(v) => setKind(v as VisitKind)} data={VISIT_KINDS.map((k) => ({ value: k, label: t(`common:visitKinds.${k}`) }))} data-testid="plan-kind" />
        <Select
          label={t('kickoff.time')}
          data={slots.map((s) => ({ value: String(s), label: formatTime(s, locale, timeZone) }))}
          value={at}
          onChange={(v) => v && setAt(v)}
          allowDeselect={false}
          data-testid="plan-time"
        />
        <Group justify="flex-end">
          <Button onClick={() => void save()} loading={busy} disabled={!customerId || !at}>
            {t('kickoff.addToPlan')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

const COLUMNS: [Period, Metric][] = [
  ['month', 'won_amount'],
  ['month', 'new_customers'],
  ['month', 'visits'],
  ['week', 'visits'],
  ['day', 'visits']
]

/**
 * The morning kickoff (早启动): for each rep, month / week / day targets — the company's
 * objective beside the rep's own stretch — how far they are, and today's visit plan, in the
 * order the manager goes round the room.
 */
export function KickoffView({
  reps,
  now: clock,
  offset = 0,
  onOffset,
  onOpenReview
}: {
  reps: readonly User[]
  now: number
  /** The day of the kickoff, in days from today (any day, for a kickoff held late or looked back on). */
  offset?: number
  onOffset?(offset: number): void
  /** Open the evening review of a day (days from today): Monday's kickoff opens Friday's review. */
  onOpenReview?(offset: number): void
}): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const realToday = startOfDay(clock, timeZone)
  const dayStart = startOfDay(realToday + offset * DAY_MS + 2 * 3_600_000, timeZone)
  // The same time of day on the day chosen: the periods (month, week, day) are those holding it.
  const now = offset === 0 ? clock : dayStart + (clock - realToday)
  // The last working day before the kickoff's (Saturday and Sunday skipped).
  const lastWorkday = useMemo(() => {
    let d = startOfDay(dayStart - DAY_MS + 2 * 3_600_000, timeZone)
    for (let i = 0; i < 3; i++) {
      const weekday = new Date(d + 12 * 3_600_000 + zoneOffsetMs(d, timeZone)).getUTCDay()
      if (weekday !== 0 && weekday !== 6) break
      d = startOfDay(d - DAY_MS + 2 * 3_600_000, timeZone)
    }
    return d
  }, [dayStart, timeZone])
  const [planning, setPlanning] = useState<User | null>(null)
  // Each rep is held to their own team's split.
  const quotaOf = useQuotaByRep()
  const ranges = useMemo(
    () => ({ month: periodRange('month', now, timeZone), week: periodRange('week', now, timeZone), day: periodRange('day', now, timeZone) }),
    [now, timeZone]
  )
  const from = Math.min(ranges.month.start, ranges.week.start)
  const to = Math.max(ranges.month.end, ranges.week.end)
  const activities = useActivitiesBetween(from, to)
  const rates = useCurrencyRates()
  const deals = useLiveQuery(() => getDb().deals.where('status').equals('won').filter((d) => (d.closedAt ?? 0) >= from).toArray(), [from])
  const { firsts } = useNewCustomerFirsts()
  const targets = useLiveQuery(
    () => getDb().targets.where('periodStart').anyOf([ranges.month.periodStart, ranges.week.periodStart, ranges.day.periodStart]).toArray(),
    [ranges]
  )
  const actuals = useMemo(() => {
    if (!activities || !deals || !firsts) return null
    // Won amounts in the currency targets are set in (the totals currency), converted when mixed.
    const input = { deals, activities, firsts }
    return {
      month: actualsByRep(input, ranges.month.start, ranges.month.end, { rates }),
      week: actualsByRep(input, ranges.week.start, ranges.week.end, { rates }),
      day: actualsByRep(input, ranges.day.start, ranges.day.end, { rates })
    }
  }, [activities, deals, firsts, ranges, rates])
  // Which currencies the won columns converted (or had to leave out), said under the table.
  const totalNote = useTotalNote()
  const wonIn = useMemo(() => inOneCurrency(deals ?? [], rates, rates.base), [deals, rates])
  const plans = useMemo(() => {
    const out = new Map<string, Record<string, number>>()
    for (const a of activities ?? []) {
      if (a.at < ranges.day.start || a.at >= ranges.day.end || !isPlanVisit(a)) continue
      const row = out.get(a.userId) ?? { new: 0, follow_up: 0, closing: 0, none: 0 }
      row[a.visitKind ?? 'none']!++
      out.set(a.userId, row)
    }
    return out
  }, [activities, ranges])

  if (!actuals || !targets) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const active = reps.filter((r) => r.active && (r.leftAt === undefined || r.leftAt > now))
  const fmt = (metric: Metric, v: number): string => (metric === 'won_amount' ? formatMoney(v, rates.base, locale) : formatCount(v, locale))

  const cell = (rep: User, period: Period, metric: Metric): React.ReactNode => {
    const target: Target | undefined = findTarget(targets, 'user', rep.id, period, ranges[period].periodStart, metric)
    const actual = actuals[period].get(rep.id)?.[metric] ?? 0
    if (!target) {
      return (
        <Text size="xs" c="dimmed">
          {fmt(metric, actual)} · {t('kickoff.noTarget')}
        </Text>
      )
    }
    const ratio = target.objective > 0 ? actual / target.objective : 1
    return (
      <Stack gap={2}>
        <Text size="sm" className="tabular" fw={500}>
          {fmt(metric, actual)}
        </Text>
        <Progress size="sm" value={Math.min(100, ratio * 100)} color={ratio >= 1 ? 'teal' : 'blue'} />
        <Text size="xs" c="dimmed" className="tabular">
          {t('kickoff.objective', { value: fmt(metric, target.objective) })}
          {target.stretch !== undefined ? ` · ${t('kickoff.stretch', { value: fmt(metric, target.stretch) })}` : ''}
        </Text>
      </Stack>
    )
  }

  const exportRows = (): KickoffRow[] =>
    active.map((rep) => {
      const plan = plans.get(rep.id)
      return {
        rep: rep.name,
        cells: COLUMNS.map(([p, m]) => {
          const target = findTarget(targets, 'user', rep.id, p, ranges[p].periodStart, m)
          return { label: t(`kickoff.col.${p}_${m}`), actual: actuals[p].get(rep.id)?.[m] ?? 0, objective: target?.objective ?? null, stretch: target?.stretch ?? null, money: m === 'won_amount' }
        }),
        planned: plan ? plan.new! + plan.follow_up! + plan.closing! + plan.none! : 0,
        plannedByKind: plan ?? {}
      }
    })

  return (
    <>
      {planning && <AddToPlanModal rep={planning} dayStart={ranges.day.start} now={now} onClose={() => setPlanning(null)} />}
      <Group justify="space-between" mb="xs">
        <Group gap={4}>
          {onOffset && (
            <>
              <ActionIcon variant="subtle" aria-label={t('board.prevDay')} onClick={() => onOffset(offset - 1)}>
                <IconChevronLeft size={16} />
              </ActionIcon>
              <Text size="sm" fw={500} miw={110} ta="center" data-testid="kickoff-day">
                {offset === 0 ? t('board.today') : formatDay(dayStart, locale, timeZone)}
              </Text>
              <ActionIcon variant="subtle" aria-label={t('board.nextDay')} disabled={offset >= 0} onClick={() => onOffset(Math.min(0, offset + 1))}>
                <IconChevronRight size={16} />
              </ActionIcon>
              <DayJump day={dayStart} today={realToday} onOffset={(o) => onOffset(Math.min(0, o))} />
            </>
          )}
          {onOpenReview && (
            <Button size="compact-sm" variant="light" ml="sm" data-testid="kickoff-open-review" onClick={() => onOpenReview(Math.round((lastWorkday - realToday) / DAY_MS))}>
              {t('review.openReview', { day: formatDay(lastWorkday, locale, timeZone) })}
            </Button>
          )}
        </Group>
        {(wonIn.converted.length > 0 || wonIn.missing.length > 0) && (
          <Text size="xs" c="dimmed" data-testid="kickoff-currency-note">
            {totalNote({ amount: 0, currency: rates.base, converted: wonIn.converted, missing: wonIn.missing }, rates)}
          </Text>
        )}
        <ExportMenu title={t('tabs.kickoff')} tables={() => [kickoffTable(t('tabs.kickoff'), exportRows(), t, rates.base)]} />
      </Group>
      <Table verticalSpacing={6} fz="sm" data-testid="kickoff">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('board.rep')}</Table.Th>
            {COLUMNS.map(([p, m]) => (
              <Table.Th key={`${p}-${m}`}>{t(`kickoff.col.${p}_${m}`)}</Table.Th>
            ))}
            <Table.Th>{t('kickoff.todayPlan')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {active.map((rep) => {
            const plan = plans.get(rep.id)
            const planned = plan ? plan.new! + plan.follow_up! + plan.closing! + plan.none! : 0
            return (
              <Table.Tr key={rep.id} data-testid={`kickoff-${rep.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/reps/${rep.id}`} size="sm">
                    {rep.name}
                  </Anchor>
                </Table.Td>
                {COLUMNS.map(([p, m]) => (
                  <Table.Td key={`${p}-${m}`} miw={120} data-col={`${p}_${m}`}>
                    {cell(rep, p, m)}
                  </Table.Td>
                ))}
                <Table.Td data-col="plan">
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="sm" fw={500} c={planned < quotaTotal(quotaOf(rep.id)) ? 'orange.7' : undefined} data-testid={`kickoff-planned-${rep.id}`}>
                      {t('kickoff.planned', { count: planned })}
                    </Text>
                    {/* A past kickoff is looked back on: a visit planned into a day gone by would only show as missed. */}
                    {offset >= 0 && (
                      <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setPlanning(rep)}>
                        {t('kickoff.addToPlan')}
                      </Button>
                    )}
                  </Group>
                  <Group gap={6}>
                    {VISIT_KINDS.map((k) => (
                      <Text key={k} size="xs" c="dimmed">
                        {t(`common:visitKinds.${k}`)} {plan?.[k] ?? 0}
                      </Text>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="kickoff-total">
            <Table.Td fw={600}>{t('review.teamTotal')}</Table.Td>
            {COLUMNS.map(([p, m]) => {
              // The team's figure: what the reps did, against the sum of their objectives.
              let actual = 0
              let objective = 0
              for (const rep of active) {
                actual += actuals[p].get(rep.id)?.[m] ?? 0
                objective += findTarget(targets, 'user', rep.id, p, ranges[p].periodStart, m)?.objective ?? 0
              }
              return (
                <Table.Td key={`${p}-${m}`} data-col={`${p}_${m}`}>
                  <Text size="sm" className="tabular" fw={600}>
                    {fmt(m, actual)}
                  </Text>
                  {objective > 0 && (
                    <Text size="xs" c="dimmed" className="tabular">
                      {t('kickoff.objective', { value: fmt(m, objective) })}
                    </Text>
                  )}
                </Table.Td>
              )
            })}
            <Table.Td fw={600}>{t('kickoff.planned', { count: active.reduce((n, rep) => n + Object.values(plans.get(rep.id) ?? {}).reduce((a, b) => a + b, 0), 0) })}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </>
  )
}
