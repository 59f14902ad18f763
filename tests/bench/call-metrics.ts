import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callMetrics, teamBenchmark, type RepCall, type SpokenLine } from '../../src/shared/domain/call-metrics'
import { decodePeaks } from '../../src/main/recordings/analysis'
import { ffmpegGenerate } from '../../src/main/recordings/fixtures'
import { RecordingStore } from '../../src/main/recordings/store'
import { median, round, type Figure } from './figures'

/**
 * Conversation metrics, in Node, from the voice activity the store keeps (`.peaks.json`):
 * - `calls.metrics.60min.ms`: a 60-minute stereo call (rep and customer taking turns of 7–20 s,
 *   imported through the real store outside the timing) with a 900-line transcript: read the
 *   stored peaks, decode both lanes, every figure of the call.
 * - `calls.metrics.1000calls.ms`: the team benchmark over 1,000 calls of 3–12 minutes by 60 reps
 *   (lanes cut from that hour, each with its transcript): every call's figures, then each rep vs
 *   the team's top quartile for one quarter.
 */
export async function benchCallMetrics(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-callm-'))
  try {
    const hour = 3600
    // Turns of 7, 13 and 20 s with 0.4–1.4 s pauses: the rep (left) and customer (right) alternate.
    const voice = (lane: 0 | 1): string => `volume='if(eq(mod(floor(t/11.3),2),${lane})*gt(mod(t,11.3),0.4+${lane}),1,0)':eval=frame`
    const file = ffmpegGenerate(
      join(dir, 'hour.mp3'),
      ['-f', 'lavfi', '-i', `sine=frequency=220:duration=${hour}:sample_rate=16000`, '-f', 'lavfi', '-i', `sine=frequency=330:duration=${hour}:sample_rate=16000`],
      ['-filter_complex', `[0:a]${voice(0)}[l];[1:a]${voice(1)}[r];[l][r]join=inputs=2:channel_layout=stereo[out]`, '-map', '[out]', '-b:a', '32k']
    )
    const store = new RecordingStore({ dir: join(dir, 'store') })
    const { sha256 } = await store.importRecording(file, 'hour.mp3')
    const words = ['您好', '预算', '嗯', '那个', '竞品', '价格', '合同', '下周', '方案', '采购流程', '决策人', '试用']
    const linesFor = (minutes: number, seed: number): SpokenLine[] =>
      Array.from({ length: minutes * 15 }, (_, i) => ({
        speaker: i % 2 ? '客户' : '销售',
        text: Array.from({ length: 10 }, (_, k) => words[(seed + i * 3 + k * 5) % words.length]).join('，') + (i % 3 ? '。' : '吗？')
      }))
    const keywords = ['预算', '竞品', '决策人', '价格', '合同']
    const transcript = linesFor(60, 1)

    // CPU time of this process (the machine is shared; wall-clock is in the note).
    const cpuMs = (): number => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    }
    const oneMs: number[] = []
    const oneWallMs: number[] = []
    let talk = 0
    for (let i = 0; i < 11; i++) {
      const c0 = cpuMs()
      const t0 = performance.now()
      const p = await store.peaks(sha256)
      const m = callMetrics({ durationMs: p.durationMs, peaks: p.peaks.map(decodePeaks), peaksPerSecond: p.peaksPerSecond, splitChannels: p.splitChannels, lines: transcript, keywords })
      oneWallMs.push(performance.now() - t0)
      oneMs.push(cpuMs() - c0)
      talk = m.lanes?.talkRatio ?? -1
    }

    const p = await store.peaks(sha256)
    const lanes = p.peaks.map(decodePeaks)
    const perSecond = p.peaksPerSecond
    const quarterStart = Date.UTC(2026, 9, 1)
    const calls = Array.from({ length: 1000 }, (_, i) => {
      const minutes = 3 + (i % 10)
      const from = ((i * 7919) % (60 - minutes)) * 60 * perSecond
      const to = from + minutes * 60 * perSecond
      return { repId: `rep-${i % 60}`, at: quarterStart + (i % 120) * 86_400_000, minutes, lanes: lanes.map((l) => l.subarray(from, to)), lines: linesFor(minutes, i) }
    })
    let frames = 0
    for (const c of calls) frames += c.lanes[0]!.length
    const teamMs: number[] = []
    const teamWallMs: number[] = []
    let reps = 0
    for (let run = 0; run < 5; run++) {
      const c0 = cpuMs()
      const t0 = performance.now()
      const repCalls: RepCall[] = calls.map((c) => ({
        repId: c.repId,
        at: c.at,
        metrics: callMetrics({ durationMs: c.minutes * 60_000, peaks: c.lanes, peaksPerSecond: perSecond, splitChannels: true, lines: c.lines, keywords })
      }))
      reps = teamBenchmark(repCalls, quarterStart, quarterStart + 92 * 86_400_000).reps.length
      teamWallMs.push(performance.now() - t0)
      teamMs.push(cpuMs() - c0)
    }
    return [
      {
        name: 'calls.metrics.60min.ms',
        value: round(median(oneMs)),
        unit: 'ms',
        goal: 200,
        note: `Node; 60-min stereo mp3 imported through the store (outside the timing); read .peaks.json + decode 2 × ${lanes[0]!.length} frames + every figure, with a 900-line transcript and 5 keywords; rep talk share ${round(talk * 100)} %; CPU ms, median of 11; wall-clock median ${round(median(oneWallMs))}`
      },
      {
        name: 'calls.metrics.1000calls.ms',
        value: round(median(teamMs)),
        unit: 'ms',
        goal: 500,
        note: `Node; 1,000 calls of 3–12 min (${round(frames / perSecond / 3600)} h of stereo voice activity, ${calls.reduce((s, c) => s + c.lines.length, 0)} transcript lines) by ${reps} reps: every call's figures + each rep vs the top quartile for a quarter; CPU ms, median of 5; wall-clock median ${round(median(teamWallMs))}`
      }
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
