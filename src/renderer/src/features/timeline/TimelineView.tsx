import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react'
import { Badge, Box, Chip, CloseButton, Group, MultiSelect, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import {
  dayLabel,
  dayStarts,
  filterTimeline,
  kindGroup,
  kindGroups,
  mergeTimeline,
  rowForDate,
  searchText,
  timelineRows,
  type KindGroup,
  type TimelineEvent,
  type TimelineKind
} from '@shared/domain/timeline'
import { startOfDay } from '@shared/domain/calendar'
import { formatDate, formatDay, type Locale } from '../../ui/format'
import { EventRow, groupColor, type RowContext } from './EventRow'
import type { TimelineSource } from './use-timeline-data'

const HOUR = 3_600_000
/**
 * Typical row heights by kind (one detail line; calls add a badge line, money kinds an amount,
 * ride-alongs the sheet). A row that measures to its estimate costs nothing; every other one
 * makes the virtualizer re-lay the offsets of all rows after it, which at 50,000 events is what
 * made scrolling stutter.
 */
const ROW_H = 50
const ROW_H_BY_KIND: Partial<Record<TimelineKind, number>> = { call: 66, quote: 71, contract: 71, payment: 71, task: 69, ride_along: 91 }

export interface TimelineViewProps {
  source: TimelineSource
  ctx: RowContext
  /** Minute-fresh clock; events beyond the next full hour are flagged as in the future. */
  now: number
  height: number | string
  /** Extra controls on the toolbar's right (add note, ride-along, task). */
  actions?: React.ReactNode
}

/**
 * The mixed timeline's list. The merged order, day starts and (on first search) the search
 * texts are computed once per data change; filtering is one pass over precomputed arrays and
 * only the rows on screen are rendered, so 50,000 events stay instant.
 */
export function TimelineView({ source, ctx, now, height, actions }: TimelineViewProps): React.ReactNode {
  const { t } = useTranslation('timeline')
  const [groups, setGroups] = useState<string[]>([])
  const [people, setPeople] = useState<string[]>([])
  const [query, setQuery] = useState('')
  const deferredQuery = useDeferredValue(query)

  // Rounded up to the hour so the merge is not redone every minute; a note saved just now is
  // never "in the future".
  const flagAfter = Math.ceil(now / HOUR) * HOUR + HOUR
  const events = useMemo(() => {
    const customerOfDeal = new Map(source.deals.map((d) => [d.id, d.customerId]))
    return mergeTimeline({ activities: source.activities, stageHistory: source.stageHistory, customerOfDeal, now: flagAfter })
  }, [source, flagAfter])
  const days = useMemo(() => dayStarts(events, ctx.timeZone), [events, ctx.timeZone])

  const kindLabel = useCallback(
    (k: TimelineKind): string => (k === 'stage_change' ? t('kind.stageChange') : k === 'comment' ? t('kind.comment') : k === 'unknown' ? '' : t(`common:kinds.${k}`)),
    [t]
  )
  const hasQuery = deferredQuery.trim() !== ''
  const texts = useMemo(() => {
    if (!hasQuery) return undefined
    const nameOf = (id: string): string | undefined => ctx.contact(id)?.name ?? ctx.userName(id)
    // One t() per kind, not per event: 50,000 i18next lookups cost seconds on the first keystroke.
    const labels = new Map<TimelineKind, string>()
    const label = (k: TimelineKind): string => {
      let l = labels.get(k)
      if (l === undefined) labels.set(k, (l = kindLabel(k)))
      return l
    }
    return events.map((e) => searchText(e, nameOf, label))
  }, [events, hasQuery, ctx, kindLabel])

  const groupSet = useMemo(() => new Set(groups as KindGroup[]), [groups])
  const peopleSet = useMemo(() => new Set(people), [people])
  const filtered = useMemo(
    () => filterTimeline(events, { groups: groupSet, personIds: peopleSet, query: deferredQuery }, texts),
    [events, groupSet, peopleSet, deferredQuery, texts]
  )
  const rows = useMemo(() => timelineRows(filtered, days), [filtered, days])
  // For the sticky header: the day row each row sits under.
  const dayRowOf = useMemo(() => {
    const out = new Int32Array(rows.length)
    let d = 0
    rows.forEach((r, i) => {
      if (r.type === 'day') d = i
      out[i] = d
    })
    return out
  }, [rows])

  const { groupCounts, personIds } = useMemo(() => {
    const counts = new Map<KindGroup, number>()
    const persons = new Map<string, number>()
    for (const e of events) {
      const g = kindGroup(e.kind)
      counts.set(g, (counts.get(g) ?? 0) + 1)
      for (const p of e.personIds) persons.set(p, (persons.get(p) ?? 0) + 1)
    }
    return { groupCounts: counts, personIds: [...persons.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id) }
  }, [events])

  const parentRef = useRef<HTMLDivElement>(null)
  // Stable between renders: the virtualizer recomputes every row's offset (O(rows)) whenever
  // getItemKey changes identity, which otherwise happened on every scroll frame.
  const getItemKey = useCallback(
    (i: number) => {
      const r = rows[i]!
      if (r.type === 'day') return r.key
      const e = events[r.index]!
      return e.kind === 'stage_change' ? `s:${e.id}` : e.id
    },
    [rows, events]
  )
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: (i) => {
      const r = rows[i]
      return !r ? ROW_H : r.type === 'day' ? 34 : (ROW_H_BY_KIND[events[r.index]!.kind] ?? ROW_H)
    },
    overscan: 8,
    getItemKey
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]
  const stickyRow = first ? rows[dayRowOf[first.index]!] : undefined

  const jumpTo = (value: string): void => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
    if (!m) return
    const target = startOfDay(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 12), ctx.timeZone)
    virtualizer.scrollToIndex(rowForDate(rows, target), { align: 'start' })
  }

  return (
    <Stack gap="xs" style={{ height, minHeight: 0 }}>
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
          <TextInput
            aria-label={t('search')}
            placeholder={t('search')}
            leftSection={<IconSearch size={14} />}
            rightSection={query ? <CloseButton size="sm" aria-label={t('clearSearch')} onClick={() => setQuery('')} /> : null}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            size="xs"
            w={220}
          />
          <MultiSelect
            aria-label={t('people')}
            placeholder={people.length ? undefined : t('people')}
            data={personIds.map((id) => ({ value: id, label: ctx.userName(id) }))}
            value={people}
            onChange={setPeople}
            searchable
            clearable
            size="xs"
            w={220}
          />
          <TextInput type="date" size="xs" aria-label={t('jumpToDate')} title={t('jumpToDate')} onChange={(e) => jumpTo(e.currentTarget.value)} w={150} />
        </Group>
        {actions}
      </Group>
      <Chip.Group multiple value={groups} onChange={setGroups}>
        <Group gap={6} role="group" aria-label={t('kindFilter')}>
          {kindGroups
            .filter((g) => (groupCounts.get(g) ?? 0) > 0)
            .map((g) => (
              <Chip key={g} value={g} size="xs" color={groupColor[g]} variant="light">
                {t(`group.${g}`)} {groupCounts.get(g)}
              </Chip>
            ))}
        </Group>
      </Chip.Group>
      <Text size="xs" c="dimmed" aria-live="polite">
        {filtered.length === events.length ? t('count', { count: events.length }) : t('countFiltered', { count: filtered.length, total: events.length })}
      </Text>
      <Paper withBorder style={{ flex: 1, minHeight: 0, position: 'relative' }}>
        <Box ref={parentRef} style={{ height: '100%', overflow: 'auto' }} role="feed" aria-label={t('title')} data-testid="timeline-scroll">
          {rows.length === 0 ? (
            <Text c="dimmed" size="sm" p="md">
              {events.length === 0 ? t('empty') : t('noMatch')}
            </Text>
          ) : (
            <>
              {stickyRow?.type === 'day' && (
                <Box style={{ position: 'sticky', top: 0, zIndex: 2, height: 0 }}>
                  <DayHeader dayStart={stickyRow.dayStart} count={stickyRow.count} now={now} locale={ctx.locale} timeZone={ctx.timeZone} sticky />
                </Box>
              )}
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((v) => {
                  const row = rows[v.index]!
                  return (
                    <div
                      key={v.key}
                      data-index={v.index}
                      ref={virtualizer.measureElement}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                    >
                      {row.type === 'day' ? (
                        <DayHeader dayStart={row.dayStart} count={row.count} now={now} locale={ctx.locale} timeZone={ctx.timeZone} />
                      ) : (
                        <EventRow e={events[row.index]! as TimelineEvent} ctx={ctx} />
                      )}
                    </div>
                  )
                })}
              </div>
            </>
          )}
        </Box>
      </Paper>
    </Stack>
  )
}

