import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { backoffDelay } from './backoff'

describe('backoff', () => {
  it('doubles per attempt, between half and all of the cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 0))).toEqual([250, 500, 1000, 2000])
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 1))).toEqual([500, 1000, 2000, 4000])
  })

  it('never exceeds the maximum, whatever the attempt or the random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_000 }), fc.double({ min: -1, max: 2, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, r, { baseMs: 100, maxMs: 5_000 })
        return d >= 50 && d <= 5_000 && Number.isFinite(d)
      })
    )
  })
})
