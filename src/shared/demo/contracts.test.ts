import { describe, expect, it } from 'vitest'
import { contractStates, dayOfDate, lateMilestones, localDayReader, overdueOf, paidLateDays } from '../domain/collections'
import { renewalCandidates } from '../domain/renewals'
import { generateWorkspace } from './index'

const ANCHOR = Date.parse('2026-11-18T10:30:00+08:00')
const TZ = 'Asia/Shanghai'
const ws = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
const dayOf = localDayReader(TZ)
const today = dayOf(ANCHOR)
const states = contractStates(ws, TZ)

describe('demo workspace: after the signature', () => {
  it('every won deal has one contract with its amount, currency, customer and owner; no other deal has one', () => {
    const won = ws.deals.filter((d) => d.status === 'won')
    expect(ws.contracts.length).toBe(won.length)
    const byDeal = new Map(ws.contracts.map((c) => [c.dealId, c]))
    for (const d of won) {
      const c = byDeal.get(d.id)!
      expect([c.amount, c.currency, c.customerId, c.collectorId, c.orgUnitId, c.signedAt]).toEqual([d.amount, d.currency, d.customerId, d.ownerId, d.orgUnitId, d.closedAt])
    }
    expect(new Set(ws.contracts.map((c) => c.number)).size).toBe(ws.contracts.length)
  })

  it('every plan adds up to its contract, and nothing is collected, invoiced or reached after today', () => {
    for (const s of states) expect(s.problems, s.contract.number).toEqual([])
    for (const c of ws.collections) expect(c.receivedAt).toBeLessThanOrEqual(ANCHOR)
    for (const i of ws.invoices) expect(i.issuedAt).toBeLessThanOrEqual(ANCHOR)
    for (const m of ws.milestones) if (m.actualDate) expect(dayOfDate(m.actualDate)).toBeLessThanOrEqual(today)
    // Collected + outstanding is the contract amount, contract by contract.
    for (const s of states) expect(s.collected + s.outstanding).toBe(s.contract.amount)
  })

  it('looks like real books: mostly paid, some partial, some overdue, some paid late, some deliveries late, some renewals due', () => {
    const paid = states.filter((s) => s.outstanding === 0).length
    const partial = states.filter((s) => s.collected > 0 && s.outstanding > 0).length
    const overdue = overdueOf(states, today)
    const lateLines = states.flatMap((s) => s.lines).filter((l) => (paidLateDays(l) ?? 0) > 0).length
    expect(paid / states.length).toBeGreaterThan(0.4)
    expect(partial).toBeGreaterThan(10)
    expect(overdue.length).toBeGreaterThan(5)
    expect(overdue.some((o) => o.line.collected > 0)).toBe(true) // a partly paid instalment is overdue
    expect(lateLines).toBeGreaterThan(20)
    expect(lateMilestones(ws.milestones, today).length).toBeGreaterThan(3)
    expect(renewalCandidates(ws.contracts, { today, withinDays: 60, dayOf }).length).toBeGreaterThan(2)
  })

  it('no payment or delivery activities duplicate the contract records', () => {
    expect(ws.activities.filter((a) => a.kind === 'payment' || a.kind === 'delivery')).toEqual([])
  })
})

describe('demo collections match the plan to the cent', () => {
  it('no instalment is left open by a rounding cent', () => {
    for (const s of states) for (const l of s.lines) if (l.collected > 0) expect(l.outstanding === 0 || l.outstanding > 100, `${s.contract.number} ${l.key}`).toBe(true)
  })
})
