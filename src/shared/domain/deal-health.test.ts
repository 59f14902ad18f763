import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { SalesProcess, StageHistory } from '../model'
import { DAY_MS } from './calendar'
import type { Activity, Deal } from '../model'
import {
  activitySignals,
  countPushes,
  dealHealth,
  historyByDeal,
  stageMedianDays,
  flagsOf,
  workspaceHealth,
  type DealHealthInput
} from './deal-health'

const NOW = Date.parse('2026-11-22T10:00:00+08:00')

const stage = (
  id: string,
  name: string,
  kind: 'open' | 'won' | 'lost',
  probability: number,
  expectedDays: number,
  minDays: number
) => ({
  id,
  name,
  kind,
  probability,
  expectedDays,
  minDays,
  exitCriteria: [{ id: `${id}-c1`, label: 'Budget confirmed' }],
  steps: [],
  methods: []
})

export const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [
    stage('qualify', '线索确认', 'open', 10, 10, 1),
    stage('needs', '需求明确', 'open', 25, 14, 3),
    stage('propose', '方案呈现', 'open', 50, 21, 5),
    stage('won', '赢单', 'won', 100, 0, 0),
    stage('lost', '输单', 'lost', 0, 0, 0)
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: true },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: ['价格过高']
}

const move = (from: string | null, to: string, daysAgo: number, extra: Partial<StageHistory> = {}): StageHistory => ({
  id: `h-${to}-${daysAgo}`,
  dealId: 'd1',
  fromStageId: from,
  toStageId: to,
  at: NOW - daysAgo * DAY_MS,
  byUserId: 'u1',
  ...extra
})

function input(over: Partial<DealHealthInput> = {}, deal: Partial<DealHealthInput['deal']> = {}): DealHealthInput {
  return {
    deal: {
      id: 'd1',
      status: 'open',
      stageId: 'needs',
      stageEnteredAt: NOW - 5 * DAY_MS,
      createdAt: NOW - 60 * DAY_MS,
      expectedCloseAt: NOW + 30 * DAY_MS,
      ...deal
    },
    process,
    history: [move(null, 'qualify', 60), move('qualify', 'needs', 5)],
    lastTouchAt: NOW - 2 * DAY_MS,
    pushes: 0,
    now: NOW,
    timeZone: 'Asia/Shanghai',
    periodStart: NOW - 21 * DAY_MS,
    ...over
  }
}

