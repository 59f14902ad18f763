import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite } from '../../src/hub/store'
import { makeFixture, pull, type Fixture } from './harness'

/** Rate limits and request size limits: a misbehaving caller is refused with a reason; others keep being served. */
describe('team hub limits', () => {
  let fx: Fixture

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-limits-'))
    fx = await makeFixture(await openPglite(join(dir, 'db')), { dataDir: dir, rateLimit: { burst: 5, perSecond: 1 }, loginLimit: { burst: 3, perSecond: 0.1 } })
  }, 400_000)

  afterAll(async () => {
    await fx?.hub.app.close()
    await fx?.store.close()
  })

  it('answers 429 with a reason and retry-after once a user exceeds the rate, per user, and recovers', async () => {
    for (let i = 0; i < 5; i++) expect((await pull(fx, fx.tokens.managerA, fx.regionA)).statusCode).toBe(200)
    const limited = await pull(fx, fx.tokens.managerA, fx.regionA)
    expect([limited.statusCode, limited.json().code, limited.headers['retry-after']]).toEqual([429, 'sync.rate-limited', '1'])
    expect(limited.json().message).toMatch(/try again in 1 s/)
    // A colleague is not slowed down by it.
    expect((await pull(fx, fx.tokens.managerB, fx.regionB)).statusCode).toBe(200)
    fx.clock.now += 1_000
    expect((await pull(fx, fx.tokens.managerA, fx.regionA)).statusCode).toBe(200)
    expect((await pull(fx, fx.tokens.managerA, fx.regionA)).statusCode).toBe(429)
  })

  it('limits password guessing per account', async () => {
    const guess = () => fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: fx.emails.repA, password: 'wrong password!' } })
    // The fixture signed in once already; two more wrong guesses are allowed, then the account is held off.
    expect((await guess()).statusCode).toBe(401)
    expect((await guess()).statusCode).toBe(401)
    const held = await guess()
    expect([held.statusCode, held.json().code]).toEqual([429, 'sync.rate-limited'])
    const other = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: fx.emails.director, password: 'wrong password!' } })
    expect(other.statusCode).toBe(401)
  })

  it('refuses an oversized recording chunk and a push body over the limit with a code', async () => {
    fx.clock.now += 60_000
    const sha = 'a'.repeat(64)
    const big = await fx.hub.app.inject({
      method: 'PATCH',
      url: `/recordings/${sha}/upload`,
      headers: { authorization: `Bearer ${fx.tokens.managerB}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': '9000000' },
      payload: Buffer.alloc(9 * 1024 * 1024)
    })
    expect([big.statusCode, big.json().code]).toEqual([413, 'sync.body-too-large'])
    const login = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'x@example.com', password: 'p'.repeat(20_000) } })
    expect([login.statusCode, login.json().code]).toEqual([413, 'sync.body-too-large'])
  })
})
