import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, User } from '../../model'
import { complianceHeatmap } from '../eight-visit'
import { historyByDeal } from '../deal-health'
import { conversionBy, lossReasons, outcomesByRep, visitBehaviour } from './manager'
import { periodOf } from './periods'
import { CNY_ONLY, TZ, YUAN, at, customer, deal, process, users, visit } from './test-fixtures'

describe('front-line manager: visit behaviour', () => {
  // Week of Mon 4 Mar 2024. Li makes 4 new + 2 follow-up + 2 closing visits on Monday (a full
  // day), 8 new-customer visits on Tuesday (4 of 8 count), nothing Wednesday–Friday, and one
  // untyped visit on Saturday (a make-up day: judged, 1 of 8).
  const mon = at('2024-03-04')
  const H = 3_600_000
  const li: Activity[] = [
    ...Array.from({ length: 4 }, (_, i) => visit('u1', mon + i * H, { visitKind: 'new' })),
    ...Array.from({ length: 2 }, (_, i) => visit('u1', mon + (4 + i) * H, { visitKind: 'follow_up', customerId: 'c2' })),
    ...Array.from({ length: 2 }, (_, i) => visit('u1', mon + (6 + i) * H, { visitKind: 'closing', customerId: 'c3' })),
    ...Array.from({ length: 8 }, (_, i) => visit('u1', mon + 24 * H + i * H, { visitKind: 'new' })),
    visit('u1', mon + 5 * 24 * H),
    // Not counted: a planned visit, a cancelled one, a ride-along attached to a visit.
    visit('u1', mon + 2 * 24 * H, { status: 'planned' }),
    visit('u1', mon + 2 * 24 * H, { status: 'cancelled' }),
    visit('u1', mon + 2 * 24 * H, { kind: 'ride_along', from: 'a1', otherUserId: 'm1' })
  ]
  const week = periodOf('week', mon, TZ)
  // c1 has a deal open from 1 Mar; c3 is a key account; c2 is neither.
  const open = deal({ created: '2024-03-01', customerId: 'c1' })
  const closedBefore = deal({ created: '2024-01-01', closed: '2024-02-01', customerId: 'c2' })
  const customers = new Map([
    ['c1', customer({ id: 'c1' })],
    ['c2', customer({ id: 'c2' })],
    ['c3', customer({ id: 'c3', tier: 'key' })]
  ])

  const rows = visitBehaviour({
    reps: users,
    activities: li,
    deals: [open, closedBefore],
    customerById: customers,
    range: week,
    timeZone: TZ,
    now: at('2024-03-20')
  })
  const row = rows.find((r) => r.repId === 'u1')!

  it('scores each day against the quota, as the eight-visit board does, and averages over judged days', () => {
    expect(row.visits).toBe(17)
    expect(row.judgedDays).toBe(6) // Mon–Fri + the Saturday with a visit
    expect(row.compliance).toBeCloseTo((1 + 0.5 + 0 + 0 + 0 + 1 / 8) / 6)
    expect(row.perDay).toBeCloseTo(17 / 6)
  })

  it('for a week equals the compliance heat-map cell (one definition)', () => {
    const heat = complianceHeatmap(users, li, { from: mon, weeks: 1, timeZone: TZ, now: at('2024-03-20') })
    expect(heat.rows.find((r) => r.userId === 'u1')!.cells[0]).toBeCloseTo(row.compliance!)
    // A rep with no visit at all is judged on five weekdays and scores zero, not "no data".
    expect(rows.find((r) => r.repId === 'u2')).toMatchObject({ visits: 0, judgedDays: 5, compliance: 0, targetShare: null })
  })

  it('counts visits to target customers: an open deal at the time, or a key account', () => {
    // c1 (4 Mon + 8 Tue + the Saturday one) has an open deal; c3 (2) is key; c2 (2) is neither.
    expect(row.toTarget).toBe(15)
    expect(row.targetShare).toBeCloseTo(15 / 17)
    expect(row.targetDeals).toEqual([open])
  })

  it('does not judge days ahead of today, nor before a rep was hired', () => {
    const fresh: User = { id: 'u9', name: 'New', role: 'rep', orgUnitId: 't1', active: true, hiredAt: at('2024-03-07') }
    const [r] = visitBehaviour({ reps: [fresh], activities: [], deals: [], customerById: customers, range: week, timeZone: TZ, now: at('2024-03-08', 20) })
    // Hired Thursday 10:00; "now" is Friday evening: Thursday is judged, Friday is not over yet.
    expect(r!.judgedDays).toBe(1)
  })

  it('equals the heat-map on random weeks of visits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ day: fc.integer({ min: 0, max: 6 }), hour: fc.integer({ min: 0, max: 23 }), kind: fc.constantFrom('new', 'follow_up', 'closing', undefined) }),
          { maxLength: 60 }
        ),
        (vs) => {
          const acts = vs.map((v) => visit('u2', mon + v.day * 24 * H + v.hour * H, v.kind ? { visitKind: v.kind as 'new' } : {}))
          const mine = visitBehaviour({ reps: users, activities: acts, deals: [], customerById: customers, range: week, timeZone: TZ, now: at('2024-03-20') })
          const heat = complianceHeatmap(users, acts, { from: mon, weeks: 1, timeZone: TZ, now: at('2024-03-20') })
          for (const u of users) {
            const a = mine.find((r) => r.repId === u.id)!.compliance
            const b = heat.rows.find((r) => r.userId === u.id)!.cells[0]
            expect(a).toBeCloseTo(b!)
          }
        }
      ),
      { numRuns: 60, seed: 7 }
    )
  })
})

