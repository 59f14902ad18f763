import type { Deal, ForecastCategory, ForecastSnapshot, SalesProcess } from '../model'
import { calendarDaysBetween, localDate, monthRange } from './calendar'

/**
 * The forecast for one period: what is won, what the team commits to, the best case and the
 * probability-weighted pipeline, from the deals expected to close in it. The manager's
 * category wins where set; the rep's call is summed beside it so both stay visible.
 */
export interface ForecastFigures {
  won: number
  commit: number
  bestCase: number
  /** Open deals in the `pipeline` category (neither commit nor best case). */
  pipeline: number
  /** Σ amount × probability over open deals in the period (deal override, else stage default). */
  weighted: number
  /** Σ amount over open deals in the period, in any category except omitted. */
  openTotal: number
  /** The reps' own calls, before any manager override. */
  repCommit: number
  repBestCase: number
  /** Deals whose manager category differs from the rep's. */
  overridden: number
  dealCount: number
  /** Deals in the period whose amount is not set: counted in `dealCount`, left out of every sum. */
  amountUnset: number
}

export const emptyForecast = (): ForecastFigures => ({
  won: 0,
  commit: 0,
  bestCase: 0,
  pipeline: 0,
  weighted: 0,
  openTotal: 0,
  repCommit: 0,
  repBestCase: 0,
  overridden: 0,
  dealCount: 0,
  amountUnset: 0
})

/** Win probability of an open deal, 0–100: the deal's override, else its stage's default. */
export function dealProbability(deal: Pick<Deal, 'probability' | 'stageId'>, process: SalesProcess | undefined): number {
  if (deal.probability !== undefined) return deal.probability
  return process?.stages.find((s) => s.id === deal.stageId)?.probability ?? 0
}

/** Amount × probability of an open deal (the weighted pipeline's term); undefined when the amount is not set. */
export function weightedAmount(deal: Pick<Deal, 'amount' | 'probability' | 'stageId'>, process: SalesProcess | undefined): number | undefined {
  return deal.amount === undefined ? undefined : Math.round((deal.amount * dealProbability(deal, process)) / 100)
}

export function effectiveCategory(deal: Pick<Deal, 'forecastCategory' | 'managerForecastCategory'>): ForecastCategory {
  return deal.managerForecastCategory ?? deal.forecastCategory
}

/**
 * When a won deal counts as won: its close time, else (an import without one) its expected
 * close date; undefined when it has neither, and then it is in no period's actuals.
 */
export function wonAt(d: Pick<Deal, 'closedAt' | 'expectedCloseAt'>): number | undefined {
  const expected: number | undefined = d.expectedCloseAt
  return d.closedAt ?? expected
}

/** Which forecast figure a deal counts in, or null when it is outside the period or scope. */
export type ForecastBucket = 'won' | 'commit' | 'best_case' | 'pipeline'

/**
 * The figure a deal counts in for [start, end): won deals by close time, open deals by
 * expected close date and their effective category (omitted ones in none).
 */
export function forecastBucket(d: Deal, start: number, end: number, include: (deal: Deal) => boolean): ForecastBucket | null {
  if (d.deleted) return null
  if (d.status === 'won') {
    const at = wonAt(d)
    return at !== undefined && at >= start && at < end && include(d) ? 'won' : null
  }
  // An open deal without a close date ("not set" in an import) belongs to no period.
  const expected: number | undefined = d.expectedCloseAt
  if (d.status !== 'open' || expected === undefined || expected < start || expected >= end || !include(d)) return null
  const cat = effectiveCategory(d)
  return cat === 'omitted' ? null : cat === 'commit' || cat === 'best_case' ? cat : 'pipeline'
}

/**
 * Forecast figures for deals closing in [start, end). Won deals count by close time, open
 * deals by expected close date; `include` applies the scope. Amounts in minor units.
 */
