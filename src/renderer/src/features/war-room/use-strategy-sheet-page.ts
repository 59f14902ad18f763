import { useEffect, useMemo, useRef } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { redFlags } from '@shared/domain/strategy-sheet'
import { getDb } from '../../db/database'
import { createActionTasks } from '../../db/strategy-sheets'
import { useMe } from '../../session/use-me'
import { useNow } from '../../ui/use-now'
import { useStrategySheet } from './use-strategy-sheet'

/**
 * One big deal's sheet with what it is read against: the deal, its customer and contacts, the
 * live document (as the signed-in person), its red flags; chosen actions become tasks.
 */
export function useStrategySheetPage(dealId: string) {
  const deal = useLiveQuery(() => getDb().deals.get(dealId), [dealId])
  const customer = useLiveQuery(() => (deal?.customerId ? getDb().customers.get(deal.customerId) : undefined), [deal?.customerId])
  const contacts = useLiveQuery(
    () => (deal?.customerId ? getDb().contacts.where('customerId').equals(deal.customerId).toArray() : []),
    [deal?.customerId]
  )
  // Presence, snapshots and tasks are the signed-in person's: "正在此处输入" names who really types.
  const signedIn = useMe()
  const actingUser = signedIn?.id ?? ''
  const me = useMemo(() => ({ id: actingUser, name: signedIn?.name ?? '' }), [actingUser, signedIn?.name])
  const { state, edit, live, hubError } = useStrategySheet(deal && !deal.deleted && signedIn ? dealId : undefined, me)

  const now = useNow()
  const liveContacts = useMemo(() => (contacts ?? []).filter((c) => !c.deleted), [contacts])
  const content = state.status === 'ready' ? state.content : null
  const flags = useMemo(
    () => (content ? redFlags(content, { now, contactIds: contacts ? new Set(liveContacts.map((c) => c.id)) : undefined }) : []),
    [content, contacts, liveContacts, now]
  )

  // Chosen best actions with an owner and a date become tasks; ids make this safe to repeat.
  const creating = useRef(false)
  useEffect(() => {
    // Tasks live on a customer's timeline: a deal imported without one gets them once it has one.
    if (state.status !== 'ready' || state.readOnly || !deal || deal.customerId === undefined || creating.current) return
    if (!state.content.actions.some((a) => a.chosen && a.owner && a.dueAt !== null && !a.taskId)) return
    creating.current = true
    createActionTasks(state.doc, { id: deal.id, customerId: deal.customerId, name: deal.name }, actingUser, Date.now()).finally(() => {
      creating.current = false
    })
  }, [state, deal, actingUser])

  return { deal, customer, contacts, liveContacts, actingUser, state, edit, live, hubError, flags }
}
