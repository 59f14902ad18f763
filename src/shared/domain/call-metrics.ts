/**
 * Conversation metrics of one call, from the voice activity stored at import (per-lane peaks,
 * 50 per second: rep on the left lane, customer on the right) and, when there is one, the
 * transcript. One definition for the player, the call list and the team benchmarks.
 */

/** Pauses inside one speaker's talk shorter than this are breaths, not the end of a turn. */
export const TURN_BRIDGE_MS = 500
/** A voiced run shorter than this is a click or a cough, not talk. */
export const MIN_TALK_MS = 100

export type Lane = 0 | 1
/** One continuous stretch of talk on a lane, [startMs, endMs). */
export interface Turn {
  lane: Lane
  startMs: number
  endMs: number
}

/** Why a figure is absent: one lane for both voices, or no transcript to count words in. */
export type MissingReason = 'mono' | 'no-transcript'

export interface LaneMetrics {
  repTalkMs: number
  customerTalkMs: number
  /** Rep's share of all talk, 0…1 (talk-to-listen: ratio / (1 − ratio)). Null when nobody talked. */
  talkRatio: number | null
  longestRepMonologueMs: number
  longestCustomerMonologueMs: number
  /** Changes of who holds the floor, per minute of call. */
  switchesPerMinute: number
  /** Mean pause between the customer's turn ending and the rep answering (0 when the rep cuts in). Null when the rep never answered. */
  patienceMs: number | null
}

export interface WordMetrics {
  /** Questions the rep asked, per hour of call. */
  questionsPerHour: number
  repQuestions: number
  /** Filler words ("嗯", "那个", "um"…) the rep said. */
  fillers: number
  /** Tracked keywords said on the call, by word (both sides). */
  keywords: Record<string, number>
}

export interface CallMetrics {
  durationMs: number
  lanes: LaneMetrics | null
  lanesMissing?: MissingReason
  words: WordMetrics | null
  wordsMissing?: MissingReason
}

/**
 * Voiced frames of one lane: a frame is voice when its peak stands clearly above the lane's own
 * floor (10th percentile × 3, i.e. +10 dB, at least 3/127 ≈ −32 dBFS and at most 12/127), so a
 * hiss-free file and a noisy phone line both work without a setting.
 */
export function laneThreshold(peaks: ArrayLike<number>): number {
  const n = peaks.length
  if (n === 0) return 3
  // Counting sort over about 5,000 evenly spread frames (peaks are 0…127): the floor of a
  // lane does not need all 180,000 frames of an hour.
  const counts = new Uint32Array(128)
  const stride = Math.max(1, Math.floor(n / 5000))
  let sampled = 0
  for (let i = 0; i < n; i += stride) {
    counts[peaks[i]! & 127]!++
    sampled++
  }
  const want = Math.floor(sampled * 0.1)
  let seen = 0
  let floor = 0
  for (let v = 0; v < 128; v++) {
    seen += counts[v]!
    if (seen > want) {
      floor = v
      break
    }
  }
  return Math.min(12, Math.max(3, floor * 3))
}

/**
 * Turns per lane from the two lanes' peaks. Where both lanes are voiced and one is four times
 * (12 dB) louder, the quieter is the other voice leaking in (echo, a shared room) and not counted.
 */
