import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { z } from 'zod'
import { CockpitError } from '../../shared/ipc/define'
import { HubConflict, MIN_HUB_PASSWORD, OrgSnapshot, SheetEvent, type OpResult, type PulledOp, type SyncStatus } from '../../shared/ipc/sync'
import type { Op } from '../../shared/sync/op'
import { CONTENT_REFUSALS } from '../../shared/hub-api/errors'
import { AcceptInviteAnswer, ConflictsAnswer, GLOBAL_STREAM, HubErrorBody, LiveMessage, LoginAnswer, MeAnswer, PullAnswer, PushAnswer, PushRejection } from '../../shared/hub-api/sync'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import { initialStatus, nextStatus, type StatusEvent } from './status'
import { idleRecordingsProgress, syncRecordingFiles, type LocalRecordings, type RecordingsProgress } from './bridge-recordings'
import { RoundPlanner } from './round'

export { ORG_REFRESH_MS, STREAM_QUIET_MS, STREAM_REFRESH_MS } from './round'

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
  /** The laptop's recording files; set, the bridge uploads and downloads them after each sync. */
  recordings?: LocalRecordings
}

/** A token this close to expiry is renewed before use, so a request never races the expiry. */
const RENEW_BEFORE_MS = 60_000
const REQUEST_TIMEOUT_MS = 30_000
/** The hub's largest page: a first sync of the bench workspace is ~270 rounds of these. */
const PULL_LIMIT = 1000
/** Byte progress of recording transfers reaches the page at most this often. */
const RECORDINGS_STATUS_EVERY_MS = 250

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
  /** Strategy sheets open in our pages, relayed over the live socket. */
  readonly sheets = new SheetRelay((msg) => {
    const s = this.socket
    if (!s || s.readyState !== WebSocket.OPEN || !this.liveReady) return false
    s.send(JSON.stringify(msg))
    return true
  })
  private liveReady = false
  /** Whether the page is behind, which streams a round pulls, when the org is asked for: main's alone. */
  private readonly planner = new RoundPlanner()
  /** Wakes the page when the minute's refresh of every stream falls due. */
  private refreshTimer: ReturnType<typeof setTimeout> | undefined
  /** The hub user we are signed in as, from the last org. */
  private me: string | undefined
  private recordingsState: RecordingsProgress = idleRecordingsProgress
  private readonly recordingsListeners = new Set<(p: RecordingsProgress) => void>()
  private recordingsRun: Promise<RecordingsProgress> | undefined
  private recordingsKickedAt = -Infinity
  private recordingsEmittedAt = -Infinity

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
    this.planner.forget()
    this.me = undefined
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
    this.judge()
    this.startLive(gen)
    return this.state
  }

  /** Redeem an invitation (sets the password once), then sign in with it as `connect` does. */
  async acceptInvite(input: { hubUrl: string; token: string; password: string }): Promise<SyncStatus> {
    if (input.password.length < MIN_HUB_PASSWORD) throw new CockpitError('auth.weak-password', `at least ${MIN_HUB_PASSWORD} characters`)
    const hubUrl = normalizeHubUrl(input.hubUrl)
    let answer: z.infer<typeof AcceptInviteAnswer>
    try {
      answer = AcceptInviteAnswer.parse(await this.http('POST', '/auth/accept-invite', { token: input.token.trim(), password: input.password }, undefined, hubUrl))
    } catch (e) {
      throw this.toCockpitError(e)
    }
    return this.connect({ hubUrl, email: answer.email, password: input.password })
  }

  /** At app start: reconnect with stored credentials, if any. Never throws; the status says why. */
  async resume(): Promise<SyncStatus> {
    const creds = this.opts.store.load()
    if (!creds) return this.state
    const gen = ++this.generation
    this.creds = creds
    this.planner.forget()
    this.emit({ type: 'configured', hubUrl: creds.hubUrl, email: creds.email, secretStorage: this.opts.store.kind })
    this.emit({ type: 'connecting' })
    try {
      await this.login(creds)
      this.emit({ type: 'online' })
    } catch (e) {
      this.emit({ type: 'offline', code: this.toCockpitError(e).code })
    }
    this.judge()
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
    this.planner.forget()
    this.stopRefreshTimer()
    this.me = undefined
    this.opts.store.clear()
    this.emit({ type: 'disconnected' })
    return this.state
  }

  /** Stop timers and the socket (app quit); credentials stay for the next start. */
  close(): void {
    this.generation++
    this.stopLive()
    this.stopRefreshTimer()
  }

  /**
   * Push one batch; retried on network errors with the same batch id (the hub deduplicates).
   * A batch the hub refuses for what it carries as a whole (too large for one request,
   * unreadable) is split and sent in halves until the op that causes it stands alone, which is
   * then reported refused: one bad op never holds back the ops behind it.
   */
  async push(ops: Op[], remaining = 0): Promise<{ batchId: string; results: OpResult[]; accepted: number; duplicates: number; conflicts: number }> {
    const creds = this.requireCreds()
    this.emit({ type: 'pending', pending: ops.length + remaining })
    this.emit({ type: 'busy' })
    try {
      const out = await this.pushSplitting(creds, ops)
      const refused = out.results.find((r) => r.status === 'rejected')
      if (refused) {
        this.emit({ type: 'error', code: 'sync.batch-rejected' })
        // The round is over: the refused ops leave the outbox (the page lists them), the held ones
        // wait for the next batch. Without this the header kept saying "syncing…" until some later push.
        this.emit({ type: 'done', at: this.now(), pending: remaining + out.results.filter((r) => r.status === 'held').length, behind: false })
      } else {
        this.emit({ type: 'done', at: this.now(), pending: remaining, behind: false })
        this.kickRecordings()
      }
      this.judge()
      return out
    } catch (e) {
      throw this.fail(e)
    }
  }

  private async pushSplitting(
    creds: HubCredentials,
    ops: Op[]
  ): Promise<{ batchId: string; results: OpResult[]; accepted: number; duplicates: number; conflicts: number }> {
    const batchId = randomUUID()
    try {
      const raw = await this.withRetry(() => this.call('POST', '/sync/push', { clientId: creds.clientId, batchId, ops }))
      const answer = PushAnswer.parse(raw)
      return { ...answer, results: ops.map((_, index) => ({ index, status: 'accepted' as const })) }
    } catch (e) {
      if (e instanceof HubHttpError && e.code === 'sync.batch-rejected') {
        // The hub applies a batch all or nothing: the refused ops say why, the rest wait for a batch without them.
        const rejected = z.object({ rejected: z.array(PushRejection) }).safeParse(e.details)
        const byIndex = new Map((rejected.success ? rejected.data.rejected : []).map((r) => [r.index, r]))
        return {
          batchId,
          accepted: 0,
          duplicates: 0,
          conflicts: 0,
          results: ops.map((_, index) => {
            const r = byIndex.get(index)
            return r
              ? { index, status: 'rejected' as const, code: r.code, reason: r.reason, ...(r.permission ? { permission: r.permission } : {}) }
              : { index, status: 'held' as const }
          })
        }
      }
      if (!(e instanceof HubHttpError) || e.status < 400 || e.status >= 500 || !CONTENT_REFUSALS.has(e.code)) throw e
      if (ops.length === 1) return { batchId, accepted: 0, duplicates: 0, conflicts: 0, results: [{ index: 0, status: 'rejected', code: e.code, reason: e.message }] }
      const mid = Math.ceil(ops.length / 2)
      const first = await this.pushSplitting(creds, ops.slice(0, mid))
      // Whatever of the first half did not go through holds the second half back: an op there may
      // depend on a held one (a deal on its customer), and sending it now would have it refused.
      const second = first.results.every((r) => r.status === 'accepted')
        ? await this.pushSplitting(creds, ops.slice(mid))
        : { batchId, accepted: 0, duplicates: 0, conflicts: 0, results: ops.slice(mid).map((_, index) => ({ index, status: 'held' as const })) }
      return {
        batchId: first.batchId,
        accepted: first.accepted + second.accepted,
        duplicates: first.duplicates + second.duplicates,
        conflicts: first.conflicts + second.conflicts,
        results: [...first.results, ...second.results.map((r) => ({ ...r, index: r.index + mid }))]
      }
    }
  }

  /**
   * One change to the hub's org (a unit, a person, an invitation): sent once, never retried — a
   * retried create could make two. On success the next round brings the new org at once.
   */
  async orgChange<T>(method: 'POST' | 'PATCH', path: string, body: unknown, answer: z.ZodType<T>): Promise<T> {
    this.requireCreds()
    try {
      const out = answer.parse(await this.call(method, path, body))
      this.planner.orgChanged()
      this.emit({ type: 'reset' })
      this.judge()
      return out
    } catch (e) {
      throw this.toCockpitError(e)
    }
  }

  /** Progress of recording file transfers (shown beside the sync status). */
  get recordingsProgress(): RecordingsProgress {
    return this.recordingsState
  }

  onRecordingsProgress(listener: (p: RecordingsProgress) => void): () => void {
    this.recordingsListeners.add(listener)
    return () => this.recordingsListeners.delete(listener)
  }

  /**
   * Uploads the recordings this laptop holds and the hub lacks, downloads those of the user's
   * regions it lacks (see bridge-recordings.ts). One round at a time; a call during a round
   * answers that round.
   */
  syncRecordings(): Promise<RecordingsProgress> {
    const creds = this.requireCreds()
    const local = this.opts.recordings
    if (!local) return Promise.resolve(this.recordingsState)
    this.recordingsRun ??= syncRecordingFiles({
      base: creds.hubUrl,
      token: () => this.ensureToken(),
      fetch: this.fetch,
      local,
      sleep: this.sleep,
      now: this.now,
      onProgress: (p) => {
        const prev = this.recordingsState
        this.recordingsState = p
        for (const l of this.recordingsListeners) l(p)
        // Every finished file and the round's start and end reach the page; byte counts at most
        // a few times a second, so a download's 64 KiB parts do not flood the IPC channel.
        const counted = p.state !== prev.state || p.uploads.done !== prev.uploads.done || p.downloads.done !== prev.downloads.done || p.bytesTotal !== prev.bytesTotal
        if (counted || this.now() - this.recordingsEmittedAt >= RECORDINGS_STATUS_EVERY_MS) {
          this.recordingsEmittedAt = this.now()
          this.emit({ type: 'recordings', progress: p })
        }
      }
    }).finally(() => {
      this.recordingsRun = undefined
    })
    return this.recordingsRun
  }

  /** After a push or pull: new recording rows may name files to move. At most every 5 s. */
  private kickRecordings(): void {
    if (!this.opts.recordings || this.recordingsRun || this.now() - this.recordingsKickedAt < 5_000) return
    this.recordingsKickedAt = this.now()
    this.syncRecordings().catch((e: unknown) => this.opts.log?.warn('recordings sync failed', { error: String(e) }))
  }

  /**
   * Pull from the cursors the page holds (one page per stream). Which streams, and whether the org
   * and the conflict inbox come along, is the round planner's to say (round.ts); the cursors
   * returned are the ones the planner then takes the page to hold.
   */
  async pull(
    cursors: Record<string, number>,
    conflictsAfter?: number
  ): Promise<{ ops: PulledOp[]; cursors: Record<string, number>; more: boolean; org?: OrgSnapshot; conflicts?: { items: HubConflict[]; next: number; me: string } }> {
    this.requireCreds()
    this.emit({ type: 'busy' })
    try {
      await this.ensureToken()
      // A round's first page (the page passes its conflict cursor) starts with the org when due:
      // it carries the regions the hub allows now, so a scope change is seen and streams left
      // behind are not asked for. Later pages skip it (a first pull has hundreds).
      let org: OrgSnapshot | undefined
      let conflicts: { items: HubConflict[]; next: number; me: string } | undefined
      let conflictTop = 0
      const now = this.now()
      const { orgDue, everything } = this.planner.start(cursors, now, { firstPage: conflictsAfter !== undefined, live: this.liveReady })
      if (orgDue) {
        org = OrgSnapshot.parse(await this.withRetry(() => this.call('GET', '/sync/org')))
        const before = this.streams.join()
        this.streams = [...org.regions, GLOBAL_STREAM]
        // A scope change: the live socket still listens to the old regions; the hub computes the
        // new set when it opens again.
        if (before && before !== this.streams.join() && this.socket) {
          this.stopLive()
          this.startLive(this.generation)
        }
        this.me = org.me
      }
      const out: PulledOp[] = []
      const next: Record<string, number> = {}
      let more = false
      for (const stream of this.streams) {
        if (this.planner.skip(stream, now, this.state.heads, everything)) continue
        const after = cursors[stream] ?? 0
        const raw = await this.withRetry(() => this.call('GET', `/sync/pull?stream=${encodeURIComponent(stream)}&after=${after}&limit=${PULL_LIMIT}`))
        const page = PullAnswer.parse(raw)
        for (const r of page.ops) out.push({ stream, seq: r.seq, op: r.op })
        next[stream] = page.ops.at(-1)?.seq ?? after
        this.planner.pulled(stream, { cursor: next[stream], head: page.head, brought: page.ops.length }, now)
        conflictTop = Math.max(conflictTop, page.conflictTop ?? 0)
        more ||= page.more
        if (page.head > (this.state.heads[stream] ?? 0)) this.emit({ type: 'poke', stream, seq: page.head })
      }
      this.planner.finish(more)
      // The inbox comes with the org, and at once when a page names a conflict the hub found
      // since we last asked (a colleague's save beat ours, or ours from another laptop lost).
      // Asked after the pages, so a conflict found while we pulled is not passed over.
      const me = this.me
      if (conflictsAfter !== undefined && me !== undefined && this.planner.askConflicts(orgDue, conflictTop)) {
        const answer = ConflictsAnswer.parse(await this.withRetry(() => this.call('GET', `/sync/conflicts?after=${conflictsAfter}`)))
        conflicts = { items: answer.conflicts, next: answer.next, me }
      }
      this.emit({ type: 'done', at: this.now(), behind: this.planner.lacksOps(this.streams, this.state.heads) })
      this.judge()
      this.kickRecordings()
      return { ops: out, cursors: next, more, ...(org ? { org } : {}), ...(conflicts ? { conflicts } : {}) }
    } catch (e) {
      throw this.fail(e)
    }
  }

  private isBehind(): boolean {
    return this.planner.behind(this.streams, this.state.heads, this.now())
  }

  /**
   * Put main's judgement into the status (the page runs a round when it says behind) and wake
   * the page when the minute's refresh of every stream falls due.
   */
  private judge(): void {
    this.stopRefreshTimer()
    if (!this.creds) return
    this.emit({ type: 'judged', behind: this.isBehind() })
    if (this.state.behind) return
    const gen = this.generation
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined
      if (gen === this.generation) this.judge()
    }, Math.max(1_000, this.planner.refreshDueIn(this.now())))
    this.refreshTimer.unref?.()
  }

  private stopRefreshTimer(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer)
    this.refreshTimer = undefined
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
    if (e instanceof HubHttpError && e.code === 'sync.forbidden') {
      // The permission the hub names, so the page words the refusal from the same table.
      const d = z.object({ permission: z.string().max(60), role: z.string().max(40) }).safeParse(e.details)
      return new CockpitError(e.code, e.message, d.success ? { permission: d.data.permission, role: d.data.role } : undefined)
    }
    if (e instanceof HubHttpError) return new CockpitError(e.status >= 500 ? 'sync.hub-error' : e.code, e.message)
    return new CockpitError('sync.hub-error', e instanceof Error ? e.message : String(e))
  }

  /** Network errors and 5xx are retried with backoff; 4xx answers are final. */
  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn()
      } catch (e) {
        // 429: the hub's rate limit; waiting the backoff out is what it asks for.
        const transient = e instanceof NetworkError || (e instanceof HubHttpError && (e.status >= 500 || e.status === 429))
        if (!transient || attempt + 1 >= this.maxAttempts) throw e
        await this.sleep(backoffDelay(attempt, this.random(), this.backoff))
      }
    }
  }

  /** An authenticated call; an expired or rejected token is renewed once by signing in again. */
  private async call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
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
    this.emit({ type: 'signedIn', userId: answer.userId })
    const me = MeAnswer.parse(await this.http('GET', '/auth/me', undefined, answer.token, creds.hubUrl))
    this.streams = [...me.regions, GLOBAL_STREAM]
  }

  private async http(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, token: string | undefined, base = this.creds?.hubUrl): Promise<unknown> {
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
      let raw: unknown
      try {
        raw = JSON.parse(String(data))
      } catch {
        return
      }
      const type = (raw as { type?: unknown } | null)?.type
      if (typeof type === 'string' && type.startsWith('sheet.')) return this.sheets.fromHub(raw)
      const parsed = LiveMessage.safeParse(raw)
      if (!parsed.success) return
      const msg = parsed.data
      if (msg.type === 'ready') {
        this.liveAttempt = 0
        this.liveReady = true
        // Pokes sent while the socket was down are lost: the next round asks for everything.
        this.planner.liveUp()
        this.emit({ type: 'online' })
        this.judge()
        this.sheets.reconnected()
      } else if (msg.type === 'poke') {
        this.planner.poked(msg.stream, this.now())
        this.emit({ type: 'poke', stream: msg.stream, seq: msg.seq })
        this.judge()
      } else {
        // A reset: the hub's org changed for this user. The page runs a round now (main says
        // behind), and that round's pull brings the new regions (purging what may no longer be
        // held). The socket itself is reopened so its poke subscriptions follow the new scope too.
        this.planner.orgChanged()
        this.emit({ type: 'reset' })
        this.judge()
        this.opts.log?.info('sync scope reset by the hub')
        socket.close(1000, 'scope.reset')
      }
    })
    socket.on('error', (e) => this.opts.log?.warn('sync live socket error', { error: e.message }))
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return
      this.socket = undefined
      this.liveReady = false
      // The hub closes the socket when the token expires: sign in again before reconnecting.
      if (code === 4401) this.token = undefined
      if (code !== 4401 && code !== 1000) this.emit({ type: 'offline', code: 'sync.offline' })
      this.opts.log?.info('sync live socket closed', { code, reason: reason.toString() })
      this.scheduleLive(gen)
    })
  }
}

