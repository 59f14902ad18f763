import type { Customer, Deal } from '../../model'
import { DAY_MS } from '../calendar'
import { closedAtOf, closedIn, median, winRate } from './facts'
import type { Range } from './periods'

/**
 * Channel quality (线索渠道质量): the closer a channel's leads look like the customers we sign,
 * the better the channel. A profile is the share of customers per industry, size and city; two
 * profiles are compared by their overlap, Σ min(pᵢ, qᵢ) (1 − total variation distance): 100%
 * when the shares are identical, 0% when they share nothing. The score is the mean over the three
 * dimensions, each shown on its own.
 */
export type ProfileDimension = 'industry' | 'size' | 'city'
export const PROFILE_DIMENSIONS: readonly ProfileDimension[] = ['industry', 'size', 'city']

/** Below this many leads a channel's profile is shown but marked as a small sample. */
export const MIN_CHANNEL_LEADS = 10

export type Profile = Record<ProfileDimension, Map<string, number>>

function valueOf(c: Customer, dim: ProfileDimension): string {
  if (dim === 'industry') return c.industry.trim()
  if (dim === 'size') return c.size
  return c.city?.trim() ?? ''
}

/** Shares per value of each dimension ('' = not recorded, a value of its own). */
export function profileOf(customers: readonly Customer[]): Profile {
  const out = { industry: new Map(), size: new Map(), city: new Map() } as Profile
  if (customers.length === 0) return out
  for (const dim of PROFILE_DIMENSIONS) {
    const m = out[dim]
    for (const c of customers) {
      const v = valueOf(c, dim)
      m.set(v, (m.get(v) ?? 0) + 1)
    }
    for (const [k, n] of m) m.set(k, n / customers.length)
  }
  return out
}

/** Σ min(p, q) over the values of one dimension. */
export function overlap(p: ReadonlyMap<string, number>, q: ReadonlyMap<string, number>): number {
  let s = 0
  for (const [k, v] of p) s += Math.min(v, q.get(k) ?? 0)
  return s
}

export interface ProfileGap {
  value: string
  /** Share among the channel's leads and among signed customers. */
  leads: number
  signed: number
}

export interface ChannelRow {
  channel: string
  /** The channel's customers created in the period. */
  leads: Customer[]
  /** Of those, the ones that have a won deal (to date). */
  signed: Customer[]
  conversion: number | null
  /** Deals of the channel's customers closed in the period. */
  won: Deal[]
  lost: Deal[]
  winRate: number | null
  /** Median days from the customer's creation to its first won deal, over the leads that signed. */
  leadToSignDays: number | null
  /** Median days from creation to close of the won deals. */
  cycleDays: number | null
  /** Mean overlap with the signed-customer profile; null without leads or signed customers. */
  similarity: number | null
  byDimension: Record<ProfileDimension, number | null>
  /** Per dimension, the value the channel over-supplies most relative to signed customers. */
  overSupplied: Record<ProfileDimension, ProfileGap | null>
  smallSample: boolean
}

export interface ChannelQuality {
  /** Customers with a deal won in the period: the profile a good channel resembles. */
  signedCustomers: Customer[]
  signedProfile: Profile
  rows: ChannelRow[]
}

export function channelQuality(input: { customers: readonly Customer[]; deals: readonly Deal[]; range: Range }): ChannelQuality {
  const { range } = input
  const dealsByCustomer = new Map<string, Deal[]>()
  for (const d of input.deals) {
    // A deal without an account (possible in imported histories) has no channel to credit.
    if (d.deleted || d.customerId === undefined) continue
    const list = dealsByCustomer.get(d.customerId)
    if (list) list.push(d)
    else dealsByCustomer.set(d.customerId, [d])
  }
  const firstWin = new Map<string, number>()
  const signedInPeriod = new Set<string>()
  for (const [cid, list] of dealsByCustomer) {
    for (const d of list) {
      if (d.status !== 'won') continue
      const at = closedAtOf(d)!
      if (at < (firstWin.get(cid) ?? Infinity)) firstWin.set(cid, at)
      if (closedIn(d, range)) signedInPeriod.add(cid)
    }
  }
  const customers = input.customers.filter((c) => !c.deleted)
  const signedCustomers = customers.filter((c) => signedInPeriod.has(c.id))
  const signedProfile = profileOf(signedCustomers)

  const byChannel = new Map<string, Customer[]>()
  for (const c of customers) {
    const k = c.channel.trim()
    if (!byChannel.has(k)) byChannel.set(k, [])
  }
  for (const c of customers) if (c.createdAt >= range.start && c.createdAt < range.end) byChannel.get(c.channel.trim())!.push(c)
  const allOfChannel = new Map<string, Customer[]>()
  for (const c of customers) {
    const k = c.channel.trim()
    const list = allOfChannel.get(k)
    if (list) list.push(c)
    else allOfChannel.set(k, [c])
  }

  const rows: ChannelRow[] = []
  for (const [channel, leads] of byChannel) {
    const signed = leads.filter((c) => firstWin.has(c.id))
    const won: Deal[] = []
    const lost: Deal[] = []
    const cycles: number[] = []
    for (const c of allOfChannel.get(channel) ?? []) {
      for (const d of dealsByCustomer.get(c.id) ?? []) {
        if (!closedIn(d, range)) continue
        if (d.status === 'won') {
          won.push(d)
          const at = closedAtOf(d)!
          if (at >= d.createdAt) cycles.push((at - d.createdAt) / DAY_MS)
        } else if (d.status === 'lost') lost.push(d)
      }
    }
    const leadToSign = signed.map((c) => (firstWin.get(c.id)! - c.createdAt) / DAY_MS).filter((x) => x >= 0)
    const p = profileOf(leads)
    const byDimension = {} as Record<ProfileDimension, number | null>
    const overSupplied = {} as Record<ProfileDimension, ProfileGap | null>
    const comparable = leads.length > 0 && signedCustomers.length > 0
    for (const dim of PROFILE_DIMENSIONS) {
      byDimension[dim] = comparable ? overlap(p[dim], signedProfile[dim]) : null
      let gap: ProfileGap | null = null
      if (comparable) {
        for (const [value, share] of p[dim]) {
          const s = signedProfile[dim].get(value) ?? 0
          if (share - s > 0 && (!gap || share - s > gap.leads - gap.signed)) gap = { value, leads: share, signed: s }
        }
      }
      overSupplied[dim] = gap
    }
    rows.push({
      channel,
      leads,
      signed,
      conversion: leads.length ? signed.length / leads.length : null,
      won,
      lost,
      winRate: winRate(won.length, lost.length),
      leadToSignDays: median(leadToSign),
      cycleDays: median(cycles),
      similarity: comparable ? PROFILE_DIMENSIONS.reduce((s, d) => s + byDimension[d]!, 0) / PROFILE_DIMENSIONS.length : null,
      byDimension,
      overSupplied,
      smallSample: leads.length < MIN_CHANNEL_LEADS
    })
  }
  rows.sort((a, b) => (b.similarity ?? -1) - (a.similarity ?? -1) || b.leads.length - a.leads.length || a.channel.localeCompare(b.channel))
  return { signedCustomers, signedProfile, rows }
}
