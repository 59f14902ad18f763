import { useMemo } from 'react'
import { Anchor, Badge, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Activity, BehaviourSheet, User } from '@shared/model'
import { isPlanVisit } from '@shared/domain/eight-visit'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { useLocale } from '../../app/preferences'
import { useActivitiesBetween } from './use-rhythm-data'

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
}

/**
 * The evening review (晚复盘): what was planned against what was done, the visits still
 * missing their behaviour control sheet, the ride-alongs and role-plays held, proposals
 * prepared, and whether tomorrow's eight are on the plan yet.
 */
export function ReviewView({ reps, now }: { reps: readonly User[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { timeZone } = useLocale()
  const today = startOfDay(now, timeZone)
  const tomorrow = startOfDay(today + DAY_MS + 2 * 3_600_000, timeZone)
  const dayAfter = startOfDay(tomorrow + DAY_MS + 2 * 3_600_000, timeZone)
  const activities = useActivitiesBetween(today, dayAfter)
  const rows = useMemo(() => {
    const out = new Map<string, ReviewRow>()
    const row = (id: string): ReviewRow => {
      let r = out.get(id)
      if (!r) out.set(id, (r = { planned: 0, done: 0, withoutSheet: 0, rideAlongs: 0, rolePlays: 0, proposals: 0, tomorrow: 0 }))
      return r
    }
    for (const a of activities ?? ([] as Activity[])) {
      if (a.at >= tomorrow) {
        if (isPlanVisit(a)) row(a.userId).tomorrow++
        continue
      }
      const r = row(a.userId)
      // Every ride-along that happened counts, whether it stands for the visit or was logged against it.
      if (a.kind === 'ride_along' && a.status !== 'planned' && a.status !== 'cancelled') r.rideAlongs++
      if (isPlanVisit(a)) {
        r.planned++
        if (a.status !== 'planned') {
          r.done++
          if (!hasReviewedSheet(a.behaviour)) r.withoutSheet++
        }
      } else if (a.kind === 'role_play') r.rolePlays++
      else if (a.kind === 'proposal') r.proposals++
    }
    return out
  }, [activities, tomorrow])

  if (!activities) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const active = reps.filter((r) => r.active && (r.leftAt === undefined || r.leftAt > now))
  const empty: ReviewRow = { planned: 0, done: 0, withoutSheet: 0, rideAlongs: 0, rolePlays: 0, proposals: 0, tomorrow: 0 }
  return (
    <Table verticalSpacing={4} fz="sm" data-testid="review">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('board.rep')}</Table.Th>
          <Table.Th>{t('review.planVsDone')}</Table.Th>
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
                {t('review.doneOfPlanned', { done: r.done, planned: r.planned })}
              </Table.Td>
              <Table.Td>{r.withoutSheet > 0 ? <Badge color="orange" variant="light">{r.withoutSheet}</Badge> : <Text size="sm" c="dimmed">0</Text>}</Table.Td>
              <Table.Td className="tabular">{r.rideAlongs}</Table.Td>
              <Table.Td className="tabular">{r.rolePlays}</Table.Td>
              <Table.Td className="tabular">{r.proposals}</Table.Td>
              <Table.Td>
                <Text size="sm" className="tabular" c={r.tomorrow < 8 ? 'orange.7' : 'teal.7'} data-testid={`tomorrow-${rep.id}`}>
                  {t('review.tomorrowPlanned', { count: r.tomorrow })}
                </Text>
              </Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}