describe('dealHealth — hand-checked fixtures', () => {
  it('a healthy deal has no flags', () => {
    expect(dealHealth(input())).toEqual([])
  })

  it('stalled: 34 days in "需求明确" against 14 expected, last touch 19 days ago', () => {
    const f = dealHealth(input({ lastTouchAt: NOW - 19 * DAY_MS }, { stageEnteredAt: NOW - 34 * DAY_MS }))
    expect(f).toContainEqual({
      flag: 'stalled',
      code: 'stalled.inStage',
      params: { stage: '需求明确', days: 34, expected: 14, touchDays: 19 }
    })
  })

  it('stalled: no touch for 20 days though the stage is young', () => {
    const f = dealHealth(input({ lastTouchAt: NOW - 20 * DAY_MS }))
    expect(f).toContainEqual({ flag: 'stalled', code: 'stalled.noTouch', params: { days: 20, limit: 14 } })
  })

  it('rushed: skipped a stage with a reason, and unchecked criteria', () => {
    const f = dealHealth(
      input(
        {
          history: [
            move(null, 'qualify', 60),
            move('qualify', 'propose', 5, { skippedStageIds: ['needs'], uncheckedCriteria: ['propose-c1'], reason: '客户催' })
          ]
        },
        { stageId: 'propose' }
      )
    )
    expect(f).toContainEqual({
      flag: 'rushed',
      code: 'rushed.skipped',
      params: { stage: '方案呈现', skipped: '需求明确', count: 1, reason: '客户催' }
    })
    expect(f).toContainEqual({
      flag: 'rushed',
      code: 'rushed.unchecked',
      params: { stage: '方案呈现', count: 1, reason: '客户催' }
    })
  })

  it('rushed: left "需求明确" after 1 day when the minimum is 3', () => {
    const f = dealHealth(
      input(
        { history: [move(null, 'qualify', 60), move('qualify', 'needs', 6), move('needs', 'propose', 5)] },
        { stageId: 'propose' }
      )
    )
    expect(f).toContainEqual({ flag: 'rushed', code: 'rushed.tooFast', params: { stage: '需求明确', days: 1, min: 3 } })
  })

  it('pushed at 3 pushes, at risk when overdue, inflow when new this period', () => {
    const f = dealHealth(input({ pushes: 3 }, { expectedCloseAt: NOW - 4 * DAY_MS, createdAt: NOW - 10 * DAY_MS }))
    expect(flagsOf(f)).toEqual(['at_risk', 'pushed', 'inflow'])
    expect(f.find((x) => x.flag === 'at_risk')?.params).toEqual({ days: 4 })
  })

  it('abandon candidate: 3× the stage median, untouched, no economic buyer', () => {
    const f = dealHealth(
      input(
        { stageMedians: new Map([['needs', 10]]), lastTouchAt: NOW - 40 * DAY_MS, economicBuyerMet: false },
        { stageEnteredAt: NOW - 30 * DAY_MS }
      )
    )
    expect(f.find((x) => x.flag === 'abandon')?.params).toMatchObject({
      days: 30,
      median: 10,
      ratio: 3,
      reasons: 'noTouch,noEconomicBuyer'
    })
  })

  it('a young deal is never an abandon candidate even when pushed', () => {
    const f = dealHealth(input({ stageMedians: new Map([['needs', 10]]), pushes: 5 }))
    expect(flagsOf(f)).not.toContain('abandon')
  })

  it('closed deals and deals of a deleted process stay safe', () => {
    expect(dealHealth(input({}, { status: 'won' }))).toEqual([])
    expect(() => dealHealth(input({ process: undefined }, { stageEnteredAt: NOW - 90 * DAY_MS }))).not.toThrow()
  })
})

describe('stage medians and pushes', () => {
  it('medians come from completed stays only', () => {
    const m = stageMedianDays([
      [move(null, 'qualify', 30), move('qualify', 'needs', 20)],
      [move(null, 'qualify', 8), move('qualify', 'needs', 4)]
    ])
    expect(m.get('qualify')).toBe(7)
    expect(m.has('needs')).toBe(false)
  })

  it('counts every push out, not pulls in', () => {
    const base = { kind: 'close_date_change' as const, dealId: 'd1' }
    expect(
      countPushes([
        { ...base, from: 1, to: 2 },
        { ...base, from: 2, to: 3 },
        { ...base, from: 3, to: 1 }
      ]).get('d1')
    ).toBe(2)
  })
})

const arbInput = fc.record({
  stageId: fc.constantFrom('qualify', 'needs', 'propose', 'gone'),
  inStage: fc.integer({ min: 0, max: 400 }),
  age: fc.integer({ min: 0, max: 800 }),
  touch: fc.option(fc.integer({ min: 0, max: 400 })),
  pushes: fc.integer({ min: 0, max: 20 }),
  closeIn: fc.integer({ min: -200, max: 200 }),
  median: fc.option(fc.integer({ min: 1, max: 60 })),
  skipped: fc.boolean(),
  eb: fc.option(fc.boolean())
})

function sample(x: {
  stageId: string
  inStage: number
  age: number
  touch: number | null
  pushes: number
  closeIn: number
  median: number | null
  skipped: boolean
  eb: boolean | null
}): DealHealthInput {
  return input(
    {
      lastTouchAt: x.touch === null ? null : NOW - x.touch * DAY_MS,
      pushes: x.pushes,
      stageMedians: x.median === null ? undefined : new Map([[x.stageId, x.median]]),
      economicBuyerMet: x.eb ?? undefined,
      history: [
        move(null, 'qualify', x.age),
        move('qualify', x.stageId, x.inStage, x.skipped ? { skippedStageIds: ['needs'], reason: 'r' } : {})
      ]
    },
    {
      stageId: x.stageId,
      stageEnteredAt: NOW - x.inStage * DAY_MS,
      createdAt: NOW - x.age * DAY_MS,
      expectedCloseAt: NOW + x.closeIn * DAY_MS
    }
  )
}

