import { useCallback } from 'react'
import { ActionIcon, Button, Group, SegmentedControl, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { IconChevronLeft, IconChevronRight, IconRestore } from '@tabler/icons-react'
import { dayOf, formatDay, type Comparison, type Grain, type PeriodChoice, type Range } from '@shared/domain/analytics/periods'
import { useLocale } from '../../app/preferences'
import { formatDate } from '../../ui/format'
import type { SavedView } from './saved-view'

/** How a period reads: 2026年11月 / November 2026, 2026年第4季度 / Q4 2026, a week or a range of days. */
export function usePeriodLabel(): (grain: Grain | 'custom', r: Range) => string {
  const { t } = useTranslation('analytics')
  const { locale, timeZone } = useLocale()
  return useCallback(
    (grain, r) => {
    const d = dayOf(r.start, timeZone)
    switch (grain) {
      case 'month':
        return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone }).format(r.start)
      case 'quarter':
        return t('period.quarterLabel', { year: d.y, q: Math.floor((d.m - 1) / 3) + 1 })
      case 'year':
        return t('period.yearLabel', { year: d.y })
      default:
        return `${formatDate(r.start, locale, timeZone)} – ${formatDate(r.end - 1, locale, timeZone)}`
    }
    },
    [t, locale, timeZone]
  )
}

/** The period picker of a view: grain, back and forth, or a range of days; and the comparison it implies. */
export function PeriodControl({
  view,
  choice,
  comparison,
  onChange,
  onReset
}: {
  view: SavedView
  choice: PeriodChoice
  comparison: Comparison
  onChange(patch: Partial<SavedView>): void
  onReset(): void
}): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { timeZone } = useLocale()
  const label = usePeriodLabel()
  const grains: (Grain | 'custom')[] = ['week', 'month', 'quarter', 'year', 'custom']
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <SegmentedControl
        size="xs"
        aria-label={t('period.grain')}
        value={view.grain}
        onChange={(g) => {
          if (g === 'custom' && (!view.from || !view.to)) {
            onChange({ grain: 'custom', from: formatDay(dayOf(choice.start, timeZone)), to: formatDay(dayOf(choice.end - 1, timeZone)) })
          } else onChange({ grain: g as SavedView['grain'], offset: 0 })
        }}
        data={grains.map((g) => ({ value: g, label: t(`period.grains.${g}`) }))}
      />
      {view.grain === 'custom' ? (
        <Group gap={4}>
          <TextInput size="xs" type="date" aria-label={t('period.from')} value={view.from} onChange={(e) => onChange({ from: e.currentTarget.value })} w={140} />
          <Text size="xs">–</Text>
          <TextInput size="xs" type="date" aria-label={t('period.to')} value={view.to} onChange={(e) => onChange({ to: e.currentTarget.value })} w={140} />
        </Group>
      ) : (
        <Group gap={2}>
          <ActionIcon variant="subtle" size="sm" aria-label={t('period.previous')} onClick={() => onChange({ offset: view.offset - 1 })}>
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Text size="sm" fw={600} data-testid="analytics-period" miw={120} ta="center">
            {label(choice.grain, choice)}
          </Text>
          <ActionIcon variant="subtle" size="sm" aria-label={t('period.next')} disabled={view.offset >= 0} onClick={() => onChange({ offset: Math.min(0, view.offset + 1) })}>
            <IconChevronRight size={16} />
          </ActionIcon>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {comparison.toDate ? t('period.toDate') + ' · ' : ''}
        {t('period.compared', { prior: label('custom', comparison.prior), lastYear: label('custom', comparison.lastYear) })}
      </Text>
      <Button size="compact-xs" variant="subtle" leftSection={<IconRestore size={12} />} onClick={onReset} ml="auto">
        {t('period.reset')}
      </Button>
    </Group>
  )
}
