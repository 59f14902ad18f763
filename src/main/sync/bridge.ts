import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { z } from 'zod'
import { CockpitError } from '../../shared/ipc/define'
import type { OpResult, PulledOp, SyncStatus } from '../../shared/ipc/sync'
import type { Op } from '../../shared/sync/op'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import { initialStatus, nextStatus, type StatusEvent } from './status'

/**
 * The sync bridge: the main process's side of the team hub. It owns the network (the page's
 * CSP forbids it) and the credentials; the page owns the data and calls `push`/`pull` with it.
 * No Electron import, so it runs under Node in tests and in the browser harness.
 */

export const HubCredentials = z.object({
  hubUrl: z.string().min(1),
  email: z.string().min(1),
  password: z.string().min(1),
  /** This install's id on the hub (batch ids are unique per sender). */
  clientId: z.string().min(1)
})
export type HubCredentials = z.infer<typeof HubCredentials>

/** Where credentials live between runs; `save` returns false when it cannot keep them safely. */
export interface TokenStore {
  readonly kind: NonNullable<SyncStatus['secretStorage']>
  load(): HubCredentials | undefined
  save(c: HubCredentials): boolean
  clear(): void
}

export interface SyncBridgeOptions {
  store: TokenStore
  fetch?: typeof fetch
  now?: () => number
  random?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Tries per push or pull before the bridge reports offline. */
  maxAttempts?: number
  backoff?: BackoffOptions
  /** Keep a `/sync/live` socket for pokes (tests of the push path may turn it off). */
  live?: boolean
  log?: { info(m: string, c?: Record<string, unknown>): void; warn(m: string, c?: Record<string, unknown>): void }
}

/** A token this close to expiry is renewed before use, so a request never races the expiry. */
const RENEW_BEFORE_MS = 60_000
const REQUEST_TIMEOUT_MS = 30_000
const PULL_LIMIT = 500

class NetworkError extends Error {}

class HubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
  }
}

const HubErrorBody = z.object({ code: z.string(), message: z.string().optional(), details: z.unknown().optional() })
const LoginAnswer = z.object({ token: z.string(), expiresAt: z.number(), userId: z.string() })
const MeAnswer = z.object({ userId: z.string(), regions: z.array(z.string()) })
const PushAnswer = z.object({ batchId: z.string(), accepted: z.number(), duplicates: z.number(), conflicts: z.number() })
const Rejection = z.object({ index: z.number(), code: z.string(), reason: z.string().optional() })
const PullAnswer = z.object({
  stream: z.string(),
  ops: z.array(z.object({ seq: z.number(), op: z.unknown() })),
  head: z.number(),
  more: z.boolean()
})

const GLOBAL_STREAM = 'global'

