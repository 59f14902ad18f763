import type { Activity, Deal } from '../model'
import { closedAtOf } from './analytics/facts'
import { isPlanVisit } from './eight-visit'

/**
 * What a "new customer" is, for targets, honours, kickoff, review and analytics alike: a customer
 * becomes new the day of its first won deal (the default) or of its first completed visit, as
 * the team configures. Taking a customer from the pool, or creating a record, is not winning
 * one: a claim alone never makes a new customer, so reps cannot pad the count by claiming.
 */
export type NewCustomerBasis = 'won_deal' | 'visit'
export const NEW_CUSTOMER_BASES: readonly NewCustomerBasis[] = ['won_deal', 'visit']
export const DEFAULT_NEW_CUSTOMER_BASIS: NewCustomerBasis = 'won_deal'

export interface NewCustomer {
  customerId: string
  /** Who made it new: the won deal's owner, or the rep who made the visit. */
  userId: string
  at: number
  /** The won deal or the visit that made it new. */
  sourceId: string
}

/**
 * Each customer's first qualifying event over the whole history handed in (pass all won deals
 * or all visits, not only a period's: the first one may be years old, and then the customer is
 * not new in the period). Ties on time go to the smaller id so every view picks the same one.
 */
export function newCustomerFirsts(
  input: { deals?: Iterable<Pick<Deal, 'id' | 'customerId' | 'ownerId' | 'status' | 'deleted' | 'closedAt' | 'expectedCloseAt'>>; activities?: Iterable<Activity> },
  basis: NewCustomerBasis = DEFAULT_NEW_CUSTOMER_BASIS
): Map<string, NewCustomer> {
  const out = new Map<string, NewCustomer>()
  const offer = (e: NewCustomer): void => {
    const cur = out.get(e.customerId)
    if (!cur || e.at < cur.at || (e.at === cur.at && e.sourceId < cur.sourceId)) out.set(e.customerId, e)
  }
  if (basis === 'won_deal') {
    for (const d of input.deals ?? []) {
      if (d.status !== 'won' || d.deleted || !d.customerId) continue
      const at = closedAtOf(d)
      if (at !== undefined) offer({ customerId: d.customerId, userId: d.ownerId, at, sourceId: d.id })
    }
  } else {
    for (const a of input.activities ?? []) {
      // A completed visit (a ride-along standing for one counts; one attached to a visit does not twice).
      if (!isPlanVisit(a) || !(a.status === 'done' || a.status === undefined)) continue
      offer({ customerId: a.customerId, userId: a.userId, at: a.at, sourceId: a.id })
    }
  }
  return out
}

/** New customers per rep in [from, to) by the firsts of `newCustomerFirsts`. */
export function newCustomersByRep(firsts: ReadonlyMap<string, NewCustomer>, from: number, to: number): Map<string, NewCustomer[]> {
  const out = new Map<string, NewCustomer[]>()
  for (const e of firsts.values()) {
    if (e.at < from || e.at >= to) continue
    const list = out.get(e.userId)
    if (list) list.push(e)
    else out.set(e.userId, [e])
  }
  return out
}
