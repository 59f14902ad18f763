import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, User } from '../model'
import { complianceHeatmap, dayCompliance, IRON_ARMY_QUOTA, isPlanVisit, quotaByRep, resolveVisitQuota, rideAlongsByRepMonth, tallyDay, visitSplitError } from './eight-visit'
import { startOfWeek } from './calendar'

const TZ = 'Asia/Shanghai'
const H = 3_600_000
const DAY = 24 * H
// Wed 18 Nov 2026, 00:00 in Shanghai.
const wed = Date.UTC(2026, 10, 17, 16)
const rep = (id: string, over: Partial<User> = {}): User => ({ id, name: id, role: 'rep', orgUnitId: 't', active: true, ...over })
let n = 0
const visit = (over: Partial<Activity>): Activity => ({ id: `a${n++}`, kind: 'visit', customerId: 'c', dealId: null, userId: 'r1', at: wed + 10 * H, status: 'done', ...over })

describe('eight-visit tally', () => {
  it('counts planned and done by kind, with hand-checked compliance', () => {
    const acts = [
      ...Array.from({ length: 5 }, () => visit({ visitKind: 'new' })), // one more new than the 4 that count
      visit({ visitKind: 'follow_up' }),
      visit({ visitKind: 'closing', status: 'planned' }),
      visit({ kind: 'ride_along', visitKind: 'closing' }),
      visit({ visitKind: 'closing', status: 'cancelled' }),
      visit({ kind: 'call' }),
      visit({ visitKind: 'new', userId: 'r2', at: wed - 1 }) // 23:59:59 the day before, Shanghai time
    ]
    const [r1, r2] = tallyDay([rep('r1'), rep('r2')], acts, wed + 12 * H, TZ)
    expect(r1!.byKind).toEqual({ new: { planned: 5, done: 5 }, follow_up: { planned: 1, done: 1 }, closing: { planned: 2, done: 1 } })
    expect(r1!.planned).toBe(8)
    expect(r1!.done).toBe(7)
    // 4 new + 1 follow-up + 1 closing of 8
    expect(r1!.compliance).toBe(6 / 8)
    expect(r2!.planned).toBe(0)
  })

  it('cuts days at local midnight of the user’s zone, a 25-hour day (New York, end of DST) included', () => {
    // Hand-checked: New York's 1 Nov 2026 runs 04:00 UTC (EDT) to 05:00 UTC the next day (EST).
    const acts = [
      visit({ id: 'ny-2330-before', at: Date.UTC(2026, 10, 1, 3, 30) }), // 31 Oct 23:30 EDT
      visit({ id: 'ny-0030', at: Date.UTC(2026, 10, 1, 4, 30) }), // 1 Nov 00:30 EDT
      visit({ id: 'ny-2330', at: Date.UTC(2026, 10, 2, 4, 30) }), // 1 Nov 23:30 EST: the 25th hour
      visit({ id: 'ny-0030-after', at: Date.UTC(2026, 10, 2, 5, 30) }) // 2 Nov 00:30 EST
    ]
    const [ny] = tallyDay([rep('r1')], acts, Date.UTC(2026, 10, 1, 16), 'America/New_York')
    expect(ny!.activityIds.sort()).toEqual(['ny-0030', 'ny-2330'])
    // The same four instants in Shanghai (UTC+8): 1 Nov runs 31 Oct 16:00 to 1 Nov 16:00 UTC.
    const [sh] = tallyDay([rep('r1')], acts, Date.UTC(2026, 10, 1, 4), TZ)
    expect(sh!.activityIds.sort()).toEqual(['ny-0030', 'ny-2330-before'])
  })

  it('leaves out a rep who had left before the day, and untyped visits fill what is short', () => {
    const rows = tallyDay([rep('r1'), rep('gone', { active: false, leftAt: wed - 5 * DAY })], [], wed, TZ)
    expect(rows.map((r) => r.userId)).toEqual(['r1'])
    const t = { byKind: { new: { planned: 4, done: 4 }, follow_up: { planned: 0, done: 0 }, closing: { planned: 0, done: 0 } }, untyped: { planned: 9, done: 9 } }
    expect(dayCompliance(t, IRON_ARMY_QUOTA)).toBe(1)
  })

  it('heat-map: a full week of 4/2/2 is 1, an idle working day pulls the mean down, weekends only count when worked', () => {
    const mon = startOfWeek(wed, TZ)
    const acts: Activity[] = []
    for (let d = 0; d < 4; d++) {
      for (const k of ['new', 'new', 'new', 'new', 'follow_up', 'follow_up', 'closing', 'closing'] as const) acts.push(visit({ at: mon + d * DAY + 9 * H, visitKind: k }))
    }
    const hm = complianceHeatmap([rep('r1')], acts, { from: mon, weeks: 1, timeZone: TZ, now: mon + 7 * DAY })
    expect(hm.weeks).toEqual(['2026-11-16'])
    expect(hm.rows[0]!.cells[0]).toBeCloseTo(4 / 5)
    // Future days are not judged yet.
    const partial = complianceHeatmap([rep('r1')], acts, { from: mon, weeks: 1, timeZone: TZ, now: mon + 2 * DAY + H })
    expect(partial.rows[0]!.cells[0]).toBe(1)
  })

  it('property: compliance stays within 0…1 and done never exceeds planned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('new', 'follow_up', 'closing', undefined), status: fc.constantFrom('done', 'planned', 'cancelled'), hour: fc.integer({ min: -30, max: 50 }) }), { maxLength: 40 }),
        (xs) => {
          const acts = xs.map((x) => visit({ visitKind: x.kind as Activity['visitKind'], status: x.status as Activity['status'], at: wed + x.hour * H }))
          const [r] = tallyDay([rep('r1')], acts, wed, TZ)
          expect(r!.done).toBeLessThanOrEqual(r!.planned)
          expect(r!.compliance).toBeGreaterThanOrEqual(0)
          expect(r!.compliance).toBeLessThanOrEqual(1)
        }
      )
    )
  })
})

