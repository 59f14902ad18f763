import type { Activity, AuditRule, Contact, Customer } from '../model'
import { DAY_MS } from './calendar'

/**
 * Visit risk control (拜访风控): rules that flag visits that may not have happened as logged.
 * A flag is a question for the manager, never a verdict, so every flag carries the evidence
 * that raised it — distances, minutes, the note it copies — in plain fields.
 */

export type Evidence = Record<string, string | number | boolean>

export interface RiskFlag {
  /** Stable: the same visit and rule give the same id on every run, so saving is idempotent. */
  id: string
  rule: AuditRule
  activityId: string
  userId: string
  customerId: string
  at: number
  evidence: Evidence
}

export interface RiskThresholds {
  /** A check-in farther than this from the customer's address is suspicious. */
  farKm: number
  /** Faster than this between two consecutive check-ins is impossible in a city. */
  maxKmh: number
  /** …but short hops (same building, next door) are never flagged. */
  minTravelKm: number
  /** A visit with no check-in and a connected call to the customer within this window. */
  phoneWindowMin: number
  /** A note reused at least this many times by one rep. */
  identicalMin: number
  /** Notes shorter than this ("ok", "见面") are too short to call a copy. */
  identicalMinChars: number
  /** At least this many visits logged within `bulkWindowMin`, each `bulkLagHours` after the fact. */
  bulkCount: number
  bulkWindowMin: number
  bulkLagHours: number
}

export const DEFAULT_THRESHOLDS: RiskThresholds = {
  farKm: 1,
  maxKmh: 120,
  minTravelKm: 5,
  phoneWindowMin: 30,
  identicalMin: 3,
  identicalMinChars: 12,
  bulkCount: 4,
  bulkWindowMin: 30,
  bulkLagHours: 4
}

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180
  const dLat = (b.lat - a.lat) * r
  const dLng = (b.lng - a.lng) * r
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLng / 2) ** 2
  return 12_742 * Math.asin(Math.sqrt(h))
}

/**
 * An upper bound of the distance, with no trigonometry: the meridian leg plus the parallel leg
 * (a parallel is never longer than the equator). Below a threshold, the exact distance is too.
 */
function kmAtMost(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return (Math.abs(b.lat - a.lat) + Math.abs(b.lng - a.lng)) * KM_PER_DEGREE
}
const KM_PER_DEGREE = (6_371 * Math.PI) / 180

const round1 = (x: number): number => Math.round(x * 10) / 10

export interface RiskInput {
  activities: readonly Activity[]
  customers: ReadonlyMap<string, Pick<Customer, 'id' | 'lat' | 'lng'>>
  contacts: ReadonlyMap<string, Pick<Contact, 'id' | 'seniority' | 'title' | 'name'>>
  thresholds?: Partial<RiskThresholds>
}

/** A face-to-face visit the rep says they made (ride-alongs excluded: the manager was there). */
function isDoneVisit(a: Activity): boolean {
  return a.kind === 'visit' && (a.status === 'done' || a.status === undefined)
}

/**
 * Anything that normalising could change: a leading, trailing or doubled space, or a character
 * outside those that are neither whitespace nor cased — printable ASCII other than A–Z, general
 * punctuation, CJK punctuation, CJK ideographs, full-width punctuation and digits.
 */
const NEEDS_NORMALISING = /^ | $| {2}|[^\x21-\x40\x5b-\x7e \u2010-\u2027\u3001-\u303f\u4e00-\u9fff\uff01-\uff20]/

/**
 * A note's text for comparing copies: whitespace runs as one space, trimmed, lower case. Most
 * notes (Chinese text, single spaces) need none of it, and one native regex test says so far
 * faster than replacing, trimming and lower-casing would, so only the rest take the slow path.
 */
export function normaliseNote(text: string): string {
  return NEEDS_NORMALISING.test(text) ? slowNormalise(text) : text
}

function slowNormalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase()
}

