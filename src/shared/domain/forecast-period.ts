import type { Deal, OrgUnit, Target } from '../model'
import type { Scope } from './org-scope'
import { localDate, monthRange } from './calendar'
import { monthsOverlapping, periodOf } from './analytics/periods'
import { wonAt, type ForecastFigures } from './forecast'

/**
 * The forecast view's frame: which months a month or quarter forecast covers, whose record a
 * snapshot is filed under, the won-amount target against it, and the deals a rep's accuracy
 * compares with. Pure, so the view, its export and the tests count the same way.
 */
export type ForecastGrain = 'month' | 'quarter'

export interface ForecastWindow {
  /** Local month starts: one for a month, three for a quarter. */
  months: number[]
  start: number
  end: number
  /** YYYY-MM-DD of the first month: the key a snapshot is filed under. */
  periodStart: string
  /** YYYY-MM-DD of every month: the keys its monthly targets are filed under. */
  monthKeys: Set<string>
}

/** The month or quarter (in the user's calendar) containing `ms`, month by month. */
export function forecastWindow(grain: ForecastGrain, ms: number, timeZone: string): ForecastWindow {
  const months = monthsOverlapping(periodOf(grain, ms, timeZone), timeZone).map((m) => m.range.start)
  const start = months[0]!
  return {
    months,
    start,
    end: monthRange(months[months.length - 1]!, timeZone).end,
    periodStart: localDate(start, timeZone),
    monthKeys: new Set(months.map((m) => localDate(m, timeZone)))
  }
}

export interface SnapshotScope {
  scopeKind: 'user' | 'orgUnit'
  scopeId: string
}

/** The record a snapshot is filed under: the chosen team or rep, or the top region for "everything". */
export function snapshotScopeOf(scope: Scope, orgUnits: readonly OrgUnit[]): SnapshotScope | null {
  if (scope.kind === 'rep') return { scopeKind: 'user', scopeId: scope.id }
  if (scope.kind === 'orgUnit') return { scopeKind: 'orgUnit', scopeId: scope.id }
  const top = orgUnits.find((o) => o.parentId === null)
  return top ? { scopeKind: 'orgUnit', scopeId: top.id } : null
}

/**
 * Won-amount objective of the scope over the given months (their YYYY-MM-DD starts), in minor
 * units: the monthly targets summed; undefined when none of the months has one.
 */
export function wonAmountTarget(targets: readonly Target[], who: SnapshotScope | null, monthStarts: ReadonlySet<string>): number | undefined {
  if (!who) return undefined
  let sum = 0
  let found = false
  for (const tg of targets) {
    if (tg.deleted || tg.metric !== 'won_amount' || tg.period !== 'month') continue
    if (tg.scopeKind !== who.scopeKind || tg.scopeId !== who.scopeId || !monthStarts.has(tg.periodStart)) continue
    sum += tg.objective
    found = true
  }
  return found ? sum : undefined
}

/** How much of the target is won, and how much won plus committed covers (0 for a zero target). */
export function targetCoverage(figures: Pick<ForecastFigures, 'won' | 'commit'>, target: number): { won: number; called: number } {
  return {
    won: target > 0 ? figures.won / target : 0,
    called: target > 0 ? (figures.won + figures.commit) / target : 0
  }
}

/** A rep's won deals closed in [from, until): the actuals their forecast accuracy compares against. */
export function wonByRep(deals: readonly Deal[], repId: string, from: number, until: number): Deal[] {
  return deals.filter((d) => {
    if (d.deleted || d.status !== 'won' || d.ownerId !== repId) return false
    const at = wonAt(d)
    return at !== undefined && at >= from && at < until
  })
}
