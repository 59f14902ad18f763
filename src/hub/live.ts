import type { WebSocket } from 'ws'
import { z } from 'zod'
import { verifyToken } from './auth'
import { scopeOf, GLOBAL_STREAM, type Scope } from './org'
import type { HubStore, Sql } from './store'
import { SheetHub } from './sheets'
import { LIVE_BYTE_LIMIT, LIVE_MESSAGE_LIMIT, RateLimiter } from './limits'

/**
 * `/sync/live`: a poke channel. The socket carries no data, only `{stream, seq}` when a stream
 * the user may read moves; the client then pulls by cursor. So a poke that is lost costs a
 * delay, never an op, and the pull endpoint stays the one place that serves records.
 */

const AuthMessage = z.object({ type: z.literal('auth'), token: z.string().min(1).max(2000) })

/** A socket that has not authenticated within this time is closed, so idle sockets cannot pile up. */
const AUTH_TIMEOUT_MS = 5_000
/**
 * Where the store cannot notify (PostgreSQL: the admin tool or another instance may change the
 * org), the org version is read this often while sockets are open: one single-row read.
 */
export const ORG_POLL_MS = 1_000
/**
 * Pokes of one stream are folded within this window: a lone save still pokes at once, a burst
 * reaches the other laptops at most a second later, and a laptop pulls a busy region at most
 * once a second (50 laptops saving every few seconds would otherwise have each of them pulling
 * several times a second). Strategy sheets, which are typed live, don't go through pokes.
 */
export const POKE_WINDOW_MS = 1_000

interface Listener {
  socket: WebSocket
  userId: string
  /** When the socket's token was issued: a password change after it closes the socket. */
  issuedAt: number
  streams: Set<string>
  /** The scope the socket was told about: regions, org unit and role, so any move is seen. */
  scopeKey: string
}

function scopeKeyOf(scope: Scope): string {
  return JSON.stringify([[...scope.regions].sort(), scope.user.org_unit_id, scope.user.role])
}

export class LiveHub {
  private readonly listeners = new Set<Listener>()
  /** Strategy sheets ride the same authenticated socket (see sheets.ts). */
  private sheets: SheetHub | undefined

  attachSheets(sheets: SheetHub): void {
    this.sheets = sheets
  }

  private orgVersion: number | undefined
  private poller: ReturnType<typeof setInterval> | undefined
  private rescoping: Promise<void> | undefined
  private rescopeAgain = false

  constructor(
    private readonly db: Sql,
    private readonly secret: Buffer
  ) {}

  /**
   * Tells the sockets of users whose scope the org change moved to run a sync round now
   * (`{type:'reset'}`), instead of on their next timer. Their pull then purges and re-downloads
   * by the new scope; the socket's own poke subscriptions follow at once.
   */
  async watchOrg(store: Sql & Pick<HubStore, 'watchOrg'>, pollMs = ORG_POLL_MS): Promise<void> {
    if (store.watchOrg) {
      await store.watchOrg(() => this.orgChanged())
      return
    }
    const [first] = await this.db.query<{ v: number | string }>('SELECT v FROM org_version')
    this.orgVersion = Number(first?.v ?? 0)
    this.poller = setInterval(() => {
      if (this.listeners.size === 0) return
      void this.db.query<{ v: number | string }>('SELECT v FROM org_version').then(
        ([row]) => {
          const v = Number(row?.v ?? 0)
          const moved = this.orgVersion !== undefined && v !== this.orgVersion
          this.orgVersion = v
          if (moved) this.orgChanged()
        },
        () => undefined
      )
    }, pollMs)
    this.poller.unref?.()
  }

  /** Re-checks every open socket's scope; one pass at a time, and one more if the org moved meanwhile. */
  orgChanged(): void {
    if (this.rescoping) {
      this.rescopeAgain = true
      return
    }
    this.rescoping = this.rescope().finally(() => {
      this.rescoping = undefined
      if (this.rescopeAgain) {
        this.rescopeAgain = false
        this.orgChanged()
      }
    })
  }

  private async rescope(): Promise<void> {
    const byUser = new Map<string, Listener[]>()
    for (const l of this.listeners) byUser.set(l.userId, [...(byUser.get(l.userId) ?? []), l])
    for (const [userId, ls] of byUser) {
      let scope: Scope | undefined
      try {
        scope = await scopeOf(this.db, userId)
      } catch {
        continue
      }
      for (const l of ls) {
        if (!scope) {
          // Disabled or removed: the socket goes; the laptop's next request is refused in words.
          l.socket.close(4401, 'auth.unknown-user')
          continue
        }
        if (l.issuedAt < (scope.user.tokens_after ?? 0)) {
          // The password changed since the socket signed in: the session ends here too.
          l.socket.close(4401, 'auth.revoked')
          continue
        }
        const key = scopeKeyOf(scope)
        if (key === l.scopeKey) continue
        l.scopeKey = key
        l.streams = new Set([...scope.regions, GLOBAL_STREAM])
        if (l.socket.readyState === l.socket.OPEN) l.socket.send(JSON.stringify({ type: 'reset', streams: [...l.streams] }))
      }
    }
  }

