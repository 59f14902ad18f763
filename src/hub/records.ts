import { z } from 'zod'
import { modelKinds, rewriteLegacyMarkOp, type ModelTable } from '../shared/model'
import { dependentsOf, placingFields, REGION_RULES } from '../shared/model/placement'
import { DEAL_SHEET_PREFIX, dealSheetId } from '../shared/domain/strategy-sheet'
import { DEPARTED_TABLE } from '../shared/hub-api/departures'
import { ClockError, parseHlc, sameNode } from '../shared/sync/hlc'
import { mergeOp, type Conflict, type RowState } from '../shared/sync/merge'
import { Op } from '../shared/sync/op'
import { describeTextProblem, idProblem, opTextRefusal } from '../shared/hub-api/text'
import { HubError, type OpRejection } from './errors'
import { interviewScorePermissionRefusal, permissionRefusal, postSalePermissionRefusal } from './permissions'
import { loadOrgUnits, regionOfUnit, type OrgUnitRow, type Scope } from './org'
import { ConflictsQuery, GLOBAL_STREAM, PullQuery, PushBody, type ConflictsAnswer, type PullAnswer, type PushAnswer } from '../shared/hub-api/sync'
import type { HubStore, Sql } from './store'

/**
 * The records protocol: push batches of field-level ops, pull a region's stream by cursor.
 *
 * A batch is all-or-nothing: if any op is refused, none applies and the answer lists a reason
 * per refused op. A client's batch is usually one user action (a deal and its stage history),
 * and applying half of it would leave the other replicas with a row pointing at nothing.
 */

export const MAX_OPS_PER_BATCH = 1000
/** Matches hlc.ts's default clamp: a laptop more than 5 minutes ahead is refused, not adopted. */
export const MAX_DRIFT_MS = 5 * 60_000

/** A push's answer as the hub stores and sends it: it always names the streams it touched. */
export type PushResult = PushAnswer & { streams: Record<string, number> }

export type PulledOp = PullAnswer['ops'][number]

/**
 * The org changed since the caller's cached scope (the version its statement read differs):
 * nothing was applied or served; the caller clears its cache and asks again.
 */
export class StaleScope extends Error {
  constructor() {
    super('org changed; scope is stale')
  }
}

class BatchRejected extends Error {
  constructor(public readonly rejected: OpRejection[]) {
    super('batch rejected')
  }
}

function isTable(t: string): t is ModelTable {
  return Object.prototype.hasOwnProperty.call(modelKinds, t)
}

