import { CONTRACT_CHILD_PARENTS, CONTRACT_PARENTS, commentPlacementTable, modelTables, type ModelTable, type ParentRefs } from '@shared/model'
import type { OrgSnapshot } from '@shared/ipc/sync'
import type { CockpitDb } from '../db/database'
import { CONFLICTS_KEY, CURSORS_KEY, REJECTED_KEY, type KeptConflict, type RejectedOp } from './engine'

/**
 * The hub decides what a laptop may hold. Every pull brings the user's org and regions; when a
 * region is gone (the admin moved the user or narrowed their scope), everything of it leaves
 * this laptop — rows, their field clocks, unsent edits to them, kept conflicts and the stream
 * cursor — before the new region is pulled from the start.
 */

export const SCOPE_KEY = 'sync.scope'
const GLOBAL_STREAM = 'global'

type Row = Record<string, unknown> & { id: string }

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** The rows of a workspace that may stay for the given org: the same placement rules as the hub's. */
export function rowsToPurge(rows: Partial<Record<ModelTable, Row[]>>, org: OrgSnapshot): Map<ModelTable, Set<string>> {
  const regions = new Set(org.regions)
  const hubUnits = new Set(org.orgUnits.map((u) => u.id))
  const units = new Map<string, Record<string, unknown>>()
  for (const u of rows.orgUnits ?? []) units.set(u.id, u)
  for (const u of org.orgUnits) units.set(u.id, u)
  const regionOf = (unitId: unknown): string | undefined => {
    let id = str(unitId)
    for (let depth = 0; id && depth < 32; depth++) {
      const u = units.get(id)
      if (!u) return undefined
      if (u.kind === 'region') return id
      id = str(u.parentId)
    }
    return undefined
  }
  const inScope = (unitId: unknown): boolean => {
    const r = regionOf(unitId)
    return r !== undefined && regions.has(r)
  }
  const kept = new Map<ModelTable, Set<string>>()
  const purge = new Map<ModelTable, Set<string>>()
  const judge = (table: ModelTable, keep: (r: Row) => boolean): void => {
    const k = new Set<string>()
    const p = new Set<string>()
    for (const r of rows[table] ?? []) (keep(r) ? k : p).add(r.id)
    kept.set(table, k)
    if (p.size) purge.set(table, p)
  }
  const has = (table: ModelTable, id: unknown): boolean => typeof id === 'string' && (kept.get(table)?.has(id) ?? false)

  judge('orgUnits', (u) => hubUnits.has(u.id) || inScope(u.id))
  judge('users', (u) => has('orgUnits', u.orgUnitId))
  for (const t of ['customers', 'deals', 'poolRules', 'territoryRules'] as const) judge(t, (r) => inScope(r.orgUnitId))
  judge('contacts', (r) => has('customers', r.customerId))
  judge('activities', (r) => has('customers', r.customerId))
  judge('stageHistory', (r) => has('deals', r.dealId))
  judge('strategySheets', (r) => has('deals', r.dealId))
  // Like the hub: the first parent a recording names places it.
  judge('recordings', (r) =>
    str(r.dealId) ? has('deals', r.dealId) : str(r.customerId) ? has('customers', r.customerId) : has('activities', r.activityId)
  )
  judge('transcriptSegments', (r) => has('recordings', r.recordingId))
  judge('scorecards', (r) => has('recordings', r.recordingId))
  judge('auditFlags', (r) => has('activities', r.activityId))
  judge('transcripts', (r) => has('recordings', r.recordingId))
  // Like the hub: the first parent field a row carries places it (see the model's parent lists).
  const byParents = (parents: ParentRefs) => (r: Row): boolean => {
    for (const [field, table] of parents) if (str(r[field])) return has(table as ModelTable, r[field])
    return false
  }
  judge('contracts', byParents(CONTRACT_PARENTS))
  for (const t of ['instalments', 'milestones', 'collections', 'invoices'] as const) judge(t, byParents(CONTRACT_CHILD_PARENTS))
  // A mark (library entry, comment edit, task done) goes with the record it marks; an edit with
  // the comment it edits, which goes with its own target.
  const commentById = new Map((rows.comments ?? []).map((c) => [c.id, c]))
  const commentStays = (r: Row, depth: number): boolean => {
    const table = commentPlacementTable(str(r.targetTable) ?? '')
    if (table === 'comments') {
      const edited = commentById.get(str(r.targetId) ?? '')
      return depth < 8 && edited !== undefined && commentStays(edited, depth + 1)
    }
    return (modelTables as string[]).includes(table) && has(table as ModelTable, r.targetId)
  }
  judge('comments', (r) => commentStays(r, 0))
  for (const t of ['targets', 'forecastSnapshots'] as const) judge(t, (r) => (r.scopeKind === 'user' ? has('users', r.scopeId) : inScope(r.scopeId)))
  return purge
}

