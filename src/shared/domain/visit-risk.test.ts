import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity, Contact, Customer } from '../model'
import { haversineKm, normaliseNote, runRiskRules, weeklyAuditSample, type RiskInput } from './visit-risk'

const H = 3_600_000
const MIN = 60_000
const t0 = Date.UTC(2026, 10, 18, 1) // 09:00 Shanghai
const customers = new Map<string, Pick<Customer, 'id' | 'lat' | 'lng'>>([
  ['hz', { id: 'hz', lat: 30.25, lng: 120.17 }], // Hangzhou
  ['sh', { id: 'sh', lat: 31.23, lng: 121.47 }], // Shanghai, ~165 km away
  ['nowhere', { id: 'nowhere' }] // no location recorded
])
const contacts = new Map<string, Pick<Contact, 'id' | 'seniority' | 'title' | 'name'>>([['vp', { id: 'vp', seniority: 4, title: '副总裁', name: '王' }]])
let n = 0
const v = (over: Partial<Activity>): Activity => ({
  id: `v${String(n++).padStart(3, '0')}`, kind: 'visit', customerId: 'hz', dealId: null, userId: 'r1', at: t0, status: 'done', loggedAt: t0 + 30 * MIN, ...over
})
const run = (activities: Activity[]): ReturnType<typeof runRiskRules> => runRiskRules({ activities, customers, contacts } satisfies RiskInput)
const rules = (flags: ReturnType<typeof runRiskRules>): string[] => flags.map((f) => `${f.rule}:${f.activityId}`).sort()

describe('visit risk rules (hand-checked)', () => {
  it('far check-in: 5 km from the address is flagged, 100 m is not, no location skips the rule', () => {
    const far = v({ checkIn: { lat: 30.295, lng: 120.17 } })
    const near = v({ at: t0 + 3 * H, checkIn: { lat: 30.2505, lng: 120.1705 } })
    const noLoc = v({ at: t0 + 5 * H, customerId: 'nowhere', checkIn: { lat: 30.26, lng: 120.18 } })
    const flags = run([far, near, noLoc])
    expect(rules(flags)).toEqual([`far_check_in:${far.id}`])
    expect(flags[0]!.evidence.distanceKm).toBe(5)
  })

  it('impossible travel: Hangzhou to Shanghai in 20 minutes', () => {
    const a = v({ checkIn: { lat: 30.25, lng: 120.17 } })
    const b = v({ at: t0 + 20 * MIN, customerId: 'sh', checkIn: { lat: 31.23, lng: 121.47 } })
    const c = v({ at: t0 + 4 * H, customerId: 'hz', checkIn: { lat: 30.25, lng: 120.17 } }) // 3 h 40 later: a drive
    const flags = run([a, b, c])
    expect(rules(flags)).toEqual([`impossible_travel:${b.id}`])
    expect(flags[0]!.evidence).toMatchObject({ previousActivityId: a.id, minutes: 20, distanceKm: Math.round(haversineKm(a.checkIn!, b.checkIn!) * 10) / 10 })
  })

  it('seniority inflated, phone logged as visit', () => {
    const inflated = v({ contactId: 'vp', recordedSeniority: 5, checkIn: { lat: 30.25, lng: 120.17 } })
    const honest = v({ at: t0 + 2 * H, contactId: 'vp', recordedSeniority: 4, checkIn: { lat: 30.25, lng: 120.17 } })
    const phoney = v({ at: t0 + 5 * H, durationSec: 300 })
    const call: Activity = { ...v({ at: t0 + 5 * H - 2 * MIN }), kind: 'call', connected: true }
    const lone = v({ at: t0 + 8 * H }) // no check-in but no call either: not this rule
    expect(rules(run([inflated, honest, phoney, call, lone]))).toEqual([`phone_as_visit:${phoney.id}`, `seniority_inflated:${inflated.id}`].sort())
  })

  it('identical notes on several days; bulk logging late at night', () => {
    const text = '客户对方案很感兴趣，约下周再谈细节'
    const copies = [0, 1, 2].map((d) => v({ at: t0 + d * 24 * H, body: text }))
    const sameDayTwice = [v({ userId: 'r2', body: text }), v({ userId: 'r2', at: t0 + H, body: text })]
    const late = [0, 1, 2, 3].map((i) => v({ userId: 'r3', at: t0 + i * H, loggedAt: t0 + 14 * H + i * 2 * MIN }))
    const flags = run([...copies, ...sameDayTwice, ...late])
    expect(rules(flags)).toEqual([...copies.map((a) => `identical_notes:${a.id}`), ...late.map((a) => `bulk_logged:${a.id}`)].sort())
    expect(flags.find((f) => f.rule === 'bulk_logged')!.evidence.batchSize).toBe(4)
  })

  it('a visit without coordinates raises nothing location-based; planned visits are never flagged', () => {
    expect(run([v({}), v({ status: 'planned', checkIn: { lat: 0, lng: 0 } })])).toEqual([])
  })
})

