import { z } from 'zod'
import { Id, EpochMs, defineKind } from './common'

/**
 * Which transcript segments are a recording's current transcript. Segments are append-only,
 * so replacing a transcript adds the new segments and points this record (one per recording,
 * id = the recording's id) at them; the old segments stay in the log, out of sight.
 */
export const Transcript = z.object({
  id: Id,
  recordingId: Id,
  segmentIds: z.array(Id).max(20_000),
  source: z.enum(['import', 'stt', 'demo']),
  fileName: z.string().max(260).optional(),
  updatedAt: EpochMs,
  deleted: z.boolean().optional()
})
export type Transcript = z.infer<typeof Transcript>
export const transcriptKind = defineKind({
  table: 'transcripts',
  placement: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  indexes: ['recordingId'],
  schema: Transcript,
  version: 1,
  merge: 'record'
})

/** A keyword the managers track across calls (a competitor, 折扣, 预算…); shared with the team. */
export const KeywordTracker = z.object({
  id: Id,
  word: z.string().min(1).max(40),
  createdBy: Id.optional(),
  createdAt: EpochMs,
  deleted: z.boolean().optional()
})
export type KeywordTracker = z.infer<typeof KeywordTracker>
export const keywordTrackerKind = defineKind({
  table: 'keywordTrackers',
  placement: { kind: 'global' },
  indexes: ['word'],
  schema: KeywordTracker,
  version: 1,
  merge: 'record'
})