/**
 * Apply the org the hub sent with a pull: purge regions that left the scope, then store the
 * hub's regions, teams and people (rows a colleague has since edited through ops keep their
 * synced values). Returns how many rows were purged.
 */
export async function applyOrgSnapshot(db: CockpitDb, org: OrgSnapshot): Promise<{ purged: number }> {
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  return db.transaction('rw', tables, async () => {
    const before = (await db.meta.get(SCOPE_KEY))?.value
    const lost = Array.isArray(before) ? (before as string[]).filter((r) => !org.regions.includes(r)) : []
    let purged = 0
    if (lost.length) {
      const rows: Partial<Record<ModelTable, Row[]>> = {}
      for (const t of modelTables) rows[t] = (await db.table(t).toArray()) as Row[]
      const purge = rowsToPurge(rows, org)
      const gone = new Set<string>()
      for (const [table, ids] of purge) {
        await db.table(table).bulkDelete([...ids])
        await db.clocks.bulkDelete([...ids].map((id) => `${table}/${id}`))
        for (const id of ids) gone.add(`${table}/${id}`)
        purged += ids.size
      }
      // Unsent edits to rows of a lost region would only be refused by the hub.
      const outbox = await db.outbox.toArray()
      await db.outbox.bulkDelete(outbox.filter((e) => gone.has(`${e.table}/${e.rowId}`) && e.seq !== undefined).map((e) => e.seq!))
      const conflicts = ((await db.meta.get(CONFLICTS_KEY))?.value as KeptConflict[] | undefined) ?? []
      await db.meta.put({ key: CONFLICTS_KEY, value: conflicts.filter((c) => !gone.has(`${c.table}/${c.rowId}`)) })
      const rejected = ((await db.meta.get(REJECTED_KEY))?.value as RejectedOp[] | undefined) ?? []
      await db.meta.put({ key: REJECTED_KEY, value: rejected.filter((r) => !gone.has(`${r.op.table}/${r.op.rowId}`)) })
      const cursors = ((await db.meta.get(CURSORS_KEY))?.value as Record<string, number> | undefined) ?? {}
      const allowed = new Set([...org.regions, GLOBAL_STREAM])
      await db.meta.put({ key: CURSORS_KEY, value: Object.fromEntries(Object.entries(cursors).filter(([s]) => allowed.has(s))) })
    }
    for (const u of org.orgUnits) {
      if (await db.clocks.get(`orgUnits/${u.id}`)) continue
      const cur = (await db.orgUnits.get(u.id)) ?? {}
      await db.orgUnits.put({ ...cur, id: u.id, kind: u.kind, name: u.name, parentId: u.parentId })
    }
    for (const u of org.users) {
      if (await db.clocks.get(`users/${u.id}`)) continue
      const cur = (await db.users.get(u.id)) ?? {}
      await db.users.put({ ...cur, id: u.id, name: u.name, role: u.role, orgUnitId: u.orgUnitId, email: u.email, active: u.active })
    }
    await db.meta.put({ key: SCOPE_KEY, value: org.regions })
    return { purged }
  })
}
