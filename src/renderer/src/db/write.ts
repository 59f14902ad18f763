import type { Table } from 'dexie'
import { z } from 'zod'
import { modelKinds, type ModelTable, type RowOf } from '@shared/model'
import { formatHlc, parseHlc, tickHlc, type Hlc } from '@shared/sync/hlc'
import { OUTBOX_BATCH, type OutboxBatch, type OutboxOp } from '@shared/sync/op'
import { newId } from '@shared/ids'
import { interviewScoreRefusal, missingPermission, POST_SALE_TABLES, postSaleRefusal, type Permission } from '@shared/domain/permissions'
import type { UserRole } from '@shared/model/user'
import { getDb, type CockpitDb, type FieldClocks } from './database'
import { bulkClocksRecord, ClockReader, fieldClocksOf, needsInsertClock, type BulkClocks } from './clocks'
import { readSession } from '../session/session'

/**
 * The one write path for synced data. Every change to a model table goes through `write()`,
 * which validates the row with its zod schema, writes it, stamps a hybrid logical clock and
 * appends a field-level op to the outbox — all in one Dexie transaction, so a row never
 * exists without the op that will carry it to the team hub.
 */

export type WriteErrorCode = 'write.invalid' | 'write.not-found' | 'write.append-only' | 'write.exists' | 'write.forbidden'

export class WriteError extends Error {
  constructor(
    public readonly code: WriteErrorCode,
    message: string,
    public readonly details: { table: string; rowId?: string; issues?: z.core.$ZodIssue[]; permission?: Permission; role?: UserRole } = { table: '' }
  ) {
    super(message)
  }
}

export type Origin = 'local' | 'import'

let clockSource: () => number = () => Date.now()
/** Tests pin the wall clock; the app uses Date.now. */
export function setWriteClock(now: () => number): void {
  clockSource = now
}

const CLOCK_KEY = 'hlc'
/**
 * A write of this many ops or more (an import, a team set up) goes to the outbox in batch rows;
 * an everyday edit of a few fields keeps one row per op, read as such by purge and the tests.
 */
const BATCH_FROM = 50
const DEVICE_KEY = 'deviceId'

