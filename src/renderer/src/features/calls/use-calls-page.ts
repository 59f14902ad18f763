import { useEffect, useMemo, useRef, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useSearchParams } from 'react-router'
import { libraryBySkill, scorecardTotal, templateSkills } from '@shared/domain/coaching'
import type { Recording } from '@shared/model/recording'
import { getDb } from '../../db/database'
import { transcriptOf } from '../../db/recordings'
import { commentsOn, libraryMarks, loadTrackers } from '../../db/coaching'
import { useWarmQuery } from '../../db/warm'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { useMe } from '../../session/use-me'
import { formatDate } from '../../ui/format'
import { callTitle } from './CallTitle'
import type { CallsContext } from './CoachingViews'
import { figureValue, sortByFigure, useCallMetrics, type SortState } from './ConversationMetrics'

export const CALLS_PAGE_QUERY = 'callsPage'

/** What the calls page lists: recordings with their calls, customers, templates, scorecards and the library's marks. */
export async function loadCallsPage() {
  const db = getDb()
  const recordings = (await db.recordings.toArray()).filter((r) => !r.deleted).sort((a, b) => b.importedAt - a.importedAt)
  const customers = await db.customers.toArray()
  const calls = await db.activities.where('kind').equals('call').toArray()
  const activities = new Map(calls.filter((a) => a.recordingId).map((a) => [a.recordingId!, a]))
  // A recording dropped onto an already logged call points at it (activities are append-only).
  const byId = new Map(calls.map((a) => [a.id, a]))
  for (const r of recordings) {
    const a = r.activityId ? byId.get(r.activityId) : undefined
    if (a && !activities.has(r.id)) activities.set(r.id, a)
  }
  const templates = (await db.scorecardTemplates.toArray()).filter((x) => !x.deleted)
  const scorecards = (await db.scorecards.toArray()).filter((x) => !x.deleted)
  const marks = await libraryMarks()
  return { recordings, customers, activities, templates, scorecards, marks }
}

export type CallsPageData = Awaited<ReturnType<typeof loadCallsPage>>

/**
 * The calls page's state: the open call and tab from the address (`?recording=&t=&tab=`), the
 * recordings with their calls and scores, the open call's transcript and comments, the
 * conversation figures and the list's sort.
 */
export function useCallsPage() {
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const [params, setParams] = useSearchParams()
  const openId = params.get('recording')
  const openAt = Number(params.get('t') ?? '') || undefined
  const tab = params.get('tab') ?? 'calls'
  // Keeps the tab (and drops the moment) when another call is opened.
  const openCall = (recordingId: string, atMs?: number): void => {
    const next: Record<string, string> = { recording: recordingId }
    if (atMs !== undefined) next.t = String(atMs)
    if (tab !== 'calls') next.tab = tab
    setParams(next)
  }
  const setTab = (v: string | null): void => {
    const next = new URLSearchParams(params)
    next.delete('t')
    if (!v || v === 'calls') next.delete('tab')
    else next.set('tab', v)
    setParams(next)
  }
  // Comments are the signed-in person's; scores and coaching sessions only where their role may give them.
  const me = useMe()
  const authorId = me?.id ?? null
  const coachId = me?.can('calls.score') ? me.id : null

  // Warm between visits and prewarmed after the home (issue 19): Calls shows its list at once.
  const data = useWarmQuery(CALLS_PAGE_QUERY, loadCallsPage)
  const customerName = useMemo(() => new Map((data?.customers ?? []).map((c) => [c.id, c.name])), [data])
  const open = data?.recordings.find((r) => r.id === openId)
  const segments = useLiveQuery(async () => (openId ? transcriptOf(openId) : []), [openId]) ?? []
  const comments = useLiveQuery(async () => (openId ? commentsOn(openId) : []), [openId])
  const trackerWords = useLiveQuery(() => loadTrackers(), [])
  const skills = useMemo(() => templateSkills(data?.templates ?? []), [data])
  const library = useMemo(() => libraryBySkill(data?.marks ?? []), [data])
  /** The latest scorecard's total per call. */
  const scores = useMemo(() => {
    const templates = new Map((data?.templates ?? []).map((x) => [x.id, x]))
    const out = new Map<string, number | null>()
    const latest = [...(data?.scorecards ?? [])].sort((a, b) => a.scoredAt - b.scoredAt)
    for (const s of latest) {
      const tpl = templates.get(s.templateId)
      if (tpl) out.set(s.recordingId, scorecardTotal(tpl, s.answers).total)
    }
    return out
  }, [data])
  const [now] = useState(() => Date.now())
  const titleOf = (r: Recording): string => {
    const a = data?.activities.get(r.id)
    return callTitle(r, {
      customer: customerName.get(r.customerId ?? ''),
      subject: a?.subject,
      date: formatDate(a?.at ?? r.importedAt, locale, timeZone),
      rep: a ? userById.get(a.userId)?.name : undefined
    })
  }
  // A call opened from low in the list: bring its player (at the top) into view.
  const playerRef = useRef<HTMLDivElement | null>(null)
  const hasOpen = Boolean(open)
  useEffect(() => {
    const el = playerRef.current
    if (el && el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' })
  }, [openId, hasOpen])
  const recordings = useMemo(() => data?.recordings ?? [], [data])
  const metrics = useCallMetrics(recordings, (id) => userById.get(data?.activities.get(id)?.userId ?? '')?.name)
  const [sort, setSort] = useState<SortState>({ key: 'date', desc: true })
  const atOf = (id: string): number => data?.activities.get(id)?.at ?? recordings.find((r) => r.id === id)?.importedAt ?? 0
  const listed = useMemo(() => {
    if (sort.key === 'date') {
      // By the date the list shows (the call's, else the import's); ties keep the newest import first.
      const dir = sort.desc ? -1 : 1
      return [...recordings].sort(
        (a, b) => dir * ((data?.activities.get(a.id)?.at ?? a.importedAt) - (data?.activities.get(b.id)?.at ?? b.importedAt)) || b.importedAt - a.importedAt
      )
    }
    const key = sort.key
    return sortByFigure(recordings, (r) => figureValue(metrics.get(r.id), key), sort.desc)
  }, [recordings, data, metrics, sort])
  const ctx: CallsContext = {
    recordings: data?.recordings ?? [],
    customerName,
    repOf: (id) => data?.activities.get(id)?.userId,
    scoreOf: (id) => scores.get(id),
    openCall
  }

  return {
    openId,
    openAt,
    tab,
    setTab,
    openCall,
    authorId,
    coachId,
    data,
    customerName,
    open,
    segments,
    comments,
    trackerWords,
    skills,
    library,
    scores,
    now,
    titleOf,
    playerRef,
    recordings,
    metrics,
    sort,
    setSort,
    atOf,
    listed,
    ctx
  }
}
