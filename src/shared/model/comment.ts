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