export function forecastPeriod(
  deals: readonly Deal[],
  processes: ReadonlyMap<string, SalesProcess>,
  start: number,
  end: number,
  include: (deal: Deal) => boolean = () => true
): ForecastFigures {
  const f = emptyForecast()
  for (const d of deals) {
    const bucket = forecastBucket(d, start, end, include)
    if (bucket === null) continue
    f.dealCount++
    if (d.managerForecastCategory !== undefined && d.managerForecastCategory !== d.forecastCategory) f.overridden++
    if (d.amount === undefined) {
      f.amountUnset++
      continue
    }
    if (bucket === 'won') {
      f.won += d.amount
      continue
    }
    f.openTotal += d.amount
    f.weighted += weightedAmount(d, processes.get(d.processId))!
    if (bucket === 'commit') f.commit += d.amount
    else if (bucket === 'best_case') f.bestCase += d.amount
    else f.pipeline += d.amount
    if (d.forecastCategory === 'commit') f.repCommit += d.amount
    else if (d.forecastCategory === 'best_case') f.repBestCase += d.amount
  }
  return f
}

/** The deals behind each forecast figure ("every number is a door"); `open` is all the open ones (weighted, open total). */
export function forecastDeals(
  deals: readonly Deal[],
  start: number,
  end: number,
  include: (deal: Deal) => boolean = () => true
): Record<ForecastBucket | 'open', Deal[]> {
  const out: Record<ForecastBucket | 'open', Deal[]> = { won: [], commit: [], best_case: [], pipeline: [], open: [] }
  for (const d of deals) {
    const bucket = forecastBucket(d, start, end, include)
    if (bucket === null) continue
    out[bucket].push(d)
    if (bucket !== 'won') out.open.push(d)
  }
  return out
}

export interface SnapshotDue {
  trigger: 'period_start' | 'weekly'
}

/**
 * Which automatic snapshots one scope still needs for the current month: one at the start of
 * the period (taken at the first chance when the app was closed on the 1st), then one a week,
 * Monday to Sunday. Manual snapshots count towards the week, so nothing is taken twice.
 */
export function dueSnapshots(
  existing: readonly Pick<ForecastSnapshot, 'trigger' | 'period' | 'periodStart' | 'takenAt' | 'deleted'>[],
  periodStart: string,
  weekStart: number
): SnapshotDue[] {
  const mine = existing.filter((s) => !s.deleted && s.period === 'month' && s.periodStart === periodStart)
  if (!mine.some((s) => s.trigger === 'period_start')) return [{ trigger: 'period_start' }]
  if (!mine.some((s) => s.takenAt >= weekStart)) return [{ trigger: 'weekly' }]
  return []
}

// ───────────────────────── forecast accuracy ─────────────────────────

/**
 * Forecast accuracy, one definition for the chart, the per-rep table, the by-week chart and
 * the banner (docs/metrics.md):
 * - the call of a period is its first snapshot's "won so far + commit";
 * - it is compared with what was won in the same period, once the period is over — a
 *   whole-month call against one week of wins said "over-call 491%" on the 7th;
 * - signed error = called − won (positive: over-call, too optimistic; negative: sandbagging),
 *   error ratio = (called − won) / called, so the amount and the percentage always have the
 *   same sign, and a chart's colour and bar direction come from that one sign;
 * - over several periods (a rep's row, a week of the month), both are sums over the same
 *   periods: Σ(called − won) and Σ(called − won) / Σ called.
 */
export interface AccuracyFigures {
  called: number
  actual: number
  /** called − actual, minor units: > 0 over-call, < 0 sandbagging. */
  error: number
  /** error / called; null when nothing was called (0 called: no ratio, the amount still counts). */
  errorRatio: number | null
}

/** The one formula: signed error and error ratio of a call against the result of the same period. */
export function accuracyOf(called: number, actual: number): AccuracyFigures {
  const error = called - actual
  return { called, actual, error, errorRatio: called > 0 ? error / called : null }
}

/** Pools several periods: sums first, then the ratio, so the sign of the total error decides both. */
export function pooledAccuracy(points: readonly Pick<AccuracyFigures, 'called' | 'actual'>[]): AccuracyFigures {
  let called = 0
  let actual = 0
  for (const p of points) {
    called += p.called
    actual += p.actual
  }
  return accuracyOf(called, actual)
}

export interface AccuracyPoint extends AccuracyFigures {
  periodStart: string
  /** When the call was made (the period's first snapshot). */
  takenAt: number
}

export interface AccuracyOptions {
  /**
   * The first period that is not over yet (YYYY-MM-DD): it and later periods are left out, so
   * a call is only ever compared with a whole period's result.
   */
  closedBefore: string
  period?: ForecastSnapshot['period']
}

