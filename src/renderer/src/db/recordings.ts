import { newId } from '@shared/ids'
import type { Recording } from '@shared/model/recording'
import type { Transcript } from '@shared/model/call-coaching'
import { MAX_RECORDING_IPC_BYTES, type ResponseOf } from '@shared/ipc'
import type { TranscriptSegment } from '@shared/model/transcript-segment'
import { buildTranscriptIndex, parseTranscript, searchTranscripts, validateTranscript, type TranscriptHit } from '@shared/domain/transcripts'
import { bridge, BridgeError } from '../bridge'
import { getDb } from './database'
import { write } from './write'

/** Where a call recording lands: a customer, optionally one of its deals or an existing activity. */
export interface CallTarget {
  customerId: string
  dealId?: string | null
  /** An activity (a logged call without audio): the recording attaches to it, no new activity. */
  activityId?: string
  /** The rep on the call; the customer's owner when not given. */
  userId?: string
  at: number
}

export interface ImportCallInput extends CallTarget {
  fileName: string
  data: Uint8Array<ArrayBuffer>
}

type Stored = ResponseOf<'recordings.import'>

/**
 * Import a call recording: main stores the audio (content-addressed) and computes peaks, then
 * the recording row and its `call` activity are written together through the write path. The
 * same file imported again returns the existing recording instead of a second row.
 */
export async function importCallRecording(input: ImportCallInput): Promise<{ recording: Recording; duplicate: boolean }> {
  const stored = await bridge.invoke('recordings.import', { fileName: input.fileName, data: input.data })
  return recordStoredCall(stored, input.fileName, input)
}

/**
 * Import a file the user dropped or chose: main reads it from disk by its path (Electron's own
 * path, or the harness's upload), so a 1 GB recording never passes through the page. A file
 * with no path (dragged out of a browser) goes as bytes, up to the IPC limit.
 */
export async function importCallFile(file: File, target: CallTarget): Promise<{ recording: Recording; duplicate: boolean }> {
  const path = await bridge.pathForFile(file)
  if (path) return recordStoredCall(await bridge.invoke('recordings.importPath', { fileName: file.name, path }), file.name, target)
  // Refused before reading it: the bytes would be held twice in the page for nothing.
  if (file.size > MAX_RECORDING_IPC_BYTES) {
    throw new BridgeError({ code: 'recording.too-large', message: 'file too large', params: { maxMb: Math.round(MAX_RECORDING_IPC_BYTES / 1048576) } })
  }
  return importCallRecording({ fileName: file.name, data: new Uint8Array(await file.arrayBuffer()), ...target })
}

/**
 * Electron: pick files in the native dialog (main reads them; the page never sees a path) and
 * attach each to the target. `null` when the dialog was closed.
 */
export async function importCallsByDialog(target: CallTarget): Promise<{ recording: Recording; duplicate: boolean }[] | null> {
  const r = await bridge.invoke('recordings.importDialog', {})
  if (r.canceled) return null
  const out = []
  for (const stored of r.imported) out.push(await recordStoredCall(stored, stored.fileName, target))
  return out
}

/** The page half of an import: the rows for audio main has stored. */
export async function recordStoredCall(stored: Stored, fileName: string, target: CallTarget): Promise<{ recording: Recording; duplicate: boolean }> {
  const db = getDb()
  const existing = await db.recordings.where('sha256').equals(stored.sha256).first()
  if (existing && !existing.deleted) return { recording: existing, duplicate: true }
  const activity = target.activityId ? await db.activities.get(target.activityId) : undefined
  if (target.activityId && !activity) throw new Error(`activity ${target.activityId} not found`)
  if (activity?.recordingId) {
    const current = await db.recordings.get(activity.recordingId)
    if (current && !current.deleted) throw new RecordingAttachedError()
  }
  const customerId = activity?.customerId ?? target.customerId
  const dealId = activity ? activity.dealId : (target.dealId ?? null)
  const customer = await db.customers.get(customerId)
  const userId = activity?.userId ?? target.userId ?? customer?.ownerId ?? (await db.users.toCollection().first())?.id
  if (!userId) throw new Error('no user to attribute the call to')
  const recording = await write(async (tx) => {
    const recordingId = newId()
    // Activities are append-only: an existing call row is pointed at by the recording instead.
    let activityId = activity?.id
    if (!activityId) {
      activityId = newId()
      await tx.insert('activities', {
        id: activityId,
        kind: 'call',
        customerId,
        dealId,
        userId,
        at: target.at,
        loggedAt: Date.now(),
        status: 'done',
        connected: true,
        durationSec: Math.round(stored.durationMs / 1000),
        recordingId
      })
    }
    return tx.insert('recordings', {
      id: recordingId,
      sha256: stored.sha256,
      activityId,
      customerId,
      ...(dealId ? { dealId } : {}),
      durationMs: stored.durationMs,
      channels: stored.channels,
      codec: stored.codec.slice(0, 40),
      sizeBytes: stored.sizeBytes,
      originalName: fileName.slice(0, 260),
      importedAt: Date.now()
    })
  })
  return { recording, duplicate: false }
}

/**
 * Give a call the coach's own title; an empty title goes back to the default
 * (customer · date · rep). Too long a title fails in the write path with `write.invalid`.
 */
