import { shell, type Session, type WebContents } from 'electron'
import type { Logger } from '../services/logger'
import { withContentSecurityPolicy } from './csp'
import { isBlockedRemoteRequest, isExternalLink, isOwnUrl } from './origin'

export interface GuardOptions {
  /** `scheme://host[:port]` of our renderer: the dev server, or `app://cockpit`. */
  allowedOrigins: readonly string[]
  log: Logger
}

/** Only a short, single-line prefix of a URL goes into the log: enough to diagnose, no query secrets. */
function forLog(url: string): string {
  return url.split(/[?#]/, 1)[0]!.slice(0, 200)
}

/** Hand a web link to the OS browser; anything but http(s) (file:, smb:, custom handlers) is dropped. */
export function openExternalLink(url: string, log: Logger): void {
  if (!isExternalLink(url)) {
    log.warn('refused to open non-web link', { url: forLog(url) })
    return
  }
  shell.openExternal(url).catch((e: unknown) => {
    log.warn('could not open link', { url: forLog(url), error: e instanceof Error ? e.message : String(e) })
  })
}

/**
 * The default session's baseline: no permission is ever granted, no page request leaves the
 * machine, and every response from our own origin carries our CSP. Main's own networking
 * (the sync bridge) does not go through this session: it uses a session of its own
 * (`session.fromPartition('sync').fetch`, which keeps Chromium's proxy and OS trust store
 * support), so this filter can stay absolute.
 */
export function hardenSession(ses: Session, o: GuardOptions): void {
  // Camera, microphone, notifications, geolocation, clipboard read, HID/USB…: the cockpit
  // needs none, and a page that asks has been tampered with.
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    o.log.warn('permission request denied', { permission })
    callback(false)
  })
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)

  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    const cancel = isBlockedRemoteRequest(details.url, o.allowedOrigins)
    if (cancel) o.log.warn('blocked remote request', { url: forLog(details.url), resourceType: details.resourceType })
    callback({ cancel })
  })

  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isOwnUrl(details.url, o.allowedOrigins)) {
      callback({})
      return
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) })
  })
}

/**
 * Guards for every web contents the app creates (windows, DevTools, anything a bug might
 * open): no navigation away from our origin, no new windows, no <webview>.
 */
export function hardenWebContents(contents: WebContents, o: GuardOptions): void {
  contents.on('will-navigate', (event) => {
    if (isOwnUrl(event.url, o.allowedOrigins)) return
    event.preventDefault()
    o.log.warn('navigation blocked', { url: forLog(event.url) })
    // A plain <a href="https://…"> the user clicked: show it where they expect, in the browser.
    openExternalLink(event.url, o.log)
  })
  // Sub-frames and redirects can leave the origin without a will-navigate.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isOwnUrl(event.url, o.allowedOrigins)) return
    event.preventDefault()
    o.log.warn('frame navigation blocked', { url: forLog(event.url) })
  })
  contents.on('will-redirect', (event) => {
    if (isOwnUrl(event.url, o.allowedOrigins)) return
    event.preventDefault()
    o.log.warn('redirect blocked', { url: forLog(event.url) })
  })

  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url, o.log)
    return { action: 'deny' }
  })

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    o.log.warn('webview blocked')
  })
}
