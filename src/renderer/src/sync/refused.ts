import type { RejectedOp } from './engine'

/**
 * Changes the hub refused (or the laptop parked before sending, for the same reason), one line
 * per reason with how many: what Settings → Team hub lists and what a header warning can count.
 * The changes themselves left the outbox so they never hold back the ones behind them.
 */
export function refusedByReason(rejected: readonly RejectedOp[]): { code: string; count: number; records: { table: string; rowId: string }[] }[] {
  const byCode = new Map<string, { count: number; records: Map<string, { table: string; rowId: string }> }>()
  for (const r of rejected) {
    const entry = byCode.get(r.code) ?? { count: 0, records: new Map() }
    entry.count++
    entry.records.set(`${r.op.table}/${r.op.rowId}`, { table: r.op.table, rowId: r.op.rowId })
    byCode.set(r.code, entry)
  }
  // The records each reason touched (once each), so the user knows what to correct.
  return [...byCode].map(([code, e]) => ({ code, count: e.count, records: [...e.records.values()] }))
}