/** Run every rule over the visits. Visits without coordinates or customers without a location skip the rules that need them. */
export function runRiskRules(input: RiskInput): RiskFlag[] {
  const th = { ...DEFAULT_THRESHOLDS, ...input.thresholds }
  const out: RiskFlag[] = []
  const flag = (a: Activity, rule: AuditRule, evidence: Evidence): void => {
    out.push({ id: `${rule}:${a.id}`, rule, activityId: a.id, userId: a.userId, customerId: a.customerId, at: a.at, evidence })
  }
  const visitsByRep = new Map<string, Activity[]>()
  // Connected calls per rep, then per customer, for the phone-as-visit rule (nested maps: no key
  // string built per call).
  const callsBy = new Map<string, Map<string, Activity[]>>()
  for (const a of input.activities) {
    const kind = a.kind
    if (kind === 'call') {
      if (a.connected !== true) continue
      let byCustomer = callsBy.get(a.userId)
      if (!byCustomer) callsBy.set(a.userId, (byCustomer = new Map()))
      const list = byCustomer.get(a.customerId)
      if (list) list.push(a)
      else byCustomer.set(a.customerId, [a])
      continue
    }
    if (kind !== 'visit' || !isDoneVisit(a)) continue
    const list = visitsByRep.get(a.userId)
    if (list) list.push(a)
    else visitsByRep.set(a.userId, [a])
  }

  for (const [userId, visits] of visitsByRep) {
    // Ids compared by code unit: only ties in time reach it, and it needs no locale.
    visits.sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    const callsOfRep = callsBy.get(userId)
    const notes = new Map<string, Activity[]>()
    for (let i = 0; i < visits.length; i++) {
      const a = visits[i]!
      const cust = a.checkIn ? input.customers.get(a.customerId) : undefined
      const custAt = cust && cust.lat !== undefined && cust.lng !== undefined ? { lat: cust.lat, lng: cust.lng } : null

      if (a.checkIn && custAt && kmAtMost(a.checkIn, custAt) > th.farKm) {
        const km = haversineKm(a.checkIn, custAt)
        if (km > th.farKm) flag(a, 'far_check_in', { distanceKm: round1(km), thresholdKm: th.farKm, checkInLat: a.checkIn.lat, checkInLng: a.checkIn.lng })
      }

      // Consecutive check-ins of the same rep: the previous visit with coordinates.
      if (a.checkIn) {
        for (let j = i - 1; j >= 0; j--) {
          const p = visits[j]!
          if (!p.checkIn) continue
          if (a.at - p.at > DAY_MS / 2) break
          // A short hop is never flagged: skip the trigonometry when it cannot be more.
          if (kmAtMost(p.checkIn, a.checkIn) < th.minTravelKm) break
          const km = haversineKm(p.checkIn, a.checkIn)
          // Check-in to check-in: a generous clock (the visit itself took some of it), so only
          // travel no car could make is flagged.
          const minutes = Math.max(1, (a.at - p.at) / 60_000)
          const kmh = km / (minutes / 60)
          if (km >= th.minTravelKm && kmh > th.maxKmh) {
            flag(a, 'impossible_travel', {
              previousActivityId: p.id,
              previousCustomerId: p.customerId,
              distanceKm: round1(km),
              minutes: Math.round(minutes),
              kmh: Math.round(kmh),
              maxKmh: th.maxKmh
            })
          }
          break
        }
      }

      if (a.contactId && a.recordedSeniority !== undefined) {
        const c = input.contacts.get(a.contactId)
        if (c && a.recordedSeniority > c.seniority) {
          flag(a, 'seniority_inflated', { contactId: c.id, contactName: c.name, title: c.title, recorded: a.recordedSeniority, actual: c.seniority })
        }
      }

      if (!a.checkIn) {
        const calls = callsOfRep?.get(a.customerId)
        let best: Activity | null = null
        for (const c of calls ?? []) {
          const gap = Math.abs(c.at - a.at)
          if (gap <= th.phoneWindowMin * 60_000 && (!best || gap < Math.abs(best.at - a.at))) best = c
        }
        if (best) {
          flag(a, 'phone_as_visit', {
            callActivityId: best.id,
            minutesApart: Math.round(Math.abs(best.at - a.at) / 60_000),
            checkIn: false,
            durationMin: Math.round((a.durationSec ?? 0) / 60)
          })
        }
      }

      if (a.body && a.body.length >= th.identicalMinChars) {
        const key = normaliseNote(a.body)
        const list = notes.get(key)
        if (list) list.push(a)
        else notes.set(key, [a])
      }
    }

    for (const [text, list] of notes) {
      // Nearly every note is unique: count before building anything.
      if (list.length < th.identicalMin) continue
      const days = new Set(list.map((a) => Math.floor(a.at / DAY_MS)))
      if (days.size < 2) continue
      const first = list[0]!
      for (const a of list) {
        flag(a, 'identical_notes', {
          occurrences: list.length,
          days: days.size,
          firstActivityId: first.id,
          firstAt: first.at,
          excerpt: text.slice(0, 80)
        })
      }
    }

    // Bulk logging: many visits typed in together, long after they happened.
    const late = visits.filter((a) => a.loggedAt !== undefined && a.loggedAt - a.at >= th.bulkLagHours * 3_600_000)
    late.sort((x, y) => x.loggedAt! - y.loggedAt!)
    const windowMs = th.bulkWindowMin * 60_000
    const flagged = new Set<string>()
    let lo = 0
    for (let hi = 0; hi < late.length; hi++) {
      while (late[hi]!.loggedAt! - late[lo]!.loggedAt! > windowMs) lo++
      if (hi - lo + 1 < th.bulkCount) continue
      const batch = late.slice(lo, hi + 1)
      for (const a of batch) {
        if (flagged.has(a.id)) continue
        flagged.add(a.id)
        flag(a, 'bulk_logged', {
          batchSize: batch.length,
          windowMin: th.bulkWindowMin,
          lagHours: round1((a.loggedAt! - a.at) / 3_600_000),
          loggedAt: a.loggedAt!
        })
      }
    }
  }
  return out.sort((a, b) => b.at - a.at || a.id.localeCompare(b.id))
}

/** FNV-1a: a tiny, stable hash, so the same seed and week always pick the same visits. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * The weekly random audit sample: `size` done visits of the week, picked by a seeded hash —
 * reps cannot predict it, and the manager gets the same sample every time they open the week.
 */
export function weeklyAuditSample(activities: Iterable<Activity>, weekStart: number, weekEnd: number, seed: string, size: number): Activity[] {
  const pool: { a: Activity; h: number }[] = []
  for (const a of activities) {
    if (!isDoneVisit(a) || a.at < weekStart || a.at >= weekEnd) continue
    pool.push({ a, h: hash(`${seed}|${weekStart}|${a.id}`) })
  }
  pool.sort((x, y) => x.h - y.h || x.a.id.localeCompare(y.a.id))
  return pool.slice(0, size).map((x) => x.a)
}

/**
 * A sampled visit no rule flagged, as a flag of rule `sample`: the manager's verdict on it is
 * saved and lands on the timeline exactly like a rule's. The evidence is why it was picked.
 */
export function sampleFlag(a: Activity, week: string, sampleSize: number): RiskFlag {
  return { id: `sample:${a.id}`, rule: 'sample', activityId: a.id, userId: a.userId, customerId: a.customerId, at: a.at, evidence: { week, sampleSize } }
}
