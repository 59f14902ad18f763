import { CockpitError } from '@shared/ipc/define'
import type { ImportContext, ImportEntity, ImportPlan } from '@shared/domain/import'
import type { ModelTable, RowOf } from '@shared/model'
import { getDb, type CockpitDb } from './database'
import { write, WriteError } from './write'
import { readSession } from '../session/session'

/**
 * Writes an import plan: all of it or nothing, in ONE transaction of the write path, so ops
 * reach the outbox with the rows. Rows that exist are compared first and only changed ones
 * are updated, so re-importing the same file writes no op at all.
 */

export interface CommitProgress {
  table: ImportTable
  /** Rows handled so far over all tables, of `total`. */
  done: number
  total: number
}

export interface CommitCounts {
  created: number
  updated: number
  unchanged: number
}

export interface CommitResult {
  entity: ImportEntity
  /** The counts for the file's own entity (deals for a deal file…). */
  created: number
  updated: number
  unchanged: number
  /** Rows of the file not written (errors the user chose to skip, superseded duplicates). */
  skipped: number
  byTable: Record<ImportTable, CommitCounts>
  /** Ops the commit appended to the outbox. */
  ops: number
}

export type ImportTable =
  | 'orgUnits'
  | 'users'
  | 'customers'
  | 'products'
  | 'contacts'
  | 'deals'
  | 'stageHistory'
  | 'activities'
  | 'contracts'
  | 'milestones'
  | 'instalments'
  | 'collections'
  | 'usageReadings'

/**
 * Parents before children, so a deal's customer exists by the time the deal is written; the
 * org tree and the people an import creates come first, since everything else points at them.
 */
const ORDER: ImportTable[] = ['orgUnits', 'users', 'customers', 'products', 'contacts', 'deals', 'stageHistory', 'activities', 'contracts', 'milestones', 'instalments', 'collections', 'usageReadings']
const APPEND_ONLY = new Set<ImportTable>(['stageHistory', 'activities'])
const CHUNK = 500
const UPDATE_TICK = 200

/** The table a file's own rows land in. */
const ENTITY_TABLE: Record<ImportEntity, ImportTable> = {
  deals: 'deals',
  customers: 'customers',
  contacts: 'contacts',
  activities: 'activities',
  teams: 'users',
  products: 'products',
  contracts: 'contracts',
  instalments: 'instalments',
  collections: 'collections',
  usageReadings: 'usageReadings'
}

export interface CommitOptions {
  /**
   * Called after each chunk. It runs inside the transaction, so it must not await anything
   * that is not Dexie (IndexedDB commits a transaction that goes idle); setting React state
   * is fine: IndexedDB callbacks are tasks, and the page paints between them.
   */
  onProgress?: (p: CommitProgress) => void
  /** The user chose "skip rows with errors"; without it a plan with errors is refused. */
  skipErrorRows?: boolean
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Fields of `next` that differ from `prev` (fields `next` lacks are kept, as `update` does). */
function changedFields(prev: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const k in next) {
    if (k === 'id') continue
    if (!same(next[k], prev[k])) return true
  }
  return false
}

