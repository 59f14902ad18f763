import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Passwords: scrypt (memory-hard). N = 2^15, r = 8 needs 32 MiB per hash, which makes a
 * stolen table expensive to crack while a login still takes well under 100 ms.
 * Stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without a migration.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 }
const KEY_LEN = 32

/**
 * At most this many hashes run at once, whoever asks (sign-in, invitation, the dummy hash for an
 * unknown email): each takes 32 MiB and a libuv thread (4 by default), so a flood of sign-in
 * attempts queues behind two hashes instead of taking every thread and the memory with it.
 */
export const SCRYPT_CONCURRENCY = 2
/** Waiting hashes beyond this are refused at once (the caller is told to retry shortly). */
export const SCRYPT_QUEUE_LIMIT = 64

/** What the hashing gate saw: how many hashes ran, and the most at once (read by tests and logs). */
export const scryptStats = { total: 0, running: 0, peak: 0, waiting: 0 }
const queue: (() => void)[] = []

export class ScryptBusy extends Error {}

async function gate<T>(run: () => Promise<T>): Promise<T> {
  if (scryptStats.running >= SCRYPT_CONCURRENCY) {
    if (queue.length >= SCRYPT_QUEUE_LIMIT) throw new ScryptBusy('too many sign-ins at once')
    scryptStats.waiting++
    await new Promise<void>((resolve) => queue.push(resolve))
    scryptStats.waiting--
  }
  scryptStats.running++
  scryptStats.total++
  scryptStats.peak = Math.max(scryptStats.peak, scryptStats.running)
  try {
    return await run()
  } finally {
    scryptStats.running--
    queue.shift()?.()
  }
}

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return gate(
    () =>
      new Promise((resolve, reject) =>
        scryptCb(password.normalize('NFC'), salt, keylen, { ...opts, maxmem: 128 * opts.N! * opts.r! * 2 }, (err, key) =>
          err ? reject(err) : resolve(key)
        )
      )
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LEN, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64url')
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) })
  return timingSafeEqual(key, expected)
}

/**
 * A login costs a scrypt even for an unknown email, so response time does not tell which
 * emails exist.
 */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return dummyHash
}

/** Access tokens live 15 minutes: a stolen one is short-lived, and scope is re-read on each request anyway. */
export const TOKEN_TTL_MS = 15 * 60_000

export interface TokenClaims {
  sub: string
  exp: number
  /** When it was issued: a token issued before the password last changed is refused (`auth.revoked`). */
  iat: number
}

export type TokenError = 'auth.malformed' | 'auth.bad-signature' | 'auth.expired'

/** `base64url(json).base64url(hmac-sha256)` — only the user id, expiry and issue time; scope is never carried. */
export function signToken(secret: Buffer, claims: Omit<TokenClaims, 'iat'> & { iat?: number }): string {
  const body = Buffer.from(JSON.stringify({ sub: claims.sub, exp: claims.exp, iat: claims.iat ?? claims.exp - TOKEN_TTL_MS })).toString('base64url')
  const mac = createHmac('sha256', secret).update(body).digest('base64url')
  return `${body}.${mac}`
}

export function verifyToken(secret: Buffer, token: string, now: number): TokenClaims | TokenError {
  const parts = token.split('.')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return 'auth.malformed'
  const [body, mac] = parts as [string, string]
  // Compared as text, not as decoded bytes: base64url decoding ignores stray characters and the
  // spare bits of the last one, so several spellings of one MAC would all pass. Only ours does.
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('base64url'))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'auth.bad-signature'
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return 'auth.malformed'
  }
  const c = claims as Partial<TokenClaims>
  if (typeof c.sub !== 'string' || typeof c.exp !== 'number') return 'auth.malformed'
  if (c.exp <= now) return 'auth.expired'
  // Tokens from before `iat` existed were issued TOKEN_TTL_MS before their expiry.
  return { sub: c.sub, exp: c.exp, iat: typeof c.iat === 'number' ? c.iat : c.exp - TOKEN_TTL_MS }
}

/**
 * The signing secret: `HUB_SECRET` (hex, shared by several hub instances) or a random key
 * kept in the data folder, created on first start with owner-only permissions.
 */
export function loadHubSecret(dataDir: string, envSecret?: string): Buffer {
  if (envSecret) return Buffer.from(envSecret, 'hex')
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'hub-secret')
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
}

/** Invitation tokens are random; only their SHA-256-HMAC is stored, so a database dump cannot be used to claim an account. */
export function newInviteToken(): string {
  return randomBytes(24).toString('base64url')
}

export function inviteHash(secret: Buffer, token: string): string {
  return createHmac('sha256', secret).update(`invite:${token}`).digest('hex')
}
