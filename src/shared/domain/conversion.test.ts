import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Deal, SalesProcess, StageHistory } from '../model'
import { funnel, funnelDeals, stageReach } from './funnel'
import { calibrate, calibrationDeals } from './calibration'
import { forecastPeriod } from './forecast'

/**
 * Issue 14: funnel, conversion, win rate and calibration count every closed deal once, with or
 * without a stage history — the rule in `stageReach`. Properties and metamorphic tests that
 * would have caught "first stage to won: 100%" on an imported workspace.
 */
const st = (id: string, kind: 'open' | 'won' | 'lost', probability: number): SalesProcess['stages'][number] => ({
  id,
  name: id.toUpperCase(),
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
  stages: [st('a', 'open', 10), st('b', 'open', 40), st('c', 'open', 70), st('won', 'won', 100), st('lost', 'lost', 0)]
} as SalesProcess
const OPEN = ['a', 'b', 'c']
const D = 86_400_000
const T0 = Date.parse('2026-06-01T10:00:00+08:00')

/** A deal as the app records it: moves through its path, then (if closed) into won / lost. */
interface Spec {
  status: Deal['status']
  /** How many open stages it went through (1–3). */
  reach: number
  amount: number
  /** Days after T0 it was created and closed / expected to close. */
  created: number
  close: number
}
const specArb: fc.Arbitrary<Spec> = fc.record({
  status: fc.constantFrom<Deal['status']>('open', 'won', 'lost'),
  reach: fc.integer({ min: 1, max: 3 }),
  amount: fc.integer({ min: 1, max: 10_000_000 }),
  created: fc.integer({ min: 0, max: 100 }),
  close: fc.integer({ min: 0, max: 200 })
})

function recorded(spec: Spec, id: string): { deal: Deal; rows: StageHistory[] } {
  const path = OPEN.slice(0, spec.status === 'won' ? 3 : spec.reach)
  const rows: StageHistory[] = path.map((to, i) => ({
    id: `${id}-${i}`,
    dealId: id,
    fromStageId: i ? path[i - 1]! : null,
    toStageId: to,
    at: T0 + (spec.created + i) * D,
    byUserId: 'u'
  }))
  if (spec.status !== 'open') {
    rows.push({ id: `${id}-x`, dealId: id, fromStageId: path.at(-1)!, toStageId: spec.status, at: T0 + spec.close * D, byUserId: 'u' })
  }
  const deal = {
    id,
    name: id,
    processId: 'p',
    ownerId: 'u',
    orgUnitId: 't',
    customerId: 'c',
    stageId: spec.status === 'open' ? path.at(-1)! : spec.status,
    status: spec.status,
    amount: spec.amount,
    currency: 'CNY',
    forecastCategory: 'pipeline',
    expectedCloseAt: T0 + spec.close * D,
    createdAt: T0 + spec.created * D,
    stageEnteredAt: rows.at(-1)!.at,
    bigDeal: false,
    checkedCriteria: [],
    ...(spec.status !== 'open' ? { closedAt: T0 + spec.close * D } : {})
  } as Deal
  return { deal, rows }
}

/**
 * The same deal as a CRM export brings it: another id, no stage history; a lost deal's stage is
 * the one it was lost from (what the import sets), a won deal's the won stage.
 */
function imported(spec: Spec, id: string): Deal {
  const { deal } = recorded(spec, id)
  const lostFrom = OPEN[spec.reach - 1]!
  return { ...deal, id, externalId: `CRM-${id}`, stageId: spec.status === 'lost' ? lostFrom : deal.stageId }
}

function figures(deals: Deal[], history: Map<string, StageHistory[]>) {
  const f = funnel(process, deals, history)
  return {
    reached: f.stages.map((s) => s.reached),
    conversion: f.stages.map((s) => s.conversion),
    open: f.stages.map((s) => [s.open, s.openAmount]),
    winRate: f.wonConversion,
    leak: f.diagnosis.leak,
    calibration: calibrate(process, deals, history, 5).map((r) => [r.sample, r.won, r.observed, r.suggested]),
    forecast: forecastPeriod(deals, new Map([['p', process]]), T0, T0 + 90 * D)
  }
}

function workspace(specs: Spec[]): { deals: Deal[]; history: Map<string, StageHistory[]> } {
  const list = specs.map((s, i) => recorded(s, `d${i}`))
  return { deals: list.map((x) => x.deal), history: new Map(list.map((x) => [x.deal.id, x.rows])) }
}

describe('every closed deal counts once (issue 14)', () => {
  it('a lost deal without history reached the stage it was lost from, or the first stage when unknown', () => {
    const reach = stageReach(process)
    expect(reach.furthest({ status: 'lost', stageId: 'b' }, [])).toBe(1)
    expect(reach.furthest({ status: 'lost', stageId: 'lost' }, [])).toBe(0)
    expect(reach.furthest({ status: 'lost', stageId: 'gone' }, [])).toBe(0)
    expect(reach.furthest({ status: 'won', stageId: 'won' }, [])).toBe(2)
    // Lost on the board: the history's move into "lost" names the stage it left.
    expect(
      reach.furthest({ status: 'lost', stageId: 'lost' }, [
        { id: 'h', dealId: 'x', fromStageId: 'c', toStageId: 'lost', at: 0, byUserId: 'u' }
      ])
    ).toBe(2)
    // An open deal in a stage the process no longer has is in no stage's reach.
    expect(reach.furthest({ status: 'open', stageId: 'gone' }, [])).toBe(-1)
  })

  it('the same deals through a CRM export (new ids, no history, any order) give every figure unchanged', () => {
    fc.assert(
      fc.property(fc.array(specArb, { maxLength: 40 }), fc.integer(), (specs, seed) => {
        const app = workspace(specs)
        const order = specs.map((_, i) => i).sort((x, y) => ((x * 7919 + seed) % 101) - ((y * 7919 + seed) % 101))
        const crm = order.map((i) => imported(specs[i]!, `crm-${i}`))
        expect(figures(crm, new Map())).toEqual(figures(app.deals, app.history))
      })
    )
  })

  it('adding a lost deal never raises the win rate, a calibration rate, or the conversion out of the stage it was lost at', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (specs, reach, withHistory) => {
          const before = workspace(specs)
          const lost = recorded({ status: 'lost', reach, amount: 1, created: 5, close: 9 }, 'new-lost')
          const deal = withHistory ? lost.deal : { ...lost.deal, stageId: OPEN[reach - 1]! }
          const history = new Map(before.history)
          if (withHistory) history.set(deal.id, lost.rows)
          const a = funnel(process, before.deals, before.history)
          const b = funnel(process, [...before.deals, deal], history)
          if (a.wonConversion !== null) expect(b.wonConversion!).toBeLessThanOrEqual(a.wonConversion)
          // It counts once in every stage up to the one it was lost at, and nowhere else.
          expect(b.stages.map((s, i) => s.reached - a.stages[i]!.reached)).toEqual(OPEN.map((_, i) => (i < reach ? 1 : 0)))
          const k = reach - 1
          const ca = a.stages[k]!.conversion
          const cb = b.stages[k]!.conversion
          if (ca !== null && cb !== null) expect(cb).toBeLessThanOrEqual(ca)
          const calA = calibrate(process, before.deals, before.history)
          const calB = calibrate(process, [...before.deals, deal], history)
          calA.forEach((r, i) => {
            if (r.observed !== null) expect(calB[i]!.observed!).toBeLessThanOrEqual(r.observed)
          })
        }
      )
    )
  })

  it('the funnel’s win rate is calibration’s first-stage rate: one figure, two places', () => {
    fc.assert(
      fc.property(fc.array(specArb, { maxLength: 40 }), fc.boolean(), (specs, asImport) => {
        const ws = workspace(specs)
        const deals = asImport ? specs.map((s, i) => imported(s, `i${i}`)) : ws.deals
        const history = asImport ? new Map<string, StageHistory[]>() : ws.history
        const f = funnel(process, deals, history)
        const cal = calibrate(process, deals, history)
        expect(f.wonConversion).toBe(cal[0]!.observed)
        expect(cal[0]!.sample).toBe(f.sample.won + f.sample.lost)
        // The doors open to the deals counted.
        expect(calibrationDeals(process, deals, history).get('a')!.length).toBe(cal[0]!.sample)
        const behind = funnelDeals(process, deals, history)
        expect(behind.closed.length).toBe(f.sample.won + f.sample.lost)
        expect(behind.won.length).toBe(f.sample.won)
        f.stages.forEach((s) => expect(behind.get(s.stageId)!.reached.length).toBe(s.reached))
      })
    )
  })

  it('a funnel whose every stage converts fully names no leak', () => {
    const ws = workspace(Array.from({ length: 8 }, () => ({ status: 'won' as const, reach: 3, amount: 1, created: 0, close: 5 })))
    expect(funnel(process, ws.deals, ws.history).diagnosis.leak).toBeNull()
  })
})
