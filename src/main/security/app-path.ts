import nodePath from 'node:path'

/** The production renderer is served as `app://cockpit/…` (see `protocol.ts`). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'cockpit'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>

/**
 * Map an `app://cockpit/…` request to a file under `root` (the built `out/renderer`), or null
 * when the request must be refused. Chromium already folds literal `..` segments before a
 * request reaches us, so the dangerous inputs are the encoded ones (`%2e%2e%2f`, `%5c`), NUL
 * bytes, drive letters and other hosts; each is refused rather than "cleaned", so nothing
 * ambiguous is ever served. `pathApi` is injectable so the Windows rules can be tested on Linux.
 */
export function resolveAppPath(root: string, requestUrl: string, pathApi: PathApi = nodePath): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  if (url.username || url.password || url.port) return null

  let decoded: string
  try {
    decoded = decodeURIComponent(url.pathname)
  } catch {
    return null // malformed percent-encoding
  }
  // Backslashes are separators on Windows and ':' opens drive letters and NTFS streams; no
  // file the renderer build emits has either, so any such request is an attack or a bug.
  if (/[\\:\0]/.test(decoded)) return null
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.some((s) => s === '..')) return null
  if (segments.length === 0) segments.push('index.html')

  const absRoot = pathApi.resolve(root)
  const full = pathApi.resolve(absRoot, ...segments)
  const rel = pathApi.relative(absRoot, full)
  // Belt and braces after the checks above: the result must still sit inside root.
  if (rel === '' || rel === '..' || rel.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(rel)) return null
  return full
}

/**
 * Whether a missing file should fall back to index.html: a route the router owns (no file
 * extension), so a reload on `app://cockpit/pipeline` shows the page rather than a 404. Asset
 * requests (with an extension) stay 404 so a broken build is noticed.
 */
export function isRouteLikePath(filePath: string): boolean {
  return nodePath.extname(filePath) === ''
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8'
}

/** Content type by extension; sent with `nosniff`, so unknown types stay inert bytes. */
export function contentTypeFor(filePath: string): string {
  return MIME[nodePath.extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}
