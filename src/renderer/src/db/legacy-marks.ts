import type { Transaction } from 'dexie'
import { isLegacyMarkTarget, legacyMark } from '@shared/model/legacy-marks'
import { formatHlc } from '@shared/sync/hlc'
import { mergeOp, type RowState } from '@shared/sync/merge'

/**
 * Dexie version 19: the `comments` rows that stood for library marks, task completions and
 * comment edits (pseudo target tables) move into their own kinds. Each old row is replayed as
 * the op it was, with its clock, onto the new kind's row — the same rewrite and merge the hub
 * runs on its stored marks — so this laptop and the hub end on the same rows and clocks. Unsent
 * old-shaped ops stay in the outbox: the hub rewrites them on arrival.
 */
export async function moveLegacyMarks(tx: Transaction): Promise<void> {
  const comments = tx.table('comments')
  const clocks = tx.table('clocks')
  const old = (await comments.filter((r: { targetTable?: unknown }) => isLegacyMarkTarget(r.targetTable)).toArray()) as (Record<string, unknown> & {
    id: string
    createdAt: number
  })[]
  if (old.length === 0) return
  const rows = new Map<string, { table: string; rowId: string; state: RowState }>()
  const moved: string[] = []
  for (const r of old) {
    const { id, ...fields } = r
    const mark = legacyMark(fields)
    if (!mark) continue
    moved.push(id)
    const entry = (await clocks.get(`comments/${id}`)) as { clocks: Record<string, string>; all?: string } | undefined
    // A comment row is one op, so all its fields share one clock. Rows the demo or an import
    // wrote without clocks get one from when they were made (node "legacy" sorts them last on a tie).
    const hlc = entry?.all ?? Object.values(entry?.clocks ?? {})[0] ?? formatHlc({ wallMs: r.createdAt, counter: 0, node: `legacy-${id}` })
    const key = `${mark.table}/${mark.rowId}`
    const cur = rows.get(key) ?? { table: mark.table, rowId: mark.rowId, state: {} }
    cur.state = mergeOp('record', cur.state, { table: mark.table, rowId: mark.rowId, hlc, schemaVersion: 1, fields: mark.fields }).row
    rows.set(key, cur)
  }
  for (const { table, rowId, state } of rows.values()) {
    const row: Record<string, unknown> = { id: rowId }
    // A null is a cleared optional field (a mark without a note): absent from the row.
    for (const [f, cell] of Object.entries(state)) if (cell.value !== null) row[f] = cell.value
    await tx.table(table).put(row)
    await clocks.put({ key: `${table}/${rowId}`, clocks: Object.fromEntries(Object.entries(state).map(([f, c]) => [f, c.hlc])) })
  }
  await comments.bulkDelete(moved)
  await clocks.bulkDelete(moved.map((id) => `comments/${id}`))
}
