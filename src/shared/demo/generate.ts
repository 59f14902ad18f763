import type { ModelTable, RowOf } from '../model'
import { buildRhythm } from './activities'
import { Calendar, DAY } from './calendar'
import type { Ctx, ScaleParams } from './context'
import { buildContracts } from './contracts'
import { buildUsage } from './usage'
import { buildCustomers } from './customers'
import { BENCH_REGIONS, DEMO_REGIONS } from './data'
import { buildDeals, buildProcesses, reclaimToPool } from './deals'
import { buildForecastSnapshots } from './forecast'
import { buildOrg } from './org'
import { IdMaker } from './rng'
import { defaultInterviewFactors } from '../domain/hiring'
import { buildPoolRules, buildScorecardTemplates, buildTargets, buildTerritoryRules } from './targets'

export type DemoLocale = 'zh-CN' | 'en-US'
export type DemoScale = 'demo' | 'bench'

export interface GenerateOptions {
  /** Any 32-bit integer; defaults to 1. */
  seed?: number
  /** Epoch ms of "now": history covers the 12 months ending on this day; today's plan is on it. */
  anchor: number
  locale: DemoLocale
  scale: DemoScale
  /** The team's time zone; defaults to Asia/Shanghai. */
  timeZone?: string
}

export interface WorkspaceMeta {
  seed: number
  anchor: number
  locale: DemoLocale
  scale: DemoScale
  timeZone: string
  /** Equal to `anchor`, so the same inputs give byte-identical output. */
  generatedAt: number
  /** Epoch ms of the first day of history (local midnight). */
  historyStart: number
}

/** A whole workspace: one array of rows per table in `modelKinds`. */
export type Workspace = { meta: WorkspaceMeta } & { [T in ModelTable]: RowOf<T>[] }

const SCALES: Record<DemoScale, ScaleParams> = {
  demo: {
    regions: DEMO_REGIONS,
    repsPerTeam: 6,
    customers: 1200,
    deals: 600,
    activities: 25_000,
    departed: 1,
    underVisitors: 3,
    suspicious: 1
  },
  bench: {
    regions: BENCH_REGIONS,
    repsPerTeam: 6,
    customers: 2000,
    deals: 10_000,
    activities: 200_000,
    departed: 4,
    underVisitors: 8,
    suspicious: 3
  }
}

/**
 * Generates a believable Chinese B2B sales region (or the bench-scale org): people, customers,
 * deals with stage histories, a year of follow-ups in the iron-army rhythm, targets and pool
 * rules — with the imperfections a manager is meant to catch. Pure and seeded.
 */
