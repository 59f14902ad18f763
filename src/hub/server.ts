import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import websocket from '@fastify/websocket'
import { dummyPasswordHash, ScryptBusy, signToken, TOKEN_TTL_MS, verifyPassword, verifyToken, type TokenClaims } from './auth'
import { HubError } from './errors'
import { AcceptInviteBody, LoginBody } from '../shared/hub-api/sync'
import { LiveHub } from './live'
import { acceptInvite, type Scope } from './org'
import { pullConflicts, RecordsService, StaleScope } from './records'
import { SheetHub, SHEET_MESSAGE_LIMIT } from './sheets'
import { redisFanout } from './fanout'
import { DEFAULT_LOGIN_LIMIT, DEFAULT_RATE_LIMIT, DEFAULT_SOURCE_LIMIT, DEFAULT_TRUSTED_PROXIES, jsonDeeperThan, MAX_JSON_DEPTH, RateLimiter, type RateLimit } from './limits'
import { registerRecordings } from './recordings'
import { folderBlobs, type BlobStorage } from './blobs'
import { ScopeCache } from './scope-cache'
import { registerOrgAdmin } from './org-admin'
import type { HubStore } from './store'

/**
 * The team hub's HTTP surface. Stateless apart from the store and a scope cache that every
 * request revalidates against the org version, so a manager moved to another region loses the
 * old one at once.
 */

export interface HubOptions {
  store: HubStore
  secret: Buffer
  /** Injected in tests to expire tokens without waiting. */
  now?: () => number
  /** `true` or a level (`HUB_LOG_LEVEL`): fastify's request log; default off. */
  logger?: boolean | { level: string }
  /** `REDIS_URL`: share live pokes and strategy-sheet traffic with the other hub instances on the same database. */
  redisUrl?: string
  /** The hub's data folder; recording files live in its `recordings/` unless `blobs` says otherwise. */
  dataDir?: string
  /** Where recording files live (blobs.ts); default the data folder. Neither: recordings answer 503. */
  blobs?: BlobStorage
  /** Per signed-in user, and per account and source for sign-in; defaults in limits.ts. */
  rateLimit?: RateLimit
  loginLimit?: RateLimit
  /** Sign-in and invitation attempts per source (any account); default limits.ts. */
  sourceLimit?: RateLimit
  /**
   * The proxies whose `X-Forwarded-For` names the caller (fastify `trustProxy`), so sign-in
   * limits count per real source behind the TLS proxy. Default: loopback, where the hub listens.
   */
  trustProxy?: string | string[] | boolean
}

/** 1000 ops of a few hundred bytes each fit well inside 4 MiB; anything larger is refused before parsing. */
const PUSH_BODY_LIMIT = 4 * 1024 * 1024
const SMALL_BODY_LIMIT = 16 * 1024

// The email is looked up in the database: text it cannot store is refused here, not with a 500.

export interface Hub {
  app: FastifyInstance
  live: LiveHub
  records: RecordsService
}

