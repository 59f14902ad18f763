import { describe, expect, it } from 'vitest'
import type { Activity } from '../model/activity'
import type { StageHistory } from '../model/stage-history'
import { mergeTimeline } from './timeline'
import { median, replayDeal } from './replay'

const D = 86_400_000
const T0 = Date.UTC(2026, 0, 5)
const stages = [
  { id: 'lead', expectedDays: 7, kind: 'open' as const },
  { id: 'needs', expectedDays: 14, kind: 'open' as const },
  { id: 'proposal', expectedDays: 10, kind: 'open' as const },
  { id: 'won', expectedDays: 0, kind: 'won' as const },
  { id: 'lost', expectedDays: 0, kind: 'lost' as const }
]
const act = (id: string, day: number, p: Partial<Activity> = {}): Activity =>
  ({ id, kind: 'visit', customerId: 'c', dealId: 'd', userId: 'rep', at: T0 + day * D, status: 'done', ...p }) as Activity
const move = (id: string, day: number, from: string | null, to: string, by = 'rep'): StageHistory => ({ id, dealId: 'd', fromStageId: from, toStageId: to, at: T0 + day * D, byUserId: by })

describe('replay of a lost deal', () => {
  const events = mergeTimeline({
    activities: [
      act('v1', 1, { visitKind: 'new' }),
      act('c1', 3, { kind: 'call', connected: true }),
      act('c2', 4, { kind: 'call', connected: false }),
      act('r1', 12, { kind: 'ride_along', otherUserId: 'mgr' }),
      act('e1', 40, { kind: 'email' }),
      act('n1', 46, { kind: 'note', userId: 'mgr' })
    ],
    stageHistory: [move('s1', 5, 'lead', 'needs'), move('s2', 15, 'needs', 'proposal'), move('s3', 45, 'proposal', 'lost', 'mgr')],
    now: T0 + 100 * D
  })
  const { steps, summary } = replayDeal({
    deal: { id: 'd', createdAt: T0, closedAt: T0 + 45 * D, stageId: 'lost' },
    events,
    stages,
    processClosedDeals: [
      { createdAt: 0, closedAt: 20 * D },
      { createdAt: 0, closedAt: 30 * D },
      { createdAt: 0, closedAt: 60 * D },
      { createdAt: 0 }
    ]
  })

  it('knows the stage at every step', () => {
    expect(steps.map((s) => `${s.event.id}@${s.stageId}`)).toEqual(['v1@lead', 'c1@lead', 'c2@lead', 's1@needs', 'r1@needs', 's2@proposal', 'e1@proposal', 's3@lost', 'n1@lost'])
  })
  it('highlights gaps over twice the deal’s median gap (and at least a week), and the longest', () => {
    // Gaps 2, 1, 1, 7, 3, 25, 5, 1 days: median 2.5, so 7 days (before the ride-along) and 25 count.
    expect(summary.medianGapDays).toBe(2.5)
    expect(summary.silenceThresholdDays).toBe(7)
    expect(steps.filter((s) => s.silence).map((s) => s.event.id)).toEqual(['r1', 'e1'])
    expect(summary.longestSilence).toMatchObject({ days: 25, stageId: 'proposal' })
  })
  it('compares the cycle with the process median and finds where it stalled', () => {
    expect(summary.cycleDays).toBe(45)
    expect(summary.processMedianDays).toBe(30)
    expect(summary.processClosedCount).toBe(3)
    expect(summary.stages).toEqual([
      { stageId: 'lead', days: 5, expectedDays: 7 },
      { stageId: 'needs', days: 10, expectedDays: 14 },
      { stageId: 'proposal', days: 30, expectedDays: 10 }
    ])
    expect(summary.stalledAt).toMatchObject({ stageId: 'proposal', days: 30 })
  })
  it('counts touches by kind and who took part', () => {
    expect(summary.customerTouches).toBe(3) // the visit, the connected call, the ride-along
    expect(summary.touchesByKind.find((k) => k.kind === 'call')?.count).toBe(2)
    expect(summary.participants.map((p) => p.userId)).toEqual(['rep', 'mgr'])
  })
  it('skips undated rows and copes with a deal without stage moves', () => {
    const r = replayDeal({
      deal: { id: 'd', createdAt: T0, stageId: 'lead' },
      events: mergeTimeline({ activities: [act('x', 2), { ...act('y', 0), at: NaN }], now: T0 + 10 * D }),
      stages,
      processClosedDeals: []
    })
    expect(r.steps.map((s) => s.stageId)).toEqual(['lead'])
    expect(r.summary.processMedianDays).toBeNull()
    expect(r.summary.stalledAt).toBeNull()
  })
})

