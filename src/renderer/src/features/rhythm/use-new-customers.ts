import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { WORKSPACE_SETTINGS_ID } from '@shared/model'
import { DEFAULT_NEW_CUSTOMER_BASIS, newCustomerFirsts, type NewCustomer, type NewCustomerBasis } from '@shared/domain/new-customers'
import { getDb } from '../../db/database'
import { useActivitiesOfKinds } from '../../db/activity-kinds'

const VISIT_KINDS = ['visit', 'ride_along']

/** The team's choice of what makes a customer new (a workspace setting; default: first won deal). */
export function useNewCustomerBasis(): NewCustomerBasis {
  const settings = useLiveQuery(() => getDb().workspaceSettings.get(WORKSPACE_SETTINGS_ID), [])
  return settings?.newCustomerBasis ?? DEFAULT_NEW_CUSTOMER_BASIS
}

/**
 * Every customer's first won deal (or first completed visit) over the whole history: a period's
 * views count a customer as new only when its first one falls in the period. Reads the won deals
 * (or the visits: from the activity table's one shared read).
 */
export function useNewCustomerFirsts(): { firsts: Map<string, NewCustomer> | undefined; basis: NewCustomerBasis } {
  const basis = useNewCustomerBasis()
  const won = useLiveQuery(async () => (basis === 'won_deal' ? await getDb().deals.where('status').equals('won').toArray() : null), [basis])
  // Visits from the shared read of the activity table (a cursor over the kind index is slow, issue 19).
  const visits = useActivitiesOfKinds(VISIT_KINDS, basis !== 'won_deal')
  const rows = basis === 'won_deal' ? (won ? { deals: won } : undefined) : visits ? { activities: visits } : undefined
  const firsts = useMemo(() => (rows ? newCustomerFirsts(rows, basis) : undefined), [won, visits, basis]) // eslint-disable-line react-hooks/exhaustive-deps
  return { firsts, basis }
}
