import { describe, expect, it } from 'vitest'
import { IdMaker, Rng, weighted } from './rng'

describe('seeded randomness', () => {
  it('the same seed and label replay the same stream; labels give independent streams', () => {
    const a = new Rng(7, 'deals')
    const b = new Rng(7, 'deals')
    const c = new Rng(7, 'customers')
    const xs = Array.from({ length: 100 }, () => a.next())
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs)
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true)
  })

  it('weighted picks follow the weights', () => {
    const rng = new Rng(1)
    const pick = weighted([1, 3, 6])
    const counts = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) counts[pick(rng)]!++
    expect(counts[0]! / 30_000).toBeCloseTo(0.1, 1)
    expect(counts[2]! / 30_000).toBeCloseTo(0.6, 1)
  })
})

describe('deterministic ids', () => {
  it('are UUIDv7-shaped, carry the row time, never repeat, and replay from the seed', () => {
    const ids = new IdMaker(3)
    const again = new IdMaker(3)
    const t0 = Date.parse('2026-03-01T00:00:00Z')
    const made = Array.from({ length: 50_000 }, (_, i) => ids.make(t0 + Math.floor(i / 10)))
    for (const id of made.slice(0, 200))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(made).size).toBe(made.length)
    expect(parseInt(made[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(t0)
    expect(Array.from({ length: 50_000 }, (_, i) => again.make(t0 + Math.floor(i / 10)))).toEqual(made)
    // Time-ordered like the app's own ids.
    expect(ids.make(t0 + 1000) > ids.make(t0)).toBe(true)
  })
})
