import { modelKinds, type ModelTable, type RowOf } from '@shared/model'
import { parseHlc } from '@shared/sync/hlc'
import type { CockpitDb } from '../db/database'
import { write } from '../db/write'
import { CONFLICTS_KEY, readConflicts, type KeptConflict } from './engine'

/**
 * The conflict inbox's actions. A losing value is only ever put back through the one write
 * path, so the restore is a new edit with a newer clock: it wins everywhere and syncs like any
 * other change — and the value it replaces is kept in turn on the other laptops.
 */

export function conflictKey(c: Pick<KeptConflict, 'table' | 'rowId' | 'field' | 'hlc'>): string {
  return `${c.table}/${c.rowId}/${c.field}/${c.hlc}`
}

/** When the losing edit was made (the wall time in its clock). */
export function conflictEditedAt(c: Pick<KeptConflict, 'hlc'>): number | undefined {
  try {
    return parseHlc(c.hlc).wallMs
  } catch {
    return undefined
  }
}

/** Rows that are append-only (activities, stage history…) cannot be edited, so their losing values can only be dismissed. */
export function canRestore(c: Pick<KeptConflict, 'table'>): boolean {
  return Object.prototype.hasOwnProperty.call(modelKinds, c.table) && modelKinds[c.table as ModelTable].merge === 'record'
}

export async function dismissConflict(db: CockpitDb, c: KeptConflict): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const key = conflictKey(c)
    await db.meta.put({ key: CONFLICTS_KEY, value: (await readConflicts(db)).filter((k) => conflictKey(k) !== key) })
  })
}

/** Writes the losing value back (validated like any edit), then clears it from the inbox. */
export async function restoreConflict(db: CockpitDb, c: KeptConflict): Promise<void> {
  const table = c.table as ModelTable
  // A cleared optional field travels as null; the row schema wants it absent.
  const value = c.value === null ? undefined : c.value
  await write(async (tx) => {
    await tx.update(table, c.rowId, { [c.field]: value } as Partial<RowOf<typeof table>>)
  })
  await dismissConflict(db, c)
}
