import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { build } from 'esbuild'
import { dispatch, type CallSender } from '../../src/main/ipc/dispatch'
import type { EventName, EventPayload } from '../../src/shared/ipc'
import { createHandlers } from '../../src/main/ipc/handlers'
import { SettingsStore } from '../../src/main/services/settings-store'
import { Logger } from '../../src/main/services/logger'
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp'
import { MAX_RECORDING_BYTES, RecordingStore } from '../../src/main/recordings/store'
import { mediaReply } from '../../src/main/recordings/media'
import { localRecordingsOf } from '../../src/main/sync/bridge-recordings'
import { SyncBridge } from '../../src/main/sync/bridge'
import { FileTokenStore } from '../../src/main/sync/file-token-store'
import { workerTableParser } from './parse-worker'
import { osUserName } from '../../src/main/services/os-user'
import pkg from '../../package.json'

/**
 * The browser harness: the built renderer on 127.0.0.1 with the real main-process handlers
 * behind a loopback `window.cockpit`. Loopback only — it binds 127.0.0.1 and refuses requests
 * whose Host or Origin is anything else, so nothing is ever exposed beyond this machine.
 */
export interface Harness {
  url: string
  port: number
  dataDir: string
  /** Push an event to the page, as the native menu would. */
  emit(event: string, payload: unknown): void
  close(): Promise<void>
}

const root = resolve(__dirname, '../..')
// COCKPIT_OUT lets parallel builds (electron-vite build --outDir out-x) each be served on their own.
const rendererDir = join(root, process.env.COCKPIT_OUT ?? 'out', 'renderer')

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon'
}

async function bundleLoopback(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'src/preload/loopback.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true
  })
  return out.outputFiles[0]!.text
}

/** Revive `{__bytes: base64}` values sent by the loopback preload into Uint8Arrays. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive)
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (typeof o.__bytes === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.__bytes, 'base64'))
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]))
  }
  return value
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolveBody(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Channels whose answer holds a Uint8Array (see src/shared/ipc/export.ts). */
const BYTE_REPLIES = new Set(['export.xlsx', 'export.printToPdf'])
const tagBytes = (_k: string, v: unknown): unknown => (v instanceof Uint8Array ? { __bytes: Buffer.from(v).toString('base64') } : v)

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/

