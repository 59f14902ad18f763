import { isCustomerTouch } from '../model/activity'
import { DAY_MS } from './calendar'
import type { TimelineEvent, TimelineKind } from './timeline'

/**
 * Replay (复盘) of a closed deal: its timeline step by step with the stage it was in at each
 * moment, the long silences, and a summary a manager reviews with the rep afterwards.
 */

/**
 * A silence is relative to the deal's own rhythm: a gap more than twice its median gap
 * between follow-ups. A deal touched daily that goes quiet for ten days has stalled; one
 * followed up monthly has not. Under a week is never a silence, whatever the rhythm.
 */
export const MIN_SILENCE_DAYS = 7
export const SILENCE_VS_MEDIAN = 2

export interface ReplayStep {
  event: TimelineEvent
  /** The stage the deal was in right after this event (a stage move shows its new stage). */
  stageId: string | null
  /** Days since the previous step (0 for the first). */
  gapDays: number
  /** The gap before this step is a long silence. */
  silence: boolean
  /** Days since the deal was created. */
  dayOfCycle: number
}

export interface StageSpan {
  stageId: string
  days: number
  expectedDays: number | null
}

export interface ReplaySummary {
  /** Won or lost: a won deal's length is its sales cycle (成交周期), a lost one's is how long it took to lose. */
  outcome: 'won' | 'lost' | null
  /** Days from creation to close. */
  cycleDays: number | null
  /** The loss reason the rep gave, for a lost deal. */
  lossReason: string | null
  /** The open stage a lost deal was lost from (the move into the lost stage came from it), when known. */
  lostFromStageId: string | null
  /**
   * Median cycle of the process's closed deals with the same outcome (won deals against won
   * deals, lost against lost), and how many there were.
   */
  processMedianDays: number | null
  processClosedCount: number
  touchesByKind: { kind: TimelineKind; count: number }[]
  /** Real customer touches: visits made and calls that connected. */
  customerTouches: number
  participants: { userId: string; count: number }[]
  stages: StageSpan[]
  /** The stage that overran its expected days the most (only if it overran). */
  stalledAt: StageSpan | null
  longestSilence: { days: number; endedBy: TimelineEvent; stageId: string | null } | null
  /** The deal's median gap between follow-ups, and the gap above which it counts as silence. */
  medianGapDays: number | null
  silenceThresholdDays: number
}

