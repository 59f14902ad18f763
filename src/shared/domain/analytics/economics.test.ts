import { describe, expect, it } from 'vitest'
import type { Activity } from '../../model'
import { channelQuality, overlap, profileOf } from './channels'
import { bandOf, dealSizeEconomics, DEFAULT_ANALYTICS_SETTINGS, settingsError } from './deal-size'
import { periodOf } from './periods'
import { CNY_ONLY, TZ, WITH_USD, YUAN, at, customer, deal, visit } from './test-fixtures'

describe('channel quality', () => {
  it('scores the overlap of two profiles, Σ min(p, q)', () => {
    const p = new Map([
      ['A', 0.5],
      ['B', 0.5]
    ])
    const q = new Map([
      ['A', 0.8],
      ['C', 0.2]
    ])
    expect(overlap(p, q)).toBeCloseTo(0.5)
    expect(overlap(p, p)).toBeCloseTo(1)
  })

  // Signed in 2024: s1 (Manufacturing, medium, Shanghai) and s2 (Hospital, large, Shanghai).
  // Trade fair leads: f1 like s1, f2 (Retail, small, Nanjing); referral leads: r1 like s2, r2 like s1.
  const year = periodOf('year', at('2024-06-01'), TZ)
  const customers = [
    customer({ id: 's1', channel: 'Web', createdAt: at('2023-05-01') }),
    customer({ id: 's2', channel: 'Web', industry: 'Hospital', size: 'large', createdAt: at('2023-05-01') }),
    customer({ id: 'f1', channel: 'Trade fair', createdAt: at('2024-02-01') }),
    customer({ id: 'f2', channel: 'Trade fair', industry: 'Retail', size: 'small', city: 'Nanjing', createdAt: at('2024-03-01') }),
    customer({ id: 'r1', channel: 'Referral', industry: 'Hospital', size: 'large', createdAt: at('2024-02-01') }),
    customer({ id: 'r2', channel: 'Referral', createdAt: at('2024-02-01') })
  ]
  const deals = [
    deal({ customerId: 's1', created: '2024-01-10', closed: '2024-03-10' }),
    deal({ customerId: 's2', created: '2024-01-10', closed: '2024-04-10' }),
    // r1 signs 30 days after it became a customer; f2 loses.
    deal({ customerId: 'r1', created: '2024-02-11', closed: '2024-03-02' }),
    deal({ customerId: 'f2', created: '2024-03-05', closed: '2024-04-01', status: 'lost' })
  ]
  const q = channelQuality({ customers, deals, range: year })

  it('builds the signed-customer profile from the customers won in the period', () => {
    expect(q.signedCustomers.map((c) => c.id).sort()).toEqual(['r1', 's1', 's2'])
    expect(q.signedProfile.industry.get('Hospital')).toBeCloseTo(2 / 3)
  })

  it('compares each channel with it, dimension by dimension, hand-computed', () => {
    const referral = q.rows.find((r) => r.channel === 'Referral')!
    // Leads: Hospital/large/Shanghai and Manufacturing/medium/Shanghai (½ each);
    // signed: Hospital ⅔, Manufacturing ⅓; large ⅔, medium ⅓; Shanghai 1.
    expect(referral.byDimension.industry).toBeCloseTo(1 / 2 + 1 / 3)
    expect(referral.byDimension.size).toBeCloseTo(1 / 2 + 1 / 3)
    expect(referral.byDimension.city).toBeCloseTo(1)
    expect(referral.similarity).toBeCloseTo((5 / 6 + 5 / 6 + 1) / 3)
    expect(referral.conversion).toBe(0.5)
    expect(referral.leadToSignDays).toBe(30)
    expect(referral.winRate).toBe(1)
    const fair = q.rows.find((r) => r.channel === 'Trade fair')!
    expect(fair.byDimension.city).toBeCloseTo(0.5)
    expect(fair.byDimension.industry).toBeCloseTo(1 / 3)
    expect(fair.overSupplied.city).toEqual({ value: 'Nanjing', leads: 0.5, signed: 0 })
    expect(fair.winRate).toBe(0)
    expect(fair.smallSample).toBe(true)
    // The closer channel ranks first.
    expect(q.rows[0]!.channel).toBe('Referral')
    // A channel without leads in the period has no score, not zero.
    expect(q.rows.find((r) => r.channel === 'Web')).toMatchObject({ similarity: null, conversion: null })
  })

  it('has no profile for nobody', () => {
    expect(profileOf([]).industry.size).toBe(0)
  })
})

