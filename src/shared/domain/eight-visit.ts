import type { Activity, OrgUnit, User, VisitKind, VisitSplit } from '../model'
import { DAY_MS, localDate, startOfDay, zoneOffsetMs } from './calendar'

/**
 * The eight-visit rule (八访): every working day a rep plans and makes eight visits — four to
 * new customers, two follow-ups, two to close. The split is a team setting, so it is a value
 * here, never a constant buried in a view.
 */
export type VisitQuota = Record<VisitKind, number>
export const IRON_ARMY_QUOTA: VisitQuota = { new: 4, follow_up: 2, closing: 2 }
export const VISIT_KINDS: readonly VisitKind[] = ['new', 'follow_up', 'closing']

export function quotaTotal(q: VisitQuota): number {
  return q.new + q.follow_up + q.closing
}

/** More than this many visits a day is a typo, not a plan. */
export const MAX_DAILY_VISITS = 30

/** A quota each rep is judged against: one for everyone, or looked up per rep (their team's). */
export type QuotaFor = VisitQuota | ((userId: string) => VisitQuota)

function quotaFn(q: QuotaFor | undefined): (userId: string) => VisitQuota {
  if (q === undefined) return () => IRON_ARMY_QUOTA
  return typeof q === 'function' ? q : () => q
}

export function splitToQuota(s: VisitSplit): VisitQuota {
  return { new: s.newCustomer, follow_up: s.followUp, closing: s.closing }
}

export function quotaToSplit(q: VisitQuota): VisitSplit {
  return { newCustomer: q.new, followUp: q.follow_up, closing: q.closing }
}

/** Why a split cannot be a team's setting, as an i18n key, or null when it can. */
export function visitSplitError(q: VisitQuota): 'rhythm:split.notWhole' | 'rhythm:split.invalidTotal' | null {
  if (!VISIT_KINDS.every((k) => Number.isInteger(q[k]) && q[k] >= 0)) return 'rhythm:split.notWhole'
  const total = quotaTotal(q)
  return total >= 1 && total <= MAX_DAILY_VISITS ? null : 'rhythm:split.invalidTotal'
}

export interface ResolvedQuota {
  quota: VisitQuota
  /** The unit whose own setting applies (the team, else an ancestor region), or null for the method's 4 / 2 / 2. */
  fromId: string | null
}

/**
 * The split a unit works to: its own, else the nearest ancestor's (a team inherits its
 * region's), else the iron army's 4 / 2 / 2. A cycle in a hand-edited tree stops the walk.
 */
export function resolveVisitQuota(orgUnitId: string | null | undefined, orgUnitById: ReadonlyMap<string, Pick<OrgUnit, 'id' | 'parentId' | 'visitSplit'>>): ResolvedQuota {
  const seen = new Set<string>()
  let id = orgUnitId ?? null
  while (id !== null && !seen.has(id)) {
    seen.add(id)
    const unit = orgUnitById.get(id)
    if (!unit) break
    if (unit.visitSplit) return { quota: splitToQuota(unit.visitSplit), fromId: unit.id }
    id = unit.parentId
  }
  return { quota: IRON_ARMY_QUOTA, fromId: null }
}

/** Each rep's quota, from their team: what the board, heat-map, kickoff and review judge by. */
export function quotaByRep(reps: readonly Pick<User, 'id' | 'orgUnitId'>[], orgUnitById: ReadonlyMap<string, Pick<OrgUnit, 'id' | 'parentId' | 'visitSplit'>>): (userId: string) => VisitQuota {
  const byRep = new Map(reps.map((r) => [r.id, resolveVisitQuota(r.orgUnitId, orgUnitById).quota]))
  return (userId) => byRep.get(userId) ?? IRON_ARMY_QUOTA
}

/**
 * A visit on the plan: a visit or a ride-along (the rep's visit with the manager along), not
 * cancelled. A ride-along that points (`from`) at the rep's visit or at its own plan is the
 * manager's coaching on that visit, not another visit, so it does not count again.
 */
export function isPlanVisit(a: Pick<Activity, 'kind' | 'status'> & { from?: Activity['from'] }): boolean {
  if (a.kind === 'ride_along') return a.status !== 'cancelled' && !isAttachedRideAlong(a)
  return a.kind === 'visit' && a.status !== 'cancelled'
}

/** A ride-along recorded against a visit (or a planned ride-along) rather than standing for the visit. */
export function isAttachedRideAlong(a: Pick<Activity, 'kind'> & { from?: Activity['from'] }): boolean {
  return a.kind === 'ride_along' && typeof a.from === 'string' && a.from !== ''
}

