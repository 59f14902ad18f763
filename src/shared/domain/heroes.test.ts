import { describe, expect, it } from 'vitest'
import { honours, leaderboard } from './heroes'
import type { Actuals } from './targets'

const a = (won_amount: number, visits: number, new_customers: number): Actuals => ({ won_amount, visits, new_customers })

describe('heroes', () => {
  const actuals = new Map([
    ['r1', a(500_000_00, 100, 2)],
    ['r2', a(200_000_00, 160, 6)],
    ['r3', a(200_000_00, 40, 0)],
    ['gone', a(900_000_00, 10, 9)]
  ])
  it('ranks on a metric, ties share a rank, empty rows are left off', () => {
    expect(leaderboard(actuals, 'won_amount', new Set(['r1', 'r2', 'r3'])).map((r) => [r.userId, r.rank])).toEqual([['r1', 1], ['r2', 2], ['r3', 2]])
    expect(leaderboard(actuals, 'new_customers', new Set(['r1', 'r2', 'r3'])).map((r) => r.userId)).toEqual(['r2', 'r1'])
    // Conversion: won per visit — r3's 40 visits beat r2's 160 for the same amount.
    expect(leaderboard(actuals, 'conversion', new Set(['r2', 'r3']))[0]!.userId).toBe('r3')
  })
  it('gives each honour to one eligible rep', () => {
    expect(honours(actuals, new Set(['r1', 'r2', 'r3']))).toEqual([
      { honour: 'topSales', userId: 'r1', value: 500_000_00 },
      { honour: 'visitStar', userId: 'r2', value: 160 },
      { honour: 'bestVillageHead', userId: 'r2', value: 6 }
    ])
  })
})
