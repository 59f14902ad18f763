// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import type { ReactNode } from 'react'
import type { Recording } from '@shared/model/recording'
import type { CallMetrics } from '@shared/domain/call-metrics'
import { createI18n, type Language } from '../../app/i18n'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { CallMetricsStrip, figureValue, sortByFigure, TeamBenchmarks, useCallMetrics } from './ConversationMetrics'

/** Peaks (0…127) at 50/s as main stores them: base64 of Int8. Voice (60) in [fromS, toS). */
function lane(seconds: number, spans: [number, number][]): string {
  const a = new Int8Array(seconds * 50).fill(1)
  for (const [f, t] of spans) a.fill(60, f * 50, t * 50)
  return btoa(String.fromCharCode(...new Uint8Array(a.buffer)))
}

const SHA_STEREO = 'a'.repeat(64)
const SHA_MONO = 'b'.repeat(64)
// A 60 s stereo call: rep 0–30 s, customer 31–49 s, rep 50–60 s; and a mono call.
const peaksBySha: Record<string, unknown> = {
  [SHA_STEREO]: { sha256: SHA_STEREO, durationMs: 60_000, channels: 2, peaksPerSecond: 50, peaks: [lane(60, [[0, 30], [50, 60]]), lane(60, [[31, 49]])], silences: [], splitChannels: true },
  [SHA_MONO]: { sha256: SHA_MONO, durationMs: 60_000, channels: 1, peaksPerSecond: 50, peaks: [lane(60, [[0, 50]])], silences: [], splitChannels: false }
}
vi.mock('../../bridge', () => ({
  bridge: { invoke: vi.fn(async (_ch: string, req: { sha256: string }) => peaksBySha[req.sha256]) }
}))

const rec = (id: string, sha256: string, channels: number): Recording => ({
  id,
  sha256,
  durationMs: 60_000,
  channels,
  codec: 'pcm',
  sizeBytes: 1,
  originalName: `${id}.wav`,
  importedAt: Date.UTC(2026, 10, 1)
})
const recordings = [rec('r1', SHA_STEREO, 2), rec('r2', SHA_MONO, 1)]

function Shell({ language = 'en-US', children }: { language?: Language; children: ReactNode }): ReactNode {
  return (
    <I18nextProvider i18n={createI18n(language)}>
      <MantineProvider>{children}</MantineProvider>
    </I18nextProvider>
  )
}

function Player({ id }: { id: string }): ReactNode {
  const m = useCallMetrics(recordings, () => 'Li Wei')
  return <CallMetricsStrip metrics={m.get(id)} />
}

let n = 0
beforeEach(() => {
  useDb(new CockpitDb(`call-metrics-${++n}`))
})
afterEach(cleanup)

describe('the player shows the open call’s figures', () => {
  it('a stereo call with a transcript: talk share, switches and the rep’s questions', async () => {
    await getDb().transcriptSegments.bulkAdd([
      { id: 's1', recordingId: 'r1', startMs: 0, endMs: 30_000, speaker: '销售', text: '您好，现在方便吗？预算大概是多少？' },
      { id: 's2', recordingId: 'r1', startMs: 31_000, endMs: 49_000, speaker: '客户', text: '预算还没定。' }
    ])
    render(
      <Shell>
        <Player id="r1" />
      </Shell>
    )
    const strip = await screen.findByTestId('call-metrics')
    // Rep talked 40 s of 58 s.
    expect(within(strip).getByTestId('metric-talk').textContent).toContain('69% : 31%')
    // Two changes of speaker in one minute.
    expect(within(strip).getByTestId('metric-switches').textContent).toContain('2.0')
    expect(within(strip).getByTestId('metric-questions').textContent).toContain('2 (120/h)')
    expect(screen.queryByTestId('metrics-mono')).toBeNull()
  })

  it('a mono call says why the two-lane figures are absent, in both languages', async () => {
    render(
      <Shell>
        <Player id="r2" />
      </Shell>
    )
    expect((await screen.findByTestId('metrics-mono')).textContent).toMatch(/separate channels/)
    expect(screen.queryByTestId('metric-talk')).toBeNull()
    expect(screen.getByTestId('metrics-no-transcript')).toBeTruthy()
    cleanup()
    render(
      <Shell language="zh-CN">
        <Player id="r2" />
      </Shell>
    )
    expect((await screen.findByTestId('metrics-mono')).textContent).toMatch(/两个声道/)
  })
})

