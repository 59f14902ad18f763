import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, SalesProcess, StageHistory } from '../model'
import { funnel, funnelDeals } from './funnel'

const st = (id: string, kind: 'open' | 'won' | 'lost', expectedDays: number): SalesProcess['stages'][number] => ({
  id,
  name: id.toUpperCase(),
  kind,
  probability: 10,
  expectedDays,
  minDays: 0,
  exitCriteria: [],
  steps: [`${id} step`],
  methods: [`${id} method`]
})
const process = {
  id: 'p',
  stages: [st('a', 'open', 10), st('b', 'open', 10), st('c', 'open', 10), st('won', 'won', 0), st('lost', 'lost', 0)]
} as SalesProcess

const D = 86_400_000
let n = 0
function deal(path: string[], status: Deal['status'], amount = 100): { deal: Deal; rows: StageHistory[] } {
  const id = `d${n++}`
  const rows = path.map((to, i) => ({
    id: `${id}-${i}`,
    dealId: id,
    fromStageId: i ? path[i - 1]! : null,
    toStageId: to,
    at: i * 10 * D,
    byUserId: 'u'
  }))
  return { deal: { id, processId: 'p', stageId: path[path.length - 1]!, status, amount } as Deal, rows }
}

function build(list: { deal: Deal; rows: StageHistory[] }[]): ReturnType<typeof funnel> {
  return funnel(
    process,
    list.map((x) => x.deal),
    new Map(list.map((x) => [x.deal.id, x.rows]))
  )
}

describe('funnel', () => {
  it('counts reach, conversion and days per stage by hand', () => {
    const f = build([
      deal(['a', 'b', 'c', 'won'], 'won'),
      deal(['a', 'b', 'lost'], 'lost'),
      deal(['a'], 'open'),
      deal(['a', 'b'], 'open')
    ])
    expect(f.stages.map((s) => s.reached)).toEqual([4, 3, 1])
    expect(f.stages[0]!.conversion).toBeCloseTo(0.75)
    expect(f.stages[1]!.conversion).toBeCloseTo(1 / 3)
    expect(f.stages[0]!.medianDays).toBe(10)
    // Win rate over the closed deals: 1 won of 2 closed. The two open deals are not decided yet.
    expect(f.wonConversion).toBeCloseTo(0.5)
    // Too few deals to call a leak.
    expect(f.diagnosis.leak).toBeNull()
  })

  it('names the stage where deals pile up and its steps to coach', () => {
    const list = [
      ...Array.from({ length: 12 }, () => deal(['a', 'b'], 'open')),
      ...Array.from({ length: 3 }, () => deal(['a'], 'open')),
      ...Array.from({ length: 3 }, () => deal(['a', 'b', 'c'], 'open')),
      ...Array.from({ length: 6 }, () => deal(['a', 'b', 'c', 'won'], 'won'))
    ]
    const f = build(list)
    expect(f.diagnosis.bulge).toMatchObject({ stageId: 'b', steps: ['b step'], methods: ['b method'] })
  })

  it('reach never grows along the funnel and conversions stay within 0..1', () => {
    const arb = fc.array(
      fc.record({ len: fc.integer({ min: 1, max: 3 }), status: fc.constantFrom<Deal['status']>('open', 'won', 'lost') }),
      { maxLength: 40 }
    )
    fc.assert(
      fc.property(arb, (xs) => {
        const f = build(xs.map((x) => deal(['a', 'b', 'c'].slice(0, x.len), x.status)))
        for (let i = 1; i < f.stages.length; i++) expect(f.stages[i]!.reached).toBeLessThanOrEqual(f.stages[i - 1]!.reached)
        for (const s of f.stages) if (s.conversion !== null) expect(s.conversion).toBeLessThanOrEqual(1)
      })
    )
  })

  it('each figure opens to exactly the deals it was computed from', () => {
    const arb = fc.array(
      fc.record({
        path: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 5 }),
        status: fc.constantFrom<Deal['status']>('open', 'won', 'lost')
      }),
      { maxLength: 40 }
    )
    fc.assert(
      fc.property(arb, (xs) => {
        const list = xs.map((x) => deal(x.status === 'open' ? x.path : [...x.path, x.status], x.status))
        const byDeal = new Map(list.map((x) => [x.deal.id, x.rows]))
        const deals = list.map((x) => x.deal)
        const f = funnel(process, deals, byDeal)
        const behind = funnelDeals(process, deals, byDeal)
        for (const s of f.stages) {
          const b = behind.get(s.stageId)!
          expect(b.reached.length).toBe(s.reached)
          expect(b.open.length).toBe(s.open)
          if (s.conversion !== null) expect(b.movedOn.length).toBe(Math.round(s.conversion * s.reached))
          // The days come from stays of these deals: some deal is behind them exactly when there is a stay.
          expect(b.stayed.length > 0).toBe(s.stays > 0)
          expect(b.stayed.length).toBeLessThanOrEqual(s.stays)
          expect(new Set(b.stayed.map((d) => d.id)).size).toBe(b.stayed.length)
        }
        expect(behind.won.length).toBe(deals.filter((d) => d.status === 'won').length)
      })
    )
  })

  it('opens conversion and days by hand: who moved on, whose stays make the median', () => {
    const wonDeal = deal(['a', 'b', 'c', 'won'], 'won')
    const lostDeal = deal(['a', 'b', 'lost'], 'lost')
    const stuck = deal(['a'], 'open')
    const list = [wonDeal, lostDeal, stuck]
    const behind = funnelDeals(
      process,
      list.map((x) => x.deal),
      new Map(list.map((x) => [x.deal.id, x.rows]))
    )
    const ids = (ds: Deal[]): string[] => ds.map((d) => d.id).sort()
    expect(ids(behind.get('a')!.movedOn)).toEqual(ids([wonDeal.deal, lostDeal.deal]))
    expect(ids(behind.get('b')!.movedOn)).toEqual([wonDeal.deal.id])
    expect(behind.get('c')!.movedOn).toEqual([])
    // The open deal's stay in A is not over, so it is not behind A's days.
    expect(ids(behind.get('a')!.stayed)).toEqual(ids([wonDeal.deal, lostDeal.deal]))
    expect(ids(behind.won)).toEqual([wonDeal.deal.id])
  })
})