/** A page with a sheet open: its Y.Doc's client id, and how to reach it. */
interface SheetSubscriber {
  send: (e: SheetEvent) => void
  alive: () => boolean
}

const HubSheetMessage = z.object({ type: z.string(), sheetId: z.string() }).passthrough()
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64')

/**
 * The main-process leg of a strategy sheet's live editing: pages open a sheet here, their
 * updates and presence go to the hub over the live socket, and what the hub relays comes back
 * to every page that has the sheet open. Nothing is queued while the hub is away: on reconnect
 * each page opens again with its state vector and the two sides exchange exactly what the
 * other misses, which covers every edit made offline.
 */
export class SheetRelay {
  private readonly subs = new Map<string, Map<number, SheetSubscriber>>()

  /** `toHub` returns false when the live socket is not up. */
  constructor(private readonly toHub: (msg: object) => boolean) {}

  open(sheetId: string, clientId: number, sv: Uint8Array, sub: SheetSubscriber): boolean {
    let m = this.subs.get(sheetId)
    if (!m) this.subs.set(sheetId, (m = new Map()))
    m.set(clientId, sub)
    return this.toHub({ type: 'sheet.open', sheetId, clientIds: [...m.keys()], sv: b64(sv) })
  }

  send(sheetId: string, kind: 'update' | 'awareness', data: Uint8Array): boolean {
    if (!this.subs.has(sheetId)) return false
    return this.toHub({ type: `sheet.${kind}`, sheetId, data: b64(data) })
  }

  close(sheetId: string, clientId: number): void {
    const m = this.subs.get(sheetId)
    if (!m?.delete(clientId)) return
    if (m.size === 0) {
      this.subs.delete(sheetId)
      this.toHub({ type: 'sheet.close', sheetId })
    }
  }

  /** A hub message for a sheet goes to every page that has it open; closed pages are dropped. */
  fromHub(raw: unknown): void {
    const msg = HubSheetMessage.safeParse(raw)
    if (!msg.success) return
    const kind = msg.data.type.slice('sheet.'.length)
    const e = SheetEvent.safeParse({ ...msg.data, kind })
    if (!e.success) return
    this.deliver(msg.data.sheetId, e.data)
  }

  /** The live socket is back: every page opens its sheets again. */
  reconnected(): void {
    for (const sheetId of this.subs.keys()) this.deliver(sheetId, { sheetId, kind: 'reconnect' })
  }

  private deliver(sheetId: string, e: SheetEvent): void {
    const m = this.subs.get(sheetId)
    if (!m) return
    for (const [clientId, sub] of m) {
      if (sub.alive()) sub.send(e)
      else this.close(sheetId, clientId)
    }
  }
}