describe('properties', () => {
  const arbVisit = fc.record({
    at: fc.integer({ min: 0, max: 72 * 60 }),
    lag: fc.integer({ min: 0, max: 48 * 60 }),
    user: fc.constantFrom('r1', 'r2'),
    cust: fc.constantFrom('hz', 'sh', 'nowhere', 'unknown'),
    kind: fc.constantFrom('visit', 'visit', 'call', 'ride_along'),
    connected: fc.boolean(),
    check: fc.option(fc.record({ lat: fc.double({ min: 29, max: 32, noNaN: true }), lng: fc.double({ min: 119, max: 122, noNaN: true }) }), { nil: undefined }),
    sen: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    body: fc.constantFrom(undefined, 'short', '拜访客户，了解需求，下次再约时间详谈', 'another fairly long note text here')
  })
  it('every flag carries evidence, points at a real done visit, and ids are unique', () => {
    fc.assert(
      fc.property(fc.array(arbVisit, { maxLength: 60 }), (xs) => {
        const acts = xs.map((x, i) =>
          v({ id: `p${i}`, at: t0 + x.at * MIN, loggedAt: t0 + (x.at + x.lag) * MIN, userId: x.user, customerId: x.cust, kind: x.kind as Activity['kind'], connected: x.connected, checkIn: x.check, contactId: x.sen ? 'vp' : undefined, recordedSeniority: x.sen, body: x.body })
        )
        const byId = new Map(acts.map((a) => [a.id, a]))
        const flags = run(acts)
        expect(new Set(flags.map((f) => f.id)).size).toBe(flags.length)
        for (const f of flags) {
          expect(Object.keys(f.evidence).length).toBeGreaterThan(0)
          const a = byId.get(f.activityId)!
          expect(a.kind).toBe('visit')
          expect(f.userId).toBe(a.userId)
        }
      })
    )
  })

  it('far check-in: flagged exactly when the great-circle distance is over the threshold (the quick bound never hides one)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ dLat: fc.double({ min: -0.03, max: 0.03, noNaN: true }), dLng: fc.double({ min: -0.03, max: 0.03, noNaN: true }) }), { maxLength: 20 }), (xs) => {
        const acts = xs.map((x, i) => v({ id: `f${i}`, at: t0 + i * 600 * MIN, checkIn: { lat: 30.25 + x.dLat, lng: 120.17 + x.dLng } }))
        const flagged = new Set(run(acts).filter((f) => f.rule === 'far_check_in').map((f) => f.activityId))
        for (const a of acts) expect(flagged.has(a.id)).toBe(haversineKm(a.checkIn!, { lat: 30.25, lng: 120.17 }) > 1)
      })
    )
  })

  it('a note’s comparison text: the fast scan agrees with collapsing whitespace, trimming and lower-casing', () => {
    const unit = fc.constantFrom('a', 'B', 'z', 'Z', ' ', '  ', '\t', '\n', '\u3000', '\u00a0', '客', '户', '，', '。', '1', '-', 'É', 'Ａ', '１', '…')
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (parts) => {
        const text = parts.join('')
        expect(normaliseNote(text)).toBe(text.replace(/\s+/g, ' ').trim().toLowerCase())
      }),
      { numRuns: 2000 }
    )
    // Any code points at all, not only the hand-picked ones.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (text) => {
        expect(normaliseNote(text)).toBe(text.replace(/\s+/g, ' ').trim().toLowerCase())
      }),
      { numRuns: 3000 }
    )
    expect(normaliseNote('  拜访客户，了解需求 ')).toBe('拜访客户，了解需求')
    expect(normaliseNote('Met the  CFO')).toBe('met the cfo')
  })

  it('the weekly sample is stable for a seed, within the week, and of the asked size', () => {
    const acts = Array.from({ length: 50 }, (_, i) => v({ id: `s${i}`, at: t0 + i * H }))
    const a = weeklyAuditSample(acts, t0, t0 + 7 * 24 * H, 'team', 5)
    expect(a).toHaveLength(5)
    expect(weeklyAuditSample([...acts].reverse(), t0, t0 + 7 * 24 * H, 'team', 5)).toEqual(a)
    expect(weeklyAuditSample(acts, t0, t0 + 7 * 24 * H, 'other', 5)).not.toEqual(a)
  })
})