function shapeOf(table: ModelTable): Record<string, z.ZodType> {
  return (modelKinds[table].schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>
}

/** Checks one op on its own: text, shape, table, fields, schema version, clock. */
export function checkOp(raw: unknown, index: number, now: number): { op: Op } | { rejection: OpRejection } {
  const parsed = Op.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { rejection: { index, code: 'sync.malformed', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid op'}` } }
  }
  // A mark pushed by a laptop of the release before its kinds existed (a `comments` row on a
  // pseudo table) is checked, placed and stored as its own kind (shared/model/legacy-marks.ts).
  const sent = rewriteLegacyMarkOp(parsed.data)
  // Checked before anything else: such an op used to reach the database and fail the whole
  // push with a 500, which the laptop retried forever.
  const poison = opTextRefusal(sent)
  if (poison) return { rejection: { index, ...(poison.where === 'fields' ? { table: sent.table, rowId: sent.rowId } : {}), code: 'sync.invalid-text', reason: poison.reason } }
  const where = { index, table: sent.table, rowId: sent.rowId }
  if (!isTable(sent.table)) return { rejection: { ...where, code: 'sync.unknown-table', reason: `unknown table "${sent.table}"` } }
  const kind: { version: number; upgradeFields?: (f: Record<string, unknown>, from: number) => Record<string, unknown> } = modelKinds[sent.table]
  if (sent.schemaVersion > kind.version) {
    return {
      rejection: { ...where, code: 'sync.future-schema', reason: `${sent.table} schema v${sent.schemaVersion} is newer than the hub's v${kind.version}` }
    }
  }
  // An op from an older laptop is stored in today's shape, so nobody pulling it needs to know the old one.
  const op = kind.upgradeFields && sent.schemaVersion < kind.version ? { ...sent, fields: kind.upgradeFields(sent.fields, sent.schemaVersion), schemaVersion: kind.version } : sent
  const shape = shapeOf(sent.table)
  const names = Object.keys(op.fields)
  if (names.length === 0) return { rejection: { ...where, code: 'sync.malformed', reason: 'an op must change at least one field' } }
  for (const field of names) {
    // The row id travels as `rowId`; an `id` field could contradict it.
    const schema = field === 'id' ? undefined : shape[field]
    if (!schema) return { rejection: { ...where, code: 'sync.unknown-field', reason: `${op.table} has no field "${field}"` } }
    const value = op.fields[field]
    // The write path sends null for a field the user cleared; only optional fields may be cleared.
    const ok = value === null ? schema.safeParse(undefined).success || schema.safeParse(null).success : schema.safeParse(value).success
    if (!ok) return { rejection: { ...where, code: 'sync.invalid-field', reason: `${op.table}.${field} has an invalid value` } }
  }
  try {
    const hlc = parseHlc(op.hlc)
    if (hlc.wallMs - now > MAX_DRIFT_MS) {
      return {
        rejection: { ...where, code: 'sync.clock-drift', reason: `clock is ${Math.round((hlc.wallMs - now) / 1000)} s ahead of the hub; fix the device's time` }
      }
    }
  } catch (e) {
    if (e instanceof ClockError) return { rejection: { ...where, code: 'sync.malformed', reason: e.message } }
    throw e
  }
  return { op }
}

/** Finds region streams of rows and org units, from the hub's own tables and stored cells. */
class StreamResolver {
  /** Rows placed earlier in the same batch, so a customer and its contact can travel together. */
  readonly placed = new Map<string, string>()

  constructor(
    private readonly db: Sql,
    private readonly units: Map<string, OrgUnitRow>
  ) {}

  /** Stored streams read ahead for a whole batch (null: the hub has no such row). */
  private readonly known = new Map<string, string | null>()

  async rowStream(table: string, rowId: string): Promise<string | undefined> {
    const key = `${table}/${rowId}`
    if (this.placed.has(key)) return this.placed.get(key)
    const known = this.known.get(key)
    if (known !== undefined) return known ?? undefined
    const [row] = await this.db.query<{ stream: string }>('SELECT stream FROM row_streams WHERE tbl = $1 AND row_id = $2', [table, rowId])
    this.known.set(key, row?.stream ?? null)
    return row?.stream
  }

  /** Records streams read elsewhere; rows of `asked` not in `found` are known to be new. */
  know(asked: { tbl: string; row_id: string }[], found: [tbl: string, rowId: string, stream: string][]): void {
    for (const r of asked) this.known.set(`${r.tbl}/${r.row_id}`, null)
    for (const [tbl, rowId, stream] of found) this.known.set(`${tbl}/${rowId}`, stream)
  }

  /** Reads the stored streams of many rows in one query. */
  async prefetch(rows: { tbl: string; row_id: string }[]): Promise<void> {
    const missing = uniqueRows(rows.filter((r) => !this.known.has(`${r.tbl}/${r.row_id}`)))
    if (missing.length === 0) return
    const found = await this.db.query<{ tbl: string; row_id: string; stream: string }>(
      `SELECT s.tbl, s.row_id, s.stream FROM jsonb_to_recordset($1::jsonb) AS k(tbl text, row_id text)
       JOIN row_streams s ON s.tbl = k.tbl AND s.row_id = k.row_id`,
      [JSON.stringify(missing)]
    )
    for (const r of missing) this.known.set(`${r.tbl}/${r.row_id}`, null)
    for (const r of found) this.known.set(`${r.tbl}/${r.row_id}`, r.stream)
  }

  /** Hub org units first; then org units clients created (stored cells), walking up to a region. */
  async unitRegion(unitId: string, pending?: { kind?: unknown; parentId?: unknown }): Promise<string | undefined> {
    let id: string | null = unitId
    let next = pending
    for (let depth = 0; id && depth < 32; depth++) {
      // A unit this batch placed (a client-created team moved to another region) is where it went.
      const known = regionOfUnit(this.units, id) ?? (next === undefined ? this.placed.get(`orgUnits/${id}`) : undefined)
      if (known) return known
      const cells: { kind?: unknown; parentId?: unknown } = next ?? (await this.cellValues('orgUnits', id, ['kind', 'parentId']))
      next = undefined
      if (cells.kind === 'region') return id
      id = typeof cells.parentId === 'string' ? cells.parentId : null
    }
    return undefined
  }

  async userRegion(userId: string): Promise<string | undefined> {
    const [hubUser] = await this.db.query<{ org_unit_id: string }>('SELECT org_unit_id FROM users WHERE id = $1', [userId])
    const unit = hubUser?.org_unit_id ?? (await this.cellValues('users', userId, ['orgUnitId'])).orgUnitId
    return typeof unit === 'string' ? this.unitRegion(unit) : undefined
  }

  async cellValues(table: string, rowId: string, fields: string[]): Promise<Record<string, unknown>> {
    const rows = await this.db.query<{ field: string; value: unknown }>(
      'SELECT field, value FROM cells WHERE tbl = $1 AND row_id = $2 AND field = ANY($3)',
      [table, rowId, fields]
    )
    return Object.fromEntries(rows.map((r) => [r.field, r.value]))
  }

  /** The stream an op's fields would place its row in, or undefined when they say nothing about it. */
  async streamFromFields(op: Op, current: Record<string, unknown>): Promise<string | undefined | null> {
    const rule = REGION_RULES[op.table as ModelTable]
    const f = { ...current, ...op.fields }
    switch (rule.kind) {
      case 'global':
        return GLOBAL_STREAM
      case 'unit':
        if (typeof f[rule.field] === 'string') return (await this.unitRegion(f[rule.field] as string)) ?? null
        // A person with a hub account is placed by the hub's org even before any op about them
        // (the date a rep left, sent after the org route switched the account off).
        if (rule.hubAccount) return await this.userRegion(op.rowId)
        return undefined
      case 'orgUnit':
        // A field of a unit the hub's own org holds (a team's visit split): placed by that unit.
        if (!('kind' in f) && !('parentId' in f)) return regionOfUnit(this.units, op.rowId)
        return (await this.unitRegion(op.rowId, { kind: f.kind, parentId: f.parentId })) ?? null
      case 'ref':
        for (const [field, table] of rule.refs) {
          if (typeof f[field] === 'string') return (await this.rowStream(table, f[field] as string)) ?? null
        }
        return undefined
      case 'target':
        if (typeof f.targetTable !== 'string' || typeof f.targetId !== 'string') return undefined
        return (await this.rowStream(f.targetTable, f.targetId)) ?? null
      case 'scoped':
        if (typeof f.scopeId !== 'string' || typeof f.scopeKind !== 'string') return undefined
        return (f.scopeKind === 'user' ? await this.userRegion(f.scopeId) : await this.unitRegion(f.scopeId)) ?? null
    }
  }
}

function uniqueRows(rows: { tbl: string; row_id: string }[]): { tbl: string; row_id: string }[] {
  const seen = new Map<string, { tbl: string; row_id: string }>()
  for (const r of rows) seen.set(`${r.tbl}/${r.row_id}`, { tbl: r.tbl, row_id: r.row_id })
  return [...seen.values()]
}

/** Parent rows an op's fields point at (a contact's customer), so their streams are read ahead. */
function referencedRows(table: ModelTable, f: Record<string, unknown>): { tbl: string; row_id: string }[] {
  const rule = REGION_RULES[table]
  if (rule.kind === 'ref') return rule.refs.flatMap(([field, tbl]) => (typeof f[field] === 'string' ? [{ tbl, row_id: f[field] as string }] : []))
  if (rule.kind === 'target' && typeof f.targetTable === 'string' && typeof f.targetId === 'string') return [{ tbl: f.targetTable, row_id: f.targetId }]
  return []
}

type CellTuple = [tbl: string, rowId: string, field: string, value: unknown, hlc: string]

function cellsFrom(tuples: CellTuple[]): Map<string, RowState> {
  const out = new Map<string, RowState>()
  for (const [tbl, rowId, field, value, hlc] of tuples) {
    const key = `${tbl}/${rowId}`
    const row = out.get(key) ?? {}
    row[field] = { value, hlc }
    out.set(key, row)
  }
  return out
}

function rowValuesOf(row: RowState | undefined): Record<string, unknown> {
  return row ? Object.fromEntries(Object.entries(row).map(([f, c]) => [f, c.value])) : {}
}

/** How far dependents are followed: customer → activity → recording → transcript → comment → its edit, with room to spare. */
const MAX_CARRY_DEPTH = 8

/** The placing fields a dependent is found by, spelled out so the planner uses the `cells_parent` index (its predicate). */
export const PARENT_FIELDS = ['customerId', 'dealId', 'activityId', 'recordingId', 'targetId', 'orgUnitId', 'parentId', 'scopeId', 'taskId', 'commentId'] as const
const PARENT_FIELDS_SQL = `(${PARENT_FIELDS.map((f) => `'${f}'`).join(', ')})`

/** A row that moves to another region because the row it hangs off did, with its stored cells. */
interface Carried {
  tbl: string
  row_id: string
  from: string
  to: string
  state: RowState
}

/**
 * The rows hanging off rows this batch moves to another region (a customer's contacts,
 * follow-ups and recordings, their transcripts and comments…), found level by level and placed
 * again by the same rules: each one whose region changes moves too, and takes its own dependents.
 * A dependent placed by another parent stays (a recording of a deal that did not move).
 * Rows the batch itself writes are placed by their own ops and left out here.
 */
async function carryDependents(db: Sql, resolver: StreamResolver, movedRows: { tbl: string; row_id: string }[], inBatch: Set<string>): Promise<Carried[]> {
  const carried: Carried[] = []
  const seen = new Set(inBatch)
  let frontier = movedRows
  for (let depth = 0; frontier.length > 0 && depth < MAX_CARRY_DEPTH; depth++) {
    const keys = frontier.flatMap((m) => dependentsOf(m.tbl as ModelTable).map((d) => ({ tbl: d.table, field: d.field, parent: m.row_id })))
    const rows = await db.query<{ tbl: string; row_id: string; stream: string; cells: [string, unknown, string][] }>(
      `WITH k AS (SELECT DISTINCT * FROM jsonb_to_recordset($1::jsonb) AS k(tbl text, field text, parent text)),
       hit AS (SELECT DISTINCT c.tbl, c.row_id FROM k JOIN cells c ON c.tbl = k.tbl AND c.field = k.field AND c.value = to_jsonb(k.parent)
               WHERE c.field IN ${PARENT_FIELDS_SQL})
       SELECT h.tbl, h.row_id, s.stream,
         (SELECT json_agg(json_build_array(a.field, a.value, a.hlc)) FROM cells a WHERE a.tbl = h.tbl AND a.row_id = h.row_id) AS cells
       FROM hit h JOIN row_streams s ON s.tbl = h.tbl AND s.row_id = h.row_id`,
      [JSON.stringify(keys)]
    )
    const next: { tbl: string; row_id: string }[] = []
    for (const r of rows) {
      const key = `${r.tbl}/${r.row_id}`
      if (seen.has(key) || !isTable(r.tbl)) continue
      seen.add(key)
      const state: RowState = Object.fromEntries((r.cells ?? []).map(([f, value, hlc]) => [f, { value, hlc }]))
      const values = rowValuesOf(state)
      const placing = Object.fromEntries(placingFields(r.tbl).flatMap((f) => (values[f] === undefined ? [] : [[f, values[f]]])))
      const to = await resolver.streamFromFields({ table: r.tbl, rowId: r.row_id, hlc: '', schemaVersion: 1, fields: {} }, placing)
      if (typeof to !== 'string' || to === r.stream) continue
      resolver.placed.set(key, to)
      carried.push({ tbl: r.tbl, row_id: r.row_id, from: r.stream, to, state })
      next.push({ tbl: r.tbl, row_id: r.row_id })
    }
    frontier = next
  }
  return carried
}

/** A row's current values as ops, one per clock (all fields of an op share its clock), for a region that receives the row. */
function copiesOf(state: RowState, skip: (hlc: string) => boolean): { hlc: string; fields: Record<string, unknown> }[] {
  const byHlc = new Map<string, Record<string, unknown>>()
  for (const [field, cell] of Object.entries(state)) {
    if (skip(cell.hlc)) continue
    byHlc.set(cell.hlc, { ...byHlc.get(cell.hlc), [field]: cell.value })
  }
  return [...byHlc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([hlc, fields]) => ({ hlc, fields }))
}

interface Placed {
  op: Op
  stream: string
  /** Set when the op moves the row from another region (e.g. a deal handed to another region's team). */
  movedFrom?: string
}

/** Everyone reads and may write the org-wide stream; what a role may change there is permissions.ts's call. */
function inScope(scope: Scope, stream: string): boolean {
  if (stream === GLOBAL_STREAM) return true
  return scope.regions.has(stream)
}

/** What a push reads before judging anything (readBatch). */
interface BatchRead {
  orgVersion: number
  /** An earlier answer to this batch id, and whose it was. */
  prior: { user_id: string; result: PushResult | null } | null
  /** The rows the batch writes, and the streams the hub holds them in. */
  rowKeys: { tbl: string; row_id: string }[]
  streams: [string, string, string][]
  /** Ops the hub already holds, by `table/rowId/hlc`. */
  logged: Set<string>
  /** The rows' stored cells; the plan merges into them in memory. */
  cells: Map<string, RowState>
  /**
   * The version of each cell this push judged against: its write applies only over exactly
   * that version (see writeBatch), so a concurrent push is never silently overwritten.
   */
  readHlc: Map<string, string>
}

/**
 * Read: everything judging a batch needs, in one round trip — an earlier answer to this batch
 * id, which ops the hub already holds, the rows' cells and their streams. Nothing is written
 * until writeBatch's single statement, so on PostgreSQL a push needs no transaction of its own.
 */
async function readBatch(db: Sql, batchId: string, ops: Op[]): Promise<BatchRead> {
  const rowKeys = uniqueRows(ops.map((o) => ({ tbl: o.table, row_id: o.rowId })))
  const [first] = await db.query<{
    org_v: number | string
    prior: { user_id: string; result: PushResult | null } | null
    logged: [string, string, string][]
    cells: CellTuple[]
    streams: [string, string, string][]
  }>(
    // Each lookup is a LATERAL subquery with OFFSET 0, which the planner cannot flatten into a
    // join: it always probes the key per row. The planner guesses 100 rows for any
    // jsonb_to_recordset and, while row_streams was small (tens of thousands of rows), hashed
    // the whole table instead: half of a 50-op push's read under load.
    `WITH k AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS k(tbl text, row_id text)),
     h AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS h(tbl text, row_id text, hlc text))
     SELECT (SELECT v FROM org_version) AS org_v,
       (SELECT json_build_object('user_id', user_id, 'result', result) FROM batches WHERE batch_id = $1) AS prior,
       (SELECT coalesce(json_agg(json_build_array(h.tbl, h.row_id, h.hlc)), '[]') FROM h
          CROSS JOIN LATERAL (SELECT 1 FROM op_log o WHERE o.tbl = h.tbl AND o.row_id = h.row_id AND o.hlc = h.hlc AND NOT o.moved OFFSET 0) o) AS logged,
       (SELECT coalesce(json_agg(json_build_array(k.tbl, k.row_id, c.field, c.value, c.hlc)), '[]') FROM k
          CROSS JOIN LATERAL (SELECT c.field, c.value, c.hlc FROM cells c WHERE c.tbl = k.tbl AND c.row_id = k.row_id OFFSET 0) c) AS cells,
       (SELECT coalesce(json_agg(json_build_array(k.tbl, k.row_id, s.stream)), '[]') FROM k
          CROSS JOIN LATERAL (SELECT s.stream FROM row_streams s WHERE s.tbl = k.tbl AND s.row_id = k.row_id OFFSET 0) s) AS streams`,
    [batchId, JSON.stringify(rowKeys), JSON.stringify(ops.map((o) => ({ tbl: o.table, row_id: o.rowId, hlc: o.hlc })))]
  )
  if (!first) throw new Error('the batch read returned no row')
  return {
    orgVersion: Number(first.org_v),
    prior: first.prior,
    rowKeys,
    streams: first.streams,
    logged: new Set(first.logged.map(([tbl, rowId, hlc]) => `${tbl}/${rowId}/${hlc}`)),
    cells: cellsFrom(first.cells),
    readHlc: new Map(first.cells.map(([tbl, rowId, field, , hlc]) => [`${tbl}/${rowId}/${field}`, hlc]))
  }
}

/**
 * Place: every op in a region stream, checked for scope and permission. Reads only, so no lock
 * is held while a batch is judged; one refused op refuses the batch (BatchRejected).
 */
async function placeOps(resolver: StreamResolver, scope: Scope, ops: Op[], read: BatchRead): Promise<{ placed: Placed[]; duplicates: number }> {
  const { logged, cells } = read
  resolver.know(read.rowKeys, read.streams)
  await resolver.prefetch(
    ops.flatMap((o) => referencedRows(o.table as ModelTable, { ...rowValuesOf(cells.get(`${o.table}/${o.rowId}`)), ...o.fields }))
  )
  const placed: Placed[] = []
  const rejected: OpRejection[] = []
  const seen = new Set<string>()
  let duplicates = 0
  for (const [index, op] of ops.entries()) {
    const where = { index, table: op.table, rowId: op.rowId }
    const opKey = `${op.table}/${op.rowId}/${op.hlc}`
    const isLogged = seen.has(opKey) || logged.has(opKey)
    const current = await resolver.rowStream(op.table, op.rowId)
    const storedRow = current === undefined ? undefined : cells.get(`${op.table}/${op.rowId}`)
    const stored = Object.fromEntries(
      placingFields(op.table as ModelTable).flatMap((f) => (storedRow?.[f] === undefined ? [] : [[f, storedRow[f].value]]))
    )
    // A deal's sheet is named after its deal (strategy-sheet.ts dealSheetId), and the hub
    // relays the sheet `sheet:X` to whoever holds deal X: such a row belongs with that deal and
    // no other, or someone in another region could claim the sheet before the deal syncs.
    if (op.table === 'strategySheets' && op.rowId.startsWith(DEAL_SHEET_PREFIX)) {
      const dealId = op.fields.dealId ?? stored.dealId
      if (typeof dealId !== 'string' || dealSheetId(dealId) !== op.rowId) {
        rejected.push({ ...where, code: 'sync.invalid-field', reason: `${op.rowId} is the sheet of another deal than its dealId names` })
        continue
      }
    }
    const fromFields = await resolver.streamFromFields(op, stored)
    const stream = fromFields ?? current
    const movedFrom = stream !== undefined && stream !== null && current !== undefined && current !== stream ? current : undefined
    // One answer for "the hub has no such parent" and "it lives in a region you don't hold":
    // two answers would tell a caller which ids exist in other regions.
    if (stream === undefined || stream === null || !inScope(scope, stream) || (movedFrom !== undefined && !inScope(scope, movedFrom))) {
      rejected.push({ ...where, code: 'sync.out-of-scope', reason: `${op.table}/${op.rowId} is outside your regions, or hangs off a record the hub does not have` })
      continue
    }
    if (isLogged) {
      duplicates++
      continue
    }
    const forbidden =
      permissionRefusal(scope, op, rowValuesOf(storedRow)) ??
      interviewScorePermissionRefusal(scope, op, rowValuesOf(storedRow)) ??
      (await postSalePermissionRefusal(scope, op, rowValuesOf(storedRow), async (table, id) => {
        // This batch's own writes first (a contract pushed with its plan), then the stored cells.
        const inBatch = Object.assign({}, ...ops.filter((o) => o.table === table && o.rowId === id).map((o) => o.fields)) as Record<string, unknown>
        const stored = { ...rowValuesOf(cells.get(`${table}/${id}`)), ...(await resolver.cellValues(table, id, ['dealId', 'customerId', 'ownerId'])) }
        const row = { ...stored, ...inBatch }
        return Object.keys(row).length ? row : undefined
      }))
    if (forbidden) {
      rejected.push({ ...where, ...forbidden })
      continue
    }
    seen.add(opKey)
    resolver.placed.set(`${op.table}/${op.rowId}`, stream)
    placed.push({ op, stream, movedFrom })
  }

  if (rejected.length) throw new BatchRejected(rejected)
  return { placed, duplicates }
}

/** A row this batch moves to another region, with the batch's ops on it. */
interface MovedRow {
  tbl: string
  row_id: string
  from: string
  to: string
  ops: Op[]
}

/** Place, continued: rows that hang off a row this batch moves to another region move with it. */
async function placeMoves(db: Sql, resolver: StreamResolver, ops: Op[], placed: Placed[]): Promise<{ movedRows: Map<string, MovedRow>; carried: Carried[] }> {
  const movedRows = new Map<string, MovedRow>()
  for (const p of placed) {
    const key = `${p.op.table}/${p.op.rowId}`
    const before = movedRows.get(key)
    if (p.movedFrom !== undefined || before) movedRows.set(key, { tbl: p.op.table, row_id: p.op.rowId, from: before?.from ?? p.movedFrom!, to: p.stream, ops: [...(before?.ops ?? []), p.op] })
  }
  for (const [key, m] of movedRows) if (m.from === m.to) movedRows.delete(key)
  const carried = movedRows.size ? await carryDependents(db, resolver, [...movedRows.values()], new Set(ops.map((o) => `${o.table}/${o.rowId}`))) : []

  return { movedRows, carried }
}

/** Everything writeBatch's statement writes, worked out in memory (planWrites). */
interface WritePlan {
  payload: Record<string, unknown>
  summary: { batchId: string; accepted: number; duplicates: number; conflicts: number }
  /** Cells inserted, updated or deleted: the statement checks it wrote exactly so many. */
  cellWrites: number
  /** Cells and streams of carried rows, which must still be as they were read. */
  carriedCells: number
  carriedFrom: number
}

/**
 * Plan: merge the placed ops against the cells read (in memory), log them in their streams,
 * copy moved and carried rows into their new streams, and list the cells that change.
 */
function planWrites(p: {
  scope: Scope
  batchId: string
  now: number
  read: BatchRead
  placed: Placed[]
  duplicates: number
  movedRows: Map<string, MovedRow>
  carried: Carried[]
}): WritePlan {
  const { scope, batchId, now, placed, duplicates, movedRows, carried } = p
  const { cells, readHlc } = p.read
  const dirty = new Map<string, { tbl: string; row_id: string; field: string }>()
  const conflictRows: Record<string, unknown>[] = []
  const logRows: Record<string, unknown>[] = []
  const streamWrites = new Map<string, { tbl: string; row_id: string; stream: string; move: boolean }>()
  // 1-based position among this batch's ops in each stream; the statement adds the base.
  const ordinal = new Map<string, number>()
  const nextOrd = (stream: string): number => {
    const ord = (ordinal.get(stream) ?? 0) + 1
    ordinal.set(stream, ord)
    return ord
  }
  for (const { op, stream, movedFrom } of placed) {
    const ord = nextOrd(stream)
    const key = `${op.table}/${op.rowId}`
    const row = cells.get(key)
    const merged = mergeOp(modelKinds[op.table as ModelTable].merge, row && Object.keys(row).length ? row : undefined, op)
    cells.set(key, merged.row)
    for (const field of merged.changed) dirty.set(`${key}/${field}`, { tbl: op.table, row_id: op.rowId, field })
    for (const c of merged.conflicts) {
      // One device replacing its own earlier value is an edit, not a conflict: no inbox shows
      // it (the op log keeps both), and recording it would add a row to every ordinary edit.
      if (sameNode(c.hlc, c.winningHlc)) continue
      conflictRows.push({ stream, tbl: c.table, row_id: c.rowId, field: c.field, value: JSON.stringify(c.value), hlc: c.hlc, winning_hlc: c.winningHlc, found_at: now })
    }
    logRows.push({
      stream,
      ord,
      tbl: op.table,
      row_id: op.rowId,
      hlc: op.hlc,
      schema_version: op.schemaVersion,
      fields: JSON.stringify(op.fields),
      seen: op.seen ? JSON.stringify(op.seen) : null,
      batch_id: batchId,
      user_id: scope.user.id,
      received_at: now,
      moved: false
    })
    // A move re-points the row; otherwise the first op of a new row places it.
    if (movedFrom !== undefined) streamWrites.set(key, { tbl: op.table, row_id: op.rowId, stream, move: true })
    else if (!streamWrites.has(key)) streamWrites.set(key, { tbl: op.table, row_id: op.rowId, stream, move: false })
  }

  // A moved row reaches its new region whole: its current values are copied into the new stream
  // as ops (one per clock, flagged `moved` in the log), after what this batch logged there. The
  // old region is told only that it left (a `_departed` op), so its laptops purge it and what
  // hangs off it without learning anything of where it went.
  const inStream = new Set(logRows.map((r) => `${String(r.stream)}/${String(r.tbl)}/${String(r.row_id)}/${String(r.hlc)}`))
  const copy = (stream: string, tbl: string, rowId: string, hlc: string, fields: Record<string, unknown>): void => {
    logRows.push({
      stream,
      ord: nextOrd(stream),
      tbl,
      row_id: rowId,
      hlc,
      schema_version: modelKinds[tbl as ModelTable]?.version ?? 1,
      fields: JSON.stringify(fields),
      batch_id: batchId,
      user_id: scope.user.id,
      received_at: now,
      moved: true
    })
  }
  const blobMoves: { sha: string; region_from: string; region_to: string }[] = []
  const carry = (tbl: string, rowId: string, from: string, to: string, state: RowState): void => {
    for (const c of copiesOf(state, (hlc) => inStream.has(`${to}/${tbl}/${rowId}/${hlc}`))) copy(to, tbl, rowId, c.hlc, c.fields)
    // The file of a moved recording: whoever could download it in the old region can in the new.
    const sha = state.sha256?.value
    if (tbl === 'recordings' && typeof sha === 'string') blobMoves.push({ sha, region_from: from, region_to: to })
  }
  for (const m of movedRows.values()) {
    carry(m.tbl, m.row_id, m.from, m.to, cells.get(`${m.tbl}/${m.row_id}`) ?? {})
    // The old region learns that it left, and nothing of where to (departures.ts). The clock is
    // the moving op's, so a laptop that also holds the new region can tell it saw the move.
    const placing = new Set(placingFields(m.tbl as ModelTable))
    const mover = [...m.ops].reverse().find((o) => Object.keys(o.fields).some((f) => placing.has(f))) ?? m.ops.at(-1)!
    copy(m.from, DEPARTED_TABLE, m.row_id, mover.hlc, { table: m.tbl })
  }
  for (const c of carried) {
    carry(c.tbl, c.row_id, c.from, c.to, c.state)
    streamWrites.set(`${c.tbl}/${c.row_id}`, { tbl: c.tbl, row_id: c.row_id, stream: c.to, move: true })
  }

  // The sequence numbers themselves are handed out by the write statement below, which takes
  // each stream's counter row lock (in a fixed order, so two batches never wait on each other
  // in a cycle). Folding the counter into that one statement means a push holds the lock only
  // while it runs: with 50 laptops on one region stream, every round trip under the lock
  // (counter, write, COMMIT) was queueing for all.
  const counts = [...ordinal.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stream, n]) => ({ stream, n }))
  for (const r of logRows) r.n = ordinal.get(r.stream as string)
  // A dependent carried along must still be as it was read, where it was read: a concurrent
  // edit of it, or a concurrent move, and this push runs again from its reads.
  const carriedCells = carried.flatMap((c) => Object.entries(c.state).map(([field, cell]) => ({ tbl: c.tbl, row_id: c.row_id, field, hlc: cell.hlc })))
  const carriedFrom = carried.map((c) => ({ tbl: c.tbl, row_id: c.row_id, stream: c.from }))
  const inserts: Record<string, unknown>[] = []
  const updates: Record<string, unknown>[] = []
  const deletes: Record<string, unknown>[] = []
  for (const d of dirty.values()) {
    const cell = cells.get(`${d.tbl}/${d.row_id}`)?.[d.field]
    const read = readHlc.get(`${d.tbl}/${d.row_id}/${d.field}`)
    if (cell === undefined) {
      if (read !== undefined) deletes.push({ ...d, read })
    }
    // Values travel as JSON text: jsonb_to_recordset would turn a JSON null into SQL NULL.
    else if (read === undefined) inserts.push({ ...d, value: JSON.stringify(cell.value), hlc: cell.hlc })
    else updates.push({ ...d, value: JSON.stringify(cell.value), hlc: cell.hlc, read })
  }
  const cellWrites = inserts.length + updates.length + deletes.length
  const fresh = [...streamWrites.values()].filter((w) => !w.move)
  const moves = [...streamWrites.values()].filter((w) => w.move)
  return {
    payload: { counts, log: logRows, inserts, updates, deletes, conflicts: conflictRows, fresh, moves, blobMoves, carriedCells, carriedFrom },
    summary: { batchId, accepted: placed.length, duplicates, conflicts: conflictRows.length },
    cellWrites,
    carriedCells: carriedCells.length,
    carriedFrom: carriedFrom.length
  }
}

