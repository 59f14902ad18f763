import { useMemo, useState } from 'react'
import { ActionIcon, Anchor, Badge, Group, Modal, Table, Text, UnstyledButton } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Activity, BehaviourSheet, User } from '@shared/model'
import { isPlanVisit, quotaTotal } from '@shared/domain/eight-visit'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { formatDay, formatMoney, formatTime } from '../../ui/format'
import { DayJump } from '../dataset/DayJump'
import { useActivitiesBetween, useCustomerMap, useQuotaByRep } from './use-rhythm-data'
import { inOneCurrency } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { ExportMenu } from '../export/ExportMenu'
import { reviewTable } from './export-tables'

/** A sheet counts only when the rep wrote what came out of the visit, not just the plan. */
function hasReviewedSheet(b: BehaviourSheet | undefined): boolean {
  return Boolean(b && (b.needsUncovered?.trim() || b.impressionLeft?.trim()))
}

interface ReviewRow {
  planned: number
  done: number
  withoutSheet: number
  rideAlongs: number
  rolePlays: number
  proposals: number
  tomorrow: number
  /** The day's outcomes: deals moved a stage, deals won (and their amount), customers taken from the pool. */
  moves: number
  won: number
  wonAmount: number
  claims: number
  /** The visits behind the counts, so every count opens them. */
  visits: { planned: Activity[]; withoutSheet: Activity[]; tomorrow: Activity[]; rideAlongs: Activity[] }
}

const emptyRow = (): ReviewRow => ({
  planned: 0, done: 0, withoutSheet: 0, rideAlongs: 0, rolePlays: 0, proposals: 0, tomorrow: 0, moves: 0, won: 0, wonAmount: 0, claims: 0,
  visits: { planned: [], withoutSheet: [], tomorrow: [], rideAlongs: [] }
})
type VisitList = keyof ReviewRow['visits']

/** The team's total: every count summed, every visit list joined. */
function totalRow(rows: readonly ReviewRow[]): ReviewRow {
  const t = emptyRow()
  for (const r of rows) {
    for (const k of ['planned', 'done', 'withoutSheet', 'rideAlongs', 'rolePlays', 'proposals', 'tomorrow', 'moves', 'won', 'wonAmount', 'claims'] as const) t[k] += r[k]
    for (const k of Object.keys(t.visits) as VisitList[]) t.visits[k].push(...r.visits[k])
  }
  return t
}

/**
 * The evening review (晚复盘): what was planned against what was done, the visits still
 * missing their behaviour control sheet, the ride-alongs and role-plays held, proposals
 * prepared, and whether tomorrow's eight are on the plan yet.
 */
