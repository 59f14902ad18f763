import { useMemo } from 'react'
import { ActionIcon, Button, Group, SegmentedControl, Select } from '@mantine/core'
import { IconChevronLeft, IconChevronRight, IconHistory } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { periodOf, periodsBetween, shiftPeriodBy, type PeriodKind, type PeriodSpan } from '@shared/domain/periods'
import { useLocale } from '../../app/preferences'
import type { Locale } from '../../ui/format'
import type { DataSpan } from './use-data-span'

/** How far back the list reaches when the workspace has no data yet. */
const DEFAULT_BACK_YEARS = 3

/** "2017年12月" / "Dec 2017", "2017年第4季度" / "Q4 2017"… */
export function periodLabel(p: Pick<PeriodSpan, 'kind' | 'start' | 'key'>, locale: Locale, timeZone: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  const y = Number(p.key.slice(0, 4))
  const m = Number(p.key.slice(5, 7))
  switch (p.kind) {
    case 'year':
      return t('period.label.year', { year: y })
    case 'quarter':
      return t('period.label.quarter', { year: y, quarter: Math.floor((m - 1) / 3) + 1 })
    case 'month':
      return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: locale === 'zh-CN' ? 'long' : 'short' }).format(p.start)
    case 'week':
      return t('period.label.week', { date: new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric' }).format(p.start) })
    case 'day':
      return new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(p.start)
  }
}

/**
 * Picks a period of any age: a kind (month, quarter…), then the period itself — one step back or
 * forward, any period since the workspace's data begins from the list, or straight to the last
 * period with data when an imported history ends years ago.
 */
export function PeriodPicker({
  kind,
  kinds,
  onKind,
  at,
  onAt,
  now,
  span,
  future = 0,
  testId
}: {
  kind: PeriodKind
  /** The kinds offered; one kind → no kind switch. */
  kinds: PeriodKind[]
  onKind?(k: PeriodKind): void
  /** An instant inside the chosen period. */
  at: number
  onAt(ms: number): void
  now: number
  span: DataSpan | null | undefined
  /** Periods after the current one that may be picked (a forecast looks ahead). */
  future?: number
  testId?: string
}): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  const current = periodOf(kind, at, timeZone)
  const latestAllowed = shiftPeriodBy(kind, now, future, timeZone)
  const options = useMemo(() => {
    const from = Math.min(span?.first ?? now - DEFAULT_BACK_YEARS * 365 * 86_400_000, at)
    return periodsBetween(kind, from, latestAllowed.start, timeZone).map((p) => ({ value: String(p.start), label: periodLabel(p, locale, timeZone, t) }))
  }, [kind, span, now, at, latestAllowed.start, timeZone, locale, t])
  const lastData = span ? periodOf(kind, span.last, timeZone) : null
  const showLatest = lastData !== null && lastData.start < periodOf(kind, now, timeZone).start && lastData.start !== current.start

  return (
    <Group gap={4} wrap="nowrap" data-testid={testId}>
      {kinds.length > 1 && onKind && (
        <SegmentedControl size="xs" value={kind} onChange={(v) => onKind(v as PeriodKind)} data={kinds.map((k) => ({ value: k, label: t(`period.kinds.${k}`) }))} aria-label={t('period.kind')} />
      )}
      <ActionIcon variant="subtle" aria-label={t('period.prev')} onClick={() => onAt(shiftPeriodBy(kind, at, -1, timeZone).start + 3_600_000)}>
        <IconChevronLeft size={16} />
      </ActionIcon>
      <Select
        size="xs"
        w={kind === 'day' || kind === 'week' ? 190 : 140}
        searchable
        allowDeselect={false}
        aria-label={t('period.pick')}
        value={String(current.start)}
        data={options.some((o) => o.value === String(current.start)) ? options : [{ value: String(current.start), label: periodLabel(current, locale, timeZone, t) }, ...options]}
        onChange={(v) => v && onAt(Number(v) + 3_600_000)}
        comboboxProps={{ withinPortal: true }}
      />
      <ActionIcon
        variant="subtle"
        aria-label={t('period.next')}
        disabled={current.start >= latestAllowed.start}
        onClick={() => onAt(shiftPeriodBy(kind, at, 1, timeZone).start + 3_600_000)}
      >
        <IconChevronRight size={16} />
      </ActionIcon>
      {showLatest && (
        <Button size="compact-xs" variant="light" leftSection={<IconHistory size={12} />} onClick={() => onAt(span!.last)}>
          {t('period.latest', { period: periodLabel(lastData, locale, timeZone, t) })}
        </Button>
      )}
    </Group>
  )
}