describe('front-line manager: outcomes, loss reasons, conversion', () => {
  const march = periodOf('month', at('2024-03-10'), TZ)
  const deals = [
    deal({ created: '2024-02-01', closed: '2024-03-05', yuan: 10_000 }),
    deal({ created: '2024-03-01', closed: '2024-03-11', yuan: 30_000 }),
    deal({ created: '2024-02-01', closed: '2024-03-08', status: 'lost', lossReason: 'Price too high' }),
    deal({ created: '2024-02-01', closed: '2024-03-09', status: 'lost', lossReason: 'Price too high', yuan: 4_000 }),
    deal({ created: '2024-02-01', closed: '2024-03-10', status: 'lost', lossReason: 'Competitor', ownerId: 'u2' }),
    deal({ created: '2024-02-01', closed: '2024-03-12', status: 'lost', ownerId: 'u2' }),
    deal({ created: '2024-02-01', closed: '2024-04-01', status: 'lost', lossReason: 'Competitor' })
  ]

  it('gives each rep their win rate, won amount and median cycle; a rep with nothing closed has no rate', () => {
    const rows = outcomesByRep(['u1', 'u2', 'u3'], deals, march, CNY_ONLY)
    expect(rows[0]).toMatchObject({ repId: 'u1', winRate: 2 / 4, cycleDays: (33 + 10) / 2 })
    expect(rows[0]!.wonAmount.amount).toBe(40_000 * YUAN)
    expect(rows[1]).toMatchObject({ repId: 'u2', winRate: 0, cycleDays: null })
    expect(rows[2]).toMatchObject({ repId: 'u3', winRate: null })
  })

  it('lists loss reasons by frequency, a deal without a reason under none, with amounts', () => {
    const rows = lossReasons(deals, march, CNY_ONLY)
    expect(rows.map((r) => [r.reason, r.deals.length, r.share])).toEqual([
      ['Price too high', 2, 0.5],
      ['', 1, 0.25],
      ['Competitor', 1, 0.25]
    ])
    expect(rows[0]!.amount.amount).toBe(14_000 * YUAN)
  })

  it('follows the cohort of deals created in the period through the funnel, per group', () => {
    const c1 = deal({ created: '2024-03-02', stageId: 's2' })
    const c2 = deal({ created: '2024-03-03', closed: '2024-03-20' })
    const c3 = deal({ created: '2024-03-04', stageId: 's1' })
    const old = deal({ created: '2024-01-04', stageId: 's3' })
    const history = historyByDeal([
      { id: 'h1', dealId: c1.id, fromStageId: null, toStageId: 's1', at: at('2024-03-02'), byUserId: 'u1' },
      { id: 'h2', dealId: c1.id, fromStageId: 's1', toStageId: 's2', at: at('2024-03-05'), byUserId: 'u1' }
    ])
    const oldMoves = [
      { id: 'h3', dealId: old.id, fromStageId: 's2', toStageId: 's3', at: at('2024-03-07'), byUserId: 'u1' },
      // Back a stage, and a move in February: not this period's completions.
      { id: 'h4', dealId: old.id, fromStageId: 's3', toStageId: 's2', at: at('2024-03-08'), byUserId: 'u1' },
      { id: 'h5', dealId: old.id, fromStageId: 's1', toStageId: 's2', at: at('2024-02-07'), byUserId: 'u1' }
    ]
    const all = historyByDeal([...[...history.values()].flat(), ...oldMoves])
    const [row] = conversionBy([{ id: 'u1', deals: [c1, c2, c3, old] }], process, all, march)
    // Stage completions in March: c1 s1→s2 and old s2→s3 (creation is not a move, back is not one).
    expect(row!.advances).toEqual({ moves: 2, deals: [c1, old] })
    expect(row!.cohort).toEqual([c1, c2, c3])
    expect(row!.funnel.stages.map((s) => s.reached)).toEqual([3, 2, 1])
    expect(row!.funnel.stages[0]!.conversion).toBeCloseTo(2 / 3)
    expect(row!.deals().get('s2')!.reached).toEqual([c1, c2])
  })
})