export function turnsFromPeaks(rep: ArrayLike<number>, customer: ArrayLike<number>, peaksPerSecond: number): Turn[] {
  const frameMs = 1000 / peaksPerSecond
  const n = Math.min(rep.length, customer.length)
  const tr = laneThreshold(rep)
  const tc = laneThreshold(customer)
  const bridge = Math.round(TURN_BRIDGE_MS / frameMs)
  const minFrames = Math.round(MIN_TALK_MS / frameMs)
  const out: Turn[] = []
  const push = (lane: Lane, first: number, last: number): void => {
    if (last - first + 1 >= minFrames) out.push({ lane, startMs: Math.round(first * frameMs), endMs: Math.round((last + 1) * frameMs) })
  }
  // Per lane: the open run's first frame (−1: none) and its last voiced frame. Plain locals: this
  // loop sees 180,000 frames per lane for an hour's call.
  let sr = -1
  let lr = -1
  let sc = -1
  let lc = -1
  for (let i = 0; i < n; i++) {
    const r = rep[i]!
    const c = customer[i]!
    let vr = r >= tr
    let vc = c >= tc
    if (vr && vc) {
      if (r >= 4 * c) vc = false
      else if (c >= 4 * r) vr = false
    }
    if (vr) {
      if (sr >= 0 && i - lr > bridge) {
        push(0, sr, lr)
        sr = -1
      }
      if (sr < 0) sr = i
      lr = i
    }
    if (vc) {
      if (sc >= 0 && i - lc > bridge) {
        push(1, sc, lc)
        sc = -1
      }
      if (sc < 0) sc = i
      lc = i
    }
  }
  if (sr >= 0) push(0, sr, lr)
  if (sc >= 0) push(1, sc, lc)
  return out.sort((a, b) => a.startMs - b.startMs || a.lane - b.lane)
}

/** Talk, monologues, floor switches and patience from the turns of both lanes. */
export function laneMetrics(turns: readonly Turn[], durationMs: number): LaneMetrics {
  let repTalkMs = 0
  let customerTalkMs = 0
  let longestRep = 0
  let longestCustomer = 0
  let switches = 0
  let holder: Lane | -1 = -1
  let holderEnd = -1
  let pauses = 0
  let pauseSum = 0
  for (const t of turns) {
    const len = t.endMs - t.startMs
    if (t.lane === 0) {
      repTalkMs += len
      longestRep = Math.max(longestRep, len)
    } else {
      customerTalkMs += len
      longestCustomer = Math.max(longestCustomer, len)
    }
    if (t.lane === holder || holder === -1) {
      holder = t.lane
      holderEnd = Math.max(holderEnd, t.endMs)
      continue
    }
    // A "嗯" inside the other's turn is listening, not taking the floor.
    if (t.endMs <= holderEnd) continue
    switches++
    // The rep answering the customer: how long the rep let the customer's words land.
    if (t.lane === 0) {
      pauseSum += Math.max(0, t.startMs - holderEnd)
      pauses++
    }
    holder = t.lane
    holderEnd = t.endMs
  }
  const talk = repTalkMs + customerTalkMs
  const minutes = durationMs / 60_000
  return {
    repTalkMs,
    customerTalkMs,
    talkRatio: talk > 0 ? repTalkMs / talk : null,
    longestRepMonologueMs: longestRep,
    longestCustomerMonologueMs: longestCustomer,
    switchesPerMinute: minutes > 0 ? switches / minutes : 0,
    patienceMs: pauses > 0 ? pauseSum / pauses : null
  }
}

export const REP_SPEAKERS = ['销售', '坐席', '客户经理', 'rep', 'sales', 'agent', 'seller']
export const FILLERS = ['嗯', '呃', '啊', '那个', '就是说', '然后呢', 'um', 'uh', 'er', 'you know']

export interface SpokenLine {
  speaker: string
  text: string
}

/** Is this line the rep's? The speaker label names the rep (销售, Rep…) or is the rep's own name. */
export function isRepLine(speaker: string, repNames: readonly string[] = []): boolean {
  const s = speaker.trim().toLowerCase()
  if (!s) return false
  return REP_SPEAKERS.includes(s) || repNames.some((n) => n.trim().toLowerCase() === s)
}

const QUESTION_END = /[?？]|[吗呢么吧嘛][。！!]?$/u
/** Every question has one of these; most lines have none and skip the sentence split. */
const QUESTION_HINT = /[?？吗呢么吧嘛什怎为多哪是有能可要]/u
const QUESTION_WORD = /什么|怎么|为什么|多少|哪些|哪个|是否|有没有|能不能|可不可以|要不要/u

