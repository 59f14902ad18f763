import { z } from 'zod'

/**
 * One field-level change to one row, as it goes into the outbox and over the wire.
 * `fields` holds only the fields this write changed; all of them share the op's clock,
 * and each merges last-writer-wins on its own.
 */
export const Op = z.object({
  table: z.string().min(1).max(40),
  rowId: z.string().min(1).max(64),
  hlc: z.string().min(23).max(120),
  /** Row-shape version of the writer, so a hub can refuse ops from a future schema. */
  schemaVersion: z.number().int().min(1),
  fields: z.record(z.string(), z.unknown()),
  /**
   * For fields this op changes, the clock of the value the writer's replica held when the edit
   * was made (absent for a field it had never seen). Replacing exactly that value, or a newer
   * one, is an ordinary edit: only a value the writer never saw is kept as a conflict.
   */
  seen: z.record(z.string().max(64), z.string().min(23).max(120)).optional()
})
export type Op = z.infer<typeof Op>

/** The outbox row of one op: the op plus a local sequence number and where it came from. */
export interface OutboxOp extends Op {
  seq?: number
  origin: 'local' | 'import'
}

/**
 * Many ops of one write in one outbox row (an import of 10,000 deals writes 50 rows, not
 * 10,000: each IndexedDB record costs more than its bytes). `size` is indexed, so the number of
 * pending ops is read from keys alone; at most `OUTBOX_BATCH` ops, so one row fits one push.
 */
export interface OutboxBatch {
  seq?: number
  origin: 'local' | 'import'
  /** The first op's table (the outbox's `table` index). */
  table: string
  size: number
  ops: Op[]
}

export type OutboxEntry = OutboxOp | OutboxBatch

/** Ops per outbox batch row: the push batch, so a row always goes in one push. */
export const OUTBOX_BATCH = 200

export function isOutboxBatch(e: OutboxEntry): e is OutboxBatch {
  return 'ops' in e && Array.isArray(e.ops)
}

/** The ops an outbox row carries, in order. */
export function opsOfEntry(e: OutboxEntry): Op[] {
  if (isOutboxBatch(e)) return e.ops
  const { table, rowId, hlc, schemaVersion, fields, seen } = e
  return [{ table, rowId, hlc, schemaVersion, fields, ...(seen ? { seen } : {}) }]
}
