import type { z } from 'zod'
import { modelKinds, modelTables, personsField, rewriteLegacyMarkOp, type ModelTable } from '@shared/model'
import type { HubConflict, OpResult, OrgSnapshot, PulledOp } from '@shared/ipc/sync'
import { ClockError, formatHlc, parseHlc, receiveHlc, sameNode, type Hlc } from '@shared/sync/hlc'
import { mergeOp, type Conflict, type RowState } from '@shared/sync/merge'
import { Op, OUTBOX_BATCH, opsOfEntry, type OutboxEntry } from '@shared/sync/op'
import { opTextRefusal } from '@shared/hub-api/text'
import { newId } from '@shared/ids'
import type { CockpitDb } from '../db/database'
import { ClockReader } from '../db/clocks'
import { pendingOpCount } from '../db/outbox'
import { applyOrgSnapshot, purgeDeparted, type Departure } from './purge'
import { DEPARTED_TABLE } from '@shared/hub-api/departures'

/**
 * The page's half of sync: hand the outbox to the hub through main, and apply what the hub
 * sends with the same pure merge the hub runs. Takes the database as an argument so two
 * "laptops" can run side by side in one test.
 */

/** What the engine needs from main; the app passes `bridge.invoke`, tests a bridge directly. */
export interface SyncApi {
  push(req: { ops: Op[]; remaining?: number }): Promise<{ results: OpResult[] }>
  pull(req: { cursors: Record<string, number>; conflictsAfter?: number }): Promise<{
    ops: PulledOp[]
    cursors: Record<string, number>
    more: boolean
    org?: OrgSnapshot
    conflicts?: { items: HubConflict[]; next: number; me: string }
  }>
}

export const CURSORS_KEY = 'sync.cursors'
export const CONFLICTS_KEY = 'sync.conflicts'
export const REJECTED_KEY = 'sync.rejected'
/** The hub's conflict-row cursor: losing values the hub found that concern this user. */
export const CONFLICTS_CURSOR_KEY = 'sync.conflictsAfter'
const CLOCK_KEY = 'hlc'
const DEVICE_KEY = 'deviceId'
/** The inbox keeps the newest losing values; older ones are still on the hub. */
const MAX_KEPT = 500
/** Ops per push; an outbox batch row holds as many, so it always goes in one push. */
export const PUSH_BATCH = OUTBOX_BATCH

/** A value that lost a concurrent edit, kept so the user can see it and put it back. */
export interface KeptConflict extends Conflict {
  foundAt: number
  /** `mine`: this laptop's (or this user's) edit lost; `theirs`: a colleague's edit lost to it. */
  side: 'mine' | 'theirs'
  /** Hub user ids of the two edits, when the hub reported the conflict. */
  loserUserId?: string | null
  winnerUserId?: string | null
  /** Their names and roles as the hub gave them (absent in conflicts kept before hubs sent them). */
  loserName?: string | null
  loserRole?: string | null
  winnerName?: string | null
  winnerRole?: string | null
}

/** An op the hub refused; it leaves the outbox (it would block it) and is listed here with the reason. */
export interface RejectedOp {
  op: Op
  code: string
  reason?: string
  /** `sync.forbidden`: the permission the write needed, as the hub named it. */
  permission?: string
  at: number
}

async function metaList<T>(db: CockpitDb, key: string): Promise<T[]> {
  const v = (await db.meta.get(key))?.value
  return Array.isArray(v) ? (v as T[]) : []
}

export async function readCursors(db: CockpitDb): Promise<Record<string, number>> {
  const v = (await db.meta.get(CURSORS_KEY))?.value
  return v && typeof v === 'object' ? (v as Record<string, number>) : {}
}

export async function readConflicts(db: CockpitDb): Promise<KeptConflict[]> {
  return metaList<KeptConflict>(db, CONFLICTS_KEY)
}

export async function readRejected(db: CockpitDb): Promise<RejectedOp[]> {
  return metaList<RejectedOp>(db, REJECTED_KEY)
}

/**
 * Why the hub would refuse an op whatever else is in its batch, found before sending it: an op
 * the IPC contract cannot carry (the whole request would fail) or text no hub can store. Such an
 * op is parked at once, as if the hub had refused it, even when the hub is older than the check.
 */
export function localRefusal(op: Op): { code: string; reason: string } | undefined {
  const parsed = Op.safeParse(op)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { code: 'sync.malformed', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid op'}` }
  }
  const text = opTextRefusal(op)
  return text ? { code: 'sync.invalid-text', reason: text.reason } : undefined
}

/**
 * Push the whole outbox in order, up to PUSH_BATCH ops at a time; acknowledged ops leave it (a
 * batch row keeps the ops the hub held, and goes when it has none left).
 */
