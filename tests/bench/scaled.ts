import type { Workspace } from '../../src/shared/demo'

/**
 * The bench workspace at N× for the cost curves (`npm run bench -- curves`): the org (regions,
 * teams, reps, sales processes, targets, rules) stays the same and the volume tables are tiled
 * N times, copy k's ids and the references between its rows suffixed `~k`. A 10× workspace is
 * then 100,000 deals and ~2,000,000 activities with the bench's own distributions, and a copy is
 * built only when asked for, so a consumer that streams (the hub seed, the IndexedDB load) never
 * holds more than the base workspace plus one copy.
 */

/** Rows that are the org or workspace-wide settings: shared by every copy, never tiled. */
const SHARED = new Set([
  'orgUnits',
  'users',
  'salesProcesses',
  'scorecardTemplates',
  'targets',
  'poolRules',
  'territoryRules',
  'forecastSnapshots',
  'interviewTemplates',
  'workspaceSettings',
  'analyticsSettings',
  'currencyRates',
  'products',
  'keywordTrackers'
])

type Row = Record<string, unknown>

export class ScaledWorkspace {
  /** Ids of the base workspace's tiled rows: a field holding one of these is a reference to re-point. */
  private readonly tiledIds = new Set<string>()
  readonly tables: string[]

  constructor(
    readonly base: Workspace,
    readonly factor: number
  ) {
    const ws = base as unknown as Record<string, unknown>
    this.tables = Object.keys(ws).filter((t) => Array.isArray(ws[t]))
    for (const t of this.tables) if (!SHARED.has(t)) for (const r of ws[t] as Row[]) this.tiledIds.add(r.id as string)
  }

  isShared(table: string): boolean {
    return SHARED.has(table)
  }

  /** Copy k (0 ≤ k < factor) of `table`: copy 0 is the base rows themselves; shared tables only in copy 0. */
  copy<T = Row>(table: string, k: number): T[] {
    const rows = ((this.base as unknown as Record<string, unknown>)[table] ?? []) as Row[]
    if (k === 0) return rows as T[]
    if (SHARED.has(table)) return []
    const suffix = `~${k}`
    const ids = this.tiledIds
    // Flat strings, as ids read from IndexedDB or JSON are: `a + b` makes a V8 cons string,
    // and Map lookups with those measured 2–3× slower — an artefact of the tiling, not the app.
    const re = (x: string): string => (ids.has(x) ? [x, suffix].join('') : x)
    return rows.map((r) => {
      const out: Row = {}
      for (const key in r) {
        const v = r[key]
        if (typeof v === 'string') out[key] = re(v)
        else if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string') out[key] = v.map(re)
        else out[key] = v
      }
      return out
    }) as T[]
  }

  /** All copies of `table` in one array (for the tables the measured code reads whole). */
  all<T = Row>(table: string): T[] {
    const out: T[] = []
    for (let k = 0; k < this.factor; k++) for (const r of this.copy<T>(table, k)) out.push(r)
    return out
  }
}