export interface KindTally {
  /** Everything on the plan (still planned or already done), so done / planned reads as progress. */
  planned: number
  done: number
}

export interface RepDayTally {
  userId: string
  byKind: Record<VisitKind, KindTally>
  /** Visits with no kind recorded (imported history): they count toward the eight, not toward a kind. */
  untyped: KindTally
  planned: number
  done: number
  /** Done visits that meet the quota, kind by kind, over the daily total: 0…1. */
  compliance: number
  activityIds: string[]
}

function emptyTally(userId: string): RepDayTally {
  return {
    userId,
    byKind: { new: { planned: 0, done: 0 }, follow_up: { planned: 0, done: 0 }, closing: { planned: 0, done: 0 } },
    untyped: { planned: 0, done: 0 },
    planned: 0,
    done: 0,
    compliance: 0,
    activityIds: []
  }
}

/**
 * A day's score against the quota: each kind counts up to its share, so eight new-customer
 * visits are not a compliant day; untyped visits fill whatever is still short.
 */
export function dayCompliance(t: Pick<RepDayTally, 'byKind' | 'untyped'>, quota: VisitQuota): number {
  const total = quotaTotal(quota)
  if (total === 0) return 1
  let met = 0
  for (const k of VISIT_KINDS) met += Math.min(t.byKind[k].done, quota[k])
  met += Math.min(t.untyped.done, total - met)
  return Math.min(1, met / total)
}

function addVisit(row: RepDayTally, a: Activity): void {
  const slot = a.visitKind ? row.byKind[a.visitKind] : row.untyped
  slot.planned++
  row.planned++
  row.activityIds.push(a.id)
  if (a.status !== 'planned') {
    slot.done++
    row.done++
  }
}

/**
 * Planned and done visits by kind for each rep on the local day containing `dayMs`. Reps who
 * left before the day are left out; a rep with no visits still gets a row (that is the point).
 */
export function tallyDay(
  reps: readonly User[],
  activities: Iterable<Activity>,
  dayMs: number,
  timeZone: string,
  quota?: QuotaFor
): RepDayTally[] {
  const quotaOf = quotaFn(quota)
  const from = startOfDay(dayMs, timeZone)
  const to = startOfDay(from + DAY_MS + 2 * 3_600_000, timeZone)
  const rows = new Map<string, RepDayTally>()
  for (const u of reps) {
    if (u.role !== 'rep' || u.deleted) continue
    if (u.leftAt !== undefined && u.leftAt <= from) continue
    if (u.hiredAt !== undefined && u.hiredAt >= to) continue
    rows.set(u.id, emptyTally(u.id))
  }
  for (const a of activities) {
    if (a.at < from || a.at >= to || !isPlanVisit(a)) continue
    const row = rows.get(a.userId)
    if (row) addVisit(row, a)
  }
  for (const r of rows.values()) r.compliance = dayCompliance(r, quotaOf(r.userId))
  return [...rows.values()]
}

/**
 * Local day starts from `from` for `days` days, read once per day rather than once per
 * activity: the time-zone lookup is the expensive part of bucketing 200,000 rows.
 */
export function dayStarts(from: number, days: number, timeZone: string): number[] {
  const out: number[] = []
  let d = startOfDay(from, timeZone)
  for (let i = 0; i <= days; i++) {
    out.push(d)
    d = startOfDay(d + DAY_MS + 2 * 3_600_000, timeZone)
  }
  return out
}

/** Index of the bucket [starts[i], starts[i+1]) that holds `ms`, or -1. */
export function bucketOf(starts: readonly number[], ms: number): number {
  let lo = 0
  let hi = starts.length - 1
  if (ms < starts[0]! || ms >= starts[hi]!) return -1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (starts[mid]! <= ms) lo = mid
    else hi = mid
  }
  return lo
}

export interface HeatmapOptions {
  /** Monday of the first week shown (any instant in it). */
  from: number
  weeks: number
  timeZone: string
  quota?: QuotaFor
  /** Days after this are not judged yet. */
  now: number
}

export interface ComplianceHeatmap {
  /** YYYY-MM-DD of each week's Monday. */
  weeks: string[]
  rows: { userId: string; cells: (number | null)[] }[]
}

