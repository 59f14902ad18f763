import { useEffect, useMemo, useState } from 'react'
import { Badge, Group, Paper, SegmentedControl, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import {
  BENCHMARK_FIGURES,
  callLaneMetrics,
  combineCallMetrics,
  figureOf,
  inTopQuartile,
  teamBenchmark,
  type BenchmarkFigure,
  type CallMetrics,
  type LaneMetrics,
  type SpokenLine
} from '@shared/domain/call-metrics'
import { formatClock } from '@shared/domain/transcripts'
import type { Recording } from '@shared/model/recording'
import { bridge } from '../../bridge'
import { getDb } from '../../db/database'
import { loadTrackers } from '../../db/coaching'

/**
 * The two-lane figures per recording (content-addressed, so never stale), computed once per
 * session from the stored peaks; the peaks themselves are dropped (an hour is 360 KB).
 */
interface LaneFigures {
  lanes: LaneMetrics | null
  durationMs: number
}
const laneCache = new Map<string, Promise<LaneFigures | null>>()

function laneFiguresOf(sha256: string): Promise<LaneFigures | null> {
  let p = laneCache.get(sha256)
  if (!p) {
    p = bridge
      .invoke('recordings.peaks', { sha256 })
      .then((r) => {
        const peaks = r.peaks.map((b64) => {
          const bin = atob(b64)
          const out = new Int8Array(bin.length)
          for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
          return out
        })
        return { lanes: callLaneMetrics({ durationMs: r.durationMs, peaks, peaksPerSecond: r.peaksPerSecond, splitChannels: r.splitChannels }), durationMs: r.durationMs }
      })
      // A call whose audio is not on this laptop (synced from another) has no figures here.
      .catch(() => null)
    laneCache.set(sha256, p)
  }
  return p
}

/**
 * Every call's conversation figures, from the voice activity stored at import and the
 * transcript in the database; recomputed when transcripts or tracked words change.
 */
export function useCallMetrics(
  recordings: readonly Recording[],
  repNameOf: (recordingId: string) => string | undefined
): Map<string, CallMetrics> {
  const segments = useLiveQuery(() => getDb().transcriptSegments.toArray(), [])
  const keywords = useLiveQuery(() => loadTrackers(), [])
  const [out, setOut] = useState<Map<string, CallMetrics>>(() => new Map())
  useEffect(() => {
    if (!segments || !keywords) return
    let live = true
    const lines = new Map<string, SpokenLine[]>()
    for (const s of [...segments].sort((a, b) => a.startMs - b.startMs)) {
      let l = lines.get(s.recordingId)
      if (!l) lines.set(s.recordingId, (l = []))
      l.push({ speaker: s.speaker, text: s.text })
    }
    void (async () => {
      const next = new Map<string, CallMetrics>()
      for (const [i, r] of recordings.entries()) {
        const v = await laneFiguresOf(r.sha256)
        if (!live) return
        if (!v) continue
        const rep = repNameOf(r.id)
        next.set(r.id, combineCallMetrics(v.durationMs || r.durationMs, v.lanes, { lines: lines.get(r.id), keywords, repNames: rep ? [rep] : [] }))
        // A long list fills in as it goes, the newest calls (and the open one, usually) first.
        if (i % 50 === 49) setOut(new Map(next))
      }
      if (live) setOut(next)
    })()
    return () => {
      live = false
    }
    // repNameOf changes identity every render; the recordings and their reps change together.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordings, segments, keywords])
  return out
}

/** The list's sortable figures. */
export const LIST_FIGURES = ['talkRatio', 'longestRepMonologueMs', 'switchesPerMinute', 'patienceMs', 'questionsPerHour'] as const
export type ListFigure = (typeof LIST_FIGURES)[number]

export function figureValue(m: CallMetrics | undefined, f: BenchmarkFigure): number | null {
  return m ? figureOf(m, f) : null
}

export function formatFigure(f: BenchmarkFigure, v: number | null): string {
  if (v === null) return '—'
  switch (f) {
    case 'talkRatio':
      return `${Math.round(v * 100)}% : ${100 - Math.round(v * 100)}%`
    case 'longestRepMonologueMs':
      return formatClock(v)
    case 'patienceMs':
      return `${(v / 1000).toFixed(1)} s`
    case 'switchesPerMinute':
      return v.toFixed(1)
    case 'questionsPerHour':
    case 'fillersPerHour':
      return String(Math.round(v))
  }
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }): React.ReactNode {
  return (
    <Tooltip label={hint} disabled={!hint} multiline w={260}>
      <Paper withBorder px="sm" py={4} data-testid={testId}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="sm" fw={600} className="tabular">
          {value}
        </Text>
      </Paper>
    </Tooltip>
  )
}

/** The open call's figures, under the player; a mono call or one without a transcript says why figures are missing. */
export function CallMetricsStrip({ metrics }: { metrics: CallMetrics | undefined }): React.ReactNode {
  const { t } = useTranslation('callMetrics')
  if (!metrics) return null
  const l = metrics.lanes
  const w = metrics.words
  return (
    <Stack gap={4} data-testid="call-metrics">
      <Group gap="xs" wrap="wrap">
        {l && (
          <>
            <Stat
              testId="metric-talk"
              label={t('figure.talkRatio')}
              value={formatFigure('talkRatio', l.talkRatio)}
              hint={t('hint.talkRatio')}
            />
            <Stat label={t('figure.longestRep')} value={formatClock(l.longestRepMonologueMs)} hint={t('hint.longest')} />
            <Stat
              label={t('figure.longestCustomer')}
              value={formatClock(l.longestCustomerMonologueMs)}
              hint={t('hint.longest')}
            />
            <Stat
              testId="metric-switches"
              label={t('figure.switchesPerMinute')}
              value={formatFigure('switchesPerMinute', l.switchesPerMinute)}
              hint={t('hint.switches')}
            />
            <Stat label={t('figure.patienceMs')} value={formatFigure('patienceMs', l.patienceMs)} hint={t('hint.patience')} />
          </>
        )}
        {w && (
          <>
            <Stat
              testId="metric-questions"
              label={t('figure.questions')}
              value={t('value.questions', { count: w.repQuestions, rate: Math.round(w.questionsPerHour) })}
              hint={t('hint.questions')}
            />
            <Stat label={t('figure.fillers')} value={String(w.fillers)} hint={t('hint.fillers')} />
            {Object.entries(w.keywords)
              .filter(([, n]) => n > 0)
              .slice(0, 8)
              .map(([k, n]) => (
                <Badge key={k} variant="light" size="lg" tt="none">
                  {k} × {n}
                </Badge>
              ))}
          </>
        )}
      </Group>
      {metrics.lanesMissing === 'mono' && (
        <Text size="xs" c="dimmed" data-testid="metrics-mono">
          {t('missing.mono')}
        </Text>
      )}
      {metrics.wordsMissing === 'no-transcript' && (
        <Text size="xs" c="dimmed" data-testid="metrics-no-transcript">
          {t('missing.noTranscript')}
        </Text>
      )}
    </Stack>
  )
}

export interface SortState {
  key: 'date' | ListFigure
  desc: boolean
}

/** A list header that sorts by its figure; a second click turns the order round. */
export function SortHeader({
  k,
  sort,
  onSort,
  children
}: {
  k: SortState['key']
  sort: SortState
  onSort: (s: SortState) => void
  children: React.ReactNode
}): React.ReactNode {
  const active = sort.key === k
  return (
    <UnstyledButton
      fz="sm"
      fw={700}
      onClick={() => onSort({ key: k, desc: active ? !sort.desc : true })}
      data-testid={`sort-${k}`}
      aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
    >
      {children} {active ? (sort.desc ? '↓' : '↑') : ''}
    </UnstyledButton>
  )
}

/** Order rows by a figure; calls without it (mono, no transcript) always go last. */
export function sortByFigure<T>(rows: readonly T[], value: (row: T) => number | null, desc: boolean): T[] {
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null) return y === null ? 0 : 1
    if (y === null) return -1
    return desc ? y - x : x - y
  })
}

