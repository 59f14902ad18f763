import { useMemo } from 'react'
import { Box, Group, Text, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Activity, User } from '@shared/model'
import { complianceHeatmap } from '@shared/domain/eight-visit'
import { DAY_MS, startOfWeek } from '@shared/domain/calendar'
import { useLocale } from '../../app/preferences'
import { formatPercent } from '../../ui/format'

export const HEATMAP_WEEKS = 13

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
export function ComplianceGrid({ reps, activities, now }: { reps: readonly User[]; activities: readonly Activity[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const from = useMemo(() => startOfWeek(now - (HEATMAP_WEEKS - 1) * 7 * DAY_MS, timeZone), [now, timeZone])
  // Reps who were not employed in any of these weeks (long gone, not yet hired) get no row.
  const hm = useMemo(() => complianceHeatmap(reps, activities, { from, weeks: HEATMAP_WEEKS, timeZone, now }), [reps, activities, from, timeZone, now])
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
              <Box h={20} style={{ background: colour(v), borderRadius: 3 }} aria-label={`${names.get(r.userId)} ${hm.weeks[i]} ${v === null ? '—' : formatPercent(v, locale)}`} />
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
    </Box>
  )
}