function normalizeHubUrl(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

export class SyncBridge {
  private state: SyncStatus = initialStatus
  private readonly listeners = new Set<(s: SyncStatus) => void>()
  private creds: HubCredentials | undefined
  private token: { value: string; expiresAt: number } | undefined
  private streams: string[] = []
  private socket: WebSocket | undefined
  private liveAttempt = 0
  private liveTimer: ReturnType<typeof setTimeout> | undefined
  /** Bumped on connect/disconnect so callbacks of an older connection do nothing. */
  private generation = 0
  private readonly fetch: typeof fetch
  private readonly now: () => number
  private readonly random: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly maxAttempts: number
  private readonly backoff: BackoffOptions

  constructor(private readonly opts: SyncBridgeOptions) {
    this.fetch = opts.fetch ?? ((...a) => fetch(...a))
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
    this.maxAttempts = opts.maxAttempts ?? 5
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF
  }

  get status(): SyncStatus {
    return this.state
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: StatusEvent): void {
    const next = nextStatus(this.state, e)
    if (JSON.stringify(next) === JSON.stringify(this.state)) return
    this.state = next
    for (const l of this.listeners) l(next)
  }

  /** Sign in and remember the hub; wrong credentials or an unreachable hub fail with a code. */
  async connect(input: { hubUrl: string; email: string; password: string }): Promise<SyncStatus> {
    const previous = this.creds ?? this.opts.store.load()
    const hubUrl = normalizeHubUrl(input.hubUrl)
    const creds: HubCredentials = {
      hubUrl,
      email: input.email.trim().toLowerCase(),
      password: input.password,
      clientId: previous?.hubUrl === hubUrl ? previous.clientId : randomUUID()
    }
    this.stopLive()
    const gen = ++this.generation
    this.creds = creds
    this.token = undefined
    this.emit({ type: 'configured', hubUrl, email: creds.email, secretStorage: this.opts.store.kind })
    this.emit({ type: 'connecting' })
    try {
      await this.login(creds)
    } catch (e) {
      if (gen === this.generation) {
        this.creds = undefined
        this.emit({ type: 'disconnected' })
      }
      throw this.toCockpitError(e)
    }
    const saved = this.opts.store.save(creds)
    this.emit({ type: 'configured', hubUrl, email: creds.email, secretStorage: saved ? this.opts.store.kind : undefined })
    this.emit({ type: 'online' })
    this.startLive(gen)
    return this.state
  }

  /** At app start: reconnect with stored credentials, if any. Never throws; the status says why. */
  async resume(): Promise<SyncStatus> {
    const creds = this.opts.store.load()
    if (!creds) return this.state
    const gen = ++this.generation
    this.creds = creds
    this.emit({ type: 'configured', hubUrl: creds.hubUrl, email: creds.email, secretStorage: this.opts.store.kind })
    this.emit({ type: 'connecting' })
    try {
      await this.login(creds)
      this.emit({ type: 'online' })
    } catch (e) {
      this.emit({ type: 'offline', code: this.toCockpitError(e).code })
    }
    this.startLive(gen)
    return this.state
  }

  /** Forget the hub and the stored password. Local data stays. */
  disconnect(): SyncStatus {
    this.generation++
    this.stopLive()
    this.creds = undefined
    this.token = undefined
    this.streams = []
    this.opts.store.clear()
    this.emit({ type: 'disconnected' })
    return this.state
  }

  /** Stop timers and the socket (app quit); credentials stay for the next start. */
  close(): void {
    this.generation++
    this.stopLive()
  }

  /** Push one batch; retried on network errors with the same batch id (the hub deduplicates). */
  async push(ops: Op[], remaining = 0): Promise<{ batchId: string; results: OpResult[]; accepted: number; duplicates: number; conflicts: number }> {
    const creds = this.requireCreds()
    const batchId = randomUUID()
    this.emit({ type: 'pending', pending: ops.length + remaining })
    this.emit({ type: 'busy' })
    try {
      const raw = await this.withRetry(() => this.call('POST', '/sync/push', { clientId: creds.clientId, batchId, ops }))
      const answer = PushAnswer.parse(raw)
      this.emit({ type: 'done', at: this.now(), pending: remaining, behind: this.behind({}) })
      return { ...answer, results: ops.map((_, index) => ({ index, status: 'accepted' as const })) }
    } catch (e) {
      if (e instanceof HubHttpError && e.code === 'sync.batch-rejected') {
        // The hub applies a batch all or nothing: the refused ops say why, the rest wait for a batch without them.
        const rejected = z.object({ rejected: z.array(Rejection) }).safeParse(e.details)
        const byIndex = new Map((rejected.success ? rejected.data.rejected : []).map((r) => [r.index, r]))
        this.emit({ type: 'error', code: e.code })
        return {
          batchId,
          accepted: 0,
          duplicates: 0,
          conflicts: 0,
          results: ops.map((_, index) => {
            const r = byIndex.get(index)
            return r ? { index, status: 'rejected' as const, code: r.code, reason: r.reason } : { index, status: 'held' as const }
          })
        }
      }
      throw this.fail(e)
    }
  }

  /** Pull every stream in scope from the given cursors (one page each). */
  async pull(cursors: Record<string, number>): Promise<{ ops: PulledOp[]; cursors: Record<string, number>; more: boolean }> {
    this.requireCreds()
    this.emit({ type: 'busy' })
    try {
      await this.ensureToken()
      const out: PulledOp[] = []
      const next: Record<string, number> = {}
      let more = false
      for (const stream of this.streams) {
        const after = cursors[stream] ?? 0
        const raw = await this.withRetry(() => this.call('GET', `/sync/pull?stream=${encodeURIComponent(stream)}&after=${after}&limit=${PULL_LIMIT}`))
        const page = PullAnswer.parse(raw)
        for (const r of page.ops) out.push({ stream, seq: r.seq, op: r.op as Op })
        next[stream] = page.ops.at(-1)?.seq ?? after
        more ||= page.more
        if (page.head > (this.state.heads[stream] ?? 0)) this.emit({ type: 'poke', stream, seq: page.head })
      }
      this.emit({ type: 'done', at: this.now(), behind: more || this.behind(next) })
      return { ops: out, cursors: next, more }
    } catch (e) {
      throw this.fail(e)
    }
  }

  private behind(cursors: Record<string, number>): boolean {
    return Object.entries(cursors).some(([s, c]) => (this.state.heads[s] ?? 0) > c)
  }

  private requireCreds(): HubCredentials {
    if (!this.creds) throw new CockpitError('sync.not-connected', 'no team hub is connected')
    return this.creds
  }

  private fail(e: unknown): CockpitError {
    const err = this.toCockpitError(e)
    if (e instanceof NetworkError || (e instanceof HubHttpError && e.status >= 500)) this.emit({ type: 'offline', code: err.code })
    else this.emit({ type: 'error', code: err.code })
    return err
  }

  private toCockpitError(e: unknown): CockpitError {
    if (e instanceof CockpitError) return e
    if (e instanceof NetworkError) return new CockpitError('sync.offline', e.message)
    if (e instanceof HubHttpError) return new CockpitError(e.status >= 500 ? 'sync.hub-error' : e.code, e.message)
    return new CockpitError('sync.hub-error', e instanceof Error ? e.message : String(e))
  }

  /** Network errors and 5xx are retried with backoff; 4xx answers are final. */
  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn()
      } catch (e) {
        const transient = e instanceof NetworkError || (e instanceof HubHttpError && e.status >= 500)
        if (!transient || attempt + 1 >= this.maxAttempts) throw e
        await this.sleep(backoffDelay(attempt, this.random(), this.backoff))
      }
    }
  }

  /** An authenticated call; an expired or rejected token is renewed once by signing in again. */
  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const token = await this.ensureToken()
    try {
      return await this.http(method, path, body, token)
    } catch (e) {
      if (e instanceof HubHttpError && e.status === 401 && this.creds) {
        this.token = undefined
        return this.http(method, path, body, await this.ensureToken())
      }
      if (e instanceof HubHttpError && e.code === 'auth.out-of-scope' && this.creds) await this.login(this.creds)
      throw e
    }
  }

  private async ensureToken(): Promise<string> {
    const creds = this.requireCreds()
    if (!this.token || this.token.expiresAt - this.now() < RENEW_BEFORE_MS) await this.login(creds)
    return this.token!.value
  }

  private async login(creds: HubCredentials): Promise<void> {
    const answer = LoginAnswer.parse(await this.http('POST', '/auth/login', { email: creds.email, password: creds.password }, undefined, creds.hubUrl))
    // Kept with the local clock: the hub's expiry is in its clock, and only the lifetime matters here.
    this.token = { value: answer.token, expiresAt: this.now() + Math.max(0, answer.expiresAt - Date.now()) }
    const me = MeAnswer.parse(await this.http('GET', '/auth/me', undefined, answer.token, creds.hubUrl))
    this.streams = [...me.regions, GLOBAL_STREAM]
  }

  private async http(method: 'GET' | 'POST', path: string, body: unknown, token: string | undefined, base = this.creds?.hubUrl): Promise<unknown> {
    if (!base) throw new CockpitError('sync.not-connected', 'no team hub is connected')
    let res: Response
    try {
      res = await this.fetch(`${base}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {})
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
      })
    } catch (e) {
      throw new NetworkError(e instanceof Error ? e.message : String(e))
    }
    const text = await res.text().catch(() => '')
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (!res.ok) {
      const err = HubErrorBody.safeParse(json)
      throw new HubHttpError(res.status, err.success ? err.data.code : `http.${res.status}`, err.success ? (err.data.message ?? '') : text.slice(0, 200), err.success ? err.data.details : undefined)
    }
    if (json === undefined) throw new HubHttpError(res.status, 'sync.bad-answer', 'the hub answered something that is not JSON')
    return json
  }

  // --- /sync/live: pokes that tell the page to pull ---

  private startLive(gen: number): void {
    if (this.opts.live === false || gen !== this.generation) return
    void this.openLive(gen)
  }

  private stopLive(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer)
    this.liveTimer = undefined
    const s = this.socket
    this.socket = undefined
    s?.removeAllListeners()
    s?.on('error', () => {})
    s?.close()
  }

  private scheduleLive(gen: number): void {
    if (gen !== this.generation) return
    const delay = backoffDelay(this.liveAttempt++, this.random(), this.backoff)
    this.liveTimer = setTimeout(() => void this.openLive(gen), delay)
  }

  private async openLive(gen: number): Promise<void> {
    if (gen !== this.generation || !this.creds) return
    let token: string
    try {
      token = await this.ensureToken()
    } catch (e) {
      const err = this.toCockpitError(e)
      this.emit(e instanceof NetworkError || err.code === 'sync.hub-error' ? { type: 'offline', code: err.code } : { type: 'error', code: err.code })
      return this.scheduleLive(gen)
    }
    if (gen !== this.generation) return
    const socket = new WebSocket(`${this.creds.hubUrl.replace(/^http/, 'ws')}/sync/live`)
    this.socket = socket
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })))
    socket.on('message', (data) => {
      let msg: { type?: string; stream?: string; seq?: number }
      try {
        msg = JSON.parse(String(data)) as typeof msg
      } catch {
        return
      }
      if (msg.type === 'ready') {
        this.liveAttempt = 0
        this.emit({ type: 'online' })
      } else if (msg.type === 'poke' && typeof msg.stream === 'string' && typeof msg.seq === 'number') {
        this.emit({ type: 'poke', stream: msg.stream, seq: msg.seq })
      }
    })
    socket.on('error', (e) => this.opts.log?.warn('sync live socket error', { error: e.message }))
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return
      this.socket = undefined
      // The hub closes the socket when the token expires: sign in again before reconnecting.
      if (code === 4401) this.token = undefined
      if (code !== 4401 && code !== 1000) this.emit({ type: 'offline', code: 'sync.offline' })
      this.opts.log?.info('sync live socket closed', { code, reason: reason.toString() })
      this.scheduleLive(gen)
    })
  }
}