/** Write: the whole plan in one statement, applied only over what readBatch read. */
async function writeBatch(
  db: Sql,
  plan: WritePlan,
  at: { batchId: string; clientId: string; userId: string; now: number; orgVersion: number | undefined }
): Promise<PushResult> {
  // Every write of the batch in one statement (one round trip). The parts touch disjoint rows:
  // a cell is either inserted, updated or deleted, a row's stream is either placed or moved. The
  // counter row lock lives exactly as long as this statement (no COMMIT round trip after it
  // on PostgreSQL), which is what bounds a region's push rate. Counter rows are created or
  // moved in stream order (ORDER BY feeds the INSERT in that order, so locks are taken in it);
  // each op's seq is its stream's new top minus the batch's count there plus its position, so
  // numbers stay dense and in commit order. Every part runs only while the org version is the
  // one the scope was computed under ($4; null: a scope computed for this request). The batch
  // id is claimed here too: a concurrent push of the same batch fails on its key and, run
  // again, replays. Cells are written only over the version phase 1 read (an insert only where
  // there was none): if a concurrent push changed one meanwhile, fewer rows are written than
  // planned, hub_retry_unless fails the whole statement as a serialization failure, and the
  // push runs again from its reads — so the hub's cell is always the newest edit and the
  // value it replaced is always judged and kept.
  // The `fresh` column comes first on purpose: output columns are evaluated in order and each
  // CTE runs when first read, so the cell writes (the bulk of the work) and their check run
  // before `claim` reads `bump` and takes the counter row lock; under the lock remain the
  // counter, the op log, the batch row and the row streams (what is not read runs at the end).
  // A region's pushes queue on that lock until COMMIT, so what runs under it bounds the rate.
  const [written] = await db.query<{ result: PushResult | null }>(
    `WITH ok AS (
       SELECT 1 WHERE $4::bigint IS NULL OR (SELECT v FROM org_version) = $4::bigint
     ), bump AS (
       INSERT INTO stream_counters (stream, seq)
       SELECT stream, n FROM jsonb_to_recordset($1::jsonb -> 'counts') AS x(stream text, n bigint) WHERE EXISTS (SELECT 1 FROM ok) ORDER BY stream
       ON CONFLICT (stream) DO UPDATE SET seq = stream_counters.seq + EXCLUDED.seq RETURNING stream, seq
     ), log AS (
       INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, seen, batch_id, user_id, received_at, moved)
       SELECT x.stream, b.seq - x.n + x.ord, tbl, row_id, hlc, schema_version, fields::jsonb, seen::jsonb, batch_id, user_id, received_at, moved
       FROM jsonb_to_recordset($1::jsonb -> 'log') AS x(stream text, ord bigint, n bigint, tbl text, row_id text, hlc text, schema_version integer,
         fields text, seen text, batch_id text, user_id text, received_at bigint, moved boolean)
       JOIN bump b ON b.stream = x.stream
     ), ins AS (
       INSERT INTO cells (tbl, row_id, field, value, hlc)
       SELECT tbl, row_id, field, value::jsonb, hlc FROM jsonb_to_recordset($1::jsonb -> 'inserts') AS x(tbl text, row_id text, field text, value text, hlc text)
       WHERE EXISTS (SELECT 1 FROM ok)
       ON CONFLICT DO NOTHING RETURNING 1
     ), upd AS (
       UPDATE cells c SET value = x.value::jsonb, hlc = x.hlc
       FROM jsonb_to_recordset($1::jsonb -> 'updates') AS x(tbl text, row_id text, field text, value text, hlc text, read text)
       WHERE c.tbl = x.tbl AND c.row_id = x.row_id AND c.field = x.field AND c.hlc = x.read AND EXISTS (SELECT 1 FROM ok)
       RETURNING 1
     ), del AS (
       DELETE FROM cells c USING jsonb_to_recordset($1::jsonb -> 'deletes') AS x(tbl text, row_id text, field text, read text)
       WHERE c.tbl = x.tbl AND c.row_id = x.row_id AND c.field = x.field AND c.hlc = x.read AND EXISTS (SELECT 1 FROM ok)
       RETURNING 1
     ), con AS (
       INSERT INTO conflicts (stream, tbl, row_id, field, value, hlc, winning_hlc, found_at)
       SELECT stream, tbl, row_id, field, value::jsonb, hlc, winning_hlc, found_at
       FROM jsonb_to_recordset($1::jsonb -> 'conflicts') AS x(stream text, tbl text, row_id text, field text, value text, hlc text, winning_hlc text, found_at bigint)
       WHERE EXISTS (SELECT 1 FROM ok)
       ON CONFLICT DO NOTHING
     ), placed AS (
       INSERT INTO row_streams (tbl, row_id, stream) SELECT tbl, row_id, stream FROM jsonb_to_recordset($1::jsonb -> 'fresh') AS x(tbl text, row_id text, stream text)
       WHERE EXISTS (SELECT 1 FROM ok)
       ON CONFLICT DO NOTHING
     ), moved AS (
       INSERT INTO row_streams (tbl, row_id, stream) SELECT tbl, row_id, stream FROM jsonb_to_recordset($1::jsonb -> 'moves') AS x(tbl text, row_id text, stream text)
       WHERE EXISTS (SELECT 1 FROM ok)
       ON CONFLICT (tbl, row_id) DO UPDATE SET stream = EXCLUDED.stream
     ), blobs_moved AS (
       INSERT INTO region_blobs (sha256, region) SELECT x.sha, x.region_to FROM jsonb_to_recordset($1::jsonb -> 'blobMoves') AS x(sha text, region_from text, region_to text)
       WHERE EXISTS (SELECT 1 FROM ok) AND EXISTS (SELECT 1 FROM region_blobs rb WHERE rb.sha256 = x.sha AND rb.region = x.region_from)
       ON CONFLICT DO NOTHING
     ), claim AS (
       INSERT INTO batches (batch_id, client_id, user_id, received_at, result)
       SELECT $2, $5, $6, $7, $3::jsonb || jsonb_build_object('streams', (SELECT coalesce(jsonb_object_agg(stream, seq), '{}'::jsonb) FROM bump))
       WHERE EXISTS (SELECT 1 FROM ok)
       RETURNING result
     )
     SELECT hub_retry_unless(NOT EXISTS (SELECT 1 FROM ok) OR (
         (SELECT count(*) FROM ins) + (SELECT count(*) FROM upd) + (SELECT count(*) FROM del) = $8
         AND (SELECT count(*) FROM jsonb_to_recordset($1::jsonb -> 'carriedCells') AS x(tbl text, row_id text, field text, hlc text)
              JOIN cells c ON c.tbl = x.tbl AND c.row_id = x.row_id AND c.field = x.field AND c.hlc = x.hlc) = $9
         AND (SELECT count(*) FROM jsonb_to_recordset($1::jsonb -> 'carriedFrom') AS x(tbl text, row_id text, stream text)
              JOIN row_streams s ON s.tbl = x.tbl AND s.row_id = x.row_id AND s.stream = x.stream) = $10)) AS fresh,
       (SELECT result FROM claim) AS result`,
    [
      JSON.stringify(plan.payload),
      at.batchId,
      JSON.stringify(plan.summary),
      at.orgVersion ?? null,
      at.clientId,
      at.userId,
      at.now,
      plan.cellWrites,
      plan.carriedCells,
      plan.carriedFrom
    ]
  )
  // The org moved between the scope's computation and this statement: nothing was written.
  if (!written?.result) throw new StaleScope()
  return written.result
}

