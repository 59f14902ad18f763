import { useMemo, useState } from 'react'
import { Anchor, Badge, Box, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Activity, Customer, User } from '@shared/model'
import { complianceHeatmap, isPlanVisit, type QuotaFor } from '@shared/domain/eight-visit'
import { DAY_MS, startOfWeek } from '@shared/domain/calendar'
import { useLocale } from '../../app/preferences'
import { formatDate, formatPercent, formatTime } from '../../ui/format'

import { HEATMAP_WEEKS } from './use-rhythm-data'

export { HEATMAP_WEEKS }

/** Red → amber → green, so a column of red weeks (the whole team slipping) stands out at a glance. */
function colour(v: number | null): string {
  if (v === null) return 'var(--mantine-color-gray-1)'
  if (v >= 0.95) return 'var(--mantine-color-teal-6)'
  if (v >= 0.8) return 'var(--mantine-color-teal-3)'
  if (v >= 0.6) return 'var(--mantine-color-yellow-4)'
  if (v >= 0.4) return 'var(--mantine-color-orange-5)'
  return 'var(--mantine-color-red-6)'
}

/**
 * Eight-visit compliance per rep and week, as a plain CSS grid: a quarter of weeks for a team
 * needs no charting library, and the initial bundle stays free of one.
 */
export function ComplianceGrid({
  reps,
  activities,
  now,
  customers,
  quota
}: {
  reps: readonly User[]
  activities: readonly Activity[]
  now: number
  customers: ReadonlyMap<string, Customer> | undefined
  /** Each rep's team's split (or one for all). */
  quota: QuotaFor
}): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const from = useMemo(() => startOfWeek(now - (HEATMAP_WEEKS - 1) * 7 * DAY_MS, timeZone), [now, timeZone])
  // The cell clicked: that rep's visits of that week are listed under the grid.
  const [picked, setPicked] = useState<{ userId: string; week: number } | null>(null)
  // Reps who were not employed in any of these weeks (long gone, not yet hired) get no row.
  const hm = useMemo(() => complianceHeatmap(reps, activities, { from, weeks: HEATMAP_WEEKS, timeZone, now, quota }), [reps, activities, from, timeZone, now, quota])
  const names = new Map(reps.map((r) => [r.id, r.name]))
  return (
    <Box>
      <Box style={{ display: 'grid', gridTemplateColumns: `120px repeat(${hm.weeks.length}, minmax(28px, 1fr))`, gap: 2 }} data-testid="compliance-grid">
        <span />
        {hm.weeks.map((w) => (
          <Text key={w} size="10px" c="dimmed" ta="center">
            {w.slice(5)}
          </Text>
        ))}
        {hm.rows.filter((r) => r.cells.some((v) => v !== null)).map((r) => [
          <Text key={r.userId} size="xs" truncate>
            {names.get(r.userId)}
          </Text>,
          ...r.cells.map((v, i) => (
            <Tooltip key={`${r.userId}-${i}`} label={t('heatmap.cell', { rep: names.get(r.userId), week: hm.weeks[i], value: v === null ? '—' : formatPercent(v, locale) })}>
              <UnstyledButton
                h={20}
                style={{
                  background: colour(v),
                  borderRadius: 3,
                  outline: picked?.userId === r.userId && picked.week === i ? '2px solid var(--mantine-color-blue-7)' : undefined
                }}
                aria-label={`${names.get(r.userId)} ${hm.weeks[i]} ${v === null ? '—' : formatPercent(v, locale)}`}
                aria-pressed={picked?.userId === r.userId && picked.week === i}
                data-testid={`heat-${r.userId}-${i}`}
                onClick={() => setPicked(picked?.userId === r.userId && picked.week === i ? null : { userId: r.userId, week: i })}
              />
            </Tooltip>
          ))
        ])}
      </Box>
      <Group gap="xs" mt="xs">
        {[1, 0.85, 0.7, 0.5, 0.2].map((v) => (
          <Group key={v} gap={4}>
            <Box w={12} h={12} style={{ background: colour(v), borderRadius: 2 }} />
            <Text size="xs" c="dimmed">
              {t(`heatmap.legend.${v >= 0.95 ? 'full' : v >= 0.8 ? 'high' : v >= 0.6 ? 'mid' : v >= 0.4 ? 'low' : 'poor'}`)}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {t('heatmap.note')}
        </Text>
      </Group>
      {picked && <WeekVisits activities={activities} userId={picked.userId} name={names.get(picked.userId) ?? ''} weekStart={startOfWeek(from + picked.week * 7 * DAY_MS + 12 * 3_600_000, timeZone)} customers={customers} />}
    </Box>
  )
}

/** One rep's visits in one week, day by day: what a heat-map cell is made of. */
function WeekVisits({
  activities,
  userId,
  name,
  weekStart,
  customers
}: {
  activities: readonly Activity[]
  userId: string
  name: string
  weekStart: number
  customers: ReadonlyMap<string, Customer> | undefined
}): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const weekEnd = startOfWeek(weekStart + 8 * DAY_MS, timeZone)
  const visits = useMemo(
    () => activities.filter((a) => a.userId === userId && a.at >= weekStart && a.at < weekEnd && isPlanVisit(a)).sort((a, b) => a.at - b.at),
    [activities, userId, weekStart, weekEnd]
  )
  const done = visits.filter((a) => a.status !== 'planned').length
  return (
    <Box mt="sm" data-testid="heat-visits">
      <Text size="sm" fw={600} mb={4}>
        {t('heatmap.weekOf', { rep: name, week: formatDate(weekStart, locale, timeZone), done, planned: visits.length })}
      </Text>
      {visits.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('board.noVisits')}
        </Text>
      ) : (
        <Stack gap={2} mah={260} style={{ overflowY: 'auto' }}>
          {visits.map((a) => (
            <Group key={a.id} gap="xs" wrap="nowrap">
              <Text size="sm" className="tabular" w={130}>
                {formatDate(a.at, locale, timeZone)} {formatTime(a.at, locale, timeZone)}
              </Text>
              <Badge size="sm" variant="outline" color={a.status === 'planned' ? 'gray' : 'blue'}>
                {a.status === 'planned' ? t('board.planned') : t('board.done')}
              </Badge>
              <Text size="sm" w={80}>
                {a.visitKind ? t(`common:visitKinds.${a.visitKind}`) : t('board.noKind')}
              </Text>
              <Anchor component={Link} to={`/customers/${a.customerId}`} size="sm" truncate>
                {customers?.get(a.customerId)?.name ?? a.customerId}
              </Anchor>
            </Group>
          ))}
        </Stack>
      )}
    </Box>
  )
}
