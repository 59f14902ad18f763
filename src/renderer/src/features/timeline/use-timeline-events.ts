import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  dayStarts,
  filterTimeline,
  kindGroup,
  mergeTimeline,
  TimelineSearchTexts,
  timelineRows,
  type KindGroup,
  type TimelineEvent,
  type TimelineKind
} from '@shared/domain/timeline'
import { postSaleEvents } from '@shared/domain/post-sale-timeline'
import { startOfDay } from '@shared/domain/calendar'
import { kindName, type RowContext } from './EventRow'
import type { TimelineSource } from './use-timeline-data'

const HOUR = 3_600_000

type IdleHandle = { cancelled: boolean }

/**
 * Runs `work` in short slices (4 ms each, as separate tasks) until it says it is done, so input
 * and frames get in between. Not requestIdleCallback: a scroll or a busy page has no idle time,
 * and the texts should be ready by the first keystroke. Not setTimeout: nested timeouts are
 * clamped to 4 ms, which would leave half of the time unused.
 */
function whenIdle(work: (more: () => boolean) => boolean): IdleHandle {
  const h: IdleHandle = { cancelled: false }
  const ch = new MessageChannel()
  ch.port1.onmessage = () => {
    if (h.cancelled) return ch.port1.close()
    const end = performance.now() + 4
    if (work(() => performance.now() < end)) ch.port1.close()
    else ch.port2.postMessage(0)
  }
  ch.port2.postMessage(0)
  return h
}

/**
 * The timeline's events and what the list shows of them: merged once per data change, day
 * starts, search texts built in idle time, the kind and people filters with the search, the
 * rows (days and events) and the counts the filter chips show.
 */
export function useTimelineEvents(source: TimelineSource, ctx: RowContext, now: number) {
  const { t } = useTranslation('timeline')
  const [groups, setGroups] = useState<string[]>([])
  const [people, setPeople] = useState<string[]>([])
  const [query, setQuery] = useState('')

  // Rounded up to the hour so the merge is not redone every minute; a note saved just now is
  // never "in the future".
  const flagAfter = Math.ceil(now / HOUR) * HOUR + HOUR
  // Overdue events depend on today's date only: recomputed when the day changes, not every minute.
  const today = startOfDay(now, ctx.timeZone)
  const postSale = useMemo(
    () => (source.postSale && source.postSale.contracts.length > 0 ? postSaleEvents(source.postSale, { now, timeZone: ctx.timeZone, futureAfter: flagAfter }) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- within a day `now` changes no overdue count; the future flag follows flagAfter
    [source.postSale, today, flagAfter, ctx.timeZone]
  )
  const events = useMemo(() => {
    const customerOfDeal = new Map(source.deals.flatMap((d) => (d.customerId === undefined ? [] : [[d.id, d.customerId] as const])))
    return mergeTimeline({
      activities: source.activities,
      stageHistory: source.stageHistory,
      customerOfDeal,
      comments: source.callComments,
      taskDone: source.taskDone,
      extra: postSale,
      now: flagAfter
    })
  }, [source, flagAfter, postSale])
  const days = useMemo(() => dayStarts(events, ctx.timeZone), [events, ctx.timeZone])

  const search = useMemo(() => new TimelineSearchTexts(events), [events])
  useEffect(() => {
    // From the frame after the first paint: the list shows first, then the texts build.
    let h: IdleHandle | undefined
    const raf = requestAnimationFrame(() => {
      h = whenIdle((more) => search.buildSome(more))
    })
    return () => {
      cancelAnimationFrame(raf)
      if (h) h.cancelled = true
    }
  }, [search])

  const kindLabel = useCallback(
    (k: TimelineKind): string =>
      // An unreadable kind is searched and exported by its raw name (the export falls back to it).
      k === 'unknown' ? '' : kindName(k, t),
    [t]
  )
  const nameOf = useCallback(
    (id: string): string | undefined => {
      if (id.startsWith('stage:')) {
        const sid = id.slice(6)
        for (const d of source.deals) {
          const n = ctx.stageName(d.id, sid)
          if (n !== sid) return n
        }
        return undefined
      }
      const c = ctx.contact(id)
      if (c) return c.name
      const u = ctx.userName(id)
      return u === '—' ? undefined : u
    },
    [ctx, source.deals]
  )

  const groupSet = useMemo(() => new Set(groups as KindGroup[]), [groups])
  const peopleSet = useMemo(() => new Set(people), [people])
  // The query is not deferred: with the search texts built ahead a keystroke filters in a few
  // ms, and a deferred render that other updates keep interrupting can starve.
  const filtered = useMemo(
    () =>
      filterTimeline(
        events,
        { groups: groupSet, personIds: peopleSet, query: query },
        query.trim() ? { text: (i) => search.text(i), includes: (i, q, raw) => search.includes(i, q, raw), nameOf, kindLabel } : undefined
      ),
    [events, groupSet, peopleSet, query, search, nameOf, kindLabel]
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

  return { events, rows, filtered, dayRowOf, groupCounts, personIds, kindLabel, groups, setGroups, people, setPeople, query, setQuery }
}

/** Stage moves, comments and post-sale records have their own id spaces. */
export function rowKey(e: TimelineEvent): string {
  return e.kind === 'stage_change' ? `s:${e.id}` : e.kind === 'call_comment' || e.kind === 'comment' ? `c:${e.id}` : e.postSale ? `p:${e.id}` : e.id
}

