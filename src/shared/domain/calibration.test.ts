import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, SalesProcess, StageHistory } from '../model'
import { adoptCalibration, calibrate, wilson } from './calibration'

const st = (id: string, kind: 'open' | 'won' | 'lost', probability: number): SalesProcess['stages'][number] => ({
  id,
  name: id,
  kind,
  probability,
  expectedDays: 10,
  minDays: 0,
  exitCriteria: [],
  steps: [],
  methods: []
})
const process = {
  id: 'p',
  stages: [st('a', 'open', 10), st('b', 'open', 50), st('won', 'won', 100), st('lost', 'lost', 0)]
} as SalesProcess

let n = 0
function closed(status: 'won' | 'lost', furthest: 'a' | 'b'): { deal: Deal; rows: StageHistory[] } {
  const id = `d${n++}`
  const path = furthest === 'a' ? ['a'] : ['a', 'b']
  return {
    deal: { id, processId: 'p', status, stageId: status } as Deal,
    rows: path.map((to, i) => ({ id: `${id}${i}`, dealId: id, fromStageId: null, toStageId: to, at: i, byUserId: 'u' }))
  }
}

describe('calibration', () => {
  it('Wilson interval by hand: 8 of 10 → about 0.49–0.94', () => {
    const { low, high } = wilson(8, 10)
    expect(low).toBeCloseTo(0.49, 2)
    expect(high).toBeCloseTo(0.943, 2)
  })

  it('observed rates per stage, and no suggestion below the minimum sample', () => {
    const list = [
      ...Array.from({ length: 6 }, () => closed('won', 'b')),
      ...Array.from({ length: 4 }, () => closed('lost', 'a')),
      closed('lost', 'b')
    ]
    const rows = calibrate(
      process,
      list.map((x) => x.deal),
      new Map(list.map((x) => [x.deal.id, x.rows])),
      10
    )
    expect(rows[0]).toMatchObject({ sample: 11, won: 6, suggested: 55 })
    expect(rows[1]).toMatchObject({ sample: 7, won: 6, suggested: null })
  })

  it('with no history, adopting changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (min) => {
        const rows = calibrate(process, [], new Map(), min)
        expect(adoptCalibration(process, rows)).toEqual(process.stages)
      })
    )
  })

  it('suggestions always lie inside their interval and 0–100', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { maxLength: 60 }), (xs) => {
        const list = xs.map(([w, far]) => closed(w ? 'won' : 'lost', far ? 'b' : 'a'))
        for (const r of calibrate(
          process,
          list.map((x) => x.deal),
          new Map(list.map((x) => [x.deal.id, x.rows])),
          1
        )) {
          if (r.suggested === null) continue
          expect(r.suggested).toBeGreaterThanOrEqual(0)
          expect(r.suggested).toBeLessThanOrEqual(100)
          expect(r.observed!).toBeGreaterThanOrEqual(r.low! - 1e-9)
          expect(r.observed!).toBeLessThanOrEqual(r.high! + 1e-9)
        }
      })
    )
  })
})
