import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Box, Chip, CloseButton, Group, MultiSelect, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconCalendarSearch, IconSearch } from '@tabler/icons-react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { kindGroups, parseJumpDate, rowForDate, type TimelineEvent } from '@shared/domain/timeline'
import { startOfDay } from '@shared/domain/calendar'
import { formatDate } from '../../ui/format'
import { DAY_ROW_HEIGHT, EventRow, groupColor, rowHeight, type RowContext } from './EventRow'
import type { TimelineSource } from './use-timeline-data'
import { useCallDrop } from './CallDrop'
import { ExportMenu } from '../export/ExportMenu'
import { timelineTable } from './export-tables'
import { rowKey, useTimelineEvents } from './use-timeline-events'
import { DayHeader } from './DayHeader'

export { useDayText } from './DayHeader'

const HOUR = 3_600_000

export interface TimelineViewProps {
  source: TimelineSource
  ctx: RowContext
  /** Minute-fresh clock; events beyond the next full hour are flagged as in the future. */
  now: number
  height: number | string
  /** Extra controls on the toolbar's right (add note, ride-along, task). */
  actions?: React.ReactNode
  /** Whose timeline an export holds (the customer's or deal's name). */
  exportTitle?: string
}

/**
 * The mixed timeline's list. The merged order and day starts are computed once per data
 * change; the search texts are built in idle time after the first paint (or on demand for a
 * search that comes first); only the rows on screen are rendered, each with a height known
 * from its data, so 50,000 events stay instant.
 */
export function TimelineView({ source, ctx: baseCtx, now, height, actions, exportTitle }: TimelineViewProps): React.ReactNode {
  const { t } = useTranslation('timeline')
  const navigate = useNavigate()
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set())
  const [jump, setJump] = useState('')
  const [jumpError, setJumpError] = useState(false)

  const toggle = useCallback((e: TimelineEvent) => {
    setExpanded((prev) => {
      const next = new Set(prev)
      if (!next.delete(rowKey(e))) next.add(rowKey(e))
      return next
    })
  }, [])
  const ctx = useMemo<RowContext>(() => ({ ...baseCtx, navigate: (to) => void navigate(to), toggle }), [baseCtx, navigate, toggle])

  const { events, rows, filtered, dayRowOf, groupCounts, personIds, kindLabel, groups, setGroups, people, setPeople, query, setQuery } =
    useTimelineEvents(source, ctx, now)
  // Built on the first drag over the list only: opening a customer pays nothing for it.
  const callById = useMemo(() => {
    let map: Map<string, TimelineEvent> | undefined
    return (id: string): TimelineEvent | undefined => {
      if (!map) {
        map = new Map()
        for (const e of events) if (e.kind === 'call') map.set(e.id, e)
      }
      return map.get(id)
    }
  }, [events])
  const drop = useCallDrop(source.customerId, callById)

  const parentRef = useRef<HTMLDivElement>(null)
  // Stable between renders: the virtualizer recomputes every row's offset (O(rows)) whenever
  // getItemKey changes identity, which otherwise happened on every scroll frame.
  const getItemKey = useCallback(
    (i: number) => {
      const r = rows[i]!
      return r.type === 'day' ? r.key : rowKey(events[r.index]!)
    },
    [rows, events]
  )
  // Heights come from the data, never from measuring (except an opened row): a measured height
  // that differs from its estimate re-lays every row after it, 50,000 of them.
  // Once per data change, so a filter or search only looks the heights up.
  const heights = useMemo(() => {
    const out = new Uint16Array(events.length)
    for (let i = 0; i < events.length; i++) out[i] = rowHeight(events[i]!, ctx)
    return out
  }, [events, ctx])
  const estimateSize = useCallback(
    (i: number) => {
      const r = rows[i]
      return !r || r.type === 'day' ? DAY_ROW_HEIGHT : heights[r.index]!
    },
    [rows, heights]
  )
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize,
    overscan: 3,
    getItemKey
  })
  // A closed row goes back to its computed height (the measured one would stay cached).
  const wasExpanded = useRef<ReadonlySet<string>>(expanded)
  useEffect(() => {
    for (const key of wasExpanded.current) {
      if (expanded.has(key)) continue
      const i = rows.findIndex((r) => r.type === 'event' && rowKey(events[r.index]!) === key)
      if (i >= 0) virtualizer.resizeItem(i, estimateSize(i))
    }
    wasExpanded.current = expanded
  }, [expanded, rows, events, virtualizer, estimateSize])

  const items = virtualizer.getVirtualItems()
  const first = items[0]
  const stickyRow = first ? rows[dayRowOf[first.index]!] : undefined

  const jumpTo = (value: string): void => {
    if (!value.trim()) {
      setJumpError(false)
      return
    }
    const thisYear = Number(new Intl.DateTimeFormat('en-US', { timeZone: ctx.timeZone, year: 'numeric' }).format(now))
    const d = parseJumpDate(value, thisYear)
    setJumpError(!d)
    if (!d) return
    const target = startOfDay(Date.UTC(d.year, d.month - 1, d.day, 12), ctx.timeZone)
    // Show what was understood, the way the reader writes dates: 2026年11月22日 / Nov 22, 2026.
    setJump(formatDate(target + 12 * HOUR, ctx.locale, ctx.timeZone))
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
          <TextInput
            size="xs"
            w={170}
            aria-label={t('jumpToDate')}
            title={t('jumpHint')}
            placeholder={t('jumpPlaceholder')}
            leftSection={<IconCalendarSearch size={14} />}
            value={jump}
            error={jumpError}
            onChange={(e) => {
              setJump(e.currentTarget.value)
              setJumpError(false)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') jumpTo(e.currentTarget.value)
            }}
            onBlur={(e) => jumpTo(e.currentTarget.value)}
          />
        </Group>
        <Group gap="xs">
          {actions}
          <ExportMenu
            title={exportTitle ? `${t('title')} · ${exportTitle}` : t('title')}
            tables={() => [timelineTable(exportTitle ? `${t('title')} · ${exportTitle}` : t('title'), rows.flatMap((r) => (r.type === 'event' ? [events[r.index]!] : [])), { kindLabel, ctx }, t)]}
          />
        </Group>
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
      {drop.status}
      <Paper withBorder style={{ flex: 1, minHeight: 0, position: 'relative' }} {...drop.dropProps} data-busy={drop.busy || undefined}>
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
                  const open = row.type === 'event' && expanded.has(v.key as string)
                  return (
                    <div
                      key={v.key}
                      data-index={v.index}
                      ref={open ? virtualizer.measureElement : undefined}
                      className="tl-slot"
                      data-drop-over={row.type === 'event' && drop.overId !== null && events[row.index]!.kind === 'call' && events[row.index]!.id === drop.overId ? true : undefined}
                      style={{ transform: `translateY(${v.start}px)` }}
                    >
                      {row.type === 'day' ? (
                        <DayHeader dayStart={row.dayStart} count={row.count} now={now} locale={ctx.locale} timeZone={ctx.timeZone} />
                      ) : (
                        <EventRow e={events[row.index]!} ctx={ctx} expanded={open} />
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