/** Each scope's first snapshot per period: the call that period is judged by. */
function firstSnapshots(snapshots: readonly ForecastSnapshot[], scopeId: string, period: ForecastSnapshot['period']): Map<string, ForecastSnapshot> {
  const first = new Map<string, ForecastSnapshot>()
  for (const s of snapshots) {
    if (s.deleted || s.scopeId !== scopeId || s.period !== period) continue
    const prev = first.get(s.periodStart)
    if (!prev || s.takenAt < prev.takenAt) first.set(s.periodStart, s)
  }
  return first
}

/**
 * Forecast accuracy per closed period for one scope: the period's first snapshot against what
 * was won in it. Periods without a snapshot or without a known result are left out.
 */
export function forecastAccuracy(
  snapshots: readonly ForecastSnapshot[],
  actualWon: ReadonlyMap<string, number>,
  scopeId: string,
  options: AccuracyOptions
): AccuracyPoint[] {
  const out: AccuracyPoint[] = []
  for (const [periodStart, s] of firstSnapshots(snapshots, scopeId, options.period ?? 'month')) {
    if (periodStart >= options.closedBefore) continue
    const actual = actualWon.get(periodStart)
    if (actual === undefined) continue
    out.push({ periodStart, takenAt: s.takenAt, ...accuracyOf(s.won + s.commit, actual) })
  }
  return out.sort((a, b) => a.periodStart.localeCompare(b.periodStart))
}

export interface WeekAccuracy extends AccuracyFigures {
  /** 0 = the period-start snapshot, 1 = the first weekly one after it, … */
  week: number
  /** Closed periods that had a snapshot that week. */
  periods: number
}

/**
 * Forecast error by week of the period: how far off the call was at the start, after one
 * week, after two… over the closed periods, pooled per week. A good team's error shrinks
 * towards the end of the month; one that stays high means the forecast is not being updated.
 */
export function accuracyByWeek(
  snapshots: readonly ForecastSnapshot[],
  actualWon: ReadonlyMap<string, number>,
  scopeId: string,
  options: AccuracyOptions
): WeekAccuracy[] {
  const byPeriod = new Map<string, ForecastSnapshot[]>()
  for (const s of snapshots) {
    if (s.deleted || s.scopeId !== scopeId || s.period !== 'month' || s.trigger === 'manual') continue
    if (s.periodStart >= options.closedBefore) continue
    const list = byPeriod.get(s.periodStart)
    if (list) list.push(s)
    else byPeriod.set(s.periodStart, [s])
  }
  const weeks = new Map<number, { called: number; actual: number }[]>()
  for (const [period, list] of byPeriod) {
    const actual = actualWon.get(period)
    if (actual === undefined) continue
    list.sort((a, b) => a.takenAt - b.takenAt)
    list.forEach((s, week) => {
      const w = weeks.get(week) ?? []
      w.push({ called: s.won + s.commit, actual })
      weeks.set(week, w)
    })
  }
  return [...weeks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([week, points]) => ({ week, periods: points.length, ...pooledAccuracy(points) }))
}

export interface RepAccuracy extends AccuracyFigures {
  repId: string
  /** The closed periods compared (the rep had a snapshot and a known result), oldest first. */
  periodStarts: string[]
  periods: number
}

/**
 * Forecast accuracy per rep over the same closed periods: each rep's first own (user-scoped)
 * snapshot per period against what they won in it, pooled. Reps without a measurable period
 * are left out, not zeroed.
 */
export function accuracyByRep(
  snapshots: readonly ForecastSnapshot[],
  wonByRep: ReadonlyMap<string, ReadonlyMap<string, number>>,
  repIds: readonly string[],
  options: AccuracyOptions
): RepAccuracy[] {
  const mine = new Map<string, ForecastSnapshot[]>()
  for (const s of snapshots) {
    if (s.scopeKind !== 'user') continue
    const list = mine.get(s.scopeId)
    if (list) list.push(s)
    else mine.set(s.scopeId, [s])
  }
  const out: RepAccuracy[] = []
  for (const repId of repIds) {
    const points = forecastAccuracy(mine.get(repId) ?? [], wonByRep.get(repId) ?? new Map<string, number>(), repId, options)
    if (points.length === 0) continue
    out.push({ repId, periodStarts: points.map((p) => p.periodStart), periods: points.length, ...pooledAccuracy(points) })
  }
  return out
}

