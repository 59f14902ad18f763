import fc from 'fast-check'
import type { SimAction } from './convergence-sim'

/**
 * Random schedules for the convergence simulator, shared by the property test and the soak
 * benchmark. Test-only (imports fast-check); nothing in the app imports it.
 */
const actionArb: fc.Arbitrary<SimAction> = fc.oneof(
  fc.record({
    type: fc.constant('edit' as const),
    replica: fc.integer({ min: 0, max: 2 }),
    table: fc.constantFrom('deals' as const, 'activities' as const),
    row: fc.integer({ min: 0, max: 2 }),
    fields: fc.subarray(['a', 'b', 'c', 'deleted'], { minLength: 1 }),
    // Often 0, so several writes share a wall time and the counter and node id decide.
    advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 }))
  }),
  fc.record({ type: fc.constantFrom('deliver' as const, 'drop' as const, 'duplicate' as const), pick: fc.nat() })
)

// Skew stays within the 5-minute clamp: ±2 min per laptop is at most 4 min between two.
const skew = fc.integer({ min: -120_000, max: 120_000 })

export const convergenceSchedule = fc.record({
  skews: fc.tuple(skew, skew, skew),
  actions: fc.array(actionArb, { maxLength: 80 }),
  seed: fc.nat()
})
