import { modelTables, type ModelTable } from '@shared/model'
import { parentTables, placingFields, REGION_RULES } from '@shared/model/placement'
import type { OrgSnapshot } from '@shared/ipc/sync'
import { GLOBAL_STREAM } from '@shared/hub-api/sync'
import type { CockpitDb } from '../db/database'
import { ClockReader } from '../db/clocks'
import { opsOfEntry } from '@shared/sync/op'
import { CONFLICTS_KEY, CURSORS_KEY, REJECTED_KEY, type KeptConflict, type RejectedOp } from './engine'

/**
 * The hub decides what a laptop may hold. Every pull brings the user's org and regions; when a
 * region is gone (the admin moved the user or narrowed their scope), everything of it leaves
 * this laptop — rows, their field clocks, unsent edits to them, kept conflicts and the stream
 * cursor — before the new region is pulled from the start.
 */

export const SCOPE_KEY = 'sync.scope'
export const ACCOUNTS_KEY = 'sync.accounts'

type Row = Record<string, unknown> & { id: string }

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** Every kind, each after the kinds its rows hang off (parentTables). */
function judgingOrder(): ModelTable[] {
  const out: ModelTable[] = []
  const visiting = new Set<ModelTable>()
  const visit = (t: ModelTable): void => {
    if (out.includes(t) || visiting.has(t)) return
    visiting.add(t)
    for (const p of parentTables(t)) if (p !== t) visit(p)
    out.push(t)
  }
  for (const t of modelTables) visit(t)
  return out
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

  // One verdict per row by its kind's placement (shared/model/placement.ts, the hub's rules),
  // parents before the rows that hang off them.
  const commentById = new Map((rows.comments ?? []).map((c) => [c.id, c]))
  const targetStays = (r: Row, depth: number): boolean => {
    const table = str(r.targetTable) ?? ''
    // A comment on a comment goes with that comment, which goes with its own target.
    if (table === 'comments') {
      const edited = commentById.get(str(r.targetId) ?? '')
      return depth < 8 && edited !== undefined && targetStays(edited, depth + 1)
    }
    return (modelTables as string[]).includes(table) && has(table as ModelTable, r.targetId)
  }
  const stays = (table: ModelTable): ((r: Row) => boolean) | undefined => {
    const rule = REGION_RULES[table]
    switch (rule.kind) {
      case 'orgUnit':
        return (u) => hubUnits.has(u.id) || inScope(u.id)
      case 'unit':
        // A person stays while the laptop holds their unit: the hub sends the people of every unit it shows.
        return rule.hubAccount ? (r) => has('orgUnits', r[rule.field]) : (r) => inScope(r[rule.field])
      case 'ref':
        // Like the hub: the first parent field a row carries places it.
        return (r) => {
          for (const [field, parent] of rule.refs) if (str(r[field])) return has(parent as ModelTable, r[field])
          return false
        }
      case 'target':
        return (r) => targetStays(r, 0)
      case 'scoped':
        return (r) => (r.scopeKind === 'user' ? has('users', r.scopeId) : inScope(r.scopeId))
      case 'global':
        return undefined
    }
  }
  for (const table of judgingOrder()) {
    const keep = stays(table)
    if (keep) judge(table, keep)
  }
  return purge
}

/** Deletes rows with their clocks, unsent edits, kept conflicts and parked refusals; call inside a transaction. */
async function removeRows(db: CockpitDb, purge: Map<ModelTable, Set<string>>): Promise<number> {
  let purged = 0
  const gone = new Set<string>()
  for (const [table, ids] of purge) {
    await db.table(table).bulkDelete([...ids])
    await db.clocks.bulkDelete([...ids].map((id) => `${table}/${id}`))
    for (const id of ids) gone.add(`${table}/${id}`)
    purged += ids.size
  }
  if (purged === 0) return 0
  // Unsent edits to rows of a lost region would only be refused by the hub.
  for (const e of await db.outbox.toArray()) {
    if (e.seq === undefined) continue
    const ops = opsOfEntry(e)
    const left = ops.filter((op) => !gone.has(`${op.table}/${op.rowId}`))
    if (left.length === 0) await db.outbox.delete(e.seq)
    else if (left.length < ops.length) await db.outbox.put({ seq: e.seq, origin: e.origin, table: left[0]!.table, size: left.length, ops: left })
  }
  const conflicts = ((await db.meta.get(CONFLICTS_KEY))?.value as KeptConflict[] | undefined) ?? []
  await db.meta.put({ key: CONFLICTS_KEY, value: conflicts.filter((c) => !gone.has(`${c.table}/${c.rowId}`)) })
  const rejected = ((await db.meta.get(REJECTED_KEY))?.value as RejectedOp[] | undefined) ?? []
  await db.meta.put({ key: REJECTED_KEY, value: rejected.filter((r) => !gone.has(`${r.op.table}/${r.op.rowId}`)) })
  return purged
}

/**
 * The rows of a workspace that hang off the given rows by the placement rules (REGION_RULES):
 * a departed customer's contacts and follow-ups, their recordings, transcripts and comments…
 * A dependent placed by another parent stays (a recording of a deal that did not leave).
 */
