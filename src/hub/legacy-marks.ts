import { LEGACY_MARK_TABLES, legacyMark } from '../shared/model/legacy-marks'
import { mergeOp, type RowState } from '../shared/sync/merge'
import type { Sql } from './store'

/**
 * Hub schema step 8: the marks stored before their kinds existed — `comments` rows on pseudo
 * target tables (shared/model/legacy-marks.ts) — become rows of `libraryMarks`,
 * `taskCompletions` and `commentRevisions`. The op log keeps every op at its stream and
 * sequence number, rewritten in place, so a laptop pulling from the start gets the new kinds
 * (one that pulled them already moves its own copies in its Dexie upgrade); the cells are the
 * merge of those ops by their clocks, the same merge a laptop's upgrade runs, so both agree.
 */
export async function moveLegacyMarks(tx: Sql): Promise<void> {
  const targets = Object.keys(LEGACY_MARK_TABLES)
  const logged = await tx.query<{ stream: string; seq: string; fields: Record<string, unknown> }>(
    `SELECT stream, seq::text AS seq, fields FROM op_log WHERE tbl = 'comments' AND fields ->> 'targetTable' = ANY($1::text[])`,
    [targets]
  )
  for (const o of logged) {
    const mark = legacyMark(o.fields)
    if (!mark) continue
    await tx.query('UPDATE op_log SET tbl = $1, row_id = $2, fields = $3::jsonb, schema_version = 1, seen = NULL WHERE stream = $4 AND seq = $5::bigint', [
      mark.table,
      mark.rowId,
      JSON.stringify(mark.fields),
      o.stream,
      o.seq
    ])
  }

  const stored = await tx.query<{ row_id: string; field: string; value: unknown; hlc: string; stream: string | null }>(
    `SELECT c.row_id, c.field, c.value, c.hlc, s.stream FROM cells c
     LEFT JOIN row_streams s ON s.tbl = 'comments' AND s.row_id = c.row_id
     WHERE c.tbl = 'comments' AND c.row_id IN (
       SELECT row_id FROM cells WHERE tbl = 'comments' AND field = 'targetTable' AND value #>> '{}' = ANY($1::text[]))`,
    [targets]
  )
  const oldRows = new Map<string, { fields: Record<string, unknown>; hlc: string; stream: string | null }>()
  for (const c of stored) {
    const row = oldRows.get(c.row_id) ?? { fields: {}, hlc: c.hlc, stream: c.stream }
    row.fields[c.field] = c.value
    // A comment is append-only: all its cells carry the clock of the one op that made it.
    if (c.hlc < row.hlc) row.hlc = c.hlc
    oldRows.set(c.row_id, row)
  }
  const next = new Map<string, { table: string; rowId: string; state: RowState; stream: string | null }>()
  const moved: string[] = []
  for (const [rowId, old] of oldRows) {
    const mark = legacyMark(old.fields)
    if (!mark) continue
    moved.push(rowId)
    const key = `${mark.table}/${mark.rowId}`
    const cur = next.get(key) ?? { table: mark.table, rowId: mark.rowId, state: {}, stream: old.stream }
    cur.state = mergeOp('record', cur.state, { table: mark.table, rowId: mark.rowId, hlc: old.hlc, schemaVersion: 1, fields: mark.fields }).row
    cur.stream ??= old.stream
    next.set(key, cur)
  }
  for (const r of next.values()) {
    for (const [field, cell] of Object.entries(r.state)) {
      await tx.query(
        `INSERT INTO cells (tbl, row_id, field, value, hlc) VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (tbl, row_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc WHERE cells.hlc < excluded.hlc`,
        [r.table, r.rowId, field, JSON.stringify(cell.value), cell.hlc]
      )
    }
    if (r.stream) await tx.query('INSERT INTO row_streams (tbl, row_id, stream) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [r.table, r.rowId, r.stream])
  }
  if (moved.length) {
    await tx.query(`DELETE FROM cells WHERE tbl = 'comments' AND row_id = ANY($1::text[])`, [moved])
    await tx.query(`DELETE FROM row_streams WHERE tbl = 'comments' AND row_id = ANY($1::text[])`, [moved])
  }
}
