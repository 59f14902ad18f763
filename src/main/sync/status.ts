import type { SyncStatus } from '../../shared/ipc/sync'
import type { RecordingsProgress } from './bridge-recordings'

/**
 * The status the UI shows, as a pure reducer over what the bridge observes. Kept apart from
 * the bridge so every transition is tested without a hub.
 */
export type StatusEvent =
  | { type: 'configured'; hubUrl: string; email: string; secretStorage: SyncStatus['secretStorage'] }
  | { type: 'connecting' }
  /** A sign-in succeeded as this hub account. */
  | { type: 'signedIn'; userId: string }
  | { type: 'online' }
  | { type: 'busy' }
  /** A push or pull finished; `behind` = a stream has ops the page has not pulled yet. */
  | { type: 'done'; at: number; pending?: number; behind: boolean }
  | { type: 'pending'; pending: number }
  | { type: 'poke'; stream: string; seq: number }
  | { type: 'offline'; code: string }
  | { type: 'error'; code: string }
  | { type: 'disconnected' }
  /** A recordings round moved (files or bytes). */
  | { type: 'recordings'; progress: RecordingsProgress }
  /** The hub's live socket said this user's org scope changed. */
  | { type: 'reset' }
  /** Main's judgement of whether the page should run a round (round.ts). */
  | { type: 'judged'; behind: boolean }

export const initialStatus: SyncStatus = { state: 'disconnected', pending: 0, heads: {} }

export function nextStatus(s: SyncStatus, e: StatusEvent): SyncStatus {
  switch (e.type) {
    case 'configured':
      // Another account or hub: whoever was signed in before is not any more.
      return { ...s, hubUrl: e.hubUrl, email: e.email, secretStorage: e.secretStorage, ...(s.email !== e.email || s.hubUrl !== e.hubUrl ? { userId: undefined } : {}) }
    case 'connecting':
      return { ...s, state: 'connecting' }
    case 'signedIn':
      return s.state === 'disconnected' ? s : { ...s, userId: e.userId }
    case 'online':
      return { ...s, state: s.pending > 0 ? 'syncing' : 'upToDate', lastErrorCode: undefined }
    case 'busy':
      return s.state === 'disconnected' ? s : { ...s, state: 'syncing' }
    case 'done': {
      const pending = e.pending ?? s.pending
      if (s.state === 'disconnected') return s
      return { ...s, pending, lastSyncAt: e.at, lastErrorCode: undefined, state: pending > 0 || e.behind ? 'syncing' : 'upToDate' }
    }
    case 'pending':
      if (s.state === 'upToDate' && e.pending > 0) return { ...s, pending: e.pending, state: 'syncing' }
      return { ...s, pending: e.pending }
    case 'poke': {
      const heads = { ...s.heads, [e.stream]: Math.max(e.seq, s.heads[e.stream] ?? 0) }
      return { ...s, heads, state: s.state === 'upToDate' ? 'syncing' : s.state }
    }
    case 'offline':
      return s.state === 'disconnected' ? s : { ...s, state: 'offline', lastErrorCode: e.code }
    case 'error':
      return { ...s, lastErrorCode: e.code }
    case 'disconnected':
      return { ...initialStatus }
    case 'recordings':
      return s.state === 'disconnected' ? s : { ...s, recordings: recordingsStatus(e.progress) }
    case 'reset':
      if (s.state === 'disconnected') return s
      return { ...s, resets: (s.resets ?? 0) + 1, state: s.state === 'upToDate' ? 'syncing' : s.state }
    case 'judged':
      return s.state === 'disconnected' ? s : { ...s, behind: e.behind }
  }
}

/** What the page is told of a recordings round: counts per direction and bytes, as the bridge measured them. */
export function recordingsStatus(p: RecordingsProgress): NonNullable<SyncStatus['recordings']> {
  return {
    running: p.state === 'running',
    uploading: { ...p.uploads },
    downloading: { ...p.downloads },
    bytesDone: Math.min(p.bytesDone, p.bytesTotal),
    bytesTotal: p.bytesTotal,
    ...(p.lastErrorCode ? { lastErrorCode: p.lastErrorCode } : {})
  }
}