export function ReviewView({ reps, now, offset, onOffset }: { reps: readonly User[]; now: number; offset: number; onOffset(offset: number): void }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  // Each rep is held to their own team's split.
  const quotaOf = useQuotaByRep()
  const customers = useCustomerMap()
  const [opened, setOpened] = useState<{ title: string; visits: Activity[] } | null>(null)
  // The day reviewed: today, or any day before (Monday's kickoff opens Friday's review).
  const realToday = startOfDay(now, timeZone)
  const today = startOfDay(realToday + offset * DAY_MS + 2 * 3_600_000, timeZone)
  const tomorrow = startOfDay(today + DAY_MS + 2 * 3_600_000, timeZone)
  const dayAfter = startOfDay(tomorrow + DAY_MS + 2 * 3_600_000, timeZone)
  const activities = useActivitiesBetween(today, dayAfter)
  // Outcomes: stage moves and deals won today, read by date through their indexes.
  const moves = useLiveQuery(async () => {
    const list = await getDb().stageHistory.where('at').between(today, tomorrow, true, false).toArray()
    const deals = await getDb().deals.bulkGet([...new Set(list.map((m) => m.dealId))])
    const owner = new Map(deals.flatMap((d) => (d ? [[d.id, d.ownerId] as const] : [])))
    // A move counts for the deal's owner: the rep whose deal it is, whoever clicked.
    return list.filter((m) => m.fromStageId !== null).map((m) => owner.get(m.dealId) ?? m.byUserId)
  }, [today, tomorrow])
  const won = useLiveQuery(
    () => getDb().deals.where('status').equals('won').filter((d) => !d.deleted && d.closedAt !== undefined && d.closedAt >= today && d.closedAt < tomorrow).toArray(),
    [today, tomorrow]
  )
  // Won amounts add like with like (converted with the rates in Settings when mixed).
  const rates = useCurrencyRates()
  const wonOne = useMemo(() => inOneCurrency(won ?? [], rates), [won, rates])
  const rows = useMemo(() => {
    const out = new Map<string, ReviewRow>()
    const row = (id: string): ReviewRow => {
      let r = out.get(id)
      if (!r) out.set(id, (r = emptyRow()))
      return r
    }
    for (const ownerId of moves ?? []) row(ownerId).moves++
    for (const d of wonOne.items) {
      const r = row(d.ownerId)
      r.won++
      if (d.amount !== undefined) r.wonAmount += d.amount
    }
    for (const a of activities ?? ([] as Activity[])) {
      if (a.at >= tomorrow) {
        if (isPlanVisit(a)) {
          const r = row(a.userId)
          r.tomorrow++
          r.visits.tomorrow.push(a)
        }
        continue
      }
      const r = row(a.userId)
      // Every ride-along that happened counts, whether it stands for the visit or was logged against it.
      if (a.kind === 'ride_along' && a.status !== 'planned' && a.status !== 'cancelled') {
        r.rideAlongs++
        r.visits.rideAlongs.push(a)
      }
      if (isPlanVisit(a)) {
        r.planned++
        r.visits.planned.push(a)
        if (a.status !== 'planned') {
          r.done++
          if (!hasReviewedSheet(a.behaviour)) {
            r.withoutSheet++
            r.visits.withoutSheet.push(a)
          }
        }
      } else if (a.kind === 'role_play') r.rolePlays++
      else if (a.kind === 'proposal') r.proposals++
      else if (a.kind === 'pool_claim') r.claims++
    }
    return out
  }, [activities, tomorrow, moves, wonOne])

  if (!activities) return <Text c="dimmed">{t('common:common.loading')}</Text>
  // Reps who were on the team on the day reviewed.
  const active = reps.filter((r) => (r.active || (r.leftAt !== undefined && r.leftAt > today)) && (r.leftAt === undefined || r.leftAt > today))
  const empty = emptyRow()
  const total = totalRow(active.map((rep) => rows.get(rep.id) ?? empty))
  const dayLabel = formatDay(today, locale, timeZone)
  // A count that opens the visits behind it.
  const count = (label: React.ReactNode, who: string, list: VisitList, r: ReviewRow, testId?: string): React.ReactNode =>
    r.visits[list].length === 0 ? (
      label
    ) : (
      <UnstyledButton
        data-testid={testId}
        style={{ textDecoration: 'underline dotted', textUnderlineOffset: 3 }}
        onClick={() => setOpened({ title: `${who} · ${t(`review.open.${list}`)} · ${dayLabel}`, visits: [...r.visits[list]].sort((a, b) => a.at - b.at) })}
      >
        {label}
      </UnstyledButton>
    )
  const outcomes = (r: ReviewRow): string => {
    const parts: string[] = []
    if (r.moves > 0) parts.push(t('review.moves', { count: r.moves }))
    if (r.won > 0) parts.push(t('review.won', { count: r.won, amount: formatMoney(r.wonAmount, wonOne.currency, locale) }))
    if (r.claims > 0) parts.push(t('review.claims', { count: r.claims }))
    return parts.length > 0 ? parts.join(' · ') : '—'
  }
  // A fragment, not a re-indented tree: the table below stays as it was (other branches edit it).
  return (
    <>
    <Group justify="space-between" mb="xs">
      <Group gap={4}>
        <ActionIcon variant="subtle" aria-label={t('board.prevDay')} onClick={() => onOffset(offset - 1)}>
          <IconChevronLeft size={16} />
        </ActionIcon>
        <Text size="sm" fw={500} miw={110} ta="center" data-testid="review-day">
          {offset === 0 ? t('board.today') : dayLabel}
        </Text>
        <ActionIcon variant="subtle" aria-label={t('board.nextDay')} disabled={offset >= 0} onClick={() => onOffset(Math.min(0, offset + 1))}>
          <IconChevronRight size={16} />
        </ActionIcon>
        <DayJump day={today} today={realToday} onOffset={(o) => onOffset(Math.min(0, o))} />
      </Group>
      <ExportMenu title={t('tabs.review')} tables={() => [reviewTable(t('tabs.review'), active.map((rep) => ({ rep: rep.name, ...(rows.get(rep.id) ?? empty) })), t, wonOne.currency)]} />
    </Group>
    <Table verticalSpacing={4} fz="sm" data-testid="review">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('board.rep')}</Table.Th>
          <Table.Th>{t('review.planVsDone')}</Table.Th>
          <Table.Th>{t('review.outcomes')}</Table.Th>
          <Table.Th>{t('review.withoutSheet')}</Table.Th>
          <Table.Th>{t('review.rideAlongs')}</Table.Th>
          <Table.Th>{t('review.rolePlays')}</Table.Th>
          <Table.Th>{t('review.proposals')}</Table.Th>
          <Table.Th>{t('review.tomorrow')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {active.map((rep) => {
          const r = rows.get(rep.id) ?? empty
          return (
            <Table.Tr key={rep.id} data-rep={rep.name}>
              <Table.Td>
                <Anchor component={Link} to={`/reps/${rep.id}`} size="sm">
                  {rep.name}
                </Anchor>
              </Table.Td>
              <Table.Td className="tabular" c={r.done < r.planned ? 'orange.7' : undefined}>
                {count(t('review.doneOfPlanned', { done: r.done, planned: r.planned }), rep.name, 'planned', r, `review-planned-${rep.id}`)}
              </Table.Td>
              <Table.Td data-col="outcomes">
                <Text size="sm" c={r.moves + r.won + r.claims === 0 ? 'dimmed' : undefined}>
                  {outcomes(r)}
                </Text>
              </Table.Td>
              <Table.Td>{r.withoutSheet > 0 ? count(<Badge color="orange" variant="light">{r.withoutSheet}</Badge>, rep.name, 'withoutSheet', r) : <Text size="sm" c="dimmed">0</Text>}</Table.Td>
              <Table.Td className="tabular">{count(r.rideAlongs, rep.name, 'rideAlongs', r)}</Table.Td>
              <Table.Td className="tabular">{r.rolePlays}</Table.Td>
              <Table.Td className="tabular">{r.proposals}</Table.Td>
              <Table.Td>
                <Text size="sm" className="tabular" c={r.tomorrow < quotaTotal(quotaOf(rep.id)) ? 'orange.7' : 'teal.7'} data-testid={`tomorrow-${rep.id}`}>
                  {count(t('review.tomorrowPlanned', { count: r.tomorrow }), rep.name, 'tomorrow', r)}
                </Text>
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr data-testid="review-total" fw={600}>
          <Table.Td>{t('review.teamTotal')}</Table.Td>
          <Table.Td className="tabular">{count(t('review.doneOfPlanned', { done: total.done, planned: total.planned }), t('review.teamTotal'), 'planned', total, 'review-planned-total')}</Table.Td>
          <Table.Td>
            <Text size="sm">{outcomes(total)}</Text>
          </Table.Td>
          <Table.Td className="tabular">{count(total.withoutSheet, t('review.teamTotal'), 'withoutSheet', total)}</Table.Td>
          <Table.Td className="tabular">{count(total.rideAlongs, t('review.teamTotal'), 'rideAlongs', total)}</Table.Td>
          <Table.Td className="tabular">{total.rolePlays}</Table.Td>
          <Table.Td className="tabular">{total.proposals}</Table.Td>
          <Table.Td className="tabular">{count(t('review.tomorrowPlanned', { count: total.tomorrow }), t('review.teamTotal'), 'tomorrow', total)}</Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
    <Modal opened={opened !== null} onClose={() => setOpened(null)} title={opened?.title} size="lg" centered>
      <Table fz="sm" verticalSpacing={3} data-testid="review-visits">
        <Table.Tbody>
          {(opened?.visits ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td className="tabular">{formatTime(a.at, locale, timeZone)}</Table.Td>
              <Table.Td>{reps.find((r) => r.id === a.userId)?.name ?? a.userId}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                  {customers?.get(a.customerId)?.name ?? a.customerId}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={a.status === 'planned' ? 'blue' : a.status === 'cancelled' ? 'gray' : 'teal'}>
                  {t(`review.status.${a.status ?? 'done'}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {a.subject ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
    </>
  )
}
