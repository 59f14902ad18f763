import { z } from 'zod'
import { Id, EpochMs, RecordBase, defineKind } from './common'
import { markRowId } from './mark-id'

/**
 * The latest text of a comment, as its author edited it. Comments are append-only, so an edit
 * is its own row: one per comment and author (only the author's own edit counts, and a row
 * keyed by the author keeps anyone else's write from displacing it); a set with `deleted`.
 */
export const CommentRevision = RecordBase.extend({
  commentId: Id,
  authorId: Id,
  body: z.string().max(10_000),
  editedAt: EpochMs
})
export type CommentRevision = z.infer<typeof CommentRevision>

export const commentRevisionKind = defineKind({
  table: 'commentRevisions',
  placement: { kind: 'ref', refs: [['commentId', 'comments']] },
  indexes: ['commentId'],
  schema: CommentRevision,
  version: 1,
  merge: 'record',
  // Edits were append-only comment rows before and never reached the conflict inbox.
  unattendedFields: ['commentId', 'authorId', 'body', 'editedAt', 'deleted']
})

export function commentRevisionId(commentId: string, authorId: string): string {
  return markRowId('rev', commentId, authorId)
}