export function generateWorkspace(options: GenerateOptions): Workspace {
  const steps = generateWorkspaceSteps(options)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** The generator's stages, in order, with each one's rough share of the work (for a progress bar). */
export const GENERATE_STEPS = [
  { id: 'org', weight: 2 },
  { id: 'customers', weight: 12 },
  { id: 'deals', weight: 22 },
  { id: 'rhythm', weight: 44 },
  { id: 'targets', weight: 10 },
  { id: 'postSale', weight: 10 }
] as const
export type GenerateStep = (typeof GENERATE_STEPS)[number]['id']

/**
 * `generateWorkspace` one stage at a time: it yields each stage's id once that stage is done, so
 * a caller can show progress and let the page paint between stages (issue 19). Same output.
 */
export function* generateWorkspaceSteps(options: GenerateOptions): Generator<GenerateStep, Workspace> {
  const seed = (options.seed ?? 1) >>> 0
  const timeZone = options.timeZone ?? 'Asia/Shanghai'
  const anchor = Math.floor(options.anchor)
  if (!Number.isFinite(anchor) || anchor < 400 * DAY) throw new Error('generateWorkspace: anchor must be an epoch-ms time')
  const params = SCALES[options.scale]
  if (!params) throw new Error(`generateWorkspace: unknown scale ${String(options.scale)}`)
  const cal = new Calendar(timeZone, anchor)
  const anchorDay = cal.day(anchor)
  const startDay = cal.shiftMonths(anchorDay, -12) + 1

  const ctx: Ctx = {
    L: options.locale === 'zh-CN' ? 0 : 1,
    seed,
    anchor,
    cal,
    ids: new IdMaker(seed),
    params,
    startDay,
    anchorDay,
    startMs: cal.start(startDay),
    regions: [],
    teams: [],
    reps: [],
    customers: [],
    deals: [],
    processes: [],
    users: [],
    orgUnits: [],
    contacts: [],
    stageHistory: [],
    activities: []
  }

  buildOrg(ctx)
  buildProcesses(ctx)
  yield 'org'
  buildCustomers(ctx)
  yield 'customers'
  buildDeals(ctx)
  reclaimToPool(ctx)
  yield 'deals'
  buildRhythm(ctx)
  yield 'rhythm'

  const targets = buildTargets(ctx)
  const wonTargets = new Map(
    targets
      .filter((t) => t.period === 'month' && t.metric === 'won_amount')
      .map((t) => [`${t.scopeId}:${t.periodStart}`, t.objective])
  )
  const forecastSnapshots = buildForecastSnapshots(ctx, wonTargets)
  yield 'targets'
  // Last, so its ids do not shift anything generated before it.
  const postSale = buildContracts(ctx)
  const usageReadings = buildUsage(ctx, postSale.contracts)
  // The interview scorecard of the seeds, in the demo's language (after everything else: no id shifts).
  const interviewTemplates = [
    {
      id: ctx.ids.make(ctx.startMs - 199 * 86_400_000),
      name: ctx.L === 0 ? '销售岗位结构化面试' : 'Structured interview for sales roles',
      version: 1,
      factors: defaultInterviewFactors(options.locale),
      updatedAt: ctx.startMs
    }
  ]

  yield 'postSale'

  // Timelines read in time order.
  const activities = sortByTime(ctx.activities)
  const stageHistory = sortByTime(ctx.stageHistory)

  return {
    meta: {
      seed,
      anchor,
      locale: options.locale,
      scale: options.scale,
      timeZone,
      generatedAt: anchor,
      historyStart: ctx.startMs
    },
    orgUnits: ctx.orgUnits,
    users: ctx.users,
    customers: ctx.customers.map((c) => c.row),
    contacts: ctx.contacts,
    salesProcesses: ctx.processes.map((p) => p.row),
    deals: ctx.deals.map((d) => d.row),
    stageHistory,
    activities,
    recordings: [],
    transcriptSegments: [],
    comments: [],
    scorecardTemplates: buildScorecardTemplates(ctx),
    scorecards: [],
    strategySheets: [],
    targets,
    poolRules: buildPoolRules(ctx),
    territoryRules: buildTerritoryRules(ctx),
    auditFlags: [],
    forecastSnapshots,
    transcripts: [],
    keywordTrackers: [],
    products: [],
    currencyRates: [],
    workspaceSettings: [],
    analyticsSettings: [],
    contracts: postSale.contracts,
    instalments: postSale.instalments,
    milestones: postSale.milestones,
    collections: postSale.collections,
    invoices: postSale.invoices,
    usageReadings,
    interviewTemplates,
    candidates: [],
    interviewScores: [],
    coachingPlans: [],
    libraryMarks: [],
    taskCompletions: [],
    commentRevisions: []
  }
}

const SLOT = 2 ** 20

/**
 * Stable sort by `at` without a comparator: whole-second times and the row's index are packed
 * into one exact double (2^31 s × 2^20 rows < 2^53), and typed-array sort does the rest —
 * several times faster than a comparator over 200,000 rows.
 */
function sortByTime<T extends { at: number }>(rows: T[]): T[] {
  if (rows.length >= SLOT) return [...rows].sort((a, b) => a.at - b.at)
  const keys = new Float64Array(rows.length)
  for (let i = 0; i < rows.length; i++) keys[i] = Math.floor((rows[i] as T).at / 1000) * SLOT + i
  keys.sort()
  const out: T[] = new Array<T>(rows.length)
  for (let i = 0; i < keys.length; i++) out[i] = rows[(keys[i] as number) % SLOT] as T
  return out
}
