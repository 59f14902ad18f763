import { z } from 'zod'
import { Id, EpochMs, RecordBase, defineKind } from './common'
import { markRowId } from './mark-id'

/**
 * A call on the coaching library's shelf for a skill: one row per call and skill (a set with
 * `deleted`), so taking it out again is `deleted: true` on the same row and the latest word wins.
 */
export const CallLibraryMark = RecordBase.extend({
  recordingId: Id,
  // Empty only on a mark an old laptop wrote without one, which no shelf shows.
  skill: z.string().max(60),
  /** Why the coach shelved it: what to listen for. */
  note: z.string().max(10_000).optional(),
  /** Who shelved it (or took it out), and when. */
  authorId: Id,
  markedAt: EpochMs
})
export type CallLibraryMark = z.infer<typeof CallLibraryMark>

export const callLibraryMarkKind = defineKind({
  table: 'libraryMarks',
  placement: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  indexes: ['recordingId'],
  schema: CallLibraryMark,
  version: 1,
  merge: 'record',
  // Marks were append-only comment rows before and never reached the conflict inbox; two coaches
  // shelving one call at once is not a loss to show anyone (the op log keeps both).
  unattendedFields: ['recordingId', 'skill', 'note', 'authorId', 'markedAt', 'deleted']
})

export function libraryMarkId(recordingId: string, skill: string): string {
  return markRowId('lib', recordingId, skill)
}
