/**
 * Where post-sale records sync (STYLE §11): each kind names the parent rows that place it in a
 * region stream, in order — the first field present decides. The hub's placement rules and the
 * laptop's scope purge both read these lists, so the two can never disagree.
 */
export type ParentRefs = readonly (readonly [field: string, table: string])[]

/** A contract hangs off its deal (won deals) or, imported without one, off its customer. */
export const CONTRACT_PARENTS: ParentRefs = [
  ['dealId', 'deals'],
  ['customerId', 'customers']
]

/** Instalments, collections, invoices, milestones and usage readings go wherever their contract goes. */
export const CONTRACT_CHILD_PARENTS: ParentRefs = [['contractId', 'contracts']]