export async function pushOutbox(db: CockpitDb, api: SyncApi, now = Date.now()): Promise<{ pushed: number; rejected: number }> {
  let pushed = 0
  let refused = 0
  for (;;) {
    // Rows hold one op or a batch of at most PUSH_BATCH: take rows while their ops fit one push.
    const rows = await db.outbox.orderBy('seq').limit(PUSH_BATCH).toArray()
    if (rows.length === 0) break
    const entries: { row: OutboxEntry; ops: Op[] }[] = []
    let taken = 0
    for (const row of rows) {
      const ops = opsOfEntry(row)
      if (entries.length > 0 && taken + ops.length > PUSH_BATCH) break
      entries.push({ row, ops })
      taken += ops.length
    }
    const total = await pendingOpCount(db)
    /** Per row, which of its ops are settled (accepted or refused). */
    const settled = entries.map(() => new Set<number>())
    const rejected: RejectedOp[] = []
    const ops: Op[] = []
    const origin: [number, number][] = []
    entries.forEach(({ ops: rowOps }, e) => {
      rowOps.forEach((op, i) => {
        const refusal = localRefusal(op)
        if (refusal) {
          settled[e]!.add(i)
          rejected.push({ op, ...refusal, at: now })
        } else {
          ops.push(op)
          origin.push([e, i])
        }
      })
    })
    const { results } = ops.length ? await api.push({ ops, remaining: total - taken }) : { results: [] }
    for (const r of results) {
      const at = origin[r.index]
      if (!at) continue
      if (r.status === 'accepted') settled[at[0]]!.add(at[1])
      else if (r.status === 'rejected') {
        settled[at[0]]!.add(at[1])
        rejected.push({ op: ops[r.index]!, code: r.code ?? 'sync.rejected', reason: r.reason, ...(r.permission ? { permission: r.permission } : {}), at: now })
      }
    }
    const done = settled.reduce((n, s) => n + s.size, 0)
    if (done === 0) break
    await db.transaction('rw', db.outbox, db.meta, async () => {
      const gone: number[] = []
      for (const [e, { row, ops: rowOps }] of entries.entries()) {
        const s = settled[e]!
        if (s.size === 0 || row.seq === undefined) continue
        if (s.size === rowOps.length) gone.push(row.seq)
        else {
          // Some ops of a batch row were held: the row stays, with those alone, at its place in line.
          const left = rowOps.filter((_, i) => !s.has(i))
          await db.outbox.put({ seq: row.seq, origin: row.origin, table: left[0]!.table, size: left.length, ops: left })
        }
      }
      await db.outbox.bulkDelete(gone)
      if (rejected.length) {
        const kept = [...(await metaList<RejectedOp>(db, REJECTED_KEY)), ...rejected].slice(-MAX_KEPT)
        await db.meta.put({ key: REJECTED_KEY, value: kept })
      }
    })
    pushed += done - rejected.length
    refused += rejected.length
  }
  return { pushed, rejected: refused }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

function acceptsNull(table: ModelTable, field: string): boolean {
  const shape = (modelKinds[table].schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>
  return shape[field]?.safeParse(null).success ?? false
}

function isModelTable(t: string): t is ModelTable {
  return Object.prototype.hasOwnProperty.call(modelKinds, t)
}

/**
 * Apply one page of pulled ops in one transaction, with the per-field clocks in `db.clocks`.
 * No outbox entries are written: these ops came from the hub and must not echo back.
 */
export async function applyPulled(
  db: CockpitDb,
  pulled: PulledOp[],
  cursors: Record<string, number>,
  now = Date.now()
): Promise<{ applied: number; conflicts: number; departed: Departure[] }> {
  const tables = [...modelTables.map((t) => db.table(t)), db.clocks, db.meta]
  return db.transaction('rw', tables, async () => {
    let device = (await db.meta.get(DEVICE_KEY))?.value as string | undefined
    const savedClock = (await db.meta.get(CLOCK_KEY))?.value
    // A laptop that has only ever received (a fresh hub workspace) still needs its clock to follow
    // what it received: otherwise its first edit could carry an older clock than the value it
    // replaces, and lose to it on every replica.
    if (!device && typeof savedClock !== 'string') {
      device = newId()
      await db.meta.put({ key: DEVICE_KEY, value: device })
    }
    let clock: Hlc | undefined = typeof savedClock === 'string' ? parseHlc(savedClock) : device ? { wallMs: 0, counter: 0, node: device } : undefined
    device ??= clock?.node
    const found: KeptConflict[] = []
    const known = new Set((await readConflicts(db)).map(keptKey))
    let applied = 0
    // Records the hub says left for another region: purged with what hangs off them after the page.
    const departed: Departure[] = []
    const reader = new ClockReader(db)
    for (const { op: pulledOp } of pulled) {
      // A hub of the release before the mark kinds still serves marks as `comments` rows on pseudo
      // tables (shared/model/legacy-marks.ts): they land in their own kinds here.
      const sent = rewriteLegacyMarkOp(pulledOp)
      if (sent.table === DEPARTED_TABLE) {
        if (typeof sent.fields.table === 'string' && isModelTable(sent.fields.table)) departed.push({ table: sent.fields.table, id: sent.rowId, hlc: sent.hlc })
        continue
      }
      if (!isModelTable(sent.table)) continue
      // Ops logged by older laptops arrive in their shape; the kind brings them to today's.
      const kind: { version: number; upgradeFields?: (f: Record<string, unknown>, from: number) => Record<string, unknown> } = modelKinds[sent.table]
      const op = kind.upgradeFields && sent.schemaVersion < kind.version ? { ...sent, fields: kind.upgradeFields(sent.fields, sent.schemaVersion) } : sent
      if (!isModelTable(op.table)) continue
      const key = `${op.table}/${op.rowId}`
      const row = (await db.table(op.table).get(op.rowId)) as Record<string, unknown> | undefined
      const clocks = await reader.fieldClocks(op.table, op.rowId, row)
      const state: RowState = {}
      for (const [f, hlc] of Object.entries(clocks)) state[f] = { value: row?.[f] ?? null, hlc }
      const merged = mergeOp(modelKinds[op.table].merge, Object.keys(state).length ? state : undefined, op)
      if (merged.changed.length) {
        const next: Record<string, unknown> = { ...(row ?? {}), id: op.rowId }
        for (const f of merged.changed) {
          const cell = merged.row[f]
          // The write path sends null for a cleared optional field; nullable fields keep their null.
          if (!cell || (cell.value === null && !acceptsNull(op.table, f))) delete next[f]
          else next[f] = cell.value
        }
        await db.table(op.table).put(next)
        await db.clocks.put({ key, clocks: Object.fromEntries(Object.entries(merged.row).map(([f, c]) => [f, c.hlc])) })
        applied++
      }
      for (const c of merged.conflicts) {
        if (sameValue(c.value, merged.row[c.field]?.value) || !personsField(modelKinds[op.table], c.field)) continue
        // A colleague's value overwritten by another colleague is plain history; the inbox shows
        // only losses that involve this laptop.
        const mine = device !== undefined && c.hlc.endsWith(device)
        const theirsLostToMine = device !== undefined && c.winningHlc.endsWith(device)
        if ((mine || theirsLostToMine) && !known.has(keptKey(c))) {
          known.add(keptKey(c))
          found.push({ ...c, foundAt: now, side: mine ? 'mine' : 'theirs' })
        }
      }
      if (clock) {
        try {
          clock = receiveHlc(clock, parseHlc(op.hlc), now)
        } catch (e) {
          // A far-ahead clock is not adopted (the hub clamps these anyway); the op still merges.
          if (!(e instanceof ClockError)) throw e
        }
      }
    }
    if (clock) await db.meta.put({ key: CLOCK_KEY, value: formatHlc(clock) })
    await db.meta.put({ key: CURSORS_KEY, value: { ...(await readCursors(db)), ...cursors } })
    if (found.length) await db.meta.put({ key: CONFLICTS_KEY, value: [...(await readConflicts(db)), ...found].slice(-MAX_KEPT) })
    return { applied, conflicts: found.length, departed }
  })
}


function keptKey(c: Pick<Conflict, 'table' | 'rowId' | 'field' | 'hlc'>): string {
  return `${c.table}/${c.rowId}/${c.field}/${c.hlc}`
}

/**
 * Conflicts the hub sent past its cursor (`[id, key]`): the hub holds its cursor back until a
 * conflict is a couple of minutes old (a lower id may still commit), so it sends these again.
 * Each is judged once: one dismissed meanwhile must not come back. Keyed by value identity,
 * not only the hub's id, so an entry left from another workspace can never hide a conflict.
 */
export const CONFLICTS_SEEN_KEY = 'sync.conflictsSeen'

/** Who made the two edits, as the hub said; only the fields it sent (kept conflicts stay small). */
function whoOf(c: HubConflict): Partial<KeptConflict> {
  const out: Partial<KeptConflict> = { loserUserId: c.loserUserId, winnerUserId: c.winnerUserId }
  if (c.loserName != null) out.loserName = c.loserName
  if (c.loserRole != null) out.loserRole = c.loserRole
  if (c.winnerName != null) out.winnerName = c.winnerName
  if (c.winnerRole != null) out.winnerRole = c.winnerRole
  return out
}

/**
 * Keep the losing values the hub reported for this user (an edit of theirs from another laptop
 * that lost, or a colleague's that lost to theirs) next to the ones this laptop's merges found.
 */
export async function keepHubConflicts(db: CockpitDb, hub: { items: HubConflict[]; next: number }, me: string, now = Date.now()): Promise<number> {
  const tables = [...modelTables.map((t) => db.table(t)), db.meta]
  return db.transaction('rw', tables, async () => {
    const kept = await readConflicts(db)
    const byKey = new Map(kept.map((k) => [keptKey(k), k]))
    const seenBefore = await metaList<[number, string]>(db, CONFLICTS_SEEN_KEY)
    const seen = new Set(seenBefore.map(([, key]) => key))
    const found: KeptConflict[] = []
    let named = false
    for (const c of hub.items) {
      const key = keptKey(c)
      if (seen.has(key)) continue
      const have = byKey.get(key)
      if (have) {
        // This laptop's own merge found it first, without knowing whose edits they were.
        if (!have.loserUserId && c.loserUserId) {
          Object.assign(have, whoOf(c))
          named = true
        }
        continue
      }
      if (!isModelTable(c.table) || sameNode(c.hlc, c.winningHlc) || !personsField(modelKinds[c.table], c.field)) continue
      const row = (await db.table(c.table).get(c.rowId)) as Record<string, unknown> | undefined
      // A loss whose value is what the record holds anyway is no loss.
      if (row && sameValue(c.value, row[c.field])) continue
      const k: KeptConflict = {
        table: c.table,
        rowId: c.rowId,
        field: c.field,
        value: c.value,
        hlc: c.hlc,
        winningHlc: c.winningHlc,
        ...whoOf(c),
        foundAt: now,
        side: c.loserUserId === me ? 'mine' : 'theirs'
      }
      byKey.set(key, k)
      found.push(k)
    }
    if (found.length || named) await db.meta.put({ key: CONFLICTS_KEY, value: [...kept, ...found].slice(-MAX_KEPT) })
    const ahead = new Map(seenBefore.filter(([id]) => id > hub.next).map(([id, key]) => [key, id]))
    for (const c of hub.items) if (c.id > hub.next) ahead.set(keptKey(c), c.id)
    await db.meta.put({ key: CONFLICTS_SEEN_KEY, value: [...ahead].map(([key, id]) => [id, key]) })
    await db.meta.put({ key: CONFLICTS_CURSOR_KEY, value: hub.next })
    return found.length
  })
}

/** Rows received so far in a round, for a progress line on a first download. */
export type PullProgress = (p: { applied: number; more: boolean }) => void

/**
 * Pull every stream until the hub has nothing newer, applying page by page. The org that comes
 * with the first page is applied first: a region that left the scope is purged before anything
 * new lands, and the stream cursors it drops make a new region pull from its start.
 */
export async function pullAll(db: CockpitDb, api: SyncApi, now = Date.now(), onProgress?: PullProgress): Promise<{ applied: number; conflicts: number; purged: number }> {
  let applied = 0
  let conflicts = 0
  let purged = 0
  let hubConflicts: { items: HubConflict[]; next: number; me: string } | undefined
  const departed: Departure[] = []
  for (let page = 0; page < 10_000; page++) {
    const after = page === 0 ? (await db.meta.get(CONFLICTS_CURSOR_KEY))?.value : undefined
    const res = await api.pull({ cursors: await readCursors(db), ...(page === 0 ? { conflictsAfter: typeof after === 'number' ? after : 0 } : {}) })
    if (res.org && page === 0) purged += (await applyOrgSnapshot(db, res.org)).purged
    // Judged once every page is in: a loss is shown only if the record does not hold that value anyway.
    if (res.conflicts) hubConflicts = res.conflicts
    const r = await applyPulled(db, res.ops, res.cursors, now)
    applied += r.applied
    conflicts += r.conflicts
    departed.push(...r.departed)
    onProgress?.({ applied, more: res.more })
    if (!res.more) break
  }
  // Records handed to another region leave, with everything hanging off them.
  if (departed.length > 0) purged += (await purgeDeparted(db, departed)).purged
  if (hubConflicts) conflicts += await keepHubConflicts(db, hubConflicts, hubConflicts.me, now)
  return { applied, conflicts, purged }
}

/** One round: local edits out first (so the hub judges them), then everything new in. */
export async function syncOnce(
  db: CockpitDb,
  api: SyncApi,
  now = Date.now(),
  onProgress?: PullProgress
): Promise<{ pushed: number; rejected: number; applied: number; conflicts: number; purged: number }> {
  const p = await pushOutbox(db, api, now)
  const q = await pullAll(db, api, now, onProgress)
  return { ...p, ...q }
}
