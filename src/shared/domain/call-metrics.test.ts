import { describe, expect, it } from 'vitest'
import { callMetrics, countQuestions, inTopQuartile, laneMetrics, teamBenchmark, turnsFromPeaks, wordMetrics, type CallMetrics } from './call-metrics'

/** Peaks at 50/s with voice (value 60) in the given [fromS, toS) spans, a faint hiss elsewhere. */
function lane(seconds: number, spans: [number, number][], hiss = 1): Int8Array {
  const a = new Int8Array(seconds * 50).fill(hiss)
  for (const [f, t] of spans) a.fill(60, f * 50, t * 50)
  return a
}

describe('turns and lane figures', () => {
  it('a customer "嗯" inside the rep\'s turn is talk but not a change of speaker', () => {
    const rep = lane(30, [[0, 10], [12, 20]])
    const cust = lane(30, [[4, 4.5], [10.5, 11.5], [21, 25]])
    const m = laneMetrics(turnsFromPeaks(rep, cust, 50), 30_000)
    expect(m.customerTalkMs).toBe(500 + 1000 + 4000)
    // rep → customer (10.5) → rep (12) → customer (21): three switches; the 嗯 at 4 s is none.
    expect(m.switchesPerMinute).toBeCloseTo(3 / 0.5)
    // The rep answered 0.5 s after the customer's only real turn before it.
    expect(m.patienceMs).toBe(500)
    expect(m.longestRepMonologueMs).toBe(10_000)
  })

  it('a breath inside a turn does not split it; a pause longer than the bridge does', () => {
    const rep = lane(20, [[0, 3], [3.3, 6], [8, 9]])
    const m = laneMetrics(turnsFromPeaks(rep, lane(20, []), 50), 20_000)
    expect(m.longestRepMonologueMs).toBe(6000)
  })

  it("the other voice leaking into a lane at a quarter of the level is not counted as that lane's talk", () => {
    const rep = lane(10, [[0, 5]])
    const cust = lane(10, [[5, 9]])
    cust.fill(10, 0, 250) // echo of the rep, 15 dB down
    const m = laneMetrics(turnsFromPeaks(rep, cust, 50), 10_000)
    expect(m.customerTalkMs).toBe(4000)
    expect(m.repTalkMs).toBe(5000)
  })

  it('a silent call has no talk ratio and no patience, not a division by zero', () => {
    const m = callMetrics({ durationMs: 5000, peaks: [lane(5, [], 0), lane(5, [], 0)], peaksPerSecond: 50, splitChannels: true })
    expect(m.lanes?.talkRatio).toBeNull()
    expect(m.lanes?.patienceMs).toBeNull()
  })
})

describe('words', () => {
  it('counts questions in Chinese and English, sentence by sentence', () => {
    expect(countQuestions('您好，现在方便聊几分钟吗？')).toBe(1)
    expect(countQuestions('预算大概是多少？决策是谁来做？我们下周见。')).toBe(2)
    expect(countQuestions('我们下周见。')).toBe(0)
    expect(countQuestions('Who else should join? Thanks.')).toBe(1)
  })

  it("counts the rep's questions and fillers only, keywords on both sides, whole English words", () => {
    const w = wordMetrics(
      [
        { speaker: '销售', text: '嗯，那个，预算大概是多少？' },
        { speaker: '客户', text: '嗯，预算还没定，竞品报价更低吗？' },
        { speaker: 'Li Wei', text: 'Um, the answer is the budget.' }
      ],
      30 * 60_000,
      ['预算', 'budget'],
      ['Li Wei']
    )
    expect(w.repQuestions).toBe(1)
    expect(w.questionsPerHour).toBe(2)
    // 嗯 + 那个 from the rep's first line, "um" from the named rep; not "er" inside "answer".
    expect(w.fillers).toBe(3)
    expect(w.keywords).toEqual({ 预算: 2, budget: 1 })
  })
})

describe('team benchmark', () => {
  const call = (talkRatio: number | null, questionsPerHour: number | null): CallMetrics => ({
    durationMs: 3_600_000,
    lanes:
      talkRatio === null
        ? null
        : { repTalkMs: 0, customerTalkMs: 0, talkRatio, longestRepMonologueMs: 60_000, longestCustomerMonologueMs: 0, switchesPerMinute: 2, patienceMs: 800 },
    lanesMissing: talkRatio === null ? 'mono' : undefined,
    words: questionsPerHour === null ? null : { repQuestions: questionsPerHour, questionsPerHour, fillers: 0, keywords: {} }
  })

  it("each rep's means over the period; the top-quartile line in each figure's better direction", () => {
    const jan = Date.UTC(2026, 0, 10)
    const feb = Date.UTC(2026, 1, 10)
    const b = teamBenchmark(
      [
        { repId: 'a', at: jan, metrics: call(0.4, 20) },
        { repId: 'a', at: jan, metrics: call(0.6, null) },
        { repId: 'b', at: jan, metrics: call(0.7, 10) },
        { repId: 'c', at: jan, metrics: call(null, 30) },
        { repId: 'd', at: jan, metrics: call(0.3, 40) },
        { repId: 'd', at: feb, metrics: call(0.9, 0) }
      ],
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 1, 1)
    )
    const byRep = new Map(b.reps.map((r) => [r.repId, r]))
    expect(byRep.get('a')!.figures.talkRatio).toBeCloseTo(0.5)
    expect(byRep.get('a')!.figures.questionsPerHour).toBe(20)
    expect(byRep.get('c')!.figures.talkRatio).toBeNull()
    expect(byRep.get('d')!.calls).toBe(1)
    // Talk ratios 0.3, 0.5, 0.7: lower is better, the 25th percentile is 0.4.
    expect(b.topQuartile.talkRatio).toBeCloseTo(0.4)
    // Questions 10, 20, 30, 40: higher is better, the 75th percentile is 32.5.
    expect(b.topQuartile.questionsPerHour).toBeCloseTo(32.5)
    expect(inTopQuartile('talkRatio', 0.3, b.topQuartile.talkRatio)).toBe(true)
    expect(inTopQuartile('questionsPerHour', 20, b.topQuartile.questionsPerHour)).toBe(false)
  })
})
