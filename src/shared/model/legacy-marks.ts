import { libraryMarkId } from './library-mark'
import { taskCompletionId } from './task-completion'
import { commentRevisionId } from './comment-revision'
import { parseLibraryBody } from '../domain/coaching'

/**
 * Before issue 16 a library mark, a task's completion and a comment's edit were `comments` rows
 * whose `targetTable` named a pseudo table. Laptops of that release still push them, and hubs
 * and laptops hold them: each such op (or stored row, whose fields are the op's — comments are
 * append-only) is brought to its own kind here, once, by the hub on push and on its stored data,
 * and by a laptop on pull and in its Dexie upgrade. The row id is the new kind's (named by what
 * is marked), so every old mark of one thing lands on one row and merges by its clock.
 */
export const LEGACY_MARK_TABLES = {
  callLibrary: 'libraryMarks',
  taskDone: 'taskCompletions',
  commentEdits: 'commentRevisions'
} as const
export type LegacyMarkTarget = keyof typeof LEGACY_MARK_TABLES

export function isLegacyMarkTarget(t: unknown): t is LegacyMarkTarget {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(LEGACY_MARK_TABLES, t)
}

export interface RewrittenMark {
  table: (typeof LEGACY_MARK_TABLES)[LegacyMarkTarget]
  rowId: string
  fields: Record<string, unknown>
}

/** The new kind's table, row id and fields of an old mark's comment fields; undefined for any other comment. */
export function legacyMark(fields: Record<string, unknown>): RewrittenMark | undefined {
  const { targetTable, targetId, authorId, createdAt, body } = fields
  if (!isLegacyMarkTarget(targetTable) || typeof targetId !== 'string' || typeof authorId !== 'string' || typeof createdAt !== 'number') return undefined
  const text = typeof body === 'string' ? body : ''
  switch (targetTable) {
    case 'callLibrary': {
      // The body was the skill, then the coach's note after a line break; `-skill` took the call out.
      const removed = text.startsWith('-')
      const old = removed ? { skill: text.slice(1), note: undefined } : parseLibraryBody(text)
      const skill = old.skill.replace(/\s+/g, ' ').trim().slice(0, 60)
      const note = old.note ?? ''
      return {
        table: 'libraryMarks',
        rowId: libraryMarkId(targetId, skill),
        fields: {
          recordingId: targetId,
          skill,
          authorId,
          markedAt: createdAt,
          deleted: removed,
          // A mark without a note replaced the note of the one before it.
          ...(removed ? {} : { note: note || null })
        }
      }
    }
    case 'taskDone':
      return { table: 'taskCompletions', rowId: taskCompletionId(targetId), fields: { taskId: targetId, doneAt: createdAt, byUserId: authorId, deleted: false } }
    case 'commentEdits':
      return {
        table: 'commentRevisions',
        rowId: commentRevisionId(targetId, authorId),
        fields: { commentId: targetId, authorId, body: text, editedAt: createdAt, deleted: false }
      }
  }
}

/** An op as the new kinds have it: an old mark's `comments` op rewritten, any other op as it is. */
export function rewriteLegacyMarkOp<T extends { table: string; rowId: string; schemaVersion: number; fields: Record<string, unknown>; seen?: unknown }>(op: T): T {
  if (op.table !== 'comments') return op
  const mark = legacyMark(op.fields)
  if (!mark) return op
  // `seen` named the old row's fields; the new row's first version of them had no predecessor.
  const { seen: _seen, ...rest } = op
  return { ...rest, table: mark.table, rowId: mark.rowId, schemaVersion: 1, fields: mark.fields } as T
}
