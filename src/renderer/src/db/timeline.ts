import type { Activity, BehaviourSheet, VisitKind } from '@shared/model'
import type { TaskDone } from '@shared/domain/timeline'
import { newId } from '@shared/ids'
import { taskCompletionId } from '@shared/model/task-completion'
import { getDb } from './database'
import { write, WriteError } from './write'

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
export async function logRideAlongOnCustomer(
  p: Where & { repId: string; at: number; loggedAt: number; visitKind?: VisitKind; behaviour: BehaviourSheet; body?: string; contactId?: string }
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
    at: p.at,
    loggedAt: p.loggedAt,
    status: 'done',
    behaviour,
    ...(p.visitKind ? { visitKind: p.visitKind } : {}),
    ...(p.contactId ? { contactId: p.contactId } : {}),
    ...(clean(p.body) ? { body: clean(p.body) } : {})
  }
  // The manager who rode along is the signed-in person writing it down (no guessing).
  return write((tx) => {
    if (!tx.actor) throw new WriteError('write.forbidden', 'a ride-along needs the signed-in manager', { table: 'activities', rowId: row.id })
    return tx.insert('activities', { ...row, otherUserId: tx.actor })
  })
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

/**
 * Activities are append-only, so "done" is not an edit of the task: it is its own row, the
 * task's completion (one per task, a `taskCompletions` set element). Marking it again changes
 * nothing: the first mark stands.
 */
export async function completeTask(p: { task: Activity; byUserId?: string; now: number }): Promise<TaskDone> {
  if (p.task.kind !== 'task') throw new Error('timeline.not-a-task')
  return write(async (tx) => {
    const id = taskCompletionId(p.task.id)
    const existing = await getDb().taskCompletions.get(id)
    if (existing && !existing.deleted) return { at: existing.doneAt, byUserId: existing.byUserId }
    // Whoever is signed in ticked it; without a session (tests, first launch) the caller says who.
    const by = tx.actor ?? p.byUserId ?? p.task.otherUserId ?? p.task.userId
    await tx.upsert('taskCompletions', { id, taskId: p.task.id, doneAt: p.now, byUserId: by, deleted: false })
    return { at: p.now, byUserId: by }
  })
}

/** When each of these tasks was marked done, and by whom, by task id. */
export async function taskCompletions(taskIds: readonly string[]): Promise<Map<string, TaskDone>> {
  const out = new Map<string, TaskDone>()
  if (taskIds.length === 0) return out
  const rows = await getDb().taskCompletions.where('taskId').anyOf([...taskIds]).toArray()
  for (const r of rows) if (!r.deleted) out.set(r.taskId, { at: r.doneAt, byUserId: r.byUserId })
  return out
}
