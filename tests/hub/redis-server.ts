import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'

/**
 * Redis for the tests of several hub instances: REDIS_URL_TEST (started for the run by tests/setup/services.ts)
 * or a `redis-server` of their own on a free loopback port. Several instances need one
 * PostgreSQL database too (DATABASE_URL).
 */

export const databaseUrl = process.env.DATABASE_URL
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0
/** Why a suite of several instances cannot run here, or undefined when it can. */
export const instancesSkipReason = !databaseUrl
  ? 'set DATABASE_URL (two instances need one PostgreSQL database)'
  : !process.env.REDIS_URL_TEST && !hasRedisServer
    ? 'redis-server is not installed and REDIS_URL_TEST is not set'
    : undefined

export async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

export async function startRedis(): Promise<{ url: string; proc?: ChildProcess }> {
  if (process.env.REDIS_URL_TEST) return { url: process.env.REDIS_URL_TEST }
  return spawnRedis(await freePort())
}

/** A `redis-server` on `port`, resolved once it accepts connections. */
export async function spawnRedis(port: number): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) resolve()
    })
  })
  return { url: `redis://127.0.0.1:${port}`, proc }
}