/** Count a line's questions: each sentence ending in a question mark, a question particle or asking with a question word. */
export function countQuestions(text: string): number {
  if (!QUESTION_HINT.test(text)) return 0
  let n = 0
  for (const raw of text.split(/(?<=[。！!？?；;])/u)) {
    const s = raw.trim()
    if (!s) continue
    if (QUESTION_END.test(s) || (QUESTION_WORD.test(s) && !/[。！!]$/u.test(s))) n++
  }
  return n
}

type WordCounter = (lowerText: string) => number

/** A counter for one word, built once per call: Latin words count whole (so "er" is not found in "answer"); Chinese has no spaces to match. */
function wordCounter(word: string): WordCounter {
  const w = word.toLowerCase()
  if (!w) return () => 0
  if (/^[\x20-\x7e]+$/.test(w)) {
    const re = new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gu')
    return (text) => (text.includes(w) ? (text.match(re)?.length ?? 0) : 0)
  }
  return (text) => {
    let n = 0
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) n++
    return n
  }
}

const fillerCounters = FILLERS.map(wordCounter)

/** Questions, fillers and tracked keywords from the transcript lines. */
export function wordMetrics(lines: readonly SpokenLine[], durationMs: number, keywords: readonly string[], repNames: readonly string[] = []): WordMetrics {
  let repQuestions = 0
  let fillers = 0
  const kwCounters = keywords.map(wordCounter)
  const kwCounts = new Array<number>(keywords.length).fill(0)
  const repSpeakers = new Map<string, boolean>()
  for (const line of lines) {
    const lower = line.text.toLowerCase()
    let rep = repSpeakers.get(line.speaker)
    if (rep === undefined) repSpeakers.set(line.speaker, (rep = isRepLine(line.speaker, repNames)))
    if (rep) {
      repQuestions += countQuestions(line.text)
      for (const count of fillerCounters) fillers += count(lower)
    }
    for (let k = 0; k < kwCounters.length; k++) kwCounts[k]! += kwCounters[k]!(lower)
  }
  const kw: Record<string, number> = {}
  keywords.forEach((k, i) => (kw[k] = (kw[k] ?? 0) + kwCounts[i]!))
  const hours = durationMs / 3_600_000
  return { repQuestions, questionsPerHour: hours > 0 ? repQuestions / hours : 0, fillers, keywords: kw }
}

export interface CallMetricsInput {
  durationMs: number
  /** Per-lane peaks, 0…127; rep first, customer second. */
  peaks: readonly ArrayLike<number>[]
  peaksPerSecond: number
  /** Two channels with different content (see the import analysis). */
  splitChannels: boolean
  /** Transcript lines, when the call has one. */
  lines?: readonly SpokenLine[]
  keywords?: readonly string[]
  repNames?: readonly string[]
}

/** The two-lane figures of a call, or null for a mono call (one lane, or two with the same sound). */
export function callLaneMetrics(input: Pick<CallMetricsInput, 'durationMs' | 'peaks' | 'peaksPerSecond' | 'splitChannels'>): LaneMetrics | null {
  if (!input.splitChannels || input.peaks.length < 2) return null
  return laneMetrics(turnsFromPeaks(input.peaks[0]!, input.peaks[1]!, input.peaksPerSecond), input.durationMs)
}

/** A call's figures from its lane figures (computed once per recording) and its transcript (which can change). */
export function combineCallMetrics(
  durationMs: number,
  lanes: LaneMetrics | null,
  input: Pick<CallMetricsInput, 'lines' | 'keywords' | 'repNames'> = {}
): CallMetrics {
  const out: CallMetrics = { durationMs, lanes, words: null }
  if (!lanes) out.lanesMissing = 'mono'
  if (input.lines && input.lines.length > 0) out.words = wordMetrics(input.lines, durationMs, input.keywords ?? [], input.repNames)
  else out.wordsMissing = 'no-transcript'
  return out
}

/** Every figure of one call; the ones that cannot be had say why. */
export function callMetrics(input: CallMetricsInput): CallMetrics {
  return combineCallMetrics(input.durationMs, callLaneMetrics(input), input)
}

// ---------------------------------------------------------------------------------------------
// Team benchmarks: each rep's average per figure beside the team's top quartile.