export class RecordsService {
  constructor(
    private readonly store: HubStore,
    private readonly onStreamMoved: (stream: string, seq: number) => void = () => {}
  ) {}

  /** `units`: the org tree, when the caller holds a fresh cached copy (see ScopeCache). */
  /** `orgVersion`: the version a cached scope belongs to; checked in the batch's first statement (StaleScope). */
  async push(scope: Scope, body: unknown, now = Date.now(), units?: Map<string, OrgUnitRow>, orgVersion?: number): Promise<PushResult> {
    const parsed = PushBody.safeParse(body)
    if (!parsed.success) {
      throw new HubError(400, 'sync.malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    }
    const { clientId, batchId, ops: rawOps } = parsed.data
    for (const [name, id] of [['clientId', clientId], ['batchId', batchId]] as const) {
      const problem = idProblem(id)
      if (problem) throw new HubError(400, 'sync.invalid-text', `${name} ${describeTextProblem(id, problem, true)}`)
    }
    if (rawOps.length > MAX_OPS_PER_BATCH) throw new HubError(413, 'sync.batch-too-large', `at most ${MAX_OPS_PER_BATCH} ops per batch`)

    const rejected: OpRejection[] = []
    const ops: Op[] = []
    rawOps.forEach((raw, i) => {
      const r = checkOp(raw, i, now)
      if ('op' in r) ops.push(r.op)
      else rejected.push(r.rejection)
    })
    if (rejected.length) throw new HubError(422, 'sync.batch-rejected', `${rejected.length} op(s) refused; nothing applied`, { rejected })

    let result: PushResult
    try {
      result = await this.store.singleWrite((db) => this.applyBatch(db, scope, clientId, batchId, ops, now, units, orgVersion))
    } catch (e) {
      if (e instanceof BatchRejected) {
        throw new HubError(422, 'sync.batch-rejected', `${e.rejected.length} op(s) refused; nothing applied`, { rejected: e.rejected })
      }
      throw e
    }
    if (!result.replayed) for (const [stream, seq] of Object.entries(result.streams)) this.onStreamMoved(stream, seq)
    return result
  }

  private async applyBatch(
    db: Sql,
    scope: Scope,
    clientId: string,
    batchId: string,
    ops: Op[],
    now: number,
    units: Map<string, OrgUnitRow> | undefined,
    orgVersion: number | undefined
  ): Promise<PushResult> {
    const read = await readBatch(db, batchId, ops)
    if (orgVersion !== undefined && read.orgVersion !== orgVersion) throw new StaleScope()
    if (read.prior) {
      if (read.prior.user_id !== scope.user.id || !read.prior.result) {
        throw new HubError(409, 'sync.batch-id-taken', 'this batch id was used by another sender; use a fresh id')
      }
      return { ...read.prior.result, replayed: true }
    }
    const resolver = new StreamResolver(db, units ?? (await loadOrgUnits(db)))
    const { placed, duplicates } = await placeOps(resolver, scope, ops, read)
    const { movedRows, carried } = await placeMoves(db, resolver, ops, placed)
    const plan = planWrites({ scope, batchId, now, read, placed, duplicates, movedRows, carried })
    return writeBatch(db, plan, { batchId, clientId, userId: scope.user.id, now, orgVersion })
  }

  async pull(scope: Scope, query: unknown): Promise<{ stream: string; ops: PulledOp[]; head: number; more: boolean; conflictTop: number }> {
    return JSON.parse(await this.pullJson(scope, query)) as { stream: string; ops: PulledOp[]; head: number; more: boolean; conflictTop: number }
  }

  /**
   * A pull page as the JSON text the client receives, built by the database in one statement
   * (so the page and the head come from one snapshot). `conflictTop`: the stream's newest
   * conflict id, so a laptop asks `/sync/conflicts` when there is a new one. The hub never parses and re-serializes
   * the ops: on a first sync of a few hundred thousand ops that was most of its work.
   */
  async pullJson(scope: Scope, query: unknown, orgVersion?: number): Promise<string> {
    const parsed = PullQuery.safeParse(query)
    if (!parsed.success) throw new HubError(400, 'sync.malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const { stream, after, limit } = parsed.data
    if (!inScope(scope, stream)) throw new HubError(403, 'auth.out-of-scope', 'this stream is outside your regions')
    const [row] = await this.store.query<{ body: string; org_v: number | string }>(
      `WITH page AS (
         SELECT seq, tbl, row_id, hlc, schema_version, fields, seen FROM op_log WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3
       ), h AS (
         SELECT coalesce((SELECT seq FROM stream_counters WHERE stream = $1), 0) AS head
       )
       SELECT json_build_object(
         'stream', $1::text,
         'ops', coalesce((SELECT json_agg(json_build_object('seq', seq, 'op', CASE WHEN seen IS NULL
                  THEN json_build_object('table', tbl, 'rowId', row_id, 'hlc', hlc, 'schemaVersion', schema_version, 'fields', fields)
                  ELSE json_build_object('table', tbl, 'rowId', row_id, 'hlc', hlc, 'schemaVersion', schema_version, 'fields', fields, 'seen', seen) END)
                  ORDER BY seq) FROM page), '[]'::json),
         'head', h.head,
         'more', coalesce((SELECT max(seq) FROM page), $2) < h.head,
         'conflictTop', coalesce((SELECT max(id) FROM conflicts WHERE stream = $1), 0)
       )::text AS body, (SELECT v FROM org_version) AS org_v FROM h`,
      [stream, after, limit]
    )
    if (orgVersion !== undefined && Number(row!.org_v) !== orgVersion) throw new StaleScope()
    return row!.body
  }
}

export interface UserConflict extends Conflict {
  id: number
  foundAt: number
  /** Who made the losing and the winning edit (hub user ids), from the op log. */
  loserUserId: string | null
  winnerUserId: string | null
  /**
   * Their names and roles, so the inbox can say who even when that person is outside the
   * caller's org view (moved away, or above them). Never their email: that stays scope data.
   */
  loserName: string | null
  loserRole: string | null
  winnerName: string | null
  winnerRole: string | null
}

/**
 * How long after it was found a conflict row may still be overtaken by a lower id. Ids are
 * taken when a push's statement runs, but those statements commit in any order, and found_at is
 * the hub's clock when the push request arrived, before its reads, a wait for a pooled
 * connection, the stream counter lock and up to ten retries. Normally that is milliseconds; 120 s
 * is four times the laptop's 30 s request timeout (a push it gave up on may still commit) plus
 * room for clock skew between hub instances. The cost: a user's conflicts of the last two
 * minutes are sent again on each round, and the laptop de-duplicates them.
 */
export const CONFLICT_SETTLE_MS = 120_000
const CONFLICT_PAGE = 200

/**
 * The losing values that concern this user — their edit lost, or their edit beat someone
 * else's — in their regions, after a cursor (the conflict row id). A laptop only sees losses its
 * own merges find; this brings the ones the hub found, e.g. an edit the user made on another laptop.
 *
 * `next` never passes a lower id that may still commit: it is the highest conflict id (anyone's,
 * so a user with no conflicts of their own moves on too) found more than CONFLICT_SETTLE_MS ago,
 * and every id below a settled row has committed by then (its statement ran before that row's).
 * Younger rows of the page are sent anyway and come again until they settle.
 */
export async function pullConflicts(db: Sql, scope: Scope, query: unknown, now = Date.now()): Promise<ConflictsAnswer & { conflicts: UserConflict[] }> {
  const parsed = ConflictsQuery.safeParse(query)
  if (!parsed.success) throw new HubError(400, 'sync.malformed', 'after must be a non-negative integer')
  const rows = await db.query<{
    id: number | string | null
    tbl: string
    row_id: string
    field: string
    value: unknown
    hlc: string
    winning_hlc: string
    found_at: number | string
    loser: string | null
    winner: string | null
    loser_name: string | null
    loser_role: string | null
    winner_name: string | null
    winner_role: string | null
    settled: number | string | null
  }>(
    // A full page caps the cursor at its last row: rows of this user past it come next time.
    `WITH page AS (
       SELECT c.id, c.tbl, c.row_id, c.field, c.value, c.hlc, c.winning_hlc, c.found_at, lo.user_id AS loser, wo.user_id AS winner
       FROM conflicts c
       LEFT JOIN op_log lo ON lo.tbl = c.tbl AND lo.row_id = c.row_id AND lo.hlc = c.hlc AND NOT lo.moved
       LEFT JOIN op_log wo ON wo.tbl = c.tbl AND wo.row_id = c.row_id AND wo.hlc = c.winning_hlc AND NOT wo.moved
       WHERE c.id > $1 AND c.stream = ANY($2) AND (lo.user_id = $3 OR wo.user_id = $3)
       ORDER BY c.id LIMIT $4
     ), top AS (
       SELECT CASE WHEN count(*) >= $4 THEN max(id) END AS id FROM page
     ), settled AS (
       -- One table and a scalar bound, so max() walks the primary key down from the top and
       -- stops at the first settled row instead of reading every row after the cursor.
       SELECT (SELECT max(c.id) FROM conflicts c
               WHERE c.id > $1 AND c.id <= coalesce((SELECT id FROM top), 9223372036854775807) AND c.found_at <= $5) AS id
     )
     SELECT p.*, lu.name AS loser_name, lu.role AS loser_role, wu.name AS winner_name, wu.role AS winner_role, s.id AS settled
     FROM settled s
     LEFT JOIN page p ON true
     LEFT JOIN users lu ON lu.id = p.loser
     LEFT JOIN users wu ON wu.id = p.winner
     ORDER BY p.id`,
    [parsed.data.after, [...scope.regions, GLOBAL_STREAM], scope.user.id, CONFLICT_PAGE, now - CONFLICT_SETTLE_MS]
  )
  const conflicts = rows.flatMap((r) =>
    r.id === null
      ? []
      : [
          {
            id: Number(r.id),
            table: r.tbl,
            rowId: r.row_id,
            field: r.field,
            value: r.value,
            hlc: r.hlc,
            winningHlc: r.winning_hlc,
            foundAt: Number(r.found_at),
            loserUserId: r.loser,
            winnerUserId: r.winner,
            loserName: r.loser_name,
            loserRole: r.loser_role,
            winnerName: r.winner_name,
            winnerRole: r.winner_role
          }
        ]
  )
  const settled = rows[0]?.settled
  return { conflicts, next: settled === null || settled === undefined ? parsed.data.after : Number(settled) }
}
