import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildHub, type Hub } from '../../src/hub/server'
import { openPostgres, type HubStore } from '../../src/hub/store'
import { customerFields, liveSocket, makeFixture, op, push, type Fixture } from './harness'
import { databaseUrl, freePort, hasRedisServer, instancesSkipReason, spawnRedis, startRedis } from './redis-server'

/**
 * Two hub instances on one PostgreSQL database share live pokes through Redis: a push on A
 * pokes a laptop whose socket sits on B. Uses REDIS_URL_TEST (started by tests/setup/services.ts)
 * or starts its own `redis-server` on a free loopback port.
 */

describe.skipIf(instancesSkipReason !== undefined)(`hub instances share live pokes through Redis${instancesSkipReason ? ` (skipped: ${instancesSkipReason})` : ''}`, () => {
  let redis: { url: string; proc?: ChildProcess }
  let storeA: HubStore
  let storeB: HubStore
  let fx: Fixture
  let hubB: Hub

  beforeAll(async () => {
    redis = await startRedis()
    storeA = await openPostgres(databaseUrl!, { max: 4 })
    storeB = await openPostgres(databaseUrl!, { max: 4 })
    fx = await makeFixture(storeA, { redisUrl: redis.url })
    // Instance B: its own pool and process state, the same database and token key.
    hubB = await buildHub({ store: storeB, secret: fx.secret, redisUrl: redis.url })
    await hubB.app.listen({ host: '127.0.0.1', port: 0 })
  }, 400_000)

  afterAll(async () => {
    await hubB?.app.close()
    await fx?.hub.app.close()
    await storeA?.close()
    await storeB?.close()
    redis?.proc?.kill()
  })

  it('a push on instance A pokes a laptop connected to instance B, only for streams in its scope', async () => {
    const port = (hubB.app.server.address() as AddressInfo).port
    const connect = (token: string) => liveSocket(port, token)
    const managerA = await connect(fx.tokens.managerA)
    const managerB = await connect(fx.tokens.managerB)

    const res = await push(fx, fx.tokens.repA, [op('customers', randomUUID(), customerFields(fx.teamA))])
    expect(res.statusCode).toBe(200)
    const seq = res.json().streams[fx.regionA] as number
    await expect.poll(() => managerA.messages.find((m) => m.type === 'poke'), { timeout: 5_000 }).toEqual({ type: 'poke', stream: fx.regionA, seq })
    // The poke went through Redis once: no echo, and nothing for region B's manager.
    await new Promise((r) => setTimeout(r, 200))
    expect(managerA.messages.filter((m) => m.type === 'poke')).toHaveLength(1)
    expect(managerB.messages.filter((m) => m.type === 'poke')).toEqual([])

    // And B's pull serves what A accepted: both instances read the one database.
    const pulled = await hubB.app.inject({ method: 'GET', url: `/sync/pull?stream=${fx.regionA}&after=${seq - 1}`, headers: { authorization: `Bearer ${fx.tokens.managerA}` } })
    expect(pulled.json().ops).toHaveLength(1)
    managerA.ws.close()
    managerB.ws.close()
  })
  it('ignores garbage on the Redis channels and keeps relaying what is valid', async () => {
    const { ws, messages } = await liveSocket((hubB.app.server.address() as AddressInfo).port, fx.tokens.managerA)
    const rogue = new Redis(redis.url)
    try {
      for (const text of ['not json', '{"origin":"x"}', JSON.stringify({ origin: 'x', stream: fx.regionA, seq: -1 }), JSON.stringify({ origin: 'x', stream: 'y'.repeat(65), seq: 1 })]) {
        await rogue.publish('cockpit-hub:pokes', text)
      }
      for (const text of ['{', JSON.stringify({ origin: 'x', msg: { type: 'sheet.update', sheetId: 's', data: 42 } }), 'x'.repeat(3 * 1024 * 1024)]) {
        await rogue.publish('cockpit-hub:sheets', text)
      }
      await new Promise((r) => setTimeout(r, 300))
      expect(messages.filter((m) => m.type === 'poke')).toEqual([])
      // Instance B still hears instance A.
      const res = await push(fx, fx.tokens.repA, [op('customers', randomUUID(), customerFields(fx.teamA))])
      const seq = res.json().streams[fx.regionA] as number
      await expect.poll(() => messages.some((m) => m.type === 'poke' && m.seq === seq), { timeout: 5_000 }).toBe(true)
    } finally {
      rogue.disconnect()
      ws.close()
    }
  })
})

describe.skipIf(!databaseUrl || !hasRedisServer)('a hub instance started while Redis is down', () => {
  it('starts, serves its own laptops, and shares pokes with the other instance once Redis is up', async () => {
    const port = await freePort()
    const url = `redis://127.0.0.1:${port}`
    const storeA = await openPostgres(databaseUrl!, { max: 2 })
    const storeB = await openPostgres(databaseUrl!, { max: 2 })
    let redis: ChildProcess | undefined
    const fx = await makeFixture(storeA, { redisUrl: url })
    const hubB = await buildHub({ store: storeB, secret: fx.secret, redisUrl: url })
    try {
      await hubB.app.listen({ host: '127.0.0.1', port: 0 })
      const { ws, messages } = await liveSocket((hubB.app.server.address() as AddressInfo).port, fx.tokens.managerA)

      redis = (await spawnRedis(port)).proc
      // Both instances reconnect on their own; keep saving on A until B's laptop hears of it.
      await expect
        .poll(
          async () => {
            const res = await push(fx, fx.tokens.repA, [op('customers', randomUUID(), customerFields(fx.teamA))])
            expect(res.statusCode).toBe(200)
            return messages.some((m) => m.type === 'poke' && m.stream === fx.regionA)
          },
          { timeout: 15_000, interval: 500 }
        )
        .toBe(true)
      ws.close()
    } finally {
      await hubB.app.close()
      await fx.hub.app.close()
      await storeA.close()
      await storeB.close()
      redis?.kill()
    }
  }, 120_000)
})