export type BenchmarkFigure = 'talkRatio' | 'longestRepMonologueMs' | 'switchesPerMinute' | 'patienceMs' | 'questionsPerHour' | 'fillersPerHour'

/**
 * Which way is better, for picking the top quartile: reps who listen more, keep monologues
 * short, trade turns often, let the customer finish, ask more and fill less.
 */
export const FIGURE_BETTER: Record<BenchmarkFigure, 'low' | 'high'> = {
  talkRatio: 'low',
  longestRepMonologueMs: 'low',
  switchesPerMinute: 'high',
  patienceMs: 'high',
  questionsPerHour: 'high',
  fillersPerHour: 'low'
}
export const BENCHMARK_FIGURES = Object.keys(FIGURE_BETTER) as BenchmarkFigure[]

export interface RepCall {
  repId: string
  /** When the call happened (epoch ms), for the period filter. */
  at: number
  metrics: CallMetrics
}

export interface RepBenchmark {
  repId: string
  calls: number
  /** The rep's mean per figure over the calls that have it; null when none has. */
  figures: Record<BenchmarkFigure, number | null>
}

export interface TeamBenchmark {
  reps: RepBenchmark[]
  /** The top quartile's line per figure: the 75th (or 25th, where lower is better) percentile of the reps' means. */
  topQuartile: Record<BenchmarkFigure, number | null>
}

/** One figure of a call, null when the call cannot have it (mono, no transcript). */
export function figureOf(m: CallMetrics, f: BenchmarkFigure): number | null {
  switch (f) {
    case 'talkRatio':
    case 'longestRepMonologueMs':
    case 'switchesPerMinute':
    case 'patienceMs':
      return m.lanes ? m.lanes[f] : null
    case 'questionsPerHour':
      return m.words ? m.words.questionsPerHour : null
    case 'fillersPerHour':
      return m.words && m.durationMs > 0 ? m.words.fillers / (m.durationMs / 3_600_000) : null
  }
}

/** Linear-interpolated percentile of sorted values, p in 0…1. */
function percentile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** Each rep vs the team's top quartile, over the calls in [from, to). */
export function teamBenchmark(calls: readonly RepCall[], from = -Infinity, to = Infinity): TeamBenchmark {
  const sums = new Map<string, { calls: number; sum: number[]; n: number[] }>()
  const F = BENCHMARK_FIGURES.length
  for (const c of calls) {
    if (c.at < from || c.at >= to) continue
    let s = sums.get(c.repId)
    if (!s) sums.set(c.repId, (s = { calls: 0, sum: new Array<number>(F).fill(0), n: new Array<number>(F).fill(0) }))
    s.calls++
    for (let i = 0; i < F; i++) {
      const v = figureOf(c.metrics, BENCHMARK_FIGURES[i]!)
      if (v !== null && Number.isFinite(v)) {
        s.sum[i]! += v
        s.n[i]!++
      }
    }
  }
  const reps: RepBenchmark[] = [...sums].map(([repId, s]) => ({
    repId,
    calls: s.calls,
    figures: Object.fromEntries(BENCHMARK_FIGURES.map((f, i) => [f, s.n[i]! > 0 ? s.sum[i]! / s.n[i]! : null])) as Record<BenchmarkFigure, number | null>
  }))
  const topQuartile = Object.fromEntries(
    BENCHMARK_FIGURES.map((f) => {
      const values = reps.map((r) => r.figures[f]).filter((v): v is number => v !== null).sort((a, b) => a - b)
      if (values.length === 0) return [f, null]
      return [f, percentile(values, FIGURE_BETTER[f] === 'high' ? 0.75 : 0.25)]
    })
  ) as Record<BenchmarkFigure, number | null>
  reps.sort((a, b) => (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0))
  return { reps, topQuartile }
}

/** Is the rep at or beyond the top-quartile line for this figure? */
export function inTopQuartile(f: BenchmarkFigure, value: number | null, line: number | null): boolean {
  if (value === null || line === null) return false
  return FIGURE_BETTER[f] === 'high' ? value >= line : value <= line
}