export interface ReplayInput {
  deal: { id: string; createdAt: number; closedAt?: number; stageId: string; status?: 'open' | 'won' | 'lost'; lossReason?: string }
  /** The deal's timeline, ascending (as mergeTimeline returns it). */
  events: readonly TimelineEvent[]
  /** The process's stages in order, with expected days. */
  stages: readonly { id: string; expectedDays: number; kind: 'open' | 'won' | 'lost' }[]
  /** Closed deals of the same process, for the median cycle (those with the deal's outcome when statuses are given). */
  processClosedDeals: readonly { createdAt: number; closedAt?: number; status?: 'open' | 'won' | 'lost' }[]
  /** The shortest gap that can count as silence; default a week. */
  minSilenceDays?: number
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const days = (ms: number): number => Math.round((ms / DAY_MS) * 10) / 10

export function replayDeal(input: ReplayInput): { steps: ReplayStep[]; summary: ReplaySummary } {
  // Undated rows cannot be placed in a replay; the timeline still shows them.
  const events = input.events.filter((e) => !Number.isNaN(e.at))
  const gaps: number[] = []
  for (let i = 1; i < events.length; i++) gaps.push(Math.max(0, events[i]!.at - events[i - 1]!.at))
  const medianGap = median(gaps)
  const minMs = (input.minSilenceDays ?? MIN_SILENCE_DAYS) * DAY_MS
  const isSilence = (gap: number): boolean => gap >= minMs && (medianGap === null || gap > SILENCE_VS_MEDIAN * medianGap)
  const firstMove = events.find((e) => e.stage)?.stage
  let stageId: string | null = firstMove ? firstMove.fromStageId : (input.stages[0]?.id ?? input.deal.stageId)
  const steps: ReplayStep[] = []
  let prevAt = input.deal.createdAt
  for (const e of events) {
    if (e.stage) stageId = e.stage.toStageId
    const gap = steps.length === 0 ? 0 : Math.max(0, e.at - prevAt)
    steps.push({ event: e, stageId, gapDays: days(gap), silence: steps.length > 0 && isSilence(gap), dayOfCycle: days(e.at - input.deal.createdAt) })
    prevAt = e.at
  }

  // Time in each stage, from the stage moves; the terminal stage has no span.
  const spans = new Map<string, number>()
  const terminal = new Set(input.stages.filter((s) => s.kind !== 'open').map((s) => s.id))
  let cur: string | null = firstMove ? firstMove.fromStageId : (input.stages[0]?.id ?? null)
  let since = input.deal.createdAt
  for (const e of events) {
    if (!e.stage) continue
    if (cur) spans.set(cur, (spans.get(cur) ?? 0) + Math.max(0, e.at - since))
    cur = e.stage.toStageId
    since = e.at
  }
  const end = input.deal.closedAt ?? events.at(-1)?.at ?? since
  if (cur && !terminal.has(cur)) spans.set(cur, (spans.get(cur) ?? 0) + Math.max(0, end - since))
  const expected = new Map(input.stages.map((s) => [s.id, s.expectedDays]))
  const order = new Map(input.stages.map((s, i) => [s.id, i]))
  const stages: StageSpan[] = [...spans.entries()]
    .map(([id, ms]) => ({ stageId: id, days: days(ms), expectedDays: expected.get(id) ?? null }))
    .sort((a, b) => (order.get(a.stageId) ?? 99) - (order.get(b.stageId) ?? 99))
  let stalledAt: StageSpan | null = null
  let worst = 1
  for (const s of stages) {
    if (!s.expectedDays) continue
    const ratio = s.days / s.expectedDays
    if (ratio > worst) {
      worst = ratio
      stalledAt = s
    }
  }

  const byKind = new Map<TimelineKind, number>()
  const people = new Map<string, number>()
  let customerTouches = 0
  for (const e of events) {
    byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1)
    for (const p of e.personIds) people.set(p, (people.get(p) ?? 0) + 1)
    if (e.activity && isCustomerTouch(e.activity)) customerTouches++
  }

  let longestSilence: ReplaySummary['longestSilence'] = null
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!
    if (s.silence && (!longestSilence || s.gapDays > longestSilence.days)) {
      const before = steps[i - 1]
      longestSilence = { days: s.gapDays, endedBy: s.event, stageId: before?.stageId ?? null }
    }
  }

  const outcome = input.deal.status === 'won' || input.deal.status === 'lost' ? input.deal.status : null
  const cycles = input.processClosedDeals
    .filter((d) => d.closedAt !== undefined && d.closedAt >= d.createdAt && (outcome === null || d.status === undefined || d.status === outcome))
    .map((d) => (d.closedAt! - d.createdAt) / DAY_MS)
  const med = median(cycles)
  // Lost from: the stage the move into a lost stage came from; an import without history says it in stageId.
  const lostStages = new Set(input.stages.filter((s) => s.kind === 'lost').map((s) => s.id))
  const openStages = new Set(input.stages.filter((s) => s.kind === 'open').map((s) => s.id))
  let lostFromStageId: string | null = null
  if (outcome === 'lost') {
    const lostMove = events.findLast((e) => e.stage && lostStages.has(e.stage.toStageId))
    lostFromStageId = lostMove?.stage?.fromStageId ?? (openStages.has(input.deal.stageId) ? input.deal.stageId : null)
  }
  return {
    steps,
    summary: {
      outcome,
      lossReason: outcome === 'lost' ? (input.deal.lossReason ?? null) : null,
      lostFromStageId,
      cycleDays: input.deal.closedAt !== undefined ? days(input.deal.closedAt - input.deal.createdAt) : null,
      processMedianDays: med === null ? null : Math.round(med * 10) / 10,
      processClosedCount: cycles.length,
      touchesByKind: [...byKind.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
      customerTouches,
      participants: [...people.entries()].map(([userId, count]) => ({ userId, count })).sort((a, b) => b.count - a.count),
      stages,
      stalledAt,
      longestSilence,
      medianGapDays: medianGap === null ? null : days(medianGap),
      silenceThresholdDays: days(Math.max(minMs, medianGap === null ? 0 : SILENCE_VS_MEDIAN * medianGap))
    }
  }
}
