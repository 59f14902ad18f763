import { describe, expect, it } from 'vitest'
import type { Deal, SalesProcess } from '../model'
import type { HealthFinding } from './deal-health'
import { activeBoardFilters, boardDeals, boardLanes, boardOrder, UNKNOWN_STAGE, type BoardFilters } from './pipeline-board'

const TZ = 'Asia/Shanghai'
// Tuesday 17 November 2026, 10:00 in Shanghai: the fourth quarter runs Oct–Dec.
const NOW = Date.parse('2026-11-17T10:00:00+08:00')
const at = (iso: string): number => Date.parse(`${iso}T12:00:00+08:00`)

const process = {
  id: 'p1',
  bigDealThreshold: 1_000_000_00,
  stages: [
    { id: 'lead', kind: 'open', probability: 10 },
    { id: 'proposal', kind: 'open', probability: 50 },
    { id: 'won', kind: 'won', probability: 100 },
    { id: 'lost', kind: 'lost', probability: 0 }
  ]
} as unknown as SalesProcess
const processById = new Map([['p1', process]])

let n = 0
const deal = (over: Partial<Deal>): Deal =>
  ({
    id: `d${String(n++).padStart(3, '0')}`,
    processId: 'p1',
    stageId: 'lead',
    ownerId: 'rep-a',
    orgUnitId: 'team-1',
    amount: 100_000_00,
    currency: 'CNY',
    status: 'open',
    stageEnteredAt: at('2026-10-01'),
    expectedCloseAt: at('2026-11-25'),
    ...over
  }) as Deal

const none: BoardFilters = { processId: 'p1', ownerId: null, minYuan: null, close: 'all', health: null, bigOnly: false }
const ctx = (findings: [string, HealthFinding[]][] = [], contains: (d: Deal) => boolean = () => true) => ({
  now: NOW,
  timeZone: TZ,
  contains,
  processById,
  findingsByDeal: new Map(findings)
})
const ids = (ds: readonly Deal[]): string[] => ds.map((d) => d.id).sort()

describe('boardDeals', () => {
  it('shows only open, live deals of the chosen process in the scope', () => {
    const keep = deal({})
    const deals = [
      keep,
      deal({ status: 'won', stageId: 'won' }),
      deal({ deleted: true }),
      deal({ processId: 'p2' }),
      deal({ orgUnitId: 'team-2' })
    ]
    expect(ids(boardDeals(deals, none, ctx([], (d) => d.orgUnitId === 'team-1')))).toEqual([keep.id])
  })

  it('a minimum amount leaves out deals below it and deals without an amount', () => {
    const big = deal({ amount: 500_000_00 })
    const exact = deal({ amount: 200_000_00 })
    const small = deal({ amount: 199_999_99 })
    const unset = deal({ amount: undefined })
    expect(ids(boardDeals([big, exact, small, unset], { ...none, minYuan: 200_000 }, ctx()))).toEqual(ids([big, exact]))
    // No minimum: every deal, with or without an amount.
    expect(boardDeals([big, exact, small, unset], none, ctx())).toHaveLength(4)
  })

  it('close filters: this month and quarter in the user zone; overdue only with a close date in the past', () => {
    const thisMonth = deal({ expectedCloseAt: at('2026-11-30') })
    // 1 December 00:30 in Shanghai is still 30 November in UTC: it belongs to December here.
    const december = deal({ expectedCloseAt: Date.parse('2026-12-01T00:30:00+08:00') })
    const january = deal({ expectedCloseAt: at('2027-01-05') })
    const yesterday = deal({ expectedCloseAt: at('2026-11-16') })
    const noDate = deal({ expectedCloseAt: undefined })
    const all = [thisMonth, december, january, yesterday, noDate]
    expect(ids(boardDeals(all, { ...none, close: 'month' }, ctx()))).toEqual(ids([thisMonth, yesterday]))
    expect(ids(boardDeals(all, { ...none, close: 'quarter' }, ctx()))).toEqual(ids([thisMonth, december, yesterday]))
    expect(ids(boardDeals(all, { ...none, close: 'overdue' }, ctx()))).toEqual(ids([yesterday]))
  })

  it('owner, big-deal and health filters', () => {
    const mine = deal({ ownerId: 'rep-b' })
    const flagged = deal({ bigDeal: true })
    const overThreshold = deal({ amount: 1_000_000_00 })
    const plain = deal({})
    const all = [mine, flagged, overThreshold, plain]
    expect(ids(boardDeals(all, { ...none, ownerId: 'rep-b' }, ctx()))).toEqual([mine.id])
    expect(ids(boardDeals(all, { ...none, bigOnly: true }, ctx()))).toEqual(ids([flagged, overThreshold]))
    const stalled = [{ flag: 'stalled' } as HealthFinding]
    expect(ids(boardDeals(all, { ...none, health: 'stalled' }, ctx([[plain.id, stalled]])))).toEqual([plain.id])
  })
})

