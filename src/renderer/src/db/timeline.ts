import type { Activity, BehaviourSheet, VisitKind } from '@shared/model'
import { newId } from '@shared/ids'
import { write } from './write'

/**
 * What managers add from the timeline. Activities are append-only, so each of these is one
 * new row through the write path (validated, HLC-stamped, in the outbox) and shows up in the
 * stream at its time through the live query.
 */

interface Where {
  customerId: string
  dealId?: string | null
}

function clean(s: string | undefined): string | undefined {
  const t = s?.trim()
  return t ? t : undefined
}

/** A note by a manager (or anyone) on a customer or deal. */
export async function addNote(p: Where & { authorId: string; body: string; at: number }): Promise<Activity> {
  const row: Activity = {
    id: newId(),
    kind: 'note',
    customerId: p.customerId,
    dealId: p.dealId ?? null,
    userId: p.authorId,
    at: p.at,
    loggedAt: p.at,
    status: 'done',
    body: p.body.trim()
  }
  return write((tx) => tx.insert('activities', row))
}

/**
 * A ride-along (陪访): the manager joined the rep's visit. `userId` stays the rep so the visit
 * counts in their tally; the manager is `otherUserId`; the behaviour control sheet is the
 * manager's review of how the rep ran it.
 */
export async function logRideAlong(
  p: Where & { repId: string; managerId: string; at: number; loggedAt: number; visitKind?: VisitKind; behaviour: BehaviourSheet; body?: string; contactId?: string }
): Promise<Activity> {
  // Only the answered questions are stored, so an empty field never syncs as an op.
  const behaviour = Object.fromEntries(
    Object.entries(p.behaviour)
      .map(([k, v]) => [k, clean(v)] as const)
      .filter(([, v]) => v !== undefined)
  ) as BehaviourSheet
  const row: Activity = {
    id: newId(),
    kind: 'ride_along',
    customerId: p.customerId,
    dealId: p.dealId ?? null,
    userId: p.repId,
    otherUserId: p.managerId,
    at: p.at,
    loggedAt: p.loggedAt,
    status: 'done',
    behaviour,
    ...(p.visitKind ? { visitKind: p.visitKind } : {}),
    ...(p.contactId ? { contactId: p.contactId } : {}),
    ...(clean(p.body) ? { body: clean(p.body) } : {})
  }
  return write((tx) => tx.insert('activities', row))
}

/** A coaching task: the manager (`userId`) assigns it to a rep (`otherUserId`) with a due date. */
export async function assignCoachingTask(
  p: Where & { managerId: string; assigneeId: string; subject: string; dueAt: number; at: number; body?: string }
): Promise<Activity> {
  const row: Activity = {
    id: newId(),
    kind: 'task',
    customerId: p.customerId,
    dealId: p.dealId ?? null,
    userId: p.managerId,
    otherUserId: p.assigneeId,
    at: p.at,
    loggedAt: p.at,
    dueAt: p.dueAt,
    status: 'planned',
    subject: p.subject.trim(),
    ...(clean(p.body) ? { body: clean(p.body) } : {})
  }
  return write((tx) => tx.insert('activities', row))
}
