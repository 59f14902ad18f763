import { createReadStream, type ReadStream } from 'node:fs'
import { CockpitError } from '../../shared/ipc/define'
import { mediaHead } from '../../shared/http/range'
import type { RecordingStore } from './store'

export interface MediaReply {
  status: number
  headers: Record<string, string>
  /** The bytes to send; absent for 404/416 and HEAD. */
  body?: ReadStream
}

const SHA = /^[0-9a-f]{64}$/

/**
 * Answer a media request for `sha256` (Electron's `cockpit-media://recording/<sha>` and the
 * harness's `/__cockpit/media/<sha>` both end here): the playable file, with Range support so
 * the audio element seeks without loading the whole call.
 */
export async function mediaReply(store: RecordingStore, sha256: string, rangeHeader: string | null | undefined, method = 'GET'): Promise<MediaReply> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: {} }
  if (!SHA.test(sha256)) return { status: 404, headers: {} }
  let file
  try {
    file = await store.mediaFile(sha256)
  } catch (e) {
    if (e instanceof CockpitError) return { status: 404, headers: {} }
    throw e
  }
  const head = mediaHead(rangeHeader, file.size, file.contentType)
  if (head.status === 416 || !head.range || method === 'HEAD') return { status: head.status, headers: head.headers }
  return { status: head.status, headers: head.headers, body: createReadStream(file.path, { start: head.range.start, end: head.range.end }) }
}

/** `cockpit-media://recording/<sha256>` → the sha256, or null. */
export function shaFromMediaUrl(url: string): string | null {
  try {
    const u = new URL(url)
    if (u.host !== 'recording') return null
    const sha = u.pathname.replace(/^\//, '')
    return SHA.test(sha) ? sha : null
  } catch {
    return null
  }
}