async function loadClock(db: CockpitDb): Promise<Hlc> {
  const saved = await db.meta.get(CLOCK_KEY)
  if (saved && typeof saved.value === 'string') return parseHlc(saved.value)
  let device = (await db.meta.get(DEVICE_KEY))?.value as string | undefined
  if (!device) {
    device = newId()
    await db.meta.put({ key: DEVICE_KEY, value: device })
  }
  return { wallMs: 0, counter: 0, node: device }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

export class WriteTx {
  private readonly ops: OutboxOp[] = []
  private readonly clockRows = new Map<string, FieldClocks>()
  /** Bulk inserts of this write, one record each (db/clocks.ts), and their rows' clocks until flushed. */
  private readonly bulkRecords: BulkClocks[] = []
  private readonly bulkClocks = new Map<string, string>()
  private readonly reader: ClockReader
  /** Post-sale rows as they were before this write changed them (the owner rule judges both). */
  private readonly before = new Map<string, Record<string, unknown>>()

  constructor(
    private readonly db: CockpitDb,
    private clock: Hlc,
    private readonly origin: Origin,
    /** The signed-in person (session/): who a repository function records as having done it. */
    readonly actor?: string
  ) {
    this.reader = new ClockReader(db)
  }

  private table<T extends ModelTable>(name: T): Table<RowOf<T>, string> {
    return this.db.table(name) as Table<RowOf<T>, string>
  }

  private parse<T extends ModelTable>(name: T, row: unknown, rowId?: string): RowOf<T> {
    const result = modelKinds[name].schema.safeParse(row)
    if (!result.success) {
      const first = result.error.issues[0]
      throw new WriteError('write.invalid', `${name}: ${first?.path.join('.') ?? ''} ${first?.message ?? 'invalid'}`, {
        table: name,
        rowId,
        issues: result.error.issues
      })
    }
    return result.data as RowOf<T>
  }

  /** `existing`: the row as it was before this change (none for a new row). */
  private async stamp(name: ModelTable, rowId: string, fields: Record<string, unknown>, existing?: Record<string, unknown>): Promise<void> {
    this.clock = tickHlc(this.clock, clockSource())
    const hlc = formatHlc(this.clock)
    const key = `${name}/${rowId}`
    let entry = this.clockRows.get(key)
    if (!entry) {
      entry = (await this.db.clocks.get(key)) ?? { key, clocks: {} }
      this.clockRows.set(key, entry)
    }
    // What this laptop had in front of it: replacing that value is an edit, not a conflict (merge.ts).
    // A field without a clock of its own has the row's insert clock (a bulk-inserted row).
    const insertClock = needsInsertClock(entry, existing) ? (this.bulkClocks.get(key) ?? (await this.reader.insertClock(name, rowId))) : undefined
    const had = fieldClocksOf(entry, existing, insertClock)
    const seen: Record<string, string> = {}
    for (const f of Object.keys(fields)) if (had[f]) seen[f] = had[f]
    this.ops.push({ table: name, rowId, hlc, schemaVersion: modelKinds[name].version, fields, origin: this.origin, ...(Object.keys(seen).length ? { seen } : {}) })
    for (const f of Object.keys(fields)) entry.clocks[f] = hlc
  }

  /** Add a new row. Fails if the id exists. */
  async insert<T extends ModelTable>(name: T, row: RowOf<T>): Promise<RowOf<T>> {
    const valid = this.parse(name, row, (row as { id?: string }).id)
    const id = (valid as { id: string }).id
    if ((await this.table(name).get(id)) !== undefined) {
      throw new WriteError('write.exists', `${name}/${id} exists`, { table: name, rowId: id })
    }
    await this.table(name).add(valid)
    const { id: _omit, ...fields } = valid as Record<string, unknown>
    await this.stamp(name, id, fields)
    return valid
  }

  /** Change some fields of a record. Only fields whose value changes produce an op. */
  async update<T extends ModelTable>(name: T, id: string, patch: Partial<RowOf<T>>): Promise<RowOf<T>> {
    if (modelKinds[name].merge === 'append') {
      throw new WriteError('write.append-only', `${name} rows are immutable`, { table: name, rowId: id })
    }
    const existing = await this.table(name).get(id)
    if (existing === undefined) throw new WriteError('write.not-found', `${name}/${id} not found`, { table: name, rowId: id })
    const merged = this.parse(name, { ...(existing as object), ...patch, id }, id)
    // A patch clears a field with `undefined`; zod keeps the key, JSON would drop it from the op.
    for (const [k, v] of Object.entries(merged as Record<string, unknown>)) if (v === undefined) delete (merged as Record<string, unknown>)[k]
    const changed: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(merged as Record<string, unknown>)) {
      if (k !== 'id' && !sameValue(v, (existing as Record<string, unknown>)[k])) changed[k] = v
    }
    // A field removed by the patch (set to undefined) is a change too.
    for (const k of Object.keys(existing as object)) {
      if (!(k in (merged as object))) changed[k] = null
    }
    if (Object.keys(changed).length === 0) return existing
    // The post-sale owner rule judges the row before the write too (no moving a contract off someone's deal).
    const key = `${name}/${id}`
    if ((POST_SALE_TABLES.has(name) || name === 'interviewScores') && !this.before.has(key)) this.before.set(key, existing as Record<string, unknown>)
    await this.table(name).put(merged)
    await this.stamp(name, id, changed, existing as Record<string, unknown>)
    return merged
  }

  /** Insert, or update the fields that differ when the row exists. */
  async upsert<T extends ModelTable>(name: T, row: RowOf<T>): Promise<RowOf<T>> {
    const id = (row as { id: string }).id
    const exists = (await this.table(name).get(id)) !== undefined
    if (!exists) return this.insert(name, row)
    if (modelKinds[name].merge === 'append') return row
    return this.update(name, id, row as Partial<RowOf<T>>)
  }

  /**
   * Send some fields again at their current values, with a new clock: nothing changes here, but
   * the hub places the row anew from them (a rep's targets follow the rep to another region).
   */
  async restamp<T extends ModelTable>(name: T, id: string, fields: readonly (keyof RowOf<T> & string)[]): Promise<void> {
    if (modelKinds[name].merge === 'append') throw new WriteError('write.append-only', `${name} rows are immutable`, { table: name, rowId: id })
    const existing = (await this.table(name).get(id)) as Record<string, unknown> | undefined
    if (existing === undefined) throw new WriteError('write.not-found', `${name}/${id} not found`, { table: name, rowId: id })
    const values = Object.fromEntries(fields.filter((f) => existing[f] !== undefined).map((f) => [f, existing[f]]))
    if (Object.keys(values).length) await this.stamp(name, id, values, existing)
  }

  /** Mark a record deleted; deletion merges last-writer-wins like any field. */
  async remove(name: ModelTable, id: string): Promise<void> {
    await this.update(name, id, { deleted: true } as Partial<RowOf<typeof name>>)
  }

  /** Insert many new rows at once (imports); validates every row before writing any. */
  async insertMany<T extends ModelTable>(name: T, rows: RowOf<T>[]): Promise<void> {
    const valid = rows.map((r) => this.parse(name, r, (r as { id?: string }).id))
    await this.table(name).bulkAdd(valid)
    const ids: string[] = []
    const hlcs: string[] = []
    for (const row of valid) {
      const { id, ...fields } = row as Record<string, unknown>
      this.clock = tickHlc(this.clock, clockSource())
      const hlc = formatHlc(this.clock)
      this.ops.push({ table: name, rowId: id as string, hlc, schemaVersion: modelKinds[name].version, fields, origin: this.origin })
      // No clock record of the row's own: its fields fall back to the insert clock (db/clocks.ts).
      ids.push(id as string)
      hlcs.push(hlc)
      this.bulkClocks.set(`${name}/${id as string}`, hlc)
    }
    if (ids.length) this.bulkRecords.push(bulkClocksRecord(name, ids, hlcs))
  }

  /**
   * The permission table, here as on the hub: a write the signed-in person's role may not make
   * fails whole, naming the permission, before anything is stored. Without a session (a
   * workspace being set up, before anyone is signed in) nothing is refused here; the hub still is.
   */
  async checkPermissions(): Promise<void> {
    if (this.ops.length === 0) return
    const session = await readSession(this.db)
    const me = session ? await this.db.users.get(session.userId) : undefined
    if (!me) return
    for (const op of this.ops) {
      const fields = Object.keys(op.fields)
      // An update carries only changed fields: `kind: 'region'` in an op makes a new region either way.
      const regionCreated = op.table === 'orgUnits' && op.fields.kind === 'region'
      let missing = missingPermission(me.role, op.table as ModelTable, fields, { regionCreated })
      // Post-sale rows: a rep writes only those of their own deals. Read after the batch's own
      // writes (same transaction), so a contract made with its plan in one write is followed.
      // Only post-sale rows and interview scores have an owner rule to read the row for: an
      // import of 10,000 deals would otherwise read each row back once more for nothing.
      if (!missing && (POST_SALE_TABLES.has(op.table as ModelTable) || op.table === 'interviewScores')) {
        const row = (await this.db.table(op.table).get(op.rowId)) as Record<string, unknown> | undefined
        const read = async (table: string, id: string): Promise<Record<string, unknown> | undefined> => (await this.db.table(table).get(id)) as Record<string, unknown> | undefined
        missing = await postSaleRefusal(me.role, me.id, op.table, { ...row, ...op.fields }, read)
        const before = this.before.get(`${op.table}/${op.rowId}`)
        if (!missing && before) missing = await postSaleRefusal(me.role, me.id, op.table, before, read)
        if (!missing) missing = interviewScoreRefusal(me.id, op.table, before ?? {}, { ...row, ...op.fields })
      }
      if (missing) {
        throw new WriteError('write.forbidden', `${me.role} may not write ${op.table} (${missing})`, { table: op.table, rowId: op.rowId, permission: missing, role: me.role })
      }
    }
  }

  async flush(): Promise<void> {
    if (this.ops.length === 0) return
    if (this.ops.length < BATCH_FROM) await this.db.outbox.bulkAdd(this.ops)
    else {
      const rows: OutboxBatch[] = []
      for (let i = 0; i < this.ops.length; i += OUTBOX_BATCH) {
        const ops = this.ops.slice(i, i + OUTBOX_BATCH).map(({ origin: _o, ...op }) => op)
        rows.push({ table: ops[0]!.table, size: ops.length, ops, origin: this.origin })
      }
      await this.db.outbox.bulkAdd(rows)
    }
    await this.db.clocks.bulkPut([...this.clockRows.values(), ...this.bulkRecords])
    await this.db.meta.put({ key: CLOCK_KEY, value: formatHlc(this.clock) })
  }

  get opCount(): number {
    return this.ops.length
  }
}

/**
 * Run `fn` as one atomic write: if it throws, nothing it wrote (rows, ops, clocks) remains.
 */
export async function write<R>(fn: (tx: WriteTx) => Promise<R>, opts: { origin?: Origin } = {}): Promise<R> {
  const db = getDb()
  const tables = [...Object.keys(modelKinds).map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  return db.transaction('rw', tables, async () => {
    const tx = new WriteTx(db, await loadClock(db), opts.origin ?? 'local', (await readSession(db))?.userId)
    const result = await fn(tx)
    await tx.checkPermissions()
    await tx.flush()
    return result
  })
}
