import type { CockpitDb } from '../db/database'
import { readRejected, REJECTED_KEY, type RejectedOp } from './engine'

/**
 * Edits the hub refused leave the outbox (one refused op must not hold back the rest) and wait
 * here with the hub's reason until the person dismisses them or sends them again — after an
 * admin gave them the permission, say.
 */

export function refusedKey(r: Pick<RejectedOp, 'op'>): string {
  return `${r.op.table}/${r.op.rowId}/${r.op.hlc}`
}

export async function dismissRefused(db: CockpitDb, r: RejectedOp): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const key = refusedKey(r)
    await db.meta.put({ key: REJECTED_KEY, value: (await readRejected(db)).filter((x) => refusedKey(x) !== key) })
  })
}

/** Back into the outbox as it was (same clock), so the next round offers it to the hub again. */
export async function sendRefusedAgain(db: CockpitDb, r: RejectedOp): Promise<void> {
  await db.transaction('rw', db.meta, db.outbox, async () => {
    const key = refusedKey(r)
    await db.outbox.add({ ...r.op, origin: 'local' })
    await db.meta.put({ key: REJECTED_KEY, value: (await readRejected(db)).filter((x) => refusedKey(x) !== key) })
  })
}