const m = (talkRatio: number | null): CallMetrics => ({
  durationMs: 600_000,
  lanes:
    talkRatio === null
      ? null
      : { repTalkMs: 1, customerTalkMs: 1, talkRatio, longestRepMonologueMs: 90_000, longestCustomerMonologueMs: 1, switchesPerMinute: 3, patienceMs: 700 },
  lanesMissing: talkRatio === null ? 'mono' : undefined,
  words: null,
  wordsMissing: 'no-transcript'
})

describe('the list and the team benchmark', () => {
  it('sorting by a figure puts calls without it (mono) last, either way round', () => {
    const rows = [
      { id: 'a', m: m(0.5) },
      { id: 'mono', m: m(null) },
      { id: 'b', m: m(0.7) },
      { id: 'c', m: m(0.3) }
    ]
    expect(sortByFigure(rows, (r) => figureValue(r.m, 'talkRatio'), true).map((r) => r.id)).toEqual(['b', 'a', 'c', 'mono'])
    expect(sortByFigure(rows, (r) => figureValue(r.m, 'talkRatio'), false).map((r) => r.id)).toEqual(['c', 'a', 'b', 'mono'])
  })

  it('each rep beside the top quartile, and the period changes who is counted', async () => {
    const now = new Date(2026, 10, 20).getTime()
    const thisMonth = new Date(2026, 10, 5).getTime()
    const lastQuarter = new Date(2026, 7, 5).getTime()
    const recs = ['c1', 'c2', 'c3', 'c4'].map((id) => rec(id, SHA_STEREO, 2))
    const metrics = new Map([
      ['c1', m(0.3)],
      ['c2', m(0.5)],
      ['c3', m(0.7)],
      ['c4', m(0.9)]
    ])
    const rep: Record<string, string> = { c1: 'u1', c2: 'u2', c3: 'u3', c4: 'u4' }
    const at: Record<string, number> = { c1: thisMonth, c2: thisMonth, c3: thisMonth, c4: lastQuarter }
    const names: Record<string, string> = { u1: 'Wang Fang', u2: 'Zhang Wei', u3: 'Liu Yang', u4: 'Chen Jie' }
    render(
      <Shell>
        <TeamBenchmarks recordings={recs} metrics={metrics} repOf={(id) => rep[id]} atOf={(id) => at[id]!} repName={(id) => names[id]} now={now} />
      </Shell>
    )
    const rows = await screen.findAllByTestId('bench-rep')
    // This quarter: three reps by name; Chen Jie's call was last quarter.
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Liu Yang'), expect.stringContaining('Wang Fang'), expect.stringContaining('Zhang Wei')])
    // Talk shares 30/50/70 %: lower is better, the top-quartile line is 40 %.
    expect(screen.getByTestId('bench-top-quartile').textContent).toContain('40% : 60%')
    expect(rows[1]!.querySelector('[data-top]')?.textContent).toBe('30% : 70%')
    expect(rows[0]!.querySelectorAll('[data-top]').length).toBeLessThan(rows[1]!.querySelectorAll('[data-top]').length)
    fireEvent.click(within(screen.getByTestId('bench-period')).getByLabelText('Last quarter'))
    await waitFor(() => expect(screen.getAllByTestId('bench-rep').map((r) => r.textContent)).toEqual([expect.stringContaining('Chen Jie')]))
  })
})