export function dependentsToPurge(rows: Partial<Record<ModelTable, Row[]>>, roots: Map<ModelTable, Set<string>>): Map<ModelTable, Set<string>> {
  const gone = new Map<ModelTable, Set<string>>()
  const add = (t: ModelTable, id: string): boolean => {
    const set = gone.get(t) ?? new Set<string>()
    gone.set(t, set)
    if (set.has(id)) return false
    set.add(id)
    return true
  }
  let frontier = new Map<ModelTable, Set<string>>()
  for (const [t, ids] of roots) for (const id of ids) if (add(t, id)) frontier.set(t, (frontier.get(t) ?? new Set()).add(id))
  const left = (t: string, id: unknown): boolean => typeof id === 'string' && (frontier.get(t as ModelTable)?.has(id) ?? false)
  for (let depth = 0; frontier.size > 0 && depth < 8; depth++) {
    const next = new Map<ModelTable, Set<string>>()
    for (const table of modelTables) {
      const rule = REGION_RULES[table]
      for (const r of rows[table] ?? []) {
        let follows = false
        switch (rule.kind) {
          case 'ref': {
            // The first parent a row names places it (as on the hub).
            const first = rule.refs.find(([field]) => str(r[field]))
            follows = first !== undefined && left(first[1], r[first[0]])
            break
          }
          case 'target':
            follows = left(str(r.targetTable) ?? '', r.targetId)
            break
          case 'unit':
            follows = left('orgUnits', r[rule.field])
            break
          case 'orgUnit':
            follows = left('orgUnits', r.parentId)
            break
          case 'scoped':
            follows = left(r.scopeKind === 'user' ? 'users' : 'orgUnits', r.scopeId)
            break
          case 'global':
            break
        }
        if (follows && add(table, r.id)) next.set(table, (next.get(table) ?? new Set()).add(r.id))
      }
    }
    frontier = next
  }
  return gone
}

/** A record the hub said left one of this laptop's regions; `hlc` is the clock of the op that moved it. */
export interface Departure {
  table: ModelTable
  id: string
  hlc: string
}

/**
 * Records the hub said left this laptop's regions (`_departed` ops, see
 * shared/hub-api/departures.ts) leave the laptop, with everything hanging off them. A record
 * whose placing fields the laptop already holds at the move's clock or later stays: the move
 * reached it through another of its regions (a director of both), so it still belongs here.
 */
export async function purgeDeparted(db: CockpitDb, departed: Departure[]): Promise<{ purged: number }> {
  if (departed.length === 0) return { purged: 0 }
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  return db.transaction('rw', tables, async () => {
    const roots = new Map<ModelTable, Set<string>>()
    const reader = new ClockReader(db)
    for (const d of departed) {
      const row = (await db.table(d.table).get(d.id)) as Row | undefined
      if (row === undefined) continue
      const clocks = await reader.fieldClocks(d.table, d.id, row)
      if (placingFields(d.table).some((f) => (clocks[f] ?? '') >= d.hlc)) continue
      roots.set(d.table, (roots.get(d.table) ?? new Set()).add(d.id))
    }
    if (roots.size === 0) return { purged: 0 }
    const rows: Partial<Record<ModelTable, Row[]>> = {}
    for (const t of modelTables) rows[t] = (await db.table(t).toArray()) as Row[]
    return { purged: await removeRows(db, dependentsToPurge(rows, roots)) }
  })
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
      purged = await removeRows(db, rowsToPurge(rows, org))
      const cursors = ((await db.meta.get(CURSORS_KEY))?.value as Record<string, number> | undefined) ?? {}
      const allowed = new Set([...org.regions, GLOBAL_STREAM])
      await db.meta.put({ key: CURSORS_KEY, value: Object.fromEntries(Object.entries(cursors).filter(([s]) => allowed.has(s))) })
    }
    // The hub's org tables own these fields (renamed, moved, role changed in Settings →
    // Organisation, or by the admin tool); other fields (a team's visit split, a person's phone)
    // travel as ops and keep their synced values.
    // Written only when something changed: the org comes every 30 s, and every write wakes the views.
    const differs = (cur: Record<string, unknown> | undefined, next: Record<string, unknown>): boolean => !cur || Object.entries(next).some(([k, v]) => cur[k] !== v)
    for (const u of org.orgUnits) {
      const cur = await db.orgUnits.get(u.id)
      const next = { id: u.id, kind: u.kind, name: u.name, parentId: u.parentId }
      if (differs(cur, next)) await db.orgUnits.put({ ...(cur ?? {}), ...next })
    }
    for (const u of org.users) {
      const cur = await db.users.get(u.id)
      const next = { id: u.id, name: u.name, role: u.role, orgUnitId: u.orgUnitId, email: u.email, active: u.active }
      if (differs(cur, next)) await db.users.put({ ...(cur ?? {}), ...next })
    }
    await db.meta.put({ key: SCOPE_KEY, value: org.regions })
    // Who of the people shown has a hub account (the rest came with records, e.g. a CRM import).
    const accounts = org.users.map((u) => u.id)
    const had = (await db.meta.get(ACCOUNTS_KEY))?.value
    if (JSON.stringify(had) !== JSON.stringify(accounts)) await db.meta.put({ key: ACCOUNTS_KEY, value: accounts })
    return { purged }
  })
}
