import type { Deal, ForecastCategory, ForecastSnapshot, SalesProcess } from '../model'

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
  dealCount: 0
})

/** Win probability of an open deal, 0–100: the deal's override, else its stage's default. */
export function dealProbability(deal: Pick<Deal, 'probability' | 'stageId'>, process: SalesProcess | undefined): number {
  if (deal.probability !== undefined) return deal.probability
  return process?.stages.find((s) => s.id === deal.stageId)?.probability ?? 0
}

export function effectiveCategory(deal: Pick<Deal, 'forecastCategory' | 'managerForecastCategory'>): ForecastCategory {
  return deal.managerForecastCategory ?? deal.forecastCategory
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
    const at = d.closedAt ?? d.expectedCloseAt
    return at !== undefined && at >= start && at < end && include(d) ? 'won' : null
  }
  // An open deal without a close date belongs to no period: it is left out of every forecast.
  if (d.status !== 'open' || d.expectedCloseAt === undefined || d.expectedCloseAt < start || d.expectedCloseAt >= end || !include(d)) return null
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
    if (bucket === 'won') {
      f.won += d.amount
      continue
    }
    f.openTotal += d.amount
    f.weighted += Math.round((d.amount * dealProbability(d, processes.get(d.processId))) / 100)
    if (bucket === 'commit') f.commit += d.amount
    else if (bucket === 'best_case') f.bestCase += d.amount
    else f.pipeline += d.amount
    if (d.forecastCategory === 'commit') f.repCommit += d.amount
    else if (d.forecastCategory === 'best_case') f.repBestCase += d.amount
    if (d.managerForecastCategory !== undefined && d.managerForecastCategory !== d.forecastCategory) f.overridden++
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

export interface AccuracyPoint {
  periodStart: string
  /** What was called at the period's first snapshot: won so far + commit. */
  called: number
  actual: number
  /** called − actual: positive = over-call (too optimistic), negative = sandbagging. */
  error: number
  /** error / actual; null when nothing was won. */
  errorRatio: number | null
  takenAt: number
}

/**
 * Forecast accuracy per past period: the earliest snapshot of each period for one scope
 * against what was actually won. The call is won + commit — what the team said it would land.
 * Signed, because over-calling and sandbagging need different conversations.
 */
export function forecastAccuracy(
  snapshots: readonly ForecastSnapshot[],
  actualWon: ReadonlyMap<string, number>,
  scopeId: string,
  period: ForecastSnapshot['period'] = 'month'
): AccuracyPoint[] {
  const first = new Map<string, ForecastSnapshot>()
  for (const s of snapshots) {
    if (s.deleted || s.scopeId !== scopeId || s.period !== period) continue
    const prev = first.get(s.periodStart)
    if (!prev || s.takenAt < prev.takenAt) first.set(s.periodStart, s)
  }
  const out: AccuracyPoint[] = []
  for (const [periodStart, s] of first) {
    const actual = actualWon.get(periodStart)
    if (actual === undefined) continue
    const called = s.won + s.commit
    const error = called - actual
    out.push({ periodStart, called, actual, error, errorRatio: actual > 0 ? error / actual : null, takenAt: s.takenAt })
  }
  return out.sort((a, b) => a.periodStart.localeCompare(b.periodStart))
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

export interface WeekAccuracy {
  /** 0 = the period-start snapshot, 1 = the first weekly one after it, … */
  week: number
  /** Mean signed error ratio over the periods that had a snapshot that week. */
  meanErrorRatio: number
  periods: number
}

/**
 * Forecast error by week of the period: how far off the call was at the start, after one week,
 * after two… A good team's error shrinks towards the end of the month; one that stays high
 * means the forecast is not being updated.
 */
export function accuracyByWeek(
  snapshots: readonly ForecastSnapshot[],
  actualWon: ReadonlyMap<string, number>,
  scopeId: string
): WeekAccuracy[] {
  const byPeriod = new Map<string, ForecastSnapshot[]>()
  for (const s of snapshots) {
    if (s.deleted || s.scopeId !== scopeId || s.period !== 'month' || s.trigger === 'manual') continue
    const list = byPeriod.get(s.periodStart)
    if (list) list.push(s)
    else byPeriod.set(s.periodStart, [s])
  }
  const sums = new Map<number, { sum: number; n: number }>()
  for (const [period, list] of byPeriod) {
    const actual = actualWon.get(period)
    if (actual === undefined || actual <= 0) continue
    list.sort((a, b) => a.takenAt - b.takenAt)
    list.forEach((s, week) => {
      const e = sums.get(week) ?? { sum: 0, n: 0 }
      e.sum += (s.won + s.commit - actual) / actual
      e.n++
      sums.set(week, e)
    })
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([week, e]) => ({ week, meanErrorRatio: e.sum / e.n, periods: e.n }))
}

export interface RepAccuracy {
  repId: string
  /** Mean signed error ratio over the rep's periods with something won: > 0 over-call, < 0 sandbagging. */
  meanErrorRatio: number | null
  /** Σ (called − actual) in minor units over those periods. */
  error: number
  periods: number
}

/**
 * Forecast accuracy per rep: each rep's earliest snapshot per period (their own, user-scoped)
 * against what they actually won. Reps without a measurable period are left out, not zeroed.
 */
export function accuracyByRep(
  snapshots: readonly ForecastSnapshot[],
  wonByRep: ReadonlyMap<string, ReadonlyMap<string, number>>,
  repIds: readonly string[]
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
    const points = forecastAccuracy(mine.get(repId) ?? [], wonByRep.get(repId) ?? new Map<string, number>(), repId)
    if (points.length === 0) continue
    // A period with nothing won has no ratio, but its over-call still counts in the amount.
    const ratios = points.flatMap((p) => (p.errorRatio === null ? [] : [p.errorRatio]))
    out.push({
      repId,
      meanErrorRatio: ratios.length ? ratios.reduce((a, r) => a + r, 0) / ratios.length : null,
      error: points.reduce((a, p) => a + p.error, 0),
      periods: points.length
    })
  }
  return out
}
