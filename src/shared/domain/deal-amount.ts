/**
 * A deal's amount may be unknown: an open deal imported from a CRM export without a value
 * ("amount not set"). It is never read as 0: every sum leaves it out and says how many it left out.
 */

/** Is the amount set? */
export function hasAmount<T extends { amount?: number | undefined }>(d: T): d is T & { amount: number } {
  return typeof d.amount === 'number'
}

/** How many of these deals have no amount set (the "left out" a total shows beside itself). */
export function amountUnsetCount(deals: Iterable<{ amount?: number | undefined; deleted?: boolean | undefined }>): number {
  let n = 0
  for (const d of deals) if (!d.deleted && !hasAmount(d)) n++
  return n
}

/** Ordering largest first: a deal without an amount sorts after every deal with one. */
export function byAmountDesc(a: { amount?: number | undefined }, b: { amount?: number | undefined }): number {
  return (b.amount ?? -Infinity) - (a.amount ?? -Infinity) || 0
}
