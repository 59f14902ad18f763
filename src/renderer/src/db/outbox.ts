import { opsOfEntry, type Op } from '@shared/sync/op'
import type { CockpitDb } from './database'

/**
 * How many ops wait in the outbox: rows, with each batch row counted as the ops it holds. Reads
 * the count and the batch sizes from keys only (no op is loaded), so a live badge can ask often.
 */
export async function pendingOpCount(db: CockpitDb): Promise<number> {
  const [rows, sizes] = await Promise.all([db.outbox.count(), db.outbox.orderBy('size').keys()])
  let n = rows - sizes.length
  for (const s of sizes) n += Number(s)
  return n
}

/** Every op waiting in the outbox, in the order they will be pushed (batch rows spelled out). */
export async function outboxOps(db: CockpitDb): Promise<(Op & { origin: 'local' | 'import' })[]> {
  const rows = await db.outbox.orderBy('seq').toArray()
  return rows.flatMap((e) => opsOfEntry(e).map((op) => ({ ...op, origin: e.origin })))
}
