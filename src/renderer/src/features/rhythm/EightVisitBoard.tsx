import { Fragment, useMemo, useState } from 'react'
import { Anchor, Badge, Group, Table, Text, UnstyledButton } from '@mantine/core'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Activity, Customer, User } from '@shared/model'
import { IRON_ARMY_QUOTA, VISIT_KINDS, quotaTotal, tallyDay, type KindTally, type QuotaFor, type RepDayTally, type VisitQuota } from '@shared/domain/eight-visit'
import { useLocale } from '../../app/preferences'
import { formatTime } from '../../ui/format'

export type BoardRow = RepDayTally & { user: User; quota: VisitQuota }

/**
 * The board's rows for a day, in the order the manager goes through them: reps short of the
 * rule first. The board and its export both read them from here.
 */
export function boardRows(
  reps: readonly User[],
  activities: readonly Activity[],
  day: number,
  timeZone: string,
  quotaOf: (userId: string) => VisitQuota,
  isPast: boolean
): BoardRow[] {
  const byId = new Map(reps.map((r) => [r.id, r]))
  return tallyDay(reps, activities, day, timeZone, quotaOf)
    .map((r) => ({ ...r, user: byId.get(r.userId)!, quota: quotaOf(r.userId) }))
    .sort((a, b) => (isPast ? a.done - b.done : a.planned - b.planned) || a.compliance - b.compliance || a.user.name.localeCompare(b.user.name))
}

/** A finished day is short on done visits (or the mix); today and later on the plan. */
export function isShort(r: BoardRow, isPast: boolean): boolean {
  const total = quotaTotal(r.quota)
  return isPast ? r.done < total || r.compliance < 1 : r.planned < total
}

/**
 * The eight-visit board (八访看板): per rep, planned and done visits by kind against the
 * quota for one day. Reps short of the rule come first — that is who the manager talks to.
 */
export function EightVisitBoard({
  reps,
  activities,
  day,
  isPast,
  customers,
  quota = IRON_ARMY_QUOTA
}: {
  reps: readonly User[]
  activities: readonly Activity[]
  day: number
  /** A finished day is judged on done visits; today and later on the plan. */
  isPast: boolean
  customers: ReadonlyMap<string, Customer> | undefined
  /** One split for all, or each rep's team's split. */
  quota?: QuotaFor
}): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const [open, setOpen] = useState<string | null>(null)
  const quotaOf = useMemo(() => (typeof quota === 'function' ? quota : () => quota), [quota])
  const rows = useMemo(() => boardRows(reps, activities, day, timeZone, quotaOf, isPast), [reps, activities, day, timeZone, quotaOf, isPast])
  // The header shows the split when every team shown works to the same one; else each cell does.
  const shared = useMemo((): VisitQuota | null => {
    const first = rows[0]?.quota
    return first && rows.every((r) => VISIT_KINDS.every((k) => r.quota[k] === first[k])) ? first : null
  }, [rows])
  const byId = useMemo(() => new Map(activities.map((a) => [a.id, a])), [activities])

  const cell = (k: KindTally, q: number): React.ReactNode => (
    <Text size="sm" className="tabular" c={k.done >= q ? 'teal.7' : k.planned >= q ? undefined : 'orange.7'}>
      {t('board.cell', { done: k.done, planned: k.planned, quota: q })}
    </Text>
  )

  if (rows.length === 0) return <Text c="dimmed">{t('board.empty')}</Text>
  return (
    <Table verticalSpacing={4} fz="sm" highlightOnHover data-testid="eight-visit-board">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('board.rep')}</Table.Th>
          {VISIT_KINDS.map((k) => (
            <Table.Th key={k}>
              {t(`common:visitKinds.${k}`)}
              {shared ? ` (${shared[k]})` : ''}
            </Table.Th>
          ))}
          <Table.Th>{shared ? t('board.total', { total: quotaTotal(shared) }) : t('board.totalMixed')}</Table.Th>
          <Table.Th>{t('board.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => {
          const split = r.quota
          const total = quotaTotal(split)
          const short = isShort(r, isPast)
          return (
            <Fragment key={r.userId}>
              <Table.Tr data-testid={`board-row-${r.userId}`} data-short={short} data-quota={`${split.new}/${split.follow_up}/${split.closing}`}>
                <Table.Td>
                  <UnstyledButton onClick={() => setOpen(open === r.userId ? null : r.userId)} aria-expanded={open === r.userId}>
                    <Text size="sm" fw={500} c="blue.7">
                      {r.user.name}
                    </Text>
                  </UnstyledButton>
                  {!shared && (
                    <Text size="xs" c="dimmed" className="tabular">
                      {t('board.repSplit', { new: split.new, follow: split.follow_up, closing: split.closing, total })}
                    </Text>
                  )}
                </Table.Td>
                {VISIT_KINDS.map((k) => (
                  <Table.Td key={k}>{cell(r.byKind[k], split[k])}</Table.Td>
                ))}
                <Table.Td>
                  <Text size="sm" fw={600} className="tabular">
                    {t('board.cell', { done: r.done, planned: r.planned, quota: total })}
                    {r.untyped.planned > 0 ? ` ${t('board.untyped', { count: r.untyped.planned })}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {short ? (
                    <Badge color="orange" variant="light">
                      {!isPast
                        ? t('board.shortPlan', { missing: Math.max(0, total - r.planned), total })
                        : r.done < total
                          ? t('board.shortDone', { count: total - r.done, total })
                          : t('board.mixOff', { new: split.new, follow: split.follow_up, closing: split.closing, total })}
                    </Badge>
                  ) : (
                    <Badge color="teal" variant="light">
                      {t('board.ok')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
              {open === r.userId && (
                <Table.Tr>
                  <Table.Td colSpan={6} bg="gray.0">
                    {r.activityIds.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('board.noVisits')}
                      </Text>
                    ) : (
                      r.activityIds
                        .map((id) => byId.get(id)!)
                        .sort((a, b) => a.at - b.at)
                        .map((a) => (
                          <Group key={a.id} gap="xs" wrap="nowrap">
                            <Text size="sm" className="tabular" w={48}>
                              {formatTime(a.at, locale, timeZone)}
                            </Text>
                            <Badge size="sm" variant="outline" color={a.status === 'planned' ? 'gray' : 'blue'}>
                              {a.status === 'planned' ? t('board.planned') : t('board.done')}
                            </Badge>
                            <Text size="sm" w={80}>
                              {a.visitKind ? t(`common:visitKinds.${a.visitKind}`) : t('board.noKind')}
                            </Text>
                            {a.kind === 'ride_along' && (
                              <Badge size="sm" color="grape" variant="light">
                                {t('common:kinds.ride_along')}
                              </Badge>
                            )}
                            <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm">
                              {customers?.get(a.customerId)?.name ?? a.customerId}
                            </Anchor>
                          </Group>
                        ))
                    )}
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