describe('a lost deal’s replay says it was lost, why, and from where (issue 14)', () => {
  const events = mergeTimeline({
    activities: [act('v1', 1), act('v2', 20)],
    stageHistory: [move('s1', 5, 'lead', 'needs'), move('s2', 30, 'needs', 'lost', 'mgr')],
    now: T0 + 100 * D
  })
  const closed = [
    { createdAt: 0, closedAt: 20 * D, status: 'won' as const },
    { createdAt: 0, closedAt: 90 * D, status: 'won' as const },
    { createdAt: 0, closedAt: 10 * D, status: 'lost' as const },
    { createdAt: 0, closedAt: 40 * D, status: 'lost' as const },
    { createdAt: 0, closedAt: 50 * D, status: 'lost' as const }
  ]

  it('a lost deal is compared with lost deals, and carries its loss reason and the stage it was lost from', () => {
    const { summary } = replayDeal({
      deal: { id: 'd', createdAt: T0, closedAt: T0 + 30 * D, stageId: 'lost', status: 'lost', lossReason: '价格过高' },
      events,
      stages,
      processClosedDeals: closed
    })
    expect(summary).toMatchObject({ outcome: 'lost', cycleDays: 30, lossReason: '价格过高', lostFromStageId: 'needs', processMedianDays: 40, processClosedCount: 3 })
  })

  it('an imported lost deal without history: lost from the stage the import recorded', () => {
    const { summary } = replayDeal({
      deal: { id: 'd', createdAt: T0, closedAt: T0 + 30 * D, stageId: 'proposal', status: 'lost', lossReason: '竞品' },
      events: mergeTimeline({ activities: [act('v1', 1)], now: T0 + 100 * D }),
      stages,
      processClosedDeals: closed
    })
    expect(summary).toMatchObject({ outcome: 'lost', lossReason: '竞品', lostFromStageId: 'proposal' })
  })

  it('a won deal is compared with won deals and has no loss reason', () => {
    const { summary } = replayDeal({
      deal: { id: 'd', createdAt: T0, closedAt: T0 + 30 * D, stageId: 'won', status: 'won' },
      events,
      stages,
      processClosedDeals: closed
    })
    expect(summary).toMatchObject({ outcome: 'won', lossReason: null, lostFromStageId: null, processMedianDays: 55, processClosedCount: 2 })
  })
})

describe('relative silences', () => {
  const replay = (everyDays: number, gapDays: number): ReturnType<typeof replayDeal> => {
    const acts: Activity[] = []
    let day = 0
    for (let i = 0; i < 8; i++) acts.push(act(`a${i}`, (day += everyDays)))
    acts.push(act('after-gap', day + gapDays))
    return replayDeal({ deal: { id: 'd', createdAt: T0, stageId: 'lead' }, events: mergeTimeline({ activities: acts, now: T0 + 999 * D }), stages, processClosedDeals: [] })
  }
  it('a 10-day gap is a silence for a deal touched every day', () => {
    const r = replay(1, 10)
    expect(r.steps.filter((s) => s.silence).map((s) => s.event.id)).toEqual(['after-gap'])
    expect(r.summary.longestSilence?.days).toBe(10)
  })
  it('but not for one followed up every 14 days, whose silence starts beyond 28', () => {
    expect(replay(14, 20).steps.some((s) => s.silence)).toBe(false)
    expect(replay(14, 20).summary.silenceThresholdDays).toBe(28)
    expect(replay(14, 30).steps.filter((s) => s.silence).map((s) => s.event.id)).toEqual(['after-gap'])
  })
  it('never calls under a week a silence, even for a deal touched hourly', () => {
    expect(replay(0.04, 6).steps.some((s) => s.silence)).toBe(false)
    expect(replay(0.04, 7).steps.filter((s) => s.silence)).toHaveLength(1)
  })
})

describe('median', () => {
  it('of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})
