import { z } from 'zod'
import { Id, EpochMs, defineKind } from './common'

/** Metadata of a call recording; the audio itself is a content-addressed file owned by main. */
export const Recording = z.object({
  id: Id,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  activityId: Id.optional(),
  customerId: Id.optional(),
  dealId: Id.optional(),
  durationMs: z.number().int().min(0),
  channels: z.number().int().min(1).max(8),
  codec: z.string().max(40),
  sizeBytes: z.number().int().min(0),
  originalName: z.string().max(260),
  /** The coach's own title for the call; without one the app shows customer · date · rep. */
  title: z.string().trim().min(1).max(120).optional(),
  importedAt: EpochMs,
  deleted: z.boolean().optional()
})
export type Recording = z.infer<typeof Recording>
export const recordingKind = defineKind({
  table: 'recordings',
  placement: { kind: 'ref', refs: [['dealId', 'deals'], ['customerId', 'customers'], ['activityId', 'activities']] },
  indexes: ['&sha256', 'customerId', 'dealId', 'activityId'],
  schema: Recording,
  version: 2,
  merge: 'record'
})
