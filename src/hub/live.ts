import type { WebSocket } from 'ws'
import { z } from 'zod'
import { verifyToken } from './auth'
import { scopeOf, GLOBAL_STREAM } from './org'
import type { Sql } from './store'

/**
 * `/sync/live`: a poke channel. The socket carries no data, only `{stream, seq}` when a stream
 * the user may read moves; the client then pulls by cursor. So a poke that is lost costs a
 * delay, never an op, and the pull endpoint stays the one place that serves records.
 */

const AuthMessage = z.object({ type: z.literal('auth'), token: z.string().min(1).max(2000) })

/** A socket that has not authenticated within this time is closed, so idle sockets cannot pile up. */
const AUTH_TIMEOUT_MS = 5_000

interface Listener {
  socket: WebSocket
  streams: Set<string>
}

export class LiveHub {
  private readonly listeners = new Set<Listener>()

  constructor(
    private readonly db: Sql,
    private readonly secret: Buffer
  ) {}

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
    const listener: Listener = { socket, streams: new Set([...scope.regions, GLOBAL_STREAM]) }
    this.listeners.add(listener)
    // The socket lives no longer than its token: the client reconnects with a fresh one, and
    // scope is computed again from the hub's tables then.
    const expiry = setTimeout(() => socket.close(4401, 'auth.expired'), claims.exp - now)
    socket.on('close', () => {
      clearTimeout(expiry)
      this.listeners.delete(listener)
    })
    socket.send(JSON.stringify({ type: 'ready', streams: [...listener.streams] }))
  }

  poke(stream: string, seq: number): void {
    const msg = JSON.stringify({ type: 'poke', stream, seq })
    for (const l of this.listeners) if (l.streams.has(stream) && l.socket.readyState === l.socket.OPEN) l.socket.send(msg)
  }

  closeAll(): void {
    for (const l of this.listeners) l.socket.close(1001, 'hub.shutdown')
    this.listeners.clear()
  }
}
