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
  fields: z.record(z.string(), z.unknown())
})
export type Op = z.infer<typeof Op>

/** The outbox row: the op plus a local sequence number and where it came from. */
export interface OutboxEntry extends Op {
  seq?: number
  origin: 'local' | 'import'
}
