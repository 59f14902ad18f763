import { newId } from '@shared/ids'
import type { CockpitDb, FieldClocks } from './database'

/**
 * Field clocks, read the one way every reader (the write path's `seen`, applying pulled ops,
 * purge) reads them. A row's own record (`clocks` table, key `table/id`) holds a clock per field;
 * a row inserted in bulk (an import) has no record of its own: its insert clock sits in one
 * record per bulk insert (ids and clocks side by side), and each field of the row without a clock
 * of its own falls back to it. One record per 500–5,000 rows instead of one per row is most of
 * what a 10,000-deal import costs IndexedDB (issue 17).
 */

/** Keys of bulk-insert records; `~` sorts after every table name, so no row key starts so. */
const BULK_PREFIX = '~bulk/'

/** A bulk insert's rows and their insert clocks (`ids[i]` was inserted at `hlcs[i]`). Never changed once written. */
export interface BulkClocks extends FieldClocks {
  table: string
  ids: string[]
  hlcs: string[]
}

/** The record for one bulk insert; the key is unique per write, so a cached record never goes stale. */
export function bulkClocksRecord(table: string, ids: string[], hlcs: string[]): BulkClocks {
  return { key: `${BULK_PREFIX}${table}/${hlcs[0] ?? ''}/${newId()}`, clocks: {}, table, ids, hlcs }
}

/**
 * Each field's clock: the row's own clocks first, then for the other fields of the row as stored
 * now its insert clock (`all` of a record written by the previous version, else the bulk insert's).
 */
export function fieldClocksOf(
  entry: FieldClocks | undefined,
  row: Record<string, unknown> | undefined,
  insertClock?: string
): Record<string, string> {
  const base = entry?.all ?? insertClock
  const own = entry?.clocks ?? {}
  if (base === undefined || !row) return { ...own }
  const out: Record<string, string> = {}
  for (const f of Object.keys(row)) if (f !== 'id') out[f] = base
  return Object.assign(out, own)
}

/** Whether some field of the row has no clock of its own, so its insert clock has to be looked up. */
export function needsInsertClock(entry: FieldClocks | undefined, row: Record<string, unknown> | undefined): boolean {
  if (!row || entry?.all !== undefined) return false
  const own = entry?.clocks ?? {}
  for (const f of Object.keys(row)) if (f !== 'id' && own[f] === undefined) return true
  return false
}

/**
 * Bulk-insert records already read, per database, and the lookup built from them: their content
 * never changes, only which exist, so the lookup is rebuilt only when the list of keys changes.
 */
const cache = new WeakMap<
  CockpitDb,
  { records: Map<string, BulkClocks>; keys: string; byTable: Map<string, Map<string, string>> }
>()

/**
 * Reads clocks inside one transaction. The bulk-insert records are listed once per reader (keys
 * only) and read only when new, so a pulled page of 500 ops or an everyday edit costs one key scan.
 */
export class ClockReader {
  private byTable: Map<string, Map<string, string>> | undefined

  constructor(private readonly db: CockpitDb) {}

  /** The clock a bulk insert gave the row, the latest if it was inserted in bulk more than once. */
  async insertClock(table: string, id: string): Promise<string | undefined> {
    this.byTable ??= await this.load()
    return this.byTable.get(table)?.get(id)
  }

  /** Each field's clock of the row as stored now (see `fieldClocksOf`). */
  async fieldClocks(table: string, id: string, row: Record<string, unknown> | undefined): Promise<Record<string, string>> {
    const entry = await this.db.clocks.get(`${table}/${id}`)
    return fieldClocksOf(entry, row, needsInsertClock(entry, row) ? await this.insertClock(table, id) : undefined)
  }

  private async load(): Promise<Map<string, Map<string, string>>> {
    const keys = (await this.db.clocks.where('key').startsWith(BULK_PREFIX).primaryKeys()) as string[]
    const signature = keys.join('\n')
    const known = cache.get(this.db)
    if (known && known.keys === signature) return known.byTable
    const records = new Map<string, BulkClocks>()
    const missing: string[] = []
    for (const k of keys) {
      const r = known?.records.get(k)
      if (r) records.set(k, r)
      else missing.push(k)
    }
    if (missing.length)
      for (const r of (await this.db.clocks.bulkGet(missing)) as (BulkClocks | undefined)[]) if (r) records.set(r.key, r)
    const byTable = new Map<string, Map<string, string>>()
    for (const r of records.values()) {
      let m = byTable.get(r.table)
      if (!m) byTable.set(r.table, (m = new Map()))
      r.ids.forEach((id, i) => {
        const h = r.hlcs[i]!
        const prev = m.get(id)
        if (prev === undefined || h > prev) m.set(id, h)
      })
    }
    cache.set(this.db, { records, keys: signature, byTable })
    return byTable
  }
}