describe('ride-alongs per rep and month', () => {
  it('counts the ride-alongs that happened, with the mean score, by local month', () => {
    const base = { customerId: 'c', dealId: null, userId: 'r1', otherUserId: 'm1' } as const
    const acts = [
      { ...base, id: '1', kind: 'ride_along', at: Date.UTC(2026, 9, 31, 17), status: 'done', score: 4 }, // Nov 1st in Shanghai
      { ...base, id: '2', kind: 'ride_along', at: Date.UTC(2026, 10, 5, 2), status: 'done', score: 5, from: 'v' },
      { ...base, id: '3', kind: 'ride_along', at: Date.UTC(2026, 10, 6, 2), status: 'done' },
      { ...base, id: '4', kind: 'ride_along', at: Date.UTC(2026, 10, 7, 2), status: 'planned' },
      { ...base, id: '5', kind: 'ride_along', at: Date.UTC(2026, 9, 30, 2), status: 'done', otherUserId: 'm2' },
      { ...base, id: '6', kind: 'visit', at: Date.UTC(2026, 10, 7, 2), status: 'done' }
    ] as const
    expect(rideAlongsByRepMonth(acts, 'Asia/Shanghai')).toEqual([
      { repId: 'r1', managerId: 'm2', month: '2026-10', count: 1, meanScore: undefined },
      { repId: 'r1', managerId: 'm1', month: '2026-11', count: 3, meanScore: 4.5 }
    ])
    // A ride-along logged against a visit is coaching on it, not a second visit.
    expect(isPlanVisit(acts[1])).toBe(false)
    expect(isPlanVisit(acts[0])).toBe(true)
  })
})

