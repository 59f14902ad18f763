import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { callMetrics, turnsFromPeaks, type Turn } from '../../shared/domain/call-metrics'
import { decodePeaks } from './analysis'
import { RecordingStore } from './store'

/**
 * Conversation metrics on real speech: espeak-ng voices, trimmed by sox to where the voice starts
 * and stops (the ground truth), laid on the rep (left) and customer (right) lanes at known times,
 * imported through the store like any call. The figures come from the stored peaks.
 */
const dir = mkdtempSync(join(tmpdir(), 'call-metrics-'))
const RATE = 16000
const FRAME_MS = 20

function sox(args: string[]): string {
  return execFileSync('sox', args, { encoding: 'utf8' })
}

/** Speech of `text`, resampled to 16 kHz and trimmed to its first and last sound; its length in ms. */
function utterance(name: string, text: string, voice: string): { file: string; ms: number } {
  const raw = join(dir, `${name}.raw.wav`)
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text])
  const file = join(dir, `${name}.wav`)
  sox([raw, '-r', String(RATE), '-c', '1', '-b', '16', file, 'silence', '1', '0.005', '1%', 'reverse', 'silence', '1', '0.005', '1%', 'reverse'])
  const samples = Number(sox(['--i', '-s', file]).trim())
  return { file, ms: (samples / RATE) * 1000 }
}

/** `-r` before `-n`: the null input runs at 16 kHz, so `trim` counts our samples. */
function quiet(file: string, ms: number): void {
  sox(['-r', String(RATE), '-c', '1', '-n', '-b', '16', file, 'trim', '0', `${Math.round((ms / 1000) * RATE)}s`])
}

function silence(ms: number): string {
  const file = join(dir, `sil-${ms}.wav`)
  quiet(file, ms)
  return file
}

interface Script {
  lane: 0 | 1
  text: string
  /** Silence before this line starts, after the previous line ended. */
  pauseMs: number
}

/** Builds the stereo call; returns the true turns. */
function buildCall(name: string, script: Script[]): { file: string; turns: Turn[] } {
  const parts: [string[], string[]] = [[], []]
  const turns: Turn[] = []
  let at = 0
  script.forEach((line, i) => {
    const u = utterance(`${name}-${i}`, line.text, line.lane === 0 ? 'en-us' : 'en-gb')
    // Both lanes advance together: the line's lane gets the speech, the other lane silence.
    const pause = silence(line.pauseMs)
    const still = join(dir, `q-${name}-${i}.wav`)
    quiet(still, u.ms)
    parts[line.lane].push(pause, u.file)
    parts[line.lane === 0 ? 1 : 0].push(pause, still)
    const start = at + line.pauseMs
    turns.push({ lane: line.lane, startMs: start, endMs: start + u.ms })
    at = start + u.ms
  })
  const tail = silence(1000)
  const left = join(dir, `${name}-L.wav`)
  const right = join(dir, `${name}-R.wav`)
  sox([...parts[0], tail, left])
  sox([...parts[1], tail, right])
  const file = join(dir, `${name}.wav`)
  sox(['-M', left, right, file])
  return { file, turns }
}

const script: Script[] = [
  { lane: 0, text: 'Good morning this is Li from Cloud Start calling about the demo we did last week', pauseMs: 600 },
  { lane: 1, text: 'Yes I remember the demo', pauseMs: 800 },
  { lane: 0, text: 'Great so I wanted to walk you through the pricing and the rollout plan for your sixty reps and see how it fits the budget you mentioned', pauseMs: 1200 },
  { lane: 1, text: 'The budget is set for the next quarter and we need approval from finance first', pauseMs: 700 },
  { lane: 0, text: 'Who else should be in the next meeting', pauseMs: 1600 }
]

let call: { file: string; turns: Turn[] }
let peaks: Int8Array[]
let durationMs = 0

beforeAll(async () => {
  call = buildCall('c1', script)
  const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'call-metrics-store-')) })
  const r = await store.importRecording(call.file, 'c1.wav')
  const p = await store.peaks(r.sha256)
  expect(p.splitChannels).toBe(true)
  peaks = p.peaks.map(decodePeaks)
  durationMs = p.durationMs
}, 60_000)

describe('conversation metrics from the stored voice activity', () => {
  it('finds each turn to within one voice-activity frame', () => {
    const found = turnsFromPeaks(peaks[0]!, peaks[1]!, 50)
    expect(found.map((t) => t.lane)).toEqual(call.turns.map((t) => t.lane))
    found.forEach((t, i) => {
      expect(Math.abs(t.startMs - call.turns[i]!.startMs)).toBeLessThanOrEqual(FRAME_MS)
      expect(Math.abs(t.endMs - call.turns[i]!.endMs)).toBeLessThanOrEqual(FRAME_MS)
    })
  })

  it('talk time, longest monologues, switches and patience match the script', () => {
    const m = callMetrics({ durationMs, peaks, peaksPerSecond: 50, splitChannels: true })
    const len = (t: Turn): number => t.endMs - t.startMs
    const rep = call.turns.filter((t) => t.lane === 0)
    const cust = call.turns.filter((t) => t.lane === 1)
    const repTalk = rep.reduce((s, t) => s + len(t), 0)
    const custTalk = cust.reduce((s, t) => s + len(t), 0)
    const lanes = m.lanes!
    // Each turn's two ends may be off by a frame each.
    expect(Math.abs(lanes.repTalkMs - repTalk)).toBeLessThanOrEqual(2 * FRAME_MS * rep.length)
    expect(Math.abs(lanes.customerTalkMs - custTalk)).toBeLessThanOrEqual(2 * FRAME_MS * cust.length)
    expect(Math.abs(lanes.longestRepMonologueMs - Math.max(...rep.map(len)))).toBeLessThanOrEqual(2 * FRAME_MS)
    expect(Math.abs(lanes.longestCustomerMonologueMs - Math.max(...cust.map(len)))).toBeLessThanOrEqual(2 * FRAME_MS)
    // Four changes of speaker over the call's length.
    expect(lanes.switchesPerMinute).toBeCloseTo(4 / (durationMs / 60_000), 6)
    // The rep answered after 1.2 s and after 1.6 s.
    expect(Math.abs(lanes.patienceMs! - 1400)).toBeLessThanOrEqual(2 * FRAME_MS)
    expect(lanes.talkRatio!).toBeCloseTo(lanes.repTalkMs / (lanes.repTalkMs + lanes.customerTalkMs), 9)
    expect(m.wordsMissing).toBe('no-transcript')
  })

  it('a mono copy of the call says the two-lane figures need two lanes', async () => {
    const mono = join(dir, 'c1-mono.wav')
    sox([call.file, '-c', '1', mono])
    const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'call-metrics-store-')) })
    const r = await store.importRecording(mono, 'mono.wav')
    const p = await store.peaks(r.sha256)
    const m = callMetrics({
      durationMs: p.durationMs,
      peaks: p.peaks.map(decodePeaks),
      peaksPerSecond: p.peaksPerSecond,
      splitChannels: p.splitChannels,
      lines: [{ speaker: 'Rep', text: 'Who else should be in the next meeting?' }]
    })
    expect(m.lanes).toBeNull()
    expect(m.lanesMissing).toBe('mono')
    expect(m.words?.repQuestions).toBe(1)
  }, 30_000)
})
