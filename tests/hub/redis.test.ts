import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { buildHub, type Hub } from '../../src/hub/server'
import { openPostgres, type HubStore } from '../../src/hub/store'
import { customerFields, makeFixture, op, push, type Fixture } from './harness'

/**
 * Two hub instances on one PostgreSQL database share live pokes through Redis: a push on A
 * pokes a laptop whose socket sits on B. Uses REDIS_URL_TEST (CI's redis on 127.0.0.1:63790)
 * or starts its own `redis-server` on a free loopback port.
 */

const databaseUrl = process.env.DATABASE_URL
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0
const skipReason = !databaseUrl
  ? 'set DATABASE_URL (two instances need one PostgreSQL database)'
  : !process.env.REDIS_URL_TEST && !hasRedisServer
    ? 'redis-server is not installed and REDIS_URL_TEST is not set'
    : undefined

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

async function startRedis(): Promise<{ url: string; proc?: ChildProcess }> {
  if (process.env.REDIS_URL_TEST) return { url: process.env.REDIS_URL_TEST }
  return spawnRedis(await freePort())
}

async function spawnRedis(port: number): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) resolve()
    })
  })
  return { url: `redis://127.0.0.1:${port}`, proc }
}

describe.skipIf(skipReason !== undefined)(`hub instances share live pokes through Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
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
  }, 60_000)

  afterAll(async () => {
    await hubB?.app.close()
    await fx?.hub.app.close()
    await storeA?.close()
    await storeB?.close()
    redis?.proc?.kill()
  })

  it('a push on instance A pokes a laptop connected to instance B, only for streams in its scope', async () => {
    const port = (hubB.app.server.address() as AddressInfo).port
    const connect = async (token: string) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/sync/live`)
      const messages: { type: string; stream?: string; seq?: number }[] = []
      ws.on('message', (d) => messages.push(JSON.parse(d.toString())))
      await new Promise((r) => ws.once('open', r))
      ws.send(JSON.stringify({ type: 'auth', token }))
      await expect.poll(() => messages.some((m) => m.type === 'ready')).toBe(true)
      return { ws, messages }
    }
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
      const ws = new WebSocket(`ws://127.0.0.1:${(hubB.app.server.address() as AddressInfo).port}/sync/live`)
      const messages: { type: string; stream?: string; seq?: number }[] = []
      ws.on('message', (d) => messages.push(JSON.parse(d.toString())))
      await new Promise((r) => ws.once('open', r))
      ws.send(JSON.stringify({ type: 'auth', token: fx.tokens.managerA }))
      await expect.poll(() => messages.some((m) => m.type === 'ready')).toBe(true)

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
  }, 30_000)
})
