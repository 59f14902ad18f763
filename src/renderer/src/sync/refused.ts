import type { RejectedOp } from './engine'

/**
 * Changes the hub refused (or the laptop parked before sending, for the same reason), one line
 * per reason with how many: what Settings → Team hub lists and what a header warning can count.
 * The changes themselves left the outbox so they never hold back the ones behind them.
 */
export function refusedByReason(rejected: readonly RejectedOp[]): { code: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const r of rejected) counts.set(r.code, (counts.get(r.code) ?? 0) + 1)
  return [...counts].map(([code, count]) => ({ code, count }))
}
