import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './csp'
import { APP_SCHEME, contentTypeFor, isRouteLikePath, resolveAppPath } from './app-path'
import { mediaReply, shaFromMediaUrl } from '../recordings/media'
import type { RecordingStore } from '../recordings/store'

/** Recordings are played over this scheme; its handler belongs to `src/main/recordings`. */
export const MEDIA_SCHEME = 'cockpit-media'

/**
 * Must run before `app` is ready, and only once: Electron keeps the last call's list, so every
 * custom scheme of the app is registered here, together.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin (`app://cockpit`), relative URLs and storage (IndexedDB) work;
      // secure: treated like https, so 'self' and secure-context APIs apply. No corsEnabled
      // and no bypassCSP: nothing from another origin may read our files, and CSP holds.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true }
    },
    {
      scheme: MEDIA_SCHEME,
      // stream: range requests, so audio can seek without loading the whole file; corsEnabled:
      // the waveform view fetch()es the audio from the app:// page, a cross-origin read.
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true }
    }
  ])
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin'
}

/**
 * Serve the built renderer (`out/renderer`) as `app://cockpit/…`. Everything the page loads
 * comes from inside that folder: `resolveAppPath` refuses traversal, and a file that is not
 * there is a 404 (or index.html for a router path).
 */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 })
    const file = resolveAppPath(root, request.url)
    if (file === null) return new Response('forbidden', { status: 403 })
    for (const candidate of isRouteLikePath(file) ? [file, join(root, 'index.html')] : [file]) {
      try {
        const body = await readFile(candidate)
        return new Response(request.method === 'HEAD' ? null : body, {
          status: 200,
          headers: { 'content-type': contentTypeFor(candidate), ...SECURITY_HEADERS }
        })
      } catch {
        // try the next candidate
      }
    }
    return new Response('not found', { status: 404 })
  })
}

/**
 * Serve recordings as `cockpit-media://recording/<sha256>` with Range support (206), so the
 * page plays and seeks audio by URL and never learns a file path. Only sha256 names resolve:
 * nothing else on disk is reachable through the scheme.
 */
export function serveMedia(store: RecordingStore): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const sha = shaFromMediaUrl(request.url)
    if (sha === null) return new Response('not found', { status: 404 })
    const reply = await mediaReply(store, sha, request.headers.get('range'), request.method)
    const body = reply.body ? (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>) : null
    return new Response(body, { status: reply.status, headers: reply.headers })
  })
}