describe('deal-size economics', () => {
  const s = DEFAULT_ANALYTICS_SETTINGS // small < ¥50,000 ≤ medium < ¥300,000 ≤ big
  const q2 = periodOf('quarter', at('2024-05-10'), TZ)
  const small1 = deal({ created: '2024-04-01', closed: '2024-04-11', yuan: 20_000 })
  const small2 = deal({ created: '2024-04-01', closed: '2024-04-21', status: 'lost', yuan: 30_000 })
  const mid = deal({ created: '2024-03-02', closed: '2024-05-01', yuan: 120_000 })
  const big = deal({ created: '2024-01-01', closed: '2024-06-29', yuan: 500_000 })
  const usd = deal({ created: '2024-04-01', closed: '2024-04-11', yuan: 10_000, currency: 'USD' })
  const open = deal({ created: '2024-04-01', yuan: 20_000 })
  const on = (dealId: string, kind: Activity['kind'], nTimes: number, over: Partial<Activity> = {}): Activity[] =>
    Array.from({ length: nTimes }, () => visit('u1', at('2024-04-05'), { dealId, kind, ...over }))
  const activities = [
    ...on(small1.id, 'visit', 2),
    ...on(small1.id, 'call', 3),
    ...on(small2.id, 'visit', 1),
    ...on(big.id, 'visit', 10),
    ...on(big.id, 'ride_along', 2),
    ...on(big.id, 'call', 4),
    ...on(big.id, 'visit', 3, { status: 'planned' }),
    ...on(open.id, 'visit', 5)
  ]

  it('bands by amount at the thresholds', () => {
    expect(bandOf(4_999_999, s)).toBe('small')
    expect(bandOf(5_000_000, s)).toBe('medium')
    expect(bandOf(30_000_000, s)).toBe('big')
  })

  it('adds up count, revenue, win rate, cycle and the cost of sale per band, hand-computed', () => {
    const e = dealSizeEconomics({ deals: [small1, small2, mid, big, open], activities, sheetDealIds: new Set([big.id]), settings: s, range: q2, rates: CNY_ONLY })
    const [sm, md, bg] = e.rows
    expect(sm!.closed).toHaveLength(2)
    expect(sm!.revenue.amount).toBe(20_000 * YUAN)
    expect(sm!.winRate).toBe(0.5)
    expect(sm!.cycleDays).toBe(10)
    // 3 visits × ¥150 + 3 calls × ¥10
    expect(sm!.cost).toBe(3 * 15_000 + 3 * 1_000)
    expect(sm!.costPerWon).toBe(48_000)
    expect(sm!.costShare).toBeCloseTo(48_000 / (20_000 * YUAN))
    expect(md!.cost).toBe(0)
    expect(md!.cycleDays).toBe(60)
    // 10 visits × ¥150 + 2 ride-alongs × ¥300 + 4 calls × ¥10 + 8 war-room hours × ¥500; planned visits do not count.
    expect(bg!.costByKind).toEqual({ visits: 150_000, rideAlongs: 60_000, calls: 4_000, warRoomHours: 400_000 })
    expect(bg!.cost).toBe(614_000)
    expect(bg!.warRoomHours).toBe(8)
  })

  it('leaves a deal in a currency without a rate unbanded and names the rate; bands it with one', () => {
    const refused = dealSizeEconomics({ deals: [usd], activities: [], sheetDealIds: new Set(), settings: s, range: q2, rates: CNY_ONLY })
    expect(refused.unbanded).toEqual([usd])
    expect(refused.missing).toEqual(['USD'])
    const ok = dealSizeEconomics({ deals: [usd], activities: [], sheetDealIds: new Set(), settings: s, range: q2, rates: WITH_USD })
    expect(ok.rows[1]!.closed).toEqual([usd]) // $10,000 = ¥70,000: medium
    expect(ok.rows[1]!.revenue).toMatchObject({ amount: 70_000 * YUAN, converted: ['USD'] })
  })

  it('refuses thresholds in the wrong order', () => {
    expect(settingsError({ ...s, bigFrom: s.smallBelow })).toBe('analytics.bands-order')
    expect(settingsError({ ...s, costPerCall: -1 })).toBe('analytics.invalid')
    expect(settingsError(s)).toBeNull()
  })

  it('has empty bands for a period with no closed deal', () => {
    const e = dealSizeEconomics({ deals: [open], activities, sheetDealIds: new Set(), settings: s, range: q2, rates: CNY_ONLY })
    for (const r of e.rows) expect(r).toMatchObject({ winRate: null, cycleDays: null, cost: 0, costPerWon: null, costShare: null })
  })
})
