import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { WORKSPACE_SETTINGS_ID } from '@shared/model'
import { DEFAULT_NEW_CUSTOMER_BASIS, newCustomerFirsts, type NewCustomer, type NewCustomerBasis } from '@shared/domain/new-customers'
import { getDb } from '../../db/database'

/** The team's choice of what makes a customer new (a workspace setting; default: first won deal). */
export function useNewCustomerBasis(): NewCustomerBasis {
  const settings = useLiveQuery(() => getDb().workspaceSettings.get(WORKSPACE_SETTINGS_ID), [])
  return settings?.newCustomerBasis ?? DEFAULT_NEW_CUSTOMER_BASIS
}

/**
 * Every customer's first won deal (or first completed visit) over the whole history: a period's
 * views count a customer as new only when its first one falls in the period. Reads the won deals
 * (or the visits) through their index, never the whole activity table.
 */
export function useNewCustomerFirsts(): { firsts: Map<string, NewCustomer> | undefined; basis: NewCustomerBasis } {
  const basis = useNewCustomerBasis()
  const rows = useLiveQuery(async () => {
    const db = getDb()
    if (basis === 'won_deal') return { deals: await db.deals.where('status').equals('won').toArray() }
    return { activities: await db.activities.where('kind').anyOf(['visit', 'ride_along']).toArray() }
  }, [basis])
  const firsts = useMemo(() => (rows ? newCustomerFirsts(rows, basis) : undefined), [rows, basis])
  return { firsts, basis }
}
