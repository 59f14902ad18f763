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

/** The outbox row: the op plus a local sequence number and where it came from. */
export interface OutboxEntry extends Op {
  seq?: number
  origin: 'local' | 'import'
}
