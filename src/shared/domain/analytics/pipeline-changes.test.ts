import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, Deal, StageHistory } from '../../model'
import { historyByDeal } from '../deal-health'
import { changeLogs, CHANGE_LINES, dealStateAt, pipelineChanges, reconciled, type ChangeLine } from './pipeline-changes'
import { periodOf } from './periods'
import { CNY_ONLY, DAY, TZ, WITH_USD, YUAN, at, deal, process } from './test-fixtures'

let n = 0
const change = (d: Deal, kind: 'amount_change' | 'close_date_change', when: number, from: number, to: number): Activity => ({
  id: `x${++n}`,
  kind,
  customerId: d.customerId!, // the fixtures' deals all have an account
  dealId: d.id,
  userId: 'u1',
  at: when,
  status: 'done',
  from,
  to
})
const move = (d: Deal, when: number, from: string | null, to: string): StageHistory => ({ id: `h${++n}`, dealId: d.id, fromStageId: from, toStageId: to, at: when, byUserId: 'u1' })

describe('pipeline changes between two moments', () => {
  // March 2024's pipeline, Monday 4 March 08:00 → Monday 11 March 08:00.
  const march = periodOf('month', at('2024-03-10'), TZ)
  const T1 = at('2024-03-04', 8)
  const T2 = at('2024-03-11', 8)
  const exp = (ymd: string): number => at(ymd)
  const A = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-20'), yuan: 10_000, stageId: 's1' })
  const B = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-25'), yuan: 25_000 })
  const C = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-26'), yuan: 6_000 })
  const D = deal({ created: '2024-03-06', expectedCloseAt: exp('2024-03-28'), yuan: 4_000 })
  const E = deal({ created: '2024-01-10', expectedCloseAt: exp('2024-03-30'), yuan: 7_000 })
  const F = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-15'), closed: '2024-03-08', yuan: 9_000 })
  const G = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-18'), closed: '2024-03-09', status: 'lost', yuan: 3_000 })
  const H = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-04-10'), yuan: 5_000 })
  const I = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-31'), closed: '2024-03-09', yuan: 2_500 })
  const J = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-04-05'), yuan: 1_000 })
  const K = deal({ created: '2024-02-20', expectedCloseAt: exp('2024-04-20'), closed: '2024-03-05', yuan: 6_600 })
  const L = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-20'), yuan: 99_000, deleted: true })
  const deals = [A, B, C, D, E, F, G, H, I, J, K, L]
  const activities = [
    change(B, 'amount_change', at('2024-03-05'), 20_000 * YUAN, 25_000 * YUAN),
    change(C, 'amount_change', at('2024-03-06'), 8_000 * YUAN, 6_000 * YUAN),
    change(E, 'close_date_change', at('2024-03-07'), exp('2024-04-15'), exp('2024-03-30')),
    change(H, 'close_date_change', at('2024-03-07'), exp('2024-03-22'), exp('2024-04-10')),
    change(I, 'amount_change', at('2024-03-05'), 2_000 * YUAN, 2_500 * YUAN),
    // Before T1: already part of the start.
    change(A, 'amount_change', at('2024-02-20'), 12_000 * YUAN, 10_000 * YUAN)
  ]
  const history = historyByDeal([move(A, at('2024-02-01'), null, 's1'), move(A, at('2024-02-10'), 's1', 's2'), move(A, at('2024-03-06'), 's2', 's1')])
  const c = pipelineChanges({
    deals,
    historyByDeal: history,
    logs: changeLogs(activities),
    processes: new Map([['p1', process]]),
    period: march,
    from: T1,
    to: T2,
    rates: CNY_ONLY
  })
  const ids = (l: ChangeLine): string[] => c.lines[l].deals.map((x) => x.deal.id)

  it('replays each deal to the start and the end (amount, close date, stage)', () => {
    const logs = changeLogs(activities)
    expect(dealStateAt(B, undefined, logs, T1)).toMatchObject({ amount: 20_000 * YUAN, status: 'open' })
    expect(dealStateAt(H, undefined, logs, T1)!.expectedCloseAt).toBe(exp('2024-03-22'))
    expect(dealStateAt(F, undefined, logs, T1)!.status).toBe('open')
    expect(dealStateAt(F, undefined, logs, T2)!.status).toBe('won')
    expect(dealStateAt(A, history.get(A.id), logs, T1)!.stageId).toBe('s2')
    expect(dealStateAt(D, undefined, logs, T1)).toBeNull()
  })

  it('puts every deal on its line, hand-computed', () => {
    expect(c.start.amount).toBe(57_000 * YUAN)
    expect(c.end.amount).toBe(52_000 * YUAN)
    expect(ids('added')).toEqual([D.id])
    expect(ids('pulledIn')).toEqual([E.id])
    expect(ids('won')).toEqual([F.id, I.id])
    expect(c.lines.won.amount).toBe(11_500 * YUAN)
    expect(ids('lost')).toEqual([G.id])
    expect(ids('pushedOut')).toEqual([H.id])
    expect(ids('amountUp')).toEqual([B.id, I.id])
    expect(c.lines.amountUp.amount).toBe(5_500 * YUAN)
    expect(ids('amountDown')).toEqual([C.id])
    expect(c.lines.amountDown.amount).toBe(2_000 * YUAN)
    expect(c.movedBack.map((x) => x.deal.id)).toEqual([A.id])
    expect(c.alsoWon.map((x) => x.deal.id)).toEqual([K.id])
  })

  it('reconciles: start + changes = end', () => {
    expect(reconciled(c)).toBe(c.end.amount)
  })

  it('since the same moment, nothing changed', () => {
    const same = pipelineChanges({ deals, historyByDeal: history, logs: changeLogs(activities), processes: new Map([['p1', process]]), period: march, from: T2, to: T2, rates: CNY_ONLY })
    for (const l of CHANGE_LINES) expect(same.lines[l].deals).toEqual([])
    expect(same.start.amount).toBe(same.end.amount)
  })

  it('leaves out deals in a currency without a rate and names it; converts with one', () => {
    const usd = deal({ created: '2024-02-01', expectedCloseAt: exp('2024-03-20'), yuan: 1_000, currency: 'USD' })
    const args = { deals: [A, usd], historyByDeal: history, logs: changeLogs([]), processes: new Map([['p1', process]]), period: march, from: T1, to: T2 }
    const refused = pipelineChanges({ ...args, rates: CNY_ONLY })
    expect(refused.missing).toEqual(['USD'])
    expect(refused.start.amount).toBe(10_000 * YUAN)
    const converted = pipelineChanges({ ...args, rates: WITH_USD })
    expect(converted.start.amount).toBe(17_000 * YUAN)
  })

  it('always reconciles, and every deal leaving or entering sits on exactly one line (property)', () => {
    const base = at('2024-01-01')
    const dealArb = fc.record({
      created: fc.integer({ min: 0, max: 120 }),
      status: fc.constantFrom('open', 'won', 'lost'),
      closeAfter: fc.integer({ min: 0, max: 60 }),
      amount0: fc.integer({ min: 0, max: 1_000_000 }),
      amounts: fc.array(fc.record({ after: fc.integer({ min: 0, max: 90 }), to: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 3 }),
      expected0: fc.integer({ min: 0, max: 200 }),
      pushes: fc.array(fc.record({ after: fc.integer({ min: 0, max: 90 }), to: fc.integer({ min: 0, max: 200 }) }), { maxLength: 3 }),
      usd: fc.boolean(),
      stages: fc.array(fc.record({ after: fc.integer({ min: 0, max: 90 }), to: fc.constantFrom('s1', 's2', 's3') }), { maxLength: 4 })
    })
    fc.assert(
      fc.property(
        fc.array(dealArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 90 }),
        fc.boolean(),
        (specs, t1, span, pStart, pLen, withUsdRate) => {
          const acts: Activity[] = []
          const moves: StageHistory[] = []
          const ds = specs.map((s) => {
            const createdAt = base + s.created * DAY
            let amount = s.amount0
            let expected = base + s.expected0 * DAY
            const d = deal({
              status: s.status as Deal['status'],
              currency: s.usd ? 'USD' : 'CNY',
              ...(s.status !== 'open' ? { closedAt: createdAt + s.closeAfter * DAY } : {})
            })
            d.createdAt = createdAt
            for (const a of [...s.amounts].sort((x, y) => x.after - y.after)) {
              acts.push(change(d, 'amount_change', createdAt + a.after * DAY + 1, amount, a.to))
              amount = a.to
            }
            for (const p of [...s.pushes].sort((x, y) => x.after - y.after)) {
              const to = base + p.to * DAY
              acts.push(change(d, 'close_date_change', createdAt + p.after * DAY + 1, expected, to))
              expected = to
            }
            let prev: string | null = null
            for (const m of [...s.stages].sort((x, y) => x.after - y.after)) {
              moves.push(move(d, createdAt + m.after * DAY, prev, m.to))
              prev = m.to
            }
            d.amount = amount
            d.expectedCloseAt = expected
            return d
          })
          const from = base + t1 * DAY
          const r = pipelineChanges({
            deals: ds,
            historyByDeal: historyByDeal(moves),
            logs: changeLogs(acts),
            processes: new Map([['p1', process]]),
            period: { start: base + pStart * DAY, end: base + (pStart + pLen) * DAY },
            from,
            to: from + span * DAY,
            rates: withUsdRate ? WITH_USD : CNY_ONLY
          })
          expect(reconciled(r)).toBe(r.end.amount)
          const startIds = new Set(r.start.deals.map((x) => x.deal.id))
          const endIds = new Set(r.end.deals.map((x) => x.deal.id))
          const flows: ChangeLine[] = ['added', 'pulledIn', 'won', 'lost', 'pushedOut']
          const onFlow = new Map<string, number>()
          for (const l of flows) for (const x of r.lines[l].deals) onFlow.set(x.deal.id, (onFlow.get(x.deal.id) ?? 0) + 1)
          for (const id of new Set([...startIds, ...endIds])) {
            const moved = startIds.has(id) !== endIds.has(id)
            expect(onFlow.get(id) ?? 0).toBe(moved ? 1 : 0)
          }
          for (const l of CHANGE_LINES) for (const x of r.lines[l].deals) expect(x.amount).toBeGreaterThanOrEqual(0)
        }
      ),
      { numRuns: 300, seed: 42 }
    )
  })
})
