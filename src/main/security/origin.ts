/**
 * Origins compared as `scheme://host[:port]`, for any scheme with a host. WHATWG `URL.origin`
 * is `"null"` for non-special schemes such as our `app://`, so it cannot be used here.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  // Opaque URLs (about:blank, data:, blob:, javascript:) have no host and never count as ours:
  // a blob: or data: frame can carry content the page did not ship.
  if (!parsed.host) return null
  if (parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** True when `url` is served by one of `allowedOrigins` (each `scheme://host[:port]`). */
export function isOwnUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url)
  if (origin === null) return false
  return allowedOrigins.some((allowed) => originOf(allowed) === origin)
}

/** Links the page may hand to the OS browser: plain web links only, never file:, smb: or app schemes. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:'])

/**
 * Whether a request made by a page should be cancelled: any network request that does not go
 * to our own origin (the dev server in development). The cockpit's pages never talk to the
 * network themselves; the sync bridge in main does, outside the page's session.
 */
export function isBlockedRemoteRequest(url: string, allowedOrigins: readonly string[]): boolean {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    return true
  }
  if (!NETWORK_SCHEMES.has(protocol)) return false
  // Vite's hot-reload socket is ws:// on the dev server's own host and port.
  const asHttp = protocol === 'ws:' || protocol === 'wss:' ? url.replace(/^ws/i, 'http') : url
  return !isOwnUrl(asHttp, allowedOrigins)
}