export async function retitleCall(recordingId: string, title: string): Promise<Recording> {
  const t = title.trim()
  return write((tx) => tx.update('recordings', recordingId, { title: t === '' ? undefined : t }))
}

/** The recording attached to an activity: by the activity's own link or the recording's. */
export async function recordingOfActivity(activityId: string): Promise<Recording | undefined> {
  const db = getDb()
  const a = await db.activities.get(activityId)
  const direct = a?.recordingId ? await db.recordings.get(a.recordingId) : undefined
  if (direct && !direct.deleted) return direct
  return (await db.recordings.where('activityId').equals(activityId).toArray()).find((r) => !r.deleted)
}

export class RecordingAttachedError extends Error {
  readonly code = 'recording.already-attached'
  constructor() {
    super('this activity already has a recording')
  }
}

/**
 * Attach a WebVTT/SRT/JSON transcript to a recording. A recording that already has one refuses
 * a second unless `replace` (the page asks first): segments are append-only, so the new ones are
 * added and the recording's transcript record points at them instead of the old.
 */
export async function attachTranscript(recordingId: string, fileName: string, text: string, opts: { replace?: boolean } = {}): Promise<number> {
  const db = getDb()
  const recording = await db.recordings.get(recordingId)
  if (!recording) throw new Error(`recording ${recordingId} not found`)
  const cues = validateTranscript(parseTranscript(text, fileName), recording)
  return writeTranscript(recordingId, cues, { source: 'import', fileName, replace: opts.replace === true })
}

export async function hasTranscript(recordingId: string): Promise<boolean> {
  return (await transcriptOf(recordingId)).length > 0
}

async function writeTranscript(
  recordingId: string,
  cues: readonly { startMs: number; endMs: number; speaker: string; text: string }[],
  o: { source: Transcript['source']; fileName?: string; replace: boolean }
): Promise<number> {
  const rows: TranscriptSegment[] = cues.map((c) => ({
    id: newId(),
    recordingId,
    startMs: c.startMs,
    endMs: c.endMs,
    speaker: c.speaker.slice(0, 40),
    text: c.text.slice(0, 5000)
  }))
  await write(async (tx) => {
    if (!o.replace && (await transcriptOf(recordingId)).length > 0) throw new TranscriptAttachedError()
    await tx.insertMany('transcriptSegments', rows)
    await tx.upsert('transcripts', {
      id: recordingId,
      recordingId,
      segmentIds: rows.map((r) => r.id),
      source: o.source,
      ...(o.fileName ? { fileName: o.fileName.slice(0, 260) } : {}),
      updatedAt: Date.now()
    })
  })
  return rows.length
}

/**
 * Transcribe a recording with the local speech-to-text engine (main). Split-channel calls come
 * back per side and are labelled with the page's names for the rep and the customer.
 */
export async function transcribeRecording(recordingId: string, labels: { rep: string; customer: string }, opts: { replace?: boolean } = {}): Promise<number> {
  const recording = await getDb().recordings.get(recordingId)
  if (!recording) throw new Error(`recording ${recordingId} not found`)
  if (!opts.replace && (await hasTranscript(recordingId))) throw new TranscriptAttachedError()
  const { lines } = await bridge.invoke('stt.transcribe', { sha256: recording.sha256 })
  const cues = lines.map((l) => ({ ...l, speaker: l.channel === 0 ? labels.rep : l.channel === 1 ? labels.customer : '' }))
  if (cues.length === 0) throw new SttEmptyError()
  return writeTranscript(recordingId, cues, { source: 'stt', replace: opts.replace === true })
}

export class SttEmptyError extends Error {
  readonly code = 'stt.empty'
  constructor() {
    super('no speech was recognised')
  }
}

export class TranscriptAttachedError extends Error {
  readonly code = 'transcript.already-attached'
  constructor() {
    super('this recording already has a transcript')
  }
}

/** The current transcript of a recording: the segments its transcript record names (else all, for rows from before records). */
export async function transcriptOf(recordingId: string): Promise<TranscriptSegment[]> {
  const db = getDb()
  const [record, rows] = await Promise.all([db.transcripts.get(recordingId), db.transcriptSegments.where('recordingId').equals(recordingId).toArray()])
  const current = record && !record.deleted ? new Set(record.segmentIds) : null
  return (current ? rows.filter((r) => current.has(r.id)) : rows).sort((a, b) => a.startMs - b.startMs)
}

/** Every recording's current transcript lines (replaced transcripts' segments left out). */
export async function currentSegments(): Promise<TranscriptSegment[]> {
  const db = getDb()
  const [rows, records] = await Promise.all([db.transcriptSegments.toArray(), db.transcripts.toArray()])
  const current = new Map(records.filter((r) => !r.deleted).map((r) => [r.recordingId, new Set(r.segmentIds)]))
  return rows.filter((r) => current.get(r.recordingId)?.has(r.id) ?? true)
}

/** Search every current transcript line (Chinese substring) and return the moments. */
export async function searchAllTranscripts(query: string, limit = 50): Promise<TranscriptHit[]> {
  return searchTranscripts(buildTranscriptIndex(await currentSegments()), query, limit)
}