export async function buildHub(opts: HubOptions): Promise<Hub> {
  const now = opts.now ?? Date.now
  const { store, secret } = opts
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: SMALL_BODY_LIMIT, trustProxy: opts.trustProxy ?? DEFAULT_TRUSTED_PROXIES })
  const live = new LiveHub(store, secret)
  // One scope cache for records and the sheet relay: a move reaches both at the same moment.
  const scopes = new ScopeCache(store)
  await scopes.start()
  const sheets = new SheetHub(store, scopes)
  live.attachSheets(sheets)
  // Pokes and strategy-sheet traffic reach the sockets on the other instances (fanout.ts).
  const fanout = opts.redisUrl
    ? await redisFanout(
        opts.redisUrl,
        { poke: (stream, seq) => live.poke(stream, seq), sheet: (msg) => sheets.fromPeer(msg), resubscribed: () => void sheets.catchUp().catch((e: unknown) => app.log.warn(e)) },
        (e) => app.log.warn(e)
      )
    : undefined
  if (fanout) sheets.shareWith(fanout)
  const records = new RecordsService(store, (stream, seq) => {
    live.poke(stream, seq)
    fanout?.publish(stream, seq)
  })
  await live.watchOrg(store)
  const perUser = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT, now)
  // Sign-in attempts count per account *and source*: someone guessing a manager's password from
  // their own address holds off only themselves, never the manager signing in from elsewhere
  // (an account-wide limit let ten wrong guesses lock the right password out). Per source
  // across accounts as well, so one address cannot spray guesses over every account.
  const perLogin = new RateLimiter(opts.loginLimit ?? DEFAULT_LOGIN_LIMIT, now)
  const perSource = new RateLimiter(opts.sourceLimit ?? DEFAULT_SOURCE_LIMIT, now)
  const limit = (limiter: RateLimiter, key: string): void => {
    const waitMs = limiter.take(key)
    if (waitMs > 0) {
      throw new HubError(429, 'sync.rate-limited', `too many requests; try again in ${Math.ceil(waitMs / 1000)} s`, { retryAfterMs: waitMs })
    }
  }

  app.setErrorHandler((err, _req, reply) => {
    // Sign-ins queued behind the password hashing gate (auth.ts): come back in a second.
    if (err instanceof ScryptBusy) return reply.status(429).header('retry-after', '1').send({ code: 'sync.rate-limited', message: err.message, details: { retryAfterMs: 1000 } })
    if (err instanceof HubError) {
      const retryAfterMs = (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs
      if (err.status === 429 && retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
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

  // JSON is parsed only after onRequest has checked the token (below), and never when it nests
  // deeper than any op does: V8 spends seconds on a few MB of `[[[[…]]]]`.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDeeperThan(body as string, MAX_JSON_DEPTH)) return done(new HubError(400, 'request.too-deep', `JSON may nest at most ${MAX_JSON_DEPTH} levels`), undefined)
    parseJson(req, body as string, done)
  })

  /**
   * Every route but these needs a signed-in user, checked when the request arrives, before its
   * body is read or parsed: an unauthenticated caller costs an HMAC, never a parse.
   * (`/sync/live` signs in with its first socket message.)
   */
  const PUBLIC_ROUTES = new Set(['/health', '/auth/login', '/auth/accept-invite', '/sync/live'])
  const signedIn = new WeakMap<FastifyRequest, TokenClaims>()
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url
    if (route === undefined || PUBLIC_ROUTES.has(route)) return
    signedIn.set(req, tokenUser(req))
  })

  /** The signed-in user's token, once it is valid and they are within their rate (counted once per request). */
  function tokenUser(req: FastifyRequest): TokenClaims {
    const known = signedIn.get(req)
    if (known !== undefined) return known
    const header = req.headers.authorization
    if (!header?.startsWith('Bearer ')) throw new HubError(401, 'auth.missing', 'sign in first')
    const claims = verifyToken(secret, header.slice(7), now())
    if (typeof claims === 'string') throw new HubError(401, claims, 'your session is invalid or expired; sign in again')
    // Counted per user, not per token: signing in again does not buy a fresh bucket.
    limit(perUser, claims.sub)
    return claims
  }

  /** The scope of a token's user; a token from before their password last changed no longer counts. */
  function current(claims: TokenClaims, scope: Scope): Scope {
    if (claims.iat < (scope.user.tokens_after ?? 0)) throw new HubError(401, 'auth.revoked', 'the password was changed since this session began; sign in again')
    return scope
  }

  async function scopeFor(claims: TokenClaims): Promise<Scope> {
    const scope = await scopes.scope(claims.sub)
    if (!scope) throw new HubError(401, 'auth.unknown-user', 'this account is disabled or removed')
    return current(claims, scope)
  }

  async function authenticate(req: FastifyRequest): Promise<Scope> {
    return scopeFor(tokenUser(req))
  }

  /** Sign-in style requests: per source (behind the proxy: the caller's address), and per account from that source. */
  function limitSignIn(req: FastifyRequest, account?: string): void {
    limit(perSource, req.ip)
    if (account !== undefined) limit(perLogin, `${account}\u0000${req.ip}`)
  }

  /**
   * Push and pull, the hot paths: a cached scope is used without a version read and verified
   * inside the request's own statement; if the org moved meanwhile, nothing was done and the
   * request runs again on a freshly computed scope.
   */
  async function withScope<T>(req: FastifyRequest, run: (scope: Scope, orgVersion?: number) => Promise<T>): Promise<T> {
    const claims = tokenUser(req)
    const cached = scopes.peek(claims.sub)
    if (cached) {
      try {
        // A cached scope may predate a password change: the statement's org version check
        // (users changed too) then sends this round to a fresh scope, checked again below.
        return await run(current(claims, cached.scope), cached.version)
      } catch (e) {
        if (!(e instanceof StaleScope)) throw e
        scopes.clear()
      }
    }
    return run(await scopeFor(claims))
  }

  // Live sockets also carry strategy-sheet updates (a whole sheet after a long offline stretch).
  await app.register(websocket, { options: { maxPayload: SHEET_MESSAGE_LIMIT } })

  app.get('/health', async () => ({ ok: true }))

  app.post('/auth/login', async (req) => {
    const body = LoginBody.safeParse(req.body)
    if (!body.success) throw new HubError(400, 'auth.malformed', 'email and password are required')
    limitSignIn(req, body.data.email.trim().toLowerCase())
    const [user] = await store.query<{ id: string; password_hash: string | null; active: boolean }>(
      'SELECT id, password_hash, active FROM users WHERE email = $1',
      [body.data.email.trim().toLowerCase()]
    )
    const ok = await verifyPassword(body.data.password, user?.password_hash ?? (await dummyPasswordHash()))
    if (!user || !user.password_hash || !user.active || !ok) throw new HubError(401, 'auth.bad-credentials', 'wrong email or password')
    const iat = now()
    const exp = iat + TOKEN_TTL_MS
    return { token: signToken(secret, { sub: user.id, exp, iat }), expiresAt: exp, userId: user.id }
  })

  app.post('/auth/accept-invite', async (req) => {
    const body = AcceptInviteBody.safeParse(req.body)
    if (!body.success) throw new HubError(400, 'auth.malformed', 'an invitation token and a password of at least 10 characters are required')
    limitSignIn(req)
    const accepted = await acceptInvite(store, secret, body.data.token, body.data.password, now())
    return { userId: accepted.id, email: accepted.email }
  })

  app.get('/auth/me', async (req) => {
    const scope = await authenticate(req)
    return { userId: scope.user.id, name: scope.user.name, role: scope.user.role, regions: [...scope.regions].sort() }
  })

  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT }, async (req) =>
    withScope(req, async (scope, orgVersion) => records.push(scope, req.body, now(), await scopes.orgUnits(), orgVersion))
  )

  app.get('/sync/pull', async (req, reply) => {
    const body = await withScope(req, (scope, orgVersion) => records.pullJson(scope, req.query, orgVersion))
    return reply.type('application/json; charset=utf-8').send(body)
  })

  app.get('/sync/org', async (req) => scopes.view(await authenticate(req)))

  app.get('/sync/conflicts', async (req) => pullConflicts(store, await authenticate(req), req.query, now()))

  registerRecordings(app, { store, blobs: opts.blobs ?? (opts.dataDir ? folderBlobs(opts.dataDir) : undefined), authenticate, now })
  registerOrgAdmin(app, { store, secret, authenticate, now })

  app.get('/sync/live', { websocket: true }, (socket) => live.accept(socket))

  app.addHook('onClose', async () => {
    live.closeAll()
    await fanout?.close()
  })

  return { app, live, records }
}