  accept(socket: WebSocket): void {
    const timer = setTimeout(() => socket.close(4401, 'auth.timeout'), AUTH_TIMEOUT_MS)
    socket.once('message', (data) => {
      clearTimeout(timer)
      void this.authenticate(socket, data.toString()).catch(() => socket.close(1011, 'hub.error'))
    })
  }

  private async authenticate(socket: WebSocket, text: string): Promise<void> {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      msg = undefined
    }
    const parsed = AuthMessage.safeParse(msg)
    if (!parsed.success) return socket.close(4400, 'sync.malformed')
    const now = Date.now()
    const claims = verifyToken(this.secret, parsed.data.token, now)
    if (typeof claims === 'string') return socket.close(4401, claims)
    const scope = await scopeOf(this.db, claims.sub)
    if (!scope) return socket.close(4401, 'auth.unknown-user')
    if (claims.iat < (scope.user.tokens_after ?? 0)) return socket.close(4401, 'auth.revoked')
    const listener: Listener = { socket, userId: claims.sub, issuedAt: claims.iat, streams: new Set([...scope.regions, GLOBAL_STREAM]), scopeKey: scopeKeyOf(scope) }
    this.listeners.add(listener)
    // The socket lives no longer than its token: the client reconnects with a fresh one, and
    // scope is computed again from the hub's tables then.
    const expiry = setTimeout(() => socket.close(4401, 'auth.expired'), claims.exp - now)
    const conn = { socket, userId: claims.sub }
    const messages = new RateLimiter(LIVE_MESSAGE_LIMIT)
    const bytes = new RateLimiter(LIVE_BYTE_LIMIT)
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length
      if (messages.take('') > 0 || bytes.take('', size) > 0) return socket.close(4429, 'live.rate-limited')
      let m: unknown
      try {
        m = JSON.parse(data.toString())
      } catch {
        return
      }
      if (this.sheets && SheetHub.owns(m)) this.sheets.receive(conn, m)
    })
    socket.on('close', () => {
      clearTimeout(expiry)
      this.listeners.delete(listener)
      this.sheets?.closed(conn)
    })
    socket.send(JSON.stringify({ type: 'ready', streams: [...listener.streams] }))
  }

  /** Streams poked within the last window, with the newest seq that arrived since (if any). */
  private readonly pokeWindows = new Map<string, { pending: number | undefined; timer: ReturnType<typeof setTimeout> }>()

  /**
   * Tells the sockets in scope that a stream moved. The first poke goes out at once; pokes that
   * follow within POKE_WINDOW_MS are folded into one at the window's end, carrying the newest
   * seq. Every poke makes each laptop in the region pull, so with 50 busy laptops on a region an
   * unfolded poke per push would have each of them pulling after every colleague's save.
   */
  poke(stream: string, seq: number): void {
    const open = this.pokeWindows.get(stream)
    if (open) {
      open.pending = Math.max(open.pending ?? 0, seq)
      return
    }
    this.send(stream, seq)
    this.openPokeWindow(stream, seq)
  }

  private openPokeWindow(stream: string, sent: number): void {
    const window = {
      pending: undefined as number | undefined,
      timer: setTimeout(() => {
        this.pokeWindows.delete(stream)
        if (window.pending !== undefined && window.pending > sent) {
          this.send(stream, window.pending)
          this.openPokeWindow(stream, window.pending)
        }
      }, POKE_WINDOW_MS)
    }
    window.timer.unref?.()
    this.pokeWindows.set(stream, window)
  }

  private send(stream: string, seq: number): void {
    const msg = JSON.stringify({ type: 'poke', stream, seq })
    for (const l of this.listeners) if (l.streams.has(stream) && l.socket.readyState === l.socket.OPEN) l.socket.send(msg)
  }

  closeAll(): void {
    for (const w of this.pokeWindows.values()) clearTimeout(w.timer)
    this.pokeWindows.clear()
    if (this.poller) clearInterval(this.poller)
    for (const l of this.listeners) l.socket.close(1001, 'hub.shutdown')
    this.listeners.clear()
  }
}
