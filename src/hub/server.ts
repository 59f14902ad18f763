import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import websocket from '@fastify/websocket'
import { z } from 'zod'
import { dummyPasswordHash, signToken, TOKEN_TTL_MS, verifyPassword, verifyToken } from './auth'
import { HubError } from './errors'
import { LiveHub } from './live'
import { acceptInvite, scopeOf, type Scope } from './org'
import { RecordsService } from './records'
import type { HubStore } from './store'

/**
 * The team hub's HTTP surface. Stateless apart from the store: every request re-reads the
 * user and their scope, so a manager moved to another region loses the old one at once.
 */

export interface HubOptions {
  store: HubStore
  secret: Buffer
  /** Injected in tests to expire tokens without waiting. */
  now?: () => number
  logger?: boolean
}

/** 1000 ops of a few hundred bytes each fit well inside 4 MiB; anything larger is refused before parsing. */
const PUSH_BODY_LIMIT = 4 * 1024 * 1024
const SMALL_BODY_LIMIT = 16 * 1024

const LoginBody = z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(200) })
const AcceptInviteBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(10).max(200) })

export interface Hub {
  app: FastifyInstance
  live: LiveHub
  records: RecordsService
}

export async function buildHub(opts: HubOptions): Promise<Hub> {
  const now = opts.now ?? Date.now
  const { store, secret } = opts
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: SMALL_BODY_LIMIT })
  const live = new LiveHub(store, secret)
  const records = new RecordsService(store, (stream, seq) => live.poke(stream, seq))

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof HubError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) })
    }
    const e = err as { statusCode?: number; code?: string; message: string }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ code: 'sync.body-too-large', message: 'request body too large' })
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ code: 'request.invalid', message: e.message })
    }
    app.log.error(err)
    return reply.status(500).send({ code: 'hub.error', message: 'internal error' })
  })

  async function authenticate(req: FastifyRequest): Promise<Scope> {
    const header = req.headers.authorization
    if (!header?.startsWith('Bearer ')) throw new HubError(401, 'auth.missing', 'sign in first')
    const claims = verifyToken(secret, header.slice(7), now())
    if (typeof claims === 'string') throw new HubError(401, claims, 'your session is invalid or expired; sign in again')
    const scope = await scopeOf(store, claims.sub)
    if (!scope) throw new HubError(401, 'auth.unknown-user', 'this account is disabled or removed')
    return scope
  }

  await app.register(websocket, { options: { maxPayload: SMALL_BODY_LIMIT } })

  app.get('/health', async () => ({ ok: true }))

  app.post('/auth/login', async (req) => {
    const body = LoginBody.safeParse(req.body)
    if (!body.success) throw new HubError(400, 'auth.malformed', 'email and password are required')
    const [user] = await store.query<{ id: string; password_hash: string | null; active: boolean }>(
      'SELECT id, password_hash, active FROM users WHERE email = $1',
      [body.data.email.trim().toLowerCase()]
    )
    const ok = await verifyPassword(body.data.password, user?.password_hash ?? (await dummyPasswordHash()))
    if (!user || !user.password_hash || !user.active || !ok) throw new HubError(401, 'auth.bad-credentials', 'wrong email or password')
    const exp = now() + TOKEN_TTL_MS
    return { token: signToken(secret, { sub: user.id, exp }), expiresAt: exp, userId: user.id }
  })

  app.post('/auth/accept-invite', async (req) => {
    const body = AcceptInviteBody.safeParse(req.body)
    if (!body.success) throw new HubError(400, 'auth.malformed', 'an invitation token and a password of at least 10 characters are required')
    const userId = await acceptInvite(store, secret, body.data.token, body.data.password, now())
    return { userId }
  })

  app.get('/auth/me', async (req) => {
    const scope = await authenticate(req)
    return { userId: scope.user.id, name: scope.user.name, role: scope.user.role, regions: [...scope.regions].sort() }
  })

  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT }, async (req) => records.push(await authenticate(req), req.body, now()))

  app.get('/sync/pull', async (req) => records.pull(await authenticate(req), req.query))

  app.get('/sync/live', { websocket: true }, (socket) => live.accept(socket))

  app.addHook('onClose', async () => live.closeAll())

  return { app, live, records }
}