export type Period = 'month' | 'quarter' | 'lastQuarter' | 'all'

/** [from, to) of a period around `now`, in the laptop's time zone. */
export function periodRange(p: Period, now: number): [number, number] {
  const d = new Date(now)
  const y = d.getFullYear()
  const q = Math.floor(d.getMonth() / 3)
  switch (p) {
    case 'month':
      return [new Date(y, d.getMonth(), 1).getTime(), new Date(y, d.getMonth() + 1, 1).getTime()]
    case 'quarter':
      return [new Date(y, q * 3, 1).getTime(), new Date(y, q * 3 + 3, 1).getTime()]
    case 'lastQuarter':
      return [new Date(y, q * 3 - 3, 1).getTime(), new Date(y, q * 3, 1).getTime()]
    case 'all':
      return [-Infinity, Infinity]
  }
}

function figureLabel(t: TFunction<'callMetrics'>, f: BenchmarkFigure): string {
  return t(`figure.${f}`)
}

/** Each rep's means beside the team's top quartile, for a period. */
export function TeamBenchmarks({
  recordings,
  metrics,
  repOf,
  atOf,
  repName,
  now
}: {
  recordings: readonly Recording[]
  metrics: Map<string, CallMetrics>
  repOf: (recordingId: string) => string | undefined
  atOf: (recordingId: string) => number
  repName: (repId: string) => string | undefined
  now: number
}): React.ReactNode {
  const { t } = useTranslation('callMetrics')
  const [period, setPeriod] = useState<Period>('quarter')
  const bench = useMemo(() => {
    const calls = recordings.flatMap((r) => {
      const m = metrics.get(r.id)
      const repId = repOf(r.id)
      return m && repId ? [{ repId, at: atOf(r.id), metrics: m }] : []
    })
    const [from, to] = periodRange(period, now)
    return teamBenchmark(calls, from, to)
    // repOf/atOf follow the recordings.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordings, metrics, period, now])
  return (
    <Stack gap="sm" data-testid="team-benchmarks">
      <Group justify="space-between" align="end">
        <Text size="sm" c="dimmed" maw={640}>
          {t('bench.explain')}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={t('bench.period')}
          data-testid="bench-period"
          value={period}
          onChange={(v) => setPeriod(v as Period)}
          data={(['month', 'quarter', 'lastQuarter', 'all'] as const).map((p) => ({ value: p, label: t(`period.${p}`) }))}
        />
      </Group>
      {bench.reps.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="bench-empty">
          {t('bench.empty')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={3} data-testid="bench-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bench.rep')}</Table.Th>
              <Table.Th>{t('bench.calls')}</Table.Th>
              {BENCHMARK_FIGURES.map((f) => (
                <Table.Th key={f}>{figureLabel(t, f)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr data-testid="bench-top-quartile" style={{ background: 'var(--mantine-color-gray-0)' }}>
              <Table.Td fw={600}>{t('bench.topQuartile')}</Table.Td>
              <Table.Td />
              {BENCHMARK_FIGURES.map((f) => (
                <Table.Td key={f} className="tabular" fw={600}>
                  {formatFigure(f, bench.topQuartile[f])}
                </Table.Td>
              ))}
            </Table.Tr>
            {[...bench.reps]
              .sort((a, b) => (repName(a.repId) ?? a.repId).localeCompare(repName(b.repId) ?? b.repId))
              .map((r) => (
                <Table.Tr key={r.repId} data-testid="bench-rep">
                  <Table.Td>{repName(r.repId) ?? r.repId}</Table.Td>
                  <Table.Td className="tabular">{r.calls}</Table.Td>
                  {BENCHMARK_FIGURES.map((f) => {
                    const top = inTopQuartile(f, r.figures[f], bench.topQuartile[f])
                    return (
                      <Table.Td
                        key={f}
                        className="tabular"
                        c={top ? 'teal.8' : undefined}
                        fw={top ? 600 : undefined}
                        data-top={top || undefined}
                      >
                        {formatFigure(f, r.figures[f])}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        {t('bench.direction')}
      </Text>
    </Stack>
  )
}