export async function startHarness(opts: { port?: number; dataDir?: string } = {}): Promise<Harness> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first')
  }
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cockpit-harness-'))
  const log = new Logger(dataDir)
  const settings = new SettingsStore(dataDir)
  const recordings = new RecordingStore({ dir: join(dataDir, 'recordings') })
  const uploadsDir = resolve(dataDir, 'uploads')
  // No OS keychain here: the hub password sits in a plain file inside the throwaway data folder.
  const sync = new SyncBridge({ store: new FileTokenStore(join(dataDir, 'hub-credentials.json')), log, recordings: localRecordingsOf(recordings) })
  // Import files are read in a worker thread with the app's limits, as the utility process does in Electron.
  const tables = await workerTableParser({ log })
  const handlers = createHandlers({
    info: { name: 'Sales Cockpit', version: pkg.version, platform: process.platform, systemLanguages: [], userName: osUserName(), runtime: 'harness' },
    settings,
    log,
    recordings,
    sync,
    tables
  })
  const loopbackJs = await bundleLoopback()
  const indexHtml = readFileSync(join(rendererDir, 'index.html'), 'utf8').replace(
    '<script type="module"',
    '<script src="/__cockpit/loopback.js"></script>\n    <script type="module"'
  )
  const listeners = new Set<{ event: string; res: ServerResponse }>()
  const emitEvent = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const l of listeners) if (l.event === event) l.res.write(`data: ${JSON.stringify(payload)}\n\n`)
  }
  sync.onStatus((status) => emitEvent('sync.status', status))

  const server: Server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? ''
      if (!LOOPBACK_HOST.test(host)) {
        res.writeHead(403).end('loopback only')
        return
      }
      const origin = req.headers.origin
      if (origin && !LOOPBACK_ORIGIN.test(origin)) {
        res.writeHead(403).end('foreign origin')
        return
      }
      const url = new URL(req.url ?? '/', `http://${host}`)
      const security = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' }

      if (url.pathname.startsWith('/__cockpit/invoke/') && req.method === 'POST') {
        const channel = decodeURIComponent(url.pathname.slice('/__cockpit/invoke/'.length))
        let body: unknown
        try {
          body = revive(JSON.parse((await readBody(req, 220 * 1024 * 1024)).toString('utf8')))
        } catch {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ ok: false, error: { code: 'ipc.invalid-request', message: 'unreadable body', params: { field: '(request)' } } }))
          return
        }
        // The harness serves one page: events for "the sender" go to every listener of that event.
        const sender: CallSender = { id: 0, isDestroyed: () => false, send: emitEvent }
        const envelope = await dispatch(handlers, channel, body, log, { sender })
        // An uploaded recording (see /__cockpit/upload) is the store's copy now, or refused: either way gone.
        const uploaded = channel === 'recordings.importPath' ? (body as { path?: unknown }).path : undefined
        if (typeof uploaded === 'string' && resolve(uploaded).startsWith(uploadsDir + sep)) rmSync(uploaded, { force: true })
        res.writeHead(200, { 'content-type': 'application/json', ...security })
        // Bytes (an .xlsx for the page to download) travel back tagged, as they came. Only the
        // channels that answer with bytes pay for the replacer (sync pulls and peaks are large).
        res.end(JSON.stringify(envelope, BYTE_REPLIES.has(channel) ? tagBytes : undefined))
        return
      }
      if (url.pathname === '/__cockpit/upload' && req.method === 'PUT') {
        // The harness's stand-in for a dropped file's path: the page streams the file here and
        // imports it by the answered path, as Electron imports a dropped file from disk.
        mkdirSync(uploadsDir, { recursive: true })
        const path = join(uploadsDir, randomUUID())
        let size = 0
        req.on('data', (chunk: Buffer) => {
          size += chunk.byteLength
          // One byte over the store's limit is enough for it to refuse; no need to keep reading.
          if (size > MAX_RECORDING_BYTES + 1) req.destroy()
        })
        try {
          await pipeline(req, createWriteStream(path))
        } catch {
          rmSync(path, { force: true })
          res.writeHead(413).end()
          return
        }
        res.writeHead(200, { 'content-type': 'application/json', ...security })
        res.end(JSON.stringify({ path }))
        return
      }
      if (url.pathname.startsWith('/__cockpit/media/')) {
        // Same-origin stand-in for Electron's cockpit-media: scheme, Range support included.
        const reply = await mediaReply(recordings, url.pathname.slice('/__cockpit/media/'.length), req.headers.range, req.method)
        res.writeHead(reply.status, reply.headers)
        if (reply.body) reply.body.pipe(res)
        else res.end()
        return
      }
      if (url.pathname === '/__cockpit/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
        res.write(': connected\n\n')
        const entry = { event: url.searchParams.get('event') ?? '', res }
        listeners.add(entry)
        req.on('close', () => listeners.delete(entry))
        return
      }
      if (url.pathname === '/__cockpit/loopback.js') {
        res.writeHead(200, { 'content-type': mime['.js']!, ...security })
        res.end(loopbackJs)
        return
      }
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { 'content-type': mime['.html']!, 'cache-control': 'no-store', ...security })
        res.end(indexHtml)
        return
      }
      const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
      if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found')
        return
      }
      res.writeHead(200, { 'content-type': mime[extname(file)] ?? 'application/octet-stream', ...security })
      res.end(readFileSync(file))
    })().catch((e: unknown) => {
      log.error('harness request failed', { error: String(e) })
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  log.info('harness started', { port })

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    dataDir,
    emit(event, payload) {
      for (const l of listeners) if (l.event === event) l.res.write(`data: ${JSON.stringify(payload)}\n\n`)
    },
    close: () =>
      new Promise<void>((ok) => {
        sync.close()
        tables.close()
        for (const l of listeners) l.res.end()
        server.closeAllConnections()
        server.close(() => ok())
      })
  }
}
