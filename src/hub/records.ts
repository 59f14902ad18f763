import { z } from 'zod'
import { modelKinds, type ModelTable } from '../shared/model'
import { ClockError, parseHlc } from '../shared/sync/hlc'
import { mergeOp, type RowState } from '../shared/sync/merge'
import { Op } from '../shared/sync/op'
import { HubError, type OpRejection } from './errors'
import { GLOBAL_STREAM, loadOrgUnits, regionOfUnit, type OrgUnitRow, type Scope } from './org'
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

export const PushBody = z.object({
  clientId: z.string().min(1).max(64),
  batchId: z.string().min(1).max(64),
  // Ops are checked one by one below, so each refusal can name its op.
  ops: z.array(z.unknown()).min(1)
})

export const PullQuery = z.object({
  stream: z.string().min(1).max(64),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500)
})

export interface PushResult {
  batchId: string
  accepted: number
  duplicates: number
  conflicts: number
  /** Each touched stream's newest sequence number after this batch. */
  streams: Record<string, number>
  replayed?: boolean
}

export interface PulledOp {
  seq: number
  op: Op
}

class BatchRejected extends Error {
  constructor(public readonly rejected: OpRejection[]) {
    super('batch rejected')
  }
}

type RegionRule =
  | { kind: 'unit'; field: string }
  | { kind: 'orgUnit' }
  | { kind: 'ref'; refs: [field: string, table: ModelTable][] }
  | { kind: 'comment' }
  | { kind: 'scoped' }
  | { kind: 'global' }

/**
 * Which region stream a row belongs to. Rows that carry an org unit say so directly; the rest
 * follow the row they hang off (a contact its customer, a transcript segment its recording),
 * as the hub stored it — never as the pusher describes it.
 */
const REGION_RULES: Record<ModelTable, RegionRule> = {
  orgUnits: { kind: 'orgUnit' },
  users: { kind: 'unit', field: 'orgUnitId' },
  customers: { kind: 'unit', field: 'orgUnitId' },
  deals: { kind: 'unit', field: 'orgUnitId' },
  poolRules: { kind: 'unit', field: 'orgUnitId' },
  territoryRules: { kind: 'unit', field: 'orgUnitId' },
  contacts: { kind: 'ref', refs: [['customerId', 'customers']] },
  activities: { kind: 'ref', refs: [['customerId', 'customers']] },
  stageHistory: { kind: 'ref', refs: [['dealId', 'deals']] },
  strategySheets: { kind: 'ref', refs: [['dealId', 'deals']] },
  recordings: { kind: 'ref', refs: [['dealId', 'deals'], ['customerId', 'customers'], ['activityId', 'activities']] },
  transcriptSegments: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  scorecards: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  auditFlags: { kind: 'ref', refs: [['activityId', 'activities']] },
  comments: { kind: 'comment' },
  targets: { kind: 'scoped' },
  forecastSnapshots: { kind: 'scoped' },
  salesProcesses: { kind: 'global' },
  scorecardTemplates: { kind: 'global' }
}

function isTable(t: string): t is ModelTable {
  return Object.prototype.hasOwnProperty.call(modelKinds, t)
}