describe('the team visit split', () => {
  const region = { id: 'reg', parentId: null, visitSplit: { newCustomer: 5, followUp: 2, closing: 1 } }
  const own = { id: 'own', parentId: 'reg', visitSplit: { newCustomer: 3, followUp: 3, closing: 3 } }
  const heir = { id: 'heir', parentId: 'reg' }
  const orphan = { id: 'orphan', parentId: null }
  const units = new Map([region, own, heir, orphan].map((u) => [u.id, u]))

  it('a team uses its own split, else its region’s, else 4 / 2 / 2', () => {
    expect(resolveVisitQuota('own', units)).toEqual({ quota: { new: 3, follow_up: 3, closing: 3 }, fromId: 'own' })
    expect(resolveVisitQuota('heir', units)).toEqual({ quota: { new: 5, follow_up: 2, closing: 1 }, fromId: 'reg' })
    expect(resolveVisitQuota('orphan', units)).toEqual({ quota: IRON_ARMY_QUOTA, fromId: null })
    expect(resolveVisitQuota('gone', units).quota).toEqual(IRON_ARMY_QUOTA)
    // A cycle in a hand-edited tree does not hang the board.
    const loop = new Map([['a', { id: 'a', parentId: 'b' }], ['b', { id: 'b', parentId: 'a' }]])
    expect(resolveVisitQuota('a', loop).quota).toEqual(IRON_ARMY_QUOTA)
  })

  it('each rep is judged by their own team’s split on the board and the heat-map', () => {
    const reps: User[] = [
      { id: 'x', name: 'x', role: 'rep', orgUnitId: 'heir', active: true },
      { id: 'y', name: 'y', role: 'rep', orgUnitId: 'orphan', active: true }
    ]
    const day = Date.UTC(2026, 10, 18, 2) // a Wednesday, Shanghai morning
    // Five new, two follow-ups, one closing each: the region's 5/2/1, not the method's 4/2/2.
    const kinds = ['new', 'new', 'new', 'new', 'new', 'follow_up', 'follow_up', 'closing'] as const
    const acts: Activity[] = reps.flatMap((r) => kinds.map((k, i) => ({ id: `${r.id}${i}`, kind: 'visit' as const, customerId: 'c', dealId: null, userId: r.id, at: day + i * 60_000, status: 'done' as const, visitKind: k })))
    const quotaOf = quotaByRep(reps, units)
    const rows = new Map(tallyDay(reps, acts, day, 'Asia/Shanghai', quotaOf).map((r) => [r.userId, r.compliance]))
    expect(rows.get('x')).toBe(1)
    expect(rows.get('y')).toBe(7 / 8)
    const hm = complianceHeatmap(reps, acts, { from: day, weeks: 1, timeZone: 'Asia/Shanghai', quota: quotaOf, now: day + 14 * H }) // only Wednesday is over
    expect(hm.rows.find((r) => r.userId === 'x')!.cells[0]).toBe(1)
    expect(hm.rows.find((r) => r.userId === 'y')!.cells[0]).toBeLessThan(1)
  })

  it('refuses a split outside 1–30 visits or with a fraction, with a translatable reason', () => {
    expect(visitSplitError({ new: 4, follow_up: 2, closing: 2 })).toBeNull()
    expect(visitSplitError({ new: 1, follow_up: 0, closing: 0 })).toBeNull()
    expect(visitSplitError({ new: 30, follow_up: 0, closing: 0 })).toBeNull()
    expect(visitSplitError({ new: 0, follow_up: 0, closing: 0 })).toBe('rhythm:split.invalidTotal')
    expect(visitSplitError({ new: 29, follow_up: 1, closing: 1 })).toBe('rhythm:split.invalidTotal')
    expect(visitSplitError({ new: 2.5, follow_up: 2, closing: 2 })).toBe('rhythm:split.notWhole')
    expect(visitSplitError({ new: -1, follow_up: 5, closing: 2 })).toBe('rhythm:split.notWhole')
  })
})
