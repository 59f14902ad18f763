import { useLiveQuery } from 'dexie-react-hooks'
import type { Activity, Contact, Deal, StageHistory } from '@shared/model'
import { getDb } from '../../db/database'

export interface TimelineSource {
  activities: Activity[]
  stageHistory: StageHistory[]
  deals: Deal[]
  contacts: Contact[]
  customerId: string | null
}

const MAX = Number.MAX_SAFE_INTEGER

/**
 * The rows behind one timeline, read live so a note added from the timeline appears at once.
 * A deal's timeline reads the deal's rows by the `[dealId+at]` index; with customer events it
 * adds the customer's rows that belong to no deal (calls about the account, pool moves).
 */
export function useTimelineSource(p: { customerId?: string; dealId?: string; includeCustomerEvents?: boolean }): TimelineSource | undefined {
  return useLiveQuery(async () => {
    const db = getDb()
    if (p.dealId) {
      const deal = await db.deals.get(p.dealId)
      const customerId = deal?.customerId ?? p.customerId ?? null
      const [own, history, customerLevel, contacts] = await Promise.all([
        db.activities.where('[dealId+at]').between([p.dealId, -Infinity], [p.dealId, MAX]).toArray(),
        db.stageHistory.where('dealId').equals(p.dealId).toArray(),
        p.includeCustomerEvents && customerId
          ? db.activities.where('[customerId+at]').between([customerId, -Infinity], [customerId, MAX]).filter((a) => !a.dealId).toArray()
          : Promise.resolve([]),
        customerId ? db.contacts.where('customerId').equals(customerId).toArray() : Promise.resolve([])
      ])
      return { activities: own.concat(customerLevel), stageHistory: history, deals: deal ? [deal] : [], contacts, customerId }
    }
    if (!p.customerId) return { activities: [], stageHistory: [], deals: [], contacts: [], customerId: null }
    const id = p.customerId
    const [activities, deals, contacts] = await Promise.all([
      db.activities.where('[customerId+at]').between([id, -Infinity], [id, MAX]).toArray(),
      db.deals.where('customerId').equals(id).toArray(),
      db.contacts.where('customerId').equals(id).toArray()
    ])
    const stageHistory = deals.length > 0 ? await db.stageHistory.where('dealId').anyOf(deals.map((d) => d.id)).toArray() : []
    return { activities, stageHistory, deals, contacts, customerId: id }
  }, [p.customerId, p.dealId, p.includeCustomerEvents])
}