function shapeOf(table: ModelTable): Record<string, z.ZodType> {
  return (modelKinds[table].schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>
}

/** Checks one op on its own: shape, table, fields, schema version, clock. */
export function checkOp(raw: unknown, index: number, now: number): { op: Op } | { rejection: OpRejection } {
  const parsed = Op.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { rejection: { index, code: 'sync.malformed', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid op'}` } }
  }
  const op = parsed.data
  const where = { index, table: op.table, rowId: op.rowId }
  if (!isTable(op.table)) return { rejection: { ...where, code: 'sync.unknown-table', reason: `unknown table "${op.table}"` } }
  const kind = modelKinds[op.table]
  if (op.schemaVersion > kind.version) {
    return {
      rejection: { ...where, code: 'sync.future-schema', reason: `${op.table} schema v${op.schemaVersion} is newer than the hub's v${kind.version}` }
    }
  }
  const shape = shapeOf(op.table)
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

  async rowStream(table: string, rowId: string): Promise<string | undefined> {
    const key = `${table}/${rowId}`
    if (this.placed.has(key)) return this.placed.get(key)
    const [row] = await this.db.query<{ stream: string }>('SELECT stream FROM row_streams WHERE tbl = $1 AND row_id = $2', [table, rowId])
    return row?.stream
  }

  /** Hub org units first; then org units clients created (stored cells), walking up to a region. */
  async unitRegion(unitId: string, pending?: { kind?: unknown; parentId?: unknown }): Promise<string | undefined> {
    let id: string | null = unitId
    let next = pending
    for (let depth = 0; id && depth < 32; depth++) {
      const known = regionOfUnit(this.units, id)
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
        return typeof f[rule.field] === 'string' ? ((await this.unitRegion(f[rule.field] as string)) ?? null) : undefined
      case 'orgUnit':
        if (!('kind' in f) && !('parentId' in f)) return undefined
        return (await this.unitRegion(op.rowId, { kind: f.kind, parentId: f.parentId })) ?? null
      case 'ref':
        for (const [field, table] of rule.refs) {
          if (typeof f[field] === 'string') return (await this.rowStream(table, f[field] as string)) ?? null
        }
        return undefined
      case 'comment':
        if (typeof f.targetTable !== 'string' || typeof f.targetId !== 'string') return undefined
        return (await this.rowStream(f.targetTable, f.targetId)) ?? null
      case 'scoped':
        if (typeof f.scopeId !== 'string' || typeof f.scopeKind !== 'string') return undefined
        return (f.scopeKind === 'user' ? await this.userRegion(f.scopeId) : await this.unitRegion(f.scopeId)) ?? null
    }
  }
}

/** The fields that decide a table's region, so a partial op can be resolved from stored cells. */
function placingFields(table: ModelTable): string[] {
  const rule = REGION_RULES[table]
  switch (rule.kind) {
    case 'unit':
      return [rule.field]
    case 'orgUnit':
      return ['kind', 'parentId']
    case 'ref':
      return rule.refs.map(([f]) => f)
    case 'comment':
      return ['targetTable', 'targetId']
    case 'scoped':
      return ['scopeKind', 'scopeId']
    case 'global':
      return []
  }
}

interface Placed {
  op: Op
  stream: string
  /** Set when the op moves the row from another region (e.g. a deal handed to another region's team). */
  movedFrom?: string
}

function inScope(scope: Scope, stream: string, write: boolean): boolean {
  if (stream === GLOBAL_STREAM) return !write || scope.writesGlobal
  return scope.regions.has(stream)
}

export class RecordsService {
  constructor(
    private readonly store: HubStore,
    private readonly onStreamMoved: (stream: string, seq: number) => void = () => {}
  ) {}

  async push(scope: Scope, body: unknown, now = Date.now()): Promise<PushResult> {
    const parsed = PushBody.safeParse(body)
    if (!parsed.success) {
      throw new HubError(400, 'sync.malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    }
    const { clientId, batchId, ops: rawOps } = parsed.data
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
      result = await this.store.transaction((tx) => this.applyBatch(tx, scope, clientId, batchId, ops, now))
    } catch (e) {
      if (e instanceof BatchRejected) {
        throw new HubError(422, 'sync.batch-rejected', `${e.rejected.length} op(s) refused; nothing applied`, { rejected: e.rejected })
      }
      throw e
    }
    if (!result.replayed) for (const [stream, seq] of Object.entries(result.streams)) this.onStreamMoved(stream, seq)
    return result
  }

  private async applyBatch(tx: Sql, scope: Scope, clientId: string, batchId: string, ops: Op[], now: number): Promise<PushResult> {
    const claimed = await tx.query('INSERT INTO batches (batch_id, client_id, user_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING batch_id', [
      batchId,
      clientId,
      scope.user.id,
      now
    ])
    if (claimed.length === 0) {
      const [prior] = await tx.query<{ user_id: string; result: PushResult | null }>('SELECT user_id, result FROM batches WHERE batch_id = $1', [batchId])
      if (!prior || prior.user_id !== scope.user.id || !prior.result) {
        throw new HubError(409, 'sync.batch-id-taken', 'this batch id was used by another sender; use a fresh id')
      }
      return { ...prior.result, replayed: true }
    }

    // Phase 1: place every op in a region stream and check scope. Reads only, so no lock is
    // held while a batch is judged.
    const resolver = new StreamResolver(tx, await loadOrgUnits(tx))
    const placed: Placed[] = []
    const rejected: OpRejection[] = []
    const seen = new Set<string>()
    let duplicates = 0
    for (const [index, op] of ops.entries()) {
      const where = { index, table: op.table, rowId: op.rowId }
      const opKey = `${op.table}/${op.rowId}/${op.hlc}`
      const [logged] = seen.has(opKey)
        ? [true]
        : await tx.query('SELECT 1 FROM op_log WHERE tbl = $1 AND row_id = $2 AND hlc = $3', [op.table, op.rowId, op.hlc])
      const current = await resolver.rowStream(op.table, op.rowId)
      const stored = current === undefined ? {} : await resolver.cellValues(op.table, op.rowId, placingFields(op.table as ModelTable))
      const fromFields = await resolver.streamFromFields(op, stored)
      const stream = fromFields ?? current
      if (stream === undefined || stream === null) {
        rejected.push({ ...where, code: 'sync.unknown-parent', reason: `the hub cannot tell which region ${op.table}/${op.rowId} belongs to (unknown parent row or org unit)` })
        continue
      }
      const movedFrom = current !== undefined && current !== stream ? current : undefined
      if (!inScope(scope, stream, true) || (movedFrom !== undefined && !inScope(scope, movedFrom, true))) {
        rejected.push({ ...where, code: 'sync.out-of-scope', reason: `${op.table}/${op.rowId} is outside your regions` })
        continue
      }
      if (logged) {
        duplicates++
        continue
      }
      seen.add(opKey)
      resolver.placed.set(`${op.table}/${op.rowId}`, stream)
      placed.push({ op, stream, movedFrom })
    }
    if (rejected.length) throw new BatchRejected(rejected)

    // Phase 2: take each stream's counter row lock (in a fixed order, so two batches never
    // wait on each other in a cycle) and hand out sequence numbers that commit in order.
    const perStream = new Map<string, number>()
    for (const p of placed) perStream.set(p.stream, (perStream.get(p.stream) ?? 0) + 1)
    const nextSeq = new Map<string, number>()
    const streams: Record<string, number> = {}
    for (const stream of [...perStream.keys()].sort()) {
      const n = perStream.get(stream)!
      await tx.query('INSERT INTO stream_counters (stream, seq) VALUES ($1, 0) ON CONFLICT DO NOTHING', [stream])
      const [row] = await tx.query<{ seq: number | string }>('UPDATE stream_counters SET seq = seq + $2 WHERE stream = $1 RETURNING seq', [stream, n])
      const top = Number(row!.seq)
      nextSeq.set(stream, top - n + 1)
      streams[stream] = top
    }

    let conflicts = 0
    for (const { op, stream, movedFrom } of placed) {
      const seq = nextSeq.get(stream)!
      nextSeq.set(stream, seq + 1)
      conflicts += await this.mergeIntoCells(tx, op, stream, now)
      await tx.query(
        `INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, batch_id, user_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)`,
        [stream, seq, op.table, op.rowId, op.hlc, op.schemaVersion, JSON.stringify(op.fields), batchId, scope.user.id, now]
      )
      if (movedFrom !== undefined) {
        await tx.query('UPDATE row_streams SET stream = $3 WHERE tbl = $1 AND row_id = $2', [op.table, op.rowId, stream])
      } else {
        await tx.query('INSERT INTO row_streams (tbl, row_id, stream) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [op.table, op.rowId, stream])
      }
    }
    const result: PushResult = { batchId, accepted: placed.length, duplicates, conflicts, streams }
    await tx.query('UPDATE batches SET result = $2::jsonb WHERE batch_id = $1', [batchId, JSON.stringify(result)])
    return result
  }

  /** Runs the shared pure merge against the stored cells and writes back only what changed. */
  private async mergeIntoCells(tx: Sql, op: Op, stream: string, now: number): Promise<number> {
    const rows = await tx.query<{ field: string; value: unknown; hlc: string }>('SELECT field, value, hlc FROM cells WHERE tbl = $1 AND row_id = $2', [
      op.table,
      op.rowId
    ])
    const row: RowState = Object.fromEntries(rows.map((r) => [r.field, { value: r.value, hlc: r.hlc }]))
    const merged = mergeOp(modelKinds[op.table as ModelTable].merge, rows.length ? row : undefined, op)
    for (const field of merged.changed) {
      const cell = merged.row[field]
      if (cell === undefined) {
        await tx.query('DELETE FROM cells WHERE tbl = $1 AND row_id = $2 AND field = $3', [op.table, op.rowId, field])
      } else {
        await tx.query(
          `INSERT INTO cells (tbl, row_id, field, value, hlc) VALUES ($1, $2, $3, $4::jsonb, $5)
           ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = EXCLUDED.value, hlc = EXCLUDED.hlc`,
          [op.table, op.rowId, field, JSON.stringify(cell.value), cell.hlc]
        )
      }
    }
    for (const c of merged.conflicts) {
      await tx.query(
        `INSERT INTO conflicts (stream, tbl, row_id, field, value, hlc, winning_hlc, found_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [stream, c.table, c.rowId, c.field, JSON.stringify(c.value), c.hlc, c.winningHlc, now]
      )
    }
    return merged.conflicts.length
  }

  async pull(scope: Scope, query: unknown): Promise<{ stream: string; ops: PulledOp[]; head: number; more: boolean }> {
    const parsed = PullQuery.safeParse(query)
    if (!parsed.success) throw new HubError(400, 'sync.malformed', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
    const { stream, after, limit } = parsed.data
    if (!inScope(scope, stream, false)) throw new HubError(403, 'auth.out-of-scope', 'this stream is outside your regions')
    const rows = await this.store.query<{ seq: number | string; tbl: string; row_id: string; hlc: string; schema_version: number; fields: Record<string, unknown> }>(
      'SELECT seq, tbl, row_id, hlc, schema_version, fields FROM op_log WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [stream, after, limit]
    )
    const [counter] = await this.store.query<{ seq: number | string }>('SELECT seq FROM stream_counters WHERE stream = $1', [stream])
    const head = Number(counter?.seq ?? 0)
    const ops = rows.map((r) => ({
      seq: Number(r.seq),
      op: { table: r.tbl, rowId: r.row_id, hlc: r.hlc, schemaVersion: r.schema_version, fields: r.fields }
    }))
    const last = ops.at(-1)?.seq ?? after
    return { stream, ops, head, more: last < head }
  }
}