/** The current period so far: what was called at its start and what is won to date — progress, not accuracy. */
export interface PeriodProgress {
  periodStart: string
  /** First snapshot's won + commit, or null when the period has no snapshot yet. */
  called: number | null
  takenAt: number | null
  wonSoFar: number
  /** Day of the period today (1 = its first day) and the number of days in it. */
  day: number
  days: number
}

export interface AccuracyReport {
  /** The closed months looked at, oldest first (YYYY-MM-DD of their first day). */
  months: string[]
  /** Their span: the won deals behind the per-rep actuals closed in [from, until). */
  window: { from: number; until: number }
  /** Per closed month with a call: the accuracy chart. */
  scope: AccuracyPoint[]
  /** The newest of those: the banner says this month's verdict, the same figures as the chart's last bar. */
  last: AccuracyPoint | null
  byWeek: WeekAccuracy[]
  /** Per rep over those months, sorted by signed error, largest over-call first. */
  byRep: RepAccuracy[]
  current: PeriodProgress
}

export interface AccuracyReportInput {
  deals: readonly Deal[]
  snapshots: readonly ForecastSnapshot[]
  /** The snapshots' scope: the chosen team or region (orgUnit id) or rep (user id). */
  scopeId: string
  /** Whether a deal is in that scope (the org-scope filter). */
  include: (deal: Deal) => boolean
  /** The reps of the scope, for the per-rep rows. */
  repIds: readonly string[]
  now: number
  timeZone: string
  /** How many closed months to look back; 6 by default. */
  monthsBack?: number
}

/**
 * Everything the forecast view shows about accuracy, from one set of months, so its chart,
 * table, by-week chart and banner cannot disagree: the last `monthsBack` closed months, and
 * the current month's progress apart from them.
 */
export function forecastAccuracyReport(input: AccuracyReportInput): AccuracyReport {
  const { now, timeZone } = input
  const current = monthRange(now, timeZone)
  const monthStarts: number[] = []
  for (let m = current.start, i = 0; i < (input.monthsBack ?? 6); i++) {
    m = monthRange(m - 1, timeZone).start
    monthStarts.unshift(m)
  }
  const months = monthStarts.map((m) => localDate(m, timeZone))
  const edges = [...monthStarts, current.start]
  const options: AccuracyOptions = { closedBefore: localDate(current.start, timeZone), period: 'month' }

  // Won per month for the scope and per rep, in one pass over the deals.
  const actual = new Map<string, number>(months.map((m) => [m, 0]))
  const reps = new Set(input.repIds)
  const wonByRep = new Map<string, Map<string, number>>(input.repIds.map((id) => [id, new Map(months.map((m) => [m, 0]))]))
  let wonSoFar = 0
  for (const d of input.deals) {
    // A won deal always has an amount in practice (imports refuse a closed deal without one); guard anyway.
    if (d.deleted || d.status !== 'won' || d.amount === undefined) continue
    const at = wonAt(d)
    if (at === undefined || at < edges[0]! || at >= current.end) continue
    if (at >= current.start) {
      if (input.include(d)) wonSoFar += d.amount
      continue
    }
    let i = edges.length - 2
    while (i > 0 && at < edges[i]!) i--
    const month = months[i]!
    if (input.include(d)) actual.set(month, actual.get(month)! + d.amount)
    if (reps.has(d.ownerId)) {
      const perRep = wonByRep.get(d.ownerId)!
      perRep.set(month, perRep.get(month)! + d.amount)
    }
  }

  const scope = forecastAccuracy(input.snapshots, actual, input.scopeId, options)
  const byRep = accuracyByRep(input.snapshots, wonByRep, input.repIds, options).sort((a, b) => b.error - a.error)
  const first = firstSnapshots(input.snapshots, input.scopeId, 'month').get(options.closedBefore)
  return {
    months,
    window: { from: edges[0]!, until: current.start },
    scope,
    last: scope.at(-1) ?? null,
    byWeek: accuracyByWeek(input.snapshots, actual, input.scopeId, options),
    byRep,
    current: {
      periodStart: options.closedBefore,
      called: first ? first.won + first.commit : null,
      takenAt: first?.takenAt ?? null,
      wonSoFar,
      day: calendarDaysBetween(current.start, now, timeZone) + 1,
      days: calendarDaysBetween(current.start, current.end, timeZone)
    }
  }
}