describe('dealHealth — properties', () => {
  it('every finding carries a code of its own flag and only numbers or strings', () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        for (const f of dealHealth(sample(x))) {
          const prefix = f.flag === 'at_risk' ? 'atRisk' : f.flag
          expect(f.code.startsWith(`${prefix}.`)).toBe(true)
          for (const v of Object.values(f.params)) expect(['string', 'number']).toContain(typeof v)
          for (const v of Object.values(f.params)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
        }
      })
    )
  })

  it('adding pushes never removes the pushed flag and never lowers the count', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 10 }), (x, more) => {
        const a = dealHealth(sample(x)).find((f) => f.flag === 'pushed')
        const b = dealHealth(sample({ ...x, pushes: x.pushes + more })).find((f) => f.flag === 'pushed')
        if (a) expect(b).toBeDefined()
        expect(Number(b?.params.count ?? 0)).toBeGreaterThanOrEqual(Number(a?.params.count ?? 0))
      })
    )
  })

  it('countPushes never decreases as push activities are appended', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.integer())), fc.array(fc.tuple(fc.integer(), fc.integer())), (a, b) => {
        const rows = (xs: [number, number][]): { kind: 'close_date_change'; dealId: string; from: number; to: number }[] =>
          xs.map(([from, to]) => ({ kind: 'close_date_change', dealId: 'd', from, to }))
        expect(countPushes(rows([...a, ...b])).get('d') ?? 0).toBeGreaterThanOrEqual(countPushes(rows(a)).get('d') ?? 0)
      })
    )
  })

  it('a more recent customer touch never adds a stalled flag', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 0, max: 400 }), (x, fresher) => {
        // From "never touched" any touch is news; the property is about a touch getting fresher.
        fc.pre(x.touch !== null)
        const stale = dealHealth(sample(x)).some((f) => f.flag === 'stalled')
        const touch = Math.min(x.touch ?? 0, fresher)
        const fresh = dealHealth(sample({ ...x, touch })).some((f) => f.flag === 'stalled')
        if (!stale) expect(fresh).toBe(false)
      })
    )
  })
})

describe('abandon rule: no economic-buyer contact, fed from real touches', () => {
  // 30 days in a stage whose median is 10 (3×), touched 2 days ago, never pushed: only the
  // economic buyer can make it an abandon candidate.
  const deal = {
    id: 'd1',
    name: 'Ruikang CRM',
    customerId: 'c1',
    ownerId: 'u1',
    orgUnitId: 't1',
    processId: process.id,
    stageId: 'needs',
    stageEnteredAt: NOW - 30 * DAY_MS,
    amount: 100_00,
    currency: 'CNY',
    expectedCloseAt: NOW + 30 * DAY_MS,
    forecastCategory: 'pipeline',
    status: 'open',
    bigDeal: false,
    createdAt: NOW - 60 * DAY_MS,
    checkedCriteria: []
  } as Deal
  const visit = (contactId: string): Activity =>
    ({
      id: `a-${contactId}`,
      kind: 'visit',
      status: 'done',
      customerId: 'c1',
      dealId: 'd1',
      contactId,
      userId: 'u1',
      at: NOW - 2 * DAY_MS
    }) as unknown as Activity
  const run = (activities: Activity[], economicBuyers?: Set<string>) =>
    workspaceHealth({
      deals: [deal],
      processes: new Map([[process.id, process]]),
      historyByDeal: historyByDeal([]),
      signals: activitySignals(activities, NOW, economicBuyers),
      now: NOW,
      timeZone: 'Asia/Shanghai',
      periodStart: NOW - 21 * DAY_MS,
      medians: new Map([['needs', 10]])
    }).byDeal.get('d1')!

  it('flags a deal whose visits never reached the economic buyer, and says so', () => {
    const f = run([visit('engineer')], new Set(['cfo']))
    const abandon = f.find((x) => x.flag === 'abandon')
    expect(abandon?.params.reasons).toBe('noEconomicBuyer')
  })

  it('a visit with the economic buyer clears it; unknown contacts never flag it', () => {
    expect(flagsOf(run([visit('engineer'), visit('cfo')], new Set(['cfo'])))).not.toContain('abandon')
    expect(flagsOf(run([visit('engineer')]))).not.toContain('abandon')
  })
})
