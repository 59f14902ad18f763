import { newId } from '@shared/ids'
import type { Recording } from '@shared/model/recording'
import type { TranscriptSegment } from '@shared/model/transcript-segment'
import { buildTranscriptIndex, parseTranscript, searchTranscripts, validateTranscript, type TranscriptHit } from '@shared/domain/transcripts'
import { bridge } from '../bridge'
import { getDb } from './database'
import { write } from './write'

export interface ImportCallInput {
  fileName: string
  data: Uint8Array<ArrayBuffer>
  customerId: string
  /** The rep on the call; the customer's owner when not given. */
  userId?: string
  at: number
}

/**
 * Import a call recording: main stores the audio (content-addressed) and computes peaks, then
 * the recording row and its `call` activity are written together through the write path. The
 * same file imported again returns the existing recording instead of a second row.
 */
export async function importCallRecording(input: ImportCallInput): Promise<{ recording: Recording; duplicate: boolean }> {
  const stored = await bridge.invoke('recordings.import', { fileName: input.fileName, data: input.data })
  const db = getDb()
  const existing = await db.recordings.where('sha256').equals(stored.sha256).first()
  if (existing && !existing.deleted) return { recording: existing, duplicate: true }
  const customer = await db.customers.get(input.customerId)
  const userId = input.userId ?? customer?.ownerId ?? (await db.users.toCollection().first())?.id
  if (!userId) throw new Error('no user to attribute the call to')
  const recording = await write(async (tx) => {
    const recordingId = newId()
    const activityId = newId()
    await tx.insert('activities', {
      id: activityId,
      kind: 'call',
      customerId: input.customerId,
      dealId: null,
      userId,
      at: input.at,
      loggedAt: Date.now(),
      status: 'done',
      connected: true,
      durationSec: Math.round(stored.durationMs / 1000),
      recordingId
    })
    return tx.insert('recordings', {
      id: recordingId,
      sha256: stored.sha256,
      activityId,
      customerId: input.customerId,
      durationMs: stored.durationMs,
      channels: stored.channels,
      codec: stored.codec.slice(0, 40),
      sizeBytes: stored.sizeBytes,
      originalName: input.fileName.slice(0, 260),
      importedAt: Date.now()
    })
  })
  return { recording, duplicate: false }
}

/**
 * Attach a WebVTT/SRT/JSON transcript to a recording. Segments are append-only rows, so a
 * recording that already has a transcript refuses a second one rather than mixing two.
 */
export async function attachTranscript(recordingId: string, fileName: string, text: string): Promise<number> {
  const db = getDb()
  const recording = await db.recordings.get(recordingId)
  if (!recording) throw new Error(`recording ${recordingId} not found`)
  const cues = validateTranscript(parseTranscript(text, fileName), recording)
  const rows: TranscriptSegment[] = cues.map((c) => ({
    id: newId(),
    recordingId,
    startMs: c.startMs,
    endMs: c.endMs,
    speaker: c.speaker.slice(0, 40),
    text: c.text.slice(0, 5000)
  }))
  await write(async (tx) => {
    if ((await getDb().transcriptSegments.where('recordingId').equals(recordingId).count()) > 0) {
      throw new TranscriptAttachedError()
    }
    await tx.insertMany('transcriptSegments', rows)
  })
  return rows.length
}

export class TranscriptAttachedError extends Error {
  readonly code = 'transcript.already-attached'
  constructor() {
    super('this recording already has a transcript')
  }
}

export async function transcriptOf(recordingId: string): Promise<TranscriptSegment[]> {
  const rows = await getDb().transcriptSegments.where('recordingId').equals(recordingId).toArray()
  return rows.sort((a, b) => a.startMs - b.startMs)
}

/** Search every transcript line (Chinese substring) and return the moments. */
export async function searchAllTranscripts(query: string, limit = 50): Promise<TranscriptHit[]> {
  const rows = await getDb().transcriptSegments.toArray()
  return searchTranscripts(buildTranscriptIndex(rows), query, limit)
}
