import { z } from 'zod'
import { Id, EpochMs, RecordBase, defineKind } from './common'
import { markRowId } from './mark-id'

/**
 * A task (an activity of kind `task`) marked done. Activities are append-only, so "done" is its
 * own row: one per task (a set with `deleted`, so a completion can be taken back).
 */
export const TaskCompletion = RecordBase.extend({
  taskId: Id,
  doneAt: EpochMs,
  byUserId: Id
})
export type TaskCompletion = z.infer<typeof TaskCompletion>

export const taskCompletionKind = defineKind({
  table: 'taskCompletions',
  placement: { kind: 'ref', refs: [['taskId', 'activities']] },
  indexes: ['taskId'],
  schema: TaskCompletion,
  version: 1,
  merge: 'record',
  // Was an append-only comment row: two people ticking one task is no loss to show in the inbox.
  unattendedFields: ['taskId', 'doneAt', 'byUserId', 'deleted']
})

export function taskCompletionId(taskId: string): string {
  return markRowId('done', taskId)
}
