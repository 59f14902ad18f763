import type { Activity, AnalyticsSettings, Deal } from '../../model'
import { ANALYTICS_SETTINGS_ID } from '../../model/analytics-settings'
import { convertMinor, type CurrencyRates, type MoneyTotal } from '../currency'
import { closedIn, cycleDays, median, moneyOf, winRate } from './facts'
import type { Range } from './periods'

/**
 * Deal-size economics: small, medium and big deals side by side — how many, how much revenue,
 * how often won, how long, and what the selling cost. Cost of sale is the effort recorded on the
 * deals (visits made, calls, ride-alongs) at the unit costs in Settings, plus the war-room hours
 * of the big deals that have a strategy sheet. Effort not tied to a deal cannot be attributed
 * and is left out; lost deals' effort counts (it is part of what selling a band costs).
 */
export type Band = 'small' | 'medium' | 'big'
export const BANDS: readonly Band[] = ['small', 'medium', 'big']

/** Defaults until a manager sets them: small under ¥50,000, big from ¥300,000 (the new-customer process's big-deal line). */
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = {
  id: ANALYTICS_SETTINGS_ID,
  currency: 'CNY',
  smallBelow: 5_000_000,
  bigFrom: 30_000_000,
  costPerVisit: 15_000,
  costPerCall: 1_000,
  costPerRideAlong: 30_000,
  costPerWarRoomHour: 50_000,
  warRoomHoursPerSheet: 8
}

export type SettingsError = 'analytics.bands-order' | 'analytics.invalid'

/** Why the settings cannot be saved, as an error code, or null. */
export function settingsError(s: AnalyticsSettings): SettingsError | null {
  if (!(s.smallBelow > 0) || !(s.bigFrom > 0)) return 'analytics.invalid'
  if (s.bigFrom <= s.smallBelow) return 'analytics.bands-order'
  for (const c of [s.costPerVisit, s.costPerCall, s.costPerRideAlong, s.costPerWarRoomHour, s.warRoomHoursPerSheet]) {
    if (!Number.isFinite(c) || c < 0) return 'analytics.invalid'
  }
  return null
}

export function bandOf(amount: number, s: Pick<AnalyticsSettings, 'smallBelow' | 'bigFrom'>): Band {
  return amount < s.smallBelow ? 'small' : amount >= s.bigFrom ? 'big' : 'medium'
}

export interface Effort {
  visits: number
  calls: number
  rideAlongs: number
  warRoomHours: number
}

export interface BandRow extends Effort {
  band: Band
  /** Deals of the band closed in the period. */
  closed: Deal[]
  won: Deal[]
  lost: Deal[]
  revenue: MoneyTotal
  winRate: number | null
  cycleDays: number | null
  /** Cost of sale in the settings' currency (minor units), split by kind of effort. */
  cost: number
  costByKind: Record<keyof Effort, number>
  /** Cost per deal won; null when none was won. */
  costPerWon: number | null
  /** Cost over revenue; null without revenue or when revenue is refused. */
  costShare: number | null
}

export interface DealSizeEconomics {
  rows: BandRow[]
  /** Closed deals whose currency has no rate to the settings' currency: not banded. */
  unbanded: Deal[]
  missing: string[]
}

export function dealSizeEconomics(input: {
  deals: readonly Deal[]
  activities: Iterable<Activity>
  /** Deals with a strategy sheet (a war room). */
  sheetDealIds: ReadonlySet<string>
  settings: AnalyticsSettings
  range: Range
  rates: CurrencyRates
}): DealSizeEconomics {
  const s = input.settings
  const bandIdx = new Map<string, number>()
  const rows: BandRow[] = BANDS.map((band) => ({
    band,
    closed: [],
    won: [],
    lost: [],
    revenue: { amount: 0, currency: input.rates.base, converted: [], missing: [] },
    winRate: null,
    cycleDays: null,
    visits: 0,
    calls: 0,
    rideAlongs: 0,
    warRoomHours: 0,
    cost: 0,
    costByKind: { visits: 0, calls: 0, rideAlongs: 0, warRoomHours: 0 },
    costPerWon: null,
    costShare: null
  }))
  const unbanded: Deal[] = []
  const missing = new Set<string>()
  for (const d of input.deals) {
    if (!closedIn(d, input.range) || d.amount === undefined) continue
    const amount = convertMinor(d.amount, d.currency, s.currency, input.rates)
    if (amount === undefined) {
      unbanded.push(d)
      missing.add(d.currency)
      continue
    }
    const i = BANDS.indexOf(bandOf(amount, s))
    bandIdx.set(d.id, i)
    const row = rows[i]!
    row.closed.push(d)
    if (d.status === 'won') row.won.push(d)
    else row.lost.push(d)
    if (input.sheetDealIds.has(d.id)) row.warRoomHours += s.warRoomHoursPerSheet
  }
  for (const a of input.activities) {
    if (!a.dealId || a.status === 'planned' || a.status === 'cancelled') continue
    const i = bandIdx.get(a.dealId)
    if (i === undefined) continue
    if (a.kind === 'visit') rows[i]!.visits++
    else if (a.kind === 'call') rows[i]!.calls++
    else if (a.kind === 'ride_along') rows[i]!.rideAlongs++
  }
  for (const row of rows) {
    row.revenue = moneyOf(row.won, input.rates)
    row.winRate = winRate(row.won.length, row.lost.length)
    row.cycleDays = median(row.won.map(cycleDays).filter((x): x is number => x !== null))
    row.costByKind = {
      visits: row.visits * s.costPerVisit,
      calls: row.calls * s.costPerCall,
      rideAlongs: row.rideAlongs * s.costPerRideAlong,
      warRoomHours: Math.round(row.warRoomHours * s.costPerWarRoomHour)
    }
    row.cost = row.costByKind.visits + row.costByKind.calls + row.costByKind.rideAlongs + row.costByKind.warRoomHours
    row.costPerWon = row.won.length ? Math.round(row.cost / row.won.length) : null
    const revenue = row.revenue.missing.length ? undefined : convertMinor(row.revenue.amount, row.revenue.currency, s.currency, input.rates)
    row.costShare = revenue !== undefined && revenue > 0 ? row.cost / revenue : null
  }
  return { rows, unbanded, missing: [...missing].sort() }
}
