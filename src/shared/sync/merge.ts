import type { MergeKind } from '../model/common'
import type { Op } from './op'

/**
 * The pure merge every replica (laptop or hub) runs: no I/O, no clock reads. A row is a map of
 * fields, each with the value and the clock of the write that set it.
 *
 * - `record` kinds: each field is last-writer-wins by HLC. Ties cannot happen between
 *   different writes because the HLC string ends with the writer's node id; an equal clock
 *   is the same write delivered twice, and is ignored.
 * - `append` kinds: the row is immutable, so the whole row belongs to one op — the earliest by
 *   HLC. Choosing "earliest" rather than "first delivered" keeps replicas equal whatever the
 *   delivery order.
 *
 * Every value that loses comes back as a `Conflict`, so nothing is dropped silently — except a
 * value the winning writer had seen (`op.seen`): overwriting what one saw is an edit, and the op
 * log keeps the old value anyway.
 */

export interface Cell {
  value: unknown
  hlc: string
}

export type RowState = Record<string, Cell>

export interface Conflict {
  table: string
  rowId: string
  field: string
  /** The value that lost, and the clock of the write that carried it. */
  value: unknown
  hlc: string
  /** The clock of the write that won the field at the time the loss was found. */
  winningHlc: string
}

export interface MergeResult {
  row: RowState
  /** Fields whose stored cell changed (a replica writes only these). */
  changed: string[]
  conflicts: Conflict[]
}

export function mergeOp(kind: MergeKind, row: RowState | undefined, op: Op): MergeResult {
  return kind === 'append' ? mergeAppend(row ?? {}, op) : mergeRecord(row ?? {}, op)
}

function mergeRecord(row: RowState, op: Op): MergeResult {
  const next: RowState = { ...row }
  const changed: string[] = []
  const conflicts: Conflict[] = []
  for (const [field, value] of Object.entries(op.fields)) {
    const cur = row[field]
    if (cur === undefined) {
      next[field] = { value, hlc: op.hlc }
      changed.push(field)
    } else if (cur.hlc === op.hlc) {
      // The same write again (a duplicated or replayed message).
      continue
    } else if (op.hlc > cur.hlc) {
      // The writer had this value (or a newer one) in front of them: a sequential edit, not a conflict.
      const seen = op.seen?.[field]
      if (seen === undefined || seen < cur.hlc) conflicts.push({ table: op.table, rowId: op.rowId, field, value: cur.value, hlc: cur.hlc, winningHlc: op.hlc })
      next[field] = { value, hlc: op.hlc }
      changed.push(field)
    } else {
      conflicts.push({ table: op.table, rowId: op.rowId, field, value, hlc: op.hlc, winningHlc: cur.hlc })
    }
  }
  return { row: next, changed, conflicts }
}

/** The clock of the op an append-only row came from; all its cells share it. */
export function appendRowHlc(row: RowState): string | undefined {
  for (const cell of Object.values(row)) return cell.hlc
  return undefined
}

function mergeAppend(row: RowState, op: Op): MergeResult {
  const rowHlc = appendRowHlc(row)
  const incoming: RowState = {}
  for (const [field, value] of Object.entries(op.fields)) incoming[field] = { value, hlc: op.hlc }
  if (rowHlc === undefined) return { row: incoming, changed: Object.keys(incoming), conflicts: [] }
  if (rowHlc === op.hlc) return { row, changed: [], conflicts: [] }
  const [winner, loser, winningHlc] = op.hlc < rowHlc ? [incoming, row, op.hlc] : [row, incoming, rowHlc]
  const conflicts: Conflict[] = Object.entries(loser).map(([field, cell]) => ({
    table: op.table,
    rowId: op.rowId,
    field,
    value: cell.value,
    hlc: cell.hlc,
    winningHlc
  }))
  if (winner === row) return { row, changed: [], conflicts }
  // The earlier op replaces the row; fields only the later one had are removed (they lost).
  const changed = [...new Set([...Object.keys(row), ...Object.keys(incoming)])]
  return { row: incoming, changed, conflicts }
}

/** The plain row a replica shows: field values without their clocks. */
export function rowValues(row: RowState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, c]) => [k, c.value]))
}
