import { z } from 'zod'
import { Id, EpochMs, defineKind } from './common'

/** A comment or bookmark on any record; on recordings it sits at a timestamp. */
export const Comment = z.object({
  id: Id,
  targetTable: z.string().max(40),
  targetId: Id,
  atMs: z.number().int().min(0).optional(),
  endMs: z.number().int().min(0).optional(),
  kind: z.enum(['comment', 'bookmark']),
  authorId: Id,
  parentId: Id.optional(),
  body: z.string().max(10_000),
  createdAt: EpochMs
})
export type Comment = z.infer<typeof Comment>
export const commentKind = defineKind({
  table: 'comments',
  placement: { kind: 'target' },
  indexes: ['[targetTable+targetId]', 'authorId'],
  schema: Comment,
  version: 1,
  merge: 'append'
})

/**
 * Comments that mark a record rather than discuss it — a call put in the library, an edit of a
 * comment, a task marked done — name a mark as their target table. They belong where the marked
 * record belongs: the hub places them, and a scope purge keeps or drops them, by that record.
 */
export const COMMENT_MARK_TARGETS: Readonly<Record<string, string>> = {
  callLibrary: 'recordings',
  commentEdits: 'comments',
  taskDone: 'activities'
}

/** The record table a comment's target lives in (the table itself for an ordinary comment). */
export function commentPlacementTable(targetTable: string): string {
  return Object.prototype.hasOwnProperty.call(COMMENT_MARK_TARGETS, targetTable) ? COMMENT_MARK_TARGETS[targetTable]! : targetTable
}
