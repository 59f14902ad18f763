import { describe, expect, it } from 'vitest'
import { modelKinds, modelTables } from '../model'
import { generateWorkspace } from './index'

// Bench scale: the same generator with the bench parameters. One generation serves all
// assertions; rows are validated by sampling to keep the test fast. How long it takes is a
// benchmark figure (`workspace.generate.bench.ms` in `npm run bench`), not a test.
const ANCHOR = Date.parse('2026-11-18T10:30:00+08:00')
const ws = generateWorkspace({ seed: 9, anchor: ANCHOR, locale: 'zh-CN', scale: 'bench' })

describe('bench workspace', () => {
  it('has the bench counts: 2 regions × 5 teams × 6 reps, 2,000 customers, 10,000 deals, ~200,000 activities', () => {
    expect(ws.orgUnits.filter((o) => o.kind === 'region')).toHaveLength(2)
    expect(ws.orgUnits.filter((o) => o.kind === 'team')).toHaveLength(10)
    expect(ws.users.filter((u) => u.role === 'rep' && u.active)).toHaveLength(60)
    expect(ws.customers).toHaveLength(2000)
    expect(ws.deals.length).toBeGreaterThanOrEqual(9500)
    expect(ws.deals.length).toBeLessThanOrEqual(10_500)
    expect(ws.activities.length).toBeGreaterThan(185_000)
    expect(ws.activities.length).toBeLessThan(215_000)
  })

  it('sampled rows of every table validate against their schemas', () => {
    for (const table of modelTables) {
      const rows = ws[table] as unknown[]
      const step = Math.max(1, Math.floor(rows.length / 2000))
      for (let i = 0; i < rows.length; i += step) {
        const res = modelKinds[table].schema.safeParse(rows[i])
        if (!res.success) throw new Error(`${table}[${i}]: ${res.error.message}`)
      }
    }
  })

  it('keeps referential integrity and time order', () => {
    const customers = new Set(ws.customers.map((c) => c.id))
    const users = new Map(ws.users.map((u) => [u.id, u]))
    const deals = new Map(ws.deals.map((d) => [d.id, d]))
    for (const d of ws.deals) {
      expect(customers.has(d.customerId!)).toBe(true)
      expect(d.orgUnitId).toBe(users.get(d.ownerId)?.orgUnitId)
    }
    let prev = 0
    for (const a of ws.activities) {
      if (!customers.has(a.customerId) || !users.has(a.userId)) throw new Error(`dangling activity ${a.id}`)
      if (a.dealId && deals.get(a.dealId)?.customerId !== a.customerId)
        throw new Error(`activity ${a.id} on another customer's deal`)
      if (a.at < prev) throw new Error('activities out of time order')
      prev = a.at
    }
  })
})
