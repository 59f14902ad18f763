import { z } from 'zod'
import { Id, defineKind } from './common'

export const TranscriptSegment = z.object({
  id: Id,
  recordingId: Id,
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  speaker: z.string().max(40),
  text: z.string().max(5000)
})
export type TranscriptSegment = z.infer<typeof TranscriptSegment>
export const transcriptSegmentKind = defineKind({
  table: 'transcriptSegments',
  placement: { kind: 'ref', refs: [['recordingId', 'recordings']] },
  indexes: ['recordingId'],
  schema: TranscriptSegment,
  version: 1,
  merge: 'append'
})