describe('activeBoardFilters', () => {
  it('counts what narrows the board, not the process', () => {
    expect(activeBoardFilters(none)).toBe(0)
    expect(activeBoardFilters({ ownerId: 'r', minYuan: 10, close: 'overdue', health: 'stalled', bigOnly: true })).toBe(5)
    expect(activeBoardFilters({ ...none, minYuan: 0 })).toBe(0)
  })
})

describe('boardOrder', () => {
  it('close date first with deals without one last; ties by id', () => {
    const a = deal({ id: 'b', expectedCloseAt: at('2026-11-20') })
    const b = deal({ id: 'a', expectedCloseAt: at('2026-11-20') })
    const c = deal({ id: 'c', expectedCloseAt: undefined })
    const d = deal({ id: 'd', expectedCloseAt: at('2026-11-18') })
    expect([a, c, b, d].sort(boardOrder('close')).map((x) => x.id)).toEqual(['d', 'a', 'b', 'c'])
  })
  it('amount: largest first, unset last; days: longest in stage first', () => {
    const x = deal({ id: 'x', amount: undefined, stageEnteredAt: 3 })
    const y = deal({ id: 'y', amount: 5, stageEnteredAt: 1 })
    const z = deal({ id: 'z', amount: 9, stageEnteredAt: 2 })
    expect([x, y, z].sort(boardOrder('amount')).map((d) => d.id)).toEqual(['z', 'y', 'x'])
    expect([x, y, z].sort(boardOrder('days')).map((d) => d.id)).toEqual(['y', 'z', 'x'])
  })
})

describe('boardLanes', () => {
  const money = { amountOf: (d: Deal) => d.amount }
  // A deal whose stage vanished has no stage probability: it counts in the total, weighs nothing.
  it('columns per open stage with totals and weighted totals; unset amounts counted apart; a vanished stage first', () => {
    const deals = [
      deal({ stageId: 'lead', amount: 100_00 }),
      deal({ stageId: 'proposal', amount: 300_00 }),
      deal({ stageId: 'proposal', amount: undefined }),
      deal({ stageId: 'gone', amount: 50_00 })
    ]
    const [lane] = boardLanes(process, deals, { sort: 'amount', lanes: 'none', money, label: () => '' })
    expect(lane!.count).toBe(4)
    expect(lane!.columns.map((c) => [c.id, c.deals.length, c.total, c.weighted, c.unset])).toEqual([
      [UNKNOWN_STAGE, 1, 50_00, 0, 0],
      ['lead', 1, 100_00, 10_00, 0],
      ['proposal', 2, 300_00, 150_00, 1]
    ])
  })

  it('swimlanes per rep, the largest total first, with the label the caller gives', () => {
    const deals = [deal({ ownerId: 'a', amount: 10_00 }), deal({ ownerId: 'b', amount: 30_00 }), deal({ ownerId: 'a', amount: undefined })]
    const lanes = boardLanes(process, deals, { sort: 'amount', lanes: 'rep', money, label: (k) => `Rep ${k}` })
    expect(lanes.map((l) => [l.label, l.count, l.total, l.unset])).toEqual([
      ['Rep b', 1, 30_00, 0],
      ['Rep a', 2, 10_00, 1]
    ])
  })
})