export function useDayText(): (dayStart: number, now: number, locale: Locale, timeZone: string) => string {
  const { t } = useTranslation('timeline')
  return (dayStart, now, locale, timeZone) => {
    const l = dayLabel(dayStart, now, timeZone)
    switch (l.type) {
      case 'unknown':
        return t('day.unknown')
      case 'today':
      case 'yesterday':
      case 'tomorrow':
        return `${t(`day.${l.type}`)} · ${formatDay(dayStart, locale, timeZone)}`
      case 'weekday':
        return formatDay(dayStart, locale, timeZone)
      case 'date':
        return l.sameYear ? formatDay(dayStart, locale, timeZone) : formatDate(dayStart, locale, timeZone)
    }
  }
}

function DayHeader(p: { dayStart: number; count: number; now: number; locale: Locale; timeZone: string; sticky?: boolean }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const text = useDayText()(p.dayStart, p.now, p.locale, p.timeZone)
  return (
    <Group
      justify="space-between"
      px="xs"
      h={34}
      role={p.sticky ? 'presentation' : 'heading'}
      aria-level={p.sticky ? undefined : 3}
      data-day-header={p.sticky ? 'sticky' : 'row'}
      style={{ background: 'var(--mantine-color-body)', borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Text size="sm" fw={700}>
        {text}
      </Text>
      <Badge size="xs" variant="default">
        {t('day.count', { count: p.count })}
      </Badge>
    </Group>
  )
}