export async function commitImport(plan: ImportPlan, opts: CommitOptions = {}): Promise<CommitResult> {
  if (plan.errorRows > 0 && !opts.skipErrorRows) {
    throw new CockpitError('import.has-errors', `${plan.errorRows} rows have errors`, { count: plan.errorRows })
  }
  const rowsByTable: Record<ImportTable, { id: string }[]> = {
    orgUnits: plan.orgUnits,
    users: plan.users,
    products: plan.products,
    customers: plan.customers,
    contacts: plan.contacts,
    deals: plan.deals,
    stageHistory: plan.stageHistory,
    activities: plan.activities,
    contracts: plan.contracts ?? [],
    milestones: plan.milestones ?? [],
    instalments: plan.instalments ?? [],
    collections: plan.collections ?? [],
    usageReadings: plan.usageReadings ?? []
  }
  const total = ORDER.reduce((n, t) => n + rowsByTable[t].length, 0)
  const byTable = Object.fromEntries(ORDER.map((t) => [t, { created: 0, updated: 0, unchanged: 0 }])) as Record<ImportTable, CommitCounts>
  let done = 0
  let ops = 0

  try {
    await write(
      async (tx) => {
        const db = getDb()
        for (const table of ORDER) {
          const rows = rowsByTable[table]
          if (rows.length === 0) continue
          const counts = byTable[table]
          // Which rows exist, by key only (one cursor over the keys, not a read per row: a first
          // import of 10,000 deals finds none), then the rows that do, to compare with.
          const found = new Set((await db.table(table).where(':id').anyOf(rows.map((r) => r.id)).primaryKeys()) as string[])
          const existingRows = found.size ? await db.table(table).bulkGet([...found]) : []
          const existingById = new Map(existingRows.map((r) => [(r as { id: string }).id, r as Record<string, unknown>]))
          const fresh: { id: string }[] = []
          const changed: { id: string }[] = []
          rows.forEach((row) => {
            const prev = existingById.get(row.id)
            if (!prev) fresh.push(row)
            else if (!APPEND_ONLY.has(table) && changedFields(prev, row as Record<string, unknown>)) changed.push(row)
            else counts.unchanged++
          })
          done += counts.unchanged
          for (let i = 0; i < fresh.length; i += CHUNK) {
            const chunk = fresh.slice(i, i + CHUNK)
            await tx.insertMany(table as ModelTable, chunk as RowOf<ModelTable>[])
            counts.created += chunk.length
            done += chunk.length
            opts.onProgress?.({ table, done, total })
          }
          for (let i = 0; i < changed.length; i++) {
            const row = changed[i]!
            await tx.update(table as ModelTable, row.id, row as Partial<RowOf<ModelTable>>)
            counts.updated++
            done++
            if (i % UPDATE_TICK === UPDATE_TICK - 1) opts.onProgress?.({ table, done, total })
          }
          opts.onProgress?.({ table, done, total })
        }
        ops = tx.opCount
      },
      { origin: 'import' }
    )
  } catch (e) {
    if (e instanceof WriteError && e.code === 'write.forbidden' && e.details.permission) {
      // The signed-in role may not make what the file holds (offices become regions: admins only).
      throw new CockpitError('import.forbidden', e.message, { permission: e.details.permission, role: e.details.role ?? '' })
    }
    if (e instanceof WriteError) {
      // Validation should have caught it; say which table and row so the bug can be found.
      throw new CockpitError('import.commit-failed', e.message, { table: e.details.table, row: e.details.rowId ?? '' })
    }
    throw e
  }

  const main = byTable[ENTITY_TABLE[plan.entity]]
  return {
    entity: plan.entity,
    created: main.created,
    updated: main.updated,
    unchanged: main.unchanged,
    skipped: plan.skippedRows,
    byTable,
    ops
  }
}

/**
 * What validation needs to know about the workspace, read in one go. Activities are many, so
 * only their external ids are read (through the index, without loading rows).
 */
export async function loadImportContext(
  opts: { now?: number; timeZone?: string; defaultOrgUnitId?: string; db?: CockpitDb } = {}
): Promise<ImportContext> {
  const db = opts.db ?? getDb()
  const [users, orgUnits, customers, contacts, deals, processes, products, contracts, instalments, milestones, collections, usageReadings] = await Promise.all([
    db.users.toArray(),
    db.orgUnits.toArray(),
    db.customers.toArray(),
    db.contacts.toArray(),
    db.deals.toArray(),
    db.salesProcesses.toArray(),
    db.products.toArray(),
    db.contracts.toArray(),
    db.instalments.toArray(),
    db.milestones.toArray(),
    db.collections.toArray(),
    db.usageReadings.toArray()
  ])
  const activityIdsByExternalId = new Map<string, string>()
  await db.activities
    .where('externalId')
    .above('')
    .eachKey((key, cursor) => {
      activityIdsByExternalId.set(String(key), String(cursor.primaryKey))
    })
  const live = <T extends { deleted?: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted)
  const teams = live(orgUnits).filter((o) => o.kind === 'team')
  const ctx: ImportContext = {
    now: opts.now ?? Date.now(),
    users: live(users),
    orgUnits: live(orgUnits),
    customers: live(customers),
    contacts: live(contacts),
    deals: live(deals),
    processes: live(processes),
    products: live(products),
    activityIdsByExternalId,
    postSale: { contracts, instalments, milestones, collections, usageReadings }
  }
  if (opts.timeZone) ctx.timeZone = opts.timeZone
  // New reps land in the importing person's team (or the first team of their region), else the workspace's first.
  const session = await readSession(db)
  const me = session ? live(users).find((u) => u.id === session.userId) : undefined
  const mine = me ? (teams.find((o) => o.id === me.orgUnitId) ?? teams.find((o) => o.parentId === me.orgUnitId)) : undefined
  const defaultOrgUnitId = opts.defaultOrgUnitId ?? mine?.id ?? teams[0]?.id
  if (defaultOrgUnitId) ctx.defaultOrgUnitId = defaultOrgUnitId
  return ctx
}