/**
 * Compliance per rep-week for the team heat-map: the mean day score over the week's working
 * days. A working day is Monday–Friday, plus a weekend day on which the rep made visits (a
 * make-up day). Days before the rep was hired, after they left, or still ahead are not judged;
 * a week with no judged day is `null` (shown blank, not as a failure).
 */
export function complianceHeatmap(reps: readonly User[], activities: Iterable<Activity>, opts: HeatmapOptions): ComplianceHeatmap {
  const quotaOf = quotaFn(opts.quota)
  const nDays = opts.weeks * 7
  const starts = dayStarts(opts.from, nDays, opts.timeZone)
  const repIdx = new Map<string, number>()
  const list = reps.filter((u) => u.role === 'rep' && !u.deleted)
  list.forEach((u, i) => repIdx.set(u.id, i))
  // done counts per rep-day-kind: [new, follow_up, closing, untyped]
  const counts = new Int32Array(list.length * nDays * 4)
  const kindSlot: Record<VisitKind, number> = { new: 0, follow_up: 1, closing: 2 }
  for (const a of activities) {
    if (!isPlanVisit(a) || a.status === 'planned') continue
    const r = repIdx.get(a.userId)
    if (r === undefined) continue
    const d = bucketOf(starts, a.at)
    if (d < 0) continue
    counts[(r * nDays + d) * 4 + (a.visitKind ? kindSlot[a.visitKind] : 3)]!++
  }
  const weekday = starts.map((s) => new Date(s + zoneOffsetMs(s, opts.timeZone) + 12 * 3_600_000).getUTCDay())
  const rows = list.map((u, r) => {
    const quota = quotaOf(u.id)
    const total = quotaTotal(quota)
    const cells: (number | null)[] = []
    for (let w = 0; w < opts.weeks; w++) {
      let sum = 0
      let judged = 0
      for (let i = 0; i < 7; i++) {
        const d = w * 7 + i
        const dayStart = starts[d]!
        const dayEnd = starts[d + 1]!
        if (dayEnd > opts.now) continue
        if (u.hiredAt !== undefined && u.hiredAt >= dayEnd) continue
        if (u.leftAt !== undefined && u.leftAt <= dayStart) continue
        const base = (r * nDays + d) * 4
        const n = counts[base]!, f = counts[base + 1]!, c = counts[base + 2]!, x = counts[base + 3]!
        const wd = weekday[d]!
        const weekend = wd === 0 || wd === 6
        if (weekend && n + f + c + x === 0) continue
        let met = Math.min(n, quota.new) + Math.min(f, quota.follow_up) + Math.min(c, quota.closing)
        met += Math.min(x, total - met)
        sum += total === 0 ? 1 : Math.min(1, met / total)
        judged++
      }
      cells.push(judged === 0 ? null : sum / judged)
    }
    return { userId: u.id, cells }
  })
  const weeks: string[] = []
  for (let w = 0; w < opts.weeks; w++) weeks.push(localDate(starts[w * 7]!, opts.timeZone))
  return { weeks, rows }
}

export interface RideAlongCount {
  repId: string
  managerId: string
  /** The local month, YYYY-MM. */
  month: string
  count: number
  /** Mean score over the ride-alongs that carry one; undefined when none does. */
  meanScore: number | undefined
}

/**
 * How often each manager rode along with each rep, per month: the coaching the method asks of
 * a manager, made countable. Only ride-alongs that happened count, not plans or cancellations.
 */
export function rideAlongsByRepMonth(activities: Iterable<Activity>, timeZone: string): RideAlongCount[] {
  const rows = new Map<string, RideAlongCount & { scored: number; sum: number }>()
  for (const a of activities) {
    if (a.kind !== 'ride_along' || a.status === 'planned' || a.status === 'cancelled' || !a.otherUserId) continue
    const month = localDate(a.at, timeZone).slice(0, 7)
    const key = `${a.userId}|${a.otherUserId}|${month}`
    let r = rows.get(key)
    if (!r) rows.set(key, (r = { repId: a.userId, managerId: a.otherUserId, month, count: 0, meanScore: undefined, scored: 0, sum: 0 }))
    r.count++
    if (a.score !== undefined) {
      r.scored++
      r.sum += a.score
      r.meanScore = Math.round((r.sum / r.scored) * 10) / 10
    }
  }
  return [...rows.values()]
    .map(({ scored: _s, sum: _x, ...r }) => r)
    .sort((a, b) => a.month.localeCompare(b.month) || a.repId.localeCompare(b.repId) || a.managerId.localeCompare(b.managerId))
}
