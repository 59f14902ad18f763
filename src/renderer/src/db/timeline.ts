import type { Activity, BehaviourSheet, VisitKind } from '@shared/model'
import type { TaskDone } from '@shared/domain/timeline'
import { newId } from '@shared/ids'
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
 * Activities are append-only, so "done" is not an edit of the task: it is its own row, a
 * comment on this target table with the task's id (the same pattern as the call library's
 * marks). The first such row wins; marking twice changes nothing.
 */
export const TASK_DONE_TABLE = 'taskDone'

export async function completeTask(p: { task: Activity; byUserId?: string; now: number }): Promise<TaskDone> {
  if (p.task.kind !== 'task') throw new Error('timeline.not-a-task')
  const existing = await taskCompletions([p.task.id])
  const done = existing.get(p.task.id)
  if (done) return done
  const by = p.byUserId ?? p.task.otherUserId ?? p.task.userId
  await write((tx) =>
    tx.insert('comments', {
      id: newId(),
      targetTable: TASK_DONE_TABLE,
      targetId: p.task.id,
      kind: 'bookmark',
      authorId: by,
      body: '',
      createdAt: p.now
    })
  )
  return { at: p.now, byUserId: by }
}

/** When each of these tasks was marked done (the earliest mark), by task id. */
export async function taskCompletions(taskIds: readonly string[]): Promise<Map<string, TaskDone>> {
  const out = new Map<string, TaskDone>()
  if (taskIds.length === 0) return out
  const rows = await getDb()
    .comments.where('[targetTable+targetId]')
    .anyOf(taskIds.map((id) => [TASK_DONE_TABLE, id]))
    .toArray()
  for (const r of rows) {
    const prev = out.get(r.targetId)
    if (!prev || r.createdAt < prev.at) out.set(r.targetId, { at: r.createdAt, byUserId: r.authorId })
  }
  return out
}
