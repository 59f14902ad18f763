import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCRYPT_CONCURRENCY, scryptStats, signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { createUser, inviteUser } from '../../src/hub/org'
import { liveSocket, PASSWORD, type ListeningHub, listeningHub } from './harness'

/**
 * Sign-in under attack (issue 13, item 7): guessing from one address must not lock the right
 * password out from another, made-up invitations must not cost a password hash, hashing runs
 * at most two at a time, a token's MAC has exactly one spelling, and a new password closes the
 * live sockets of the old one. PGlite, loopback; the fixture's limits are small so the test is quick.
 */

let hub: ListeningHub

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-auth-', () => ({ loginLimit: { burst: 3, perSecond: 0.01 }, sourceLimit: { burst: 12, perSecond: 0.01 } }))
}, 300_000)

afterAll(async () => {
  await hub?.close()
})

const from = (ip: string) => ({ 'x-forwarded-for': ip })

describe('sign-in under attack', () => {
  it('guesses from one address hold off that address only: the right password still signs in from another', async () => {
    const { fx } = hub
    const guess = () => fx.hub.app.inject({ method: 'POST', url: '/auth/login', headers: from('203.0.113.66'), payload: { email: fx.emails.repA, password: 'wrong password!' } })
    const answers: number[] = []
    for (let i = 0; i < 6; i++) answers.push((await guess()).statusCode)
    expect(answers.slice(0, 3)).toEqual([401, 401, 401])
    expect(answers.slice(3)).toEqual([429, 429, 429])
    // The rep, at the office, signs in at once.
    const rep = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', headers: from('198.51.100.7'), payload: { email: fx.emails.repA, password: PASSWORD } })
    expect(rep.statusCode, rep.body).toBe(200)
    // One address spraying guesses over many accounts is held off too.
    const sprayed: number[] = []
    for (const email of [fx.emails.managerA, fx.emails.managerB, fx.emails.director, 'a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'])
      sprayed.push((await fx.hub.app.inject({ method: 'POST', url: '/auth/login', headers: from('203.0.113.66'), payload: { email, password: 'wrong password!' } })).statusCode)
    expect(sprayed).toContain(429)
  }, 120_000)

  it('hashes at most two passwords at a time, and made-up invitations are limited per address without hashing', async () => {
    const { fx } = hub
    scryptStats.peak = 0
    const logins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => fx.hub.app.inject({ method: 'POST', url: '/auth/login', headers: from(`192.0.2.${i + 1}`), payload: { email: fx.emails.managerB, password: 'not it at all' } }))
    )
    expect(logins.map((r) => r.statusCode)).toEqual(Array(8).fill(401))
    expect(scryptStats.peak).toBeGreaterThan(0)
    expect(scryptStats.peak).toBeLessThanOrEqual(SCRYPT_CONCURRENCY)
    const hashed = scryptStats.total
    const codes: number[] = []
    for (let i = 0; i < 14; i++) {
      const res = await fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', headers: from('203.0.113.99'), payload: { token: randomUUID(), password: 'a long enough password' } })
      codes.push(res.statusCode)
    }
    expect(codes.slice(0, 12)).toEqual(Array(12).fill(400))
    expect(codes.slice(12)).toEqual([429, 429])
    expect(scryptStats.total).toBe(hashed)
  }, 120_000)

  it('refuses a token whose MAC is spelled differently from the one the hub signed, even if it decodes to the same bytes', async () => {
    const { fx } = hub
    const good = signToken(fx.secret, { sub: fx.users.managerA, exp: fx.clock.now + TOKEN_TTL_MS, iat: fx.clock.now })
    const [body, mac] = good.split('.') as [string, string]
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // 32 bytes are 43 characters: the last carries 4 bits, the other 2 bits are ignored when decoding.
    const last = alphabet.indexOf(mac.at(-1)!)
    const twin = mac.slice(0, -1) + alphabet[last ^ 1]
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true)
    const me = async (token: string) => {
      const res = await fx.hub.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } })
      return [res.statusCode, res.json().code]
    }
    expect((await me(good))[0]).toBe(200)
    for (const variant of [`${body}.${twin}`, `${body}.${mac}=`, `${body}.${mac}*`, `${body}.${mac.slice(0, 20)} ${mac.slice(20)}`]) {
      expect([variant, ...(await me(variant))]).toEqual([variant, 401, 'auth.bad-signature'])
    }
  })

  it('a new password closes the live sockets of the old sessions', async () => {
    const { fx, hubUrl } = hub
    const email = `live-pw-${randomUUID().slice(0, 8)}@example.com`
    await createUser(fx.store, { email, name: 'Zhou Lei', role: 'manager', orgUnitId: fx.teamA, password: PASSWORD })
    const token = ((await fx.hub.app.inject({ method: 'POST', url: '/auth/login', headers: from('198.51.100.20'), payload: { email, password: PASSWORD } })).json() as { token: string }).token
    const port = Number(new URL(hubUrl).port)
    const { ws } = await liveSocket(port, token)
    const closed = new Promise<[number, string]>((r) => ws.once('close', (code, reason) => r([code, reason.toString()])))
    const invite = await inviteUser(fx.store, fx.secret, email)
    fx.clock.now += 1_000
    expect((await fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', headers: from('198.51.100.20'), payload: { token: invite, password: 'another long password' } })).statusCode).toBe(200)
    expect(await closed).toEqual([4401, 'auth.revoked'])
    // A socket signing in with the old token is turned away the same way.
    await expect(liveSocket(port, token)).rejects.toThrow(/4401/)
  }, 60_000)
})
