import { useEffect, useMemo, useRef, useState } from 'react'
import { Alert, Badge, Button, Card, FileButton, Group, Modal, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { formatClock, type TranscriptHit } from '@shared/domain/transcripts'
import { libraryBySkill, scorecardTotal, templateSkills } from '@shared/domain/coaching'
import { getDb } from '../../db/database'
import {
  attachTranscript,
  hasTranscript,
  importCallsByDialog,
  searchAllTranscripts,
  transcribeRecording,
  transcriptOf
} from '../../db/recordings'
import { ensureDemoCalls } from '../../db/recordings-demo'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { Guarded } from '../../session/Guarded'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { formatDate, formatTime } from '../../ui/format'
import { commentsOn, libraryMarks, loadTrackers } from '../../db/coaching'
import { CallPlayer } from './CallPlayer'
import { ScorePanel } from './ScorePanel'
import { CallLibrary, CoachingTracker, CoachQueue, type CallsContext } from './CoachingViews'
import { errorCode, errorText } from './errors'
import { AUDIO_ACCEPT } from './RecordingDropZone'
import { SttRunning, SttSetup, useSttStatus } from './SttPanel'
import { TemplateEditor } from './TemplateEditor'
import { useRuntime } from './use-runtime'
import { useRecordingDrop } from './use-recording-drop'
import { ExportMenu } from '../export/ExportMenu'
import { callsTable } from './export-tables'
import { CallTitle, callTitle } from './CallTitle'
import type { Recording } from '@shared/model/recording'
import { CallMetricsStrip, figureValue, formatFigure, SortHeader, sortByFigure, TeamBenchmarks, useCallMetrics, type SortState } from './ConversationMetrics'
import { useWarmQuery } from '../../db/warm'

/** The conversation figures the list shows and sorts by. */
const LIST_COLUMNS = ['talkRatio', 'longestRepMonologueMs', 'switchesPerMinute', 'patienceMs', 'questionsPerHour'] as const
const TRANSCRIPT_ACCEPT = '.vtt,.srt,.json,text/vtt,application/json'

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

/**
 * Calls: import recordings onto a customer (file picker or drop), the list of recorded calls,
 * search across transcripts, and the player for the call that is open (`?recording=&t=`).
 */
export function CallsPage(): React.ReactNode {
  const { t } = useTranslation('calls')
  const { t: tm } = useTranslation('callMetrics')
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
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<TranscriptHit[]>([])
  const [dragging, setDragging] = useState(false)
  const runtime = useRuntime()
  const drop = useRecordingDrop()
  const stt = useSttStatus()
  const [transcribing, setTranscribing] = useState(false)
  /** A transcript replacement waiting for the user's yes: from a file or from speech-to-text. */
  const [replacing, setReplacing] = useState<{ file: File } | { stt: true } | null>(null)

  // A demo workspace opened before the demo calls shipped gets them here; a no-op otherwise.
  useEffect(() => {
    void ensureDemoCalls().catch(() => undefined)
  }, [])

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

  useEffect(() => {
    let live = true
    if (!query.trim()) {
      setHits([])
      return
    }
    void searchAllTranscripts(query).then((h) => live && setHits(h))
    return () => {
      live = false
    }
  }, [query])

  const fail = (e: unknown): void => {
    setMessage({ ok: false, text: errorText(t, e) })
  }

  const importFiles = async (files: File[]): Promise<void> => {
    if (!customerId) {
      setMessage({ ok: false, text: t('import.chooseCustomer') })
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      await drop.importFiles(
        files,
        (file) => ({ customerId, at: file.lastModified || Date.now() }),
        ({ recording, duplicate }, file) => {
          setMessage({
            ok: true,
            text: duplicate ? t('import.duplicate', { name: file.name }) : t('import.done', { name: file.name })
          })
          openCall(recording.id)
        }
      )
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  const importByDialog = async (): Promise<void> => {
    if (!customerId) {
      setMessage({ ok: false, text: t('import.chooseCustomer') })
      return
    }
    setBusy(true)
    setMessage(null)
    try {
      const done = await importCallsByDialog({ customerId, at: Date.now() })
      const last = done?.at(-1)
      if (last) {
        setMessage({ ok: true, text: t(last.duplicate ? 'import.duplicate' : 'import.done', { name: last.recording.originalName }) })
        openCall(last.recording.id)
      }
    } catch (e) {
      fail(e)
    } finally {
      setBusy(false)
    }
  }

  const importTranscript = async (file: File | null, replace = false): Promise<void> => {
    if (!file || !open) return
    setMessage(null)
    try {
      // A call that has a transcript keeps it unless the user says to replace it.
      if (!replace && (await hasTranscript(open.id))) {
        setReplacing({ file })
        return
      }
      const n = await attachTranscript(open.id, file.name, await file.text(), { replace })
      setMessage({ ok: true, text: t('transcript.attached', { count: n }) })
    } catch (e) {
      fail(e)
    }
  }

  const transcribe = async (replace = false): Promise<void> => {
    if (!open) return
    setMessage(null)
    try {
      if (!replace && (await hasTranscript(open.id))) {
        setReplacing({ stt: true })
        return
      }
      setTranscribing(true)
      const n = await transcribeRecording(open.id, { rep: t('player.laneRep'), customer: t('player.laneCustomer') }, { replace })
      setMessage({ ok: true, text: t('stt.done', { count: n }) })
    } catch (e) {
      // Stopped by the user: said plainly, not as a failure.
      if (errorCode(e).code === 'stt.cancelled') setMessage({ ok: true, text: errorText(t, e) })
      else fail(e)
    } finally {
      setTranscribing(false)
    }
  }

  const confirmReplace = (): void => {
    const r = replacing
    setReplacing(null)
    if (r && 'file' in r) void importTranscript(r.file, true)
    else if (r) void transcribe(true)
  }

  return (
    <div
      data-testid="calls-page"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault()
          setDragging(true)
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        void importFiles([...e.dataTransfer.files])
      }}
      style={dragging ? { outline: '2px dashed var(--mantine-color-blue-5)', outlineOffset: 4 } : undefined}
    >
      <PageHeader title={t('title')} />
      <Card withBorder padding="sm" mb="md">
        <Group align="end" gap="sm" wrap="wrap">
          <Select
            label={t('import.customer')}
            placeholder={t('import.customerPlaceholder')}
            searchable
            limit={50}
            w={280}
            data-testid="import-customer"
            data={(data?.customers ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={customerId}
            onChange={setCustomerId}
          />
          {runtime === 'electron' ? (
            <Button loading={busy} onClick={() => void importByDialog()} data-testid="import-recording">
              {t('import.button')}
            </Button>
          ) : (
            <FileButton onChange={(f) => void importFiles(f)} accept={AUDIO_ACCEPT} multiple>
              {(props) => (
                <Button {...props} loading={busy} data-testid="import-recording">
                  {t('import.button')}
                </Button>
              )}
            </FileButton>
          )}
          <Text size="xs" c="dimmed">
            {t('import.dropHint')}
          </Text>
        </Group>
        {message && (
          <Alert mt="sm" py={6} color={message.ok ? 'teal' : 'red'} data-testid="calls-message">
            {message.text}
          </Alert>
        )}
        <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
          <SttSetup stt={stt} />
        </div>
      </Card>
      <Modal opened={replacing !== null} onClose={() => setReplacing(null)} title={t('transcript.replaceTitle')} data-testid="replace-transcript">
        <Text size="sm" mb="md">
          {t(replacing && 'stt' in replacing ? 'transcript.replaceBodyStt' : 'transcript.replaceBody')}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => setReplacing(null)}>
            {t('transcript.keep')}
          </Button>
          <Button color="red" onClick={confirmReplace} data-testid="confirm-replace">
            {t('transcript.replace')}
          </Button>
        </Group>
      </Modal>

      {open && (
        <Stack gap="xs" mb="md" ref={playerRef}>
          <Group justify="space-between">
            <CallTitle recording={open} title={titleOf(open)} />
            <Group gap="xs">
              {transcribing ? (
                <SttRunning sha256={open.sha256} />
              ) : (
                stt.status?.state === 'ready' && (
                  <Button size="xs" variant="light" onClick={() => void transcribe()} data-testid="transcribe">
                    {t('stt.transcribe')}
                  </Button>
                )
              )}
              <FileButton onChange={(f) => void importTranscript(f)} accept={TRANSCRIPT_ACCEPT}>
                {(props) => (
                  <Button {...props} size="xs" variant="light" data-testid="attach-transcript">
                    {segments.length ? t('transcript.replaceButton') : t('transcript.attach')}
                  </Button>
                )}
              </FileButton>
            </Group>
          </Group>
          <CallPlayer
            key={`${open.id}:${openAt ?? ''}`}
            recording={open}
            segments={segments}
            startMs={openAt}
            comments={comments}
            authorId={authorId}
            trackerWords={trackerWords}
          />
          <CallMetricsStrip metrics={metrics.get(open.id)} />
          <ScorePanel
            key={open.id}
            recordingId={open.id}
            repId={data?.activities.get(open.id)?.userId}
            coachId={coachId}
            templates={data?.templates ?? []}
            scorecards={data?.scorecards ?? []}
            skills={skills}
            librarySkills={[...library.entries()].filter(([, ids]) => ids.includes(open.id)).map(([s]) => s)}
            metrics={metrics.get(open.id)}
            segments={segments}
            onSeek={(ms) => openCall(open.id, ms)}
          />
        </Stack>
      )}

      <Tabs value={tab} onChange={setTab} keepMounted={false} mb="md">
        <Tabs.List mb="sm">
          <Tabs.Tab value="calls">{t('tabs.calls')}</Tabs.Tab>
          <Tabs.Tab value="queue" data-testid="tab-queue">
            {t('tabs.queue')}
          </Tabs.Tab>
          <Tabs.Tab value="library" data-testid="tab-library">
            {t('tabs.library')}
          </Tabs.Tab>
          <Tabs.Tab value="tracker" data-testid="tab-tracker">
            {t('tabs.tracker')}
          </Tabs.Tab>
          <Tabs.Tab value="templates" data-testid="tab-templates">
            {t('tabs.templates')}
          </Tabs.Tab>
          <Tabs.Tab value="benchmarks" data-testid="tab-benchmarks">
            {tm('bench.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue">
          <CoachQueue ctx={ctx} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="library">
          <CallLibrary ctx={ctx} marks={data?.marks ?? []} />
        </Tabs.Panel>
        <Tabs.Panel value="tracker">
          <CoachingTracker skills={skills} coachId={coachId} openRecordingId={open?.id ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <Guarded permission="scorecardTemplate.edit">
            <TemplateEditor templates={data?.templates ?? []} />
          </Guarded>
        </Tabs.Panel>
        <Tabs.Panel value="benchmarks">
          <TeamBenchmarks
            recordings={recordings}
            metrics={metrics}
            repOf={(id) => data?.activities.get(id)?.userId}
            atOf={atOf}
            repName={(id) => userById.get(id)?.name}
            now={now}
          />
        </Tabs.Panel>
        <Tabs.Panel value="calls">
          <Card withBorder padding="sm" mb="md">
            <TextInput
              label={t('search.label')}
              placeholder={t('search.placeholder')}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              data-testid="transcript-search"
            />
            {query.trim() !== '' && (
              <Stack gap={2} mt="xs" data-testid="search-results">
                {hits.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('search.none')}
                  </Text>
                )}
                {hits.map((h) => {
                  const r = data?.recordings.find((x) => x.id === h.recordingId)
                  return (
                    <Button
                      key={h.segmentId}
                      variant="subtle"
                      size="compact-sm"
                      justify="start"
                      onClick={() => openCall(h.recordingId, h.startMs)}
                    >
                      {customerName.get(r?.customerId ?? '') ?? r?.originalName} · {formatClock(h.startMs)} · {h.text}
                    </Button>
                  )
                })}
              </Stack>
            )}
          </Card>

          <Card withBorder padding="sm">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{t('list.title')}</Text>
              <ExportMenu
                title={t('list.title')}
                disabled={!data}
                tables={() => [
                  callsTable(t('list.title'), listed, {
                    activityOf: (id) => data?.activities.get(id),
                    customerName: (id) => customerName.get(id),
                    userName: (id) => userById.get(id)?.name,
                    scoreOf: (id) => scores.get(id),
                    metricsOf: (id) => metrics.get(id)
                  }, t)
                ]}
              />
            </Group>
            {data && data.recordings.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('list.empty')}
              </Text>
            ) : (
              <Table fz="sm" verticalSpacing={3} highlightOnHover data-testid="recordings-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <SortHeader k="date" sort={sort} onSort={setSort}>
                        {t('list.date')}
                      </SortHeader>
                    </Table.Th>
                    <Table.Th>{t('list.customer')}</Table.Th>
                    <Table.Th>{t('list.rep')}</Table.Th>
                    <Table.Th>{t('list.duration')}</Table.Th>
                    <Table.Th>{t('list.score')}</Table.Th>
                    {LIST_COLUMNS.map((f) => (
                      <Table.Th key={f}>
                        <SortHeader k={f} sort={sort} onSort={setSort}>
                          {tm(`figure.${f}`)}
                        </SortHeader>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {listed.slice(0, 200).map((r) => {
                    const a = data?.activities.get(r.id)
                    return (
                      <Table.Tr
                        key={r.id}
                        onClick={() => openCall(r.id)}
                        style={{ cursor: 'pointer' }}
                        data-active={r.id === openId || undefined}
                        data-name={r.originalName}
                      >
                        <Table.Td className="tabular" w={170}>
                          {formatDate(a?.at ?? r.importedAt, locale, timeZone)}{' '}
                          {formatTime(a?.at ?? r.importedAt, locale, timeZone)}
                        </Table.Td>
                        <Table.Td>
                          {customerName.get(r.customerId ?? '')}
                          {(r.title ?? a?.subject) && (
                            <Text span size="xs" c="dimmed" ml={6}>
                              {r.title ?? a?.subject}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{a ? userById.get(a.userId)?.name : ''}</Table.Td>
                        <Table.Td className="tabular">{formatClock(r.durationMs)}</Table.Td>
                        <Table.Td className="tabular" data-testid="recording-score">
                          {scores.get(r.id) != null && (
                            <Badge
                              size="sm"
                              variant="light"
                              color={scores.get(r.id)! >= 70 ? 'teal' : scores.get(r.id)! >= 50 ? 'yellow' : 'red'}
                            >
                              {scores.get(r.id)}
                            </Badge>
                          )}
                        </Table.Td>
                        {LIST_COLUMNS.map((f) => {
                          const m = metrics.get(r.id)
                          const v = figureValue(m, f)
                          // A mono call says why its two-lane figures are empty.
                          const why = v === null && m?.lanesMissing === 'mono' && f !== 'questionsPerHour' ? tm('list.notAvailable') : undefined
                          return (
                            <Table.Td key={f} className="tabular" data-testid={`list-${f}`} title={why}>
                              {why ? (
                                <Text span size="xs" c="dimmed">
                                  {why}
                                </Text>
                              ) : (
                                formatFigure(f, v)
                              )}
                            </Table.Td>
                          )
                        })}
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Tabs.Panel>
      </Tabs>
    </div>
  )
}
