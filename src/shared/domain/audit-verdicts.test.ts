import { describe, expect, it } from 'vitest'
import type { RiskFlag } from './visit-risk'
import { canChangeVerdict, lateEntryBatches, nextVerdict, VERDICT_CHANGE_WINDOW_MS } from './audit-verdicts'

const t0 = Date.UTC(2026, 10, 20, 6)
const MIN = 60_000
const bulk = (id: string, userId: string, loggedAt: number): RiskFlag => ({
  id: `bulk_logged:${id}`, rule: 'bulk_logged', activityId: id, userId, customerId: 'c', at: t0 - 3 * 86_400_000, evidence: { loggedAt, windowMin: 30, batchSize: 3 }
})

describe('audit verdicts', () => {
  it('a verdict can be changed up to a week after the last one; each change keeps the earlier verdict', () => {
    const f = bulk('a', 'r1', t0)
    const first = nextVerdict(undefined, f, 'confirmed', { reviewerId: 'm', note: 'no photo', now: t0 })
    expect(first).toMatchObject({ status: 'confirmed', note: 'no photo', reviewedBy: 'm' })
    if (typeof first === 'string') throw new Error(first)
    expect(canChangeVerdict(first, t0 + VERDICT_CHANGE_WINDOW_MS)).toBe(true)
    expect(canChangeVerdict(first, t0 + VERDICT_CHANGE_WINDOW_MS + 1)).toBe(false)
    const second = nextVerdict(first, f, 'cleared', { reviewerId: 'd', now: t0 + 2 * 86_400_000 })
    if (typeof second === 'string') throw new Error(second)
    expect(second).toMatchObject({ status: 'cleared', reviewedBy: 'd', createdAt: t0 })
    expect(second.note).toBeUndefined()
    expect(second.history).toEqual([{ status: 'confirmed', at: t0, by: 'm', note: 'no photo' }])
    // The week runs from the last verdict.
    const third = nextVerdict(second, f, 'confirmed', { now: t0 + 8 * 86_400_000 })
    if (typeof third === 'string') throw new Error(third)
    expect(third.history).toHaveLength(2)
    expect(nextVerdict(third, f, 'cleared', { now: t0 + 16 * 86_400_000 })).toBe('rhythm.verdict-locked')
  })

  it('late-entry batches: one rep’s entries typed in together, apart from another evening and another rep', () => {
    const flags = [bulk('a', 'r1', t0), bulk('b', 'r1', t0 + 10 * MIN), bulk('c', 'r1', t0 + 35 * MIN), bulk('d', 'r1', t0 + 5 * 3_600_000), bulk('e', 'r1', t0 + 5 * 3_600_000 + MIN), bulk('f', 'r2', t0)]
    const batches = lateEntryBatches(flags).map((b) => b.map((f) => f.activityId))
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e']])
  })
})
