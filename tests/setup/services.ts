import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Vitest global setup: the servers the hub suites run against, started on loopback for this
 * run when the machine has them and the caller did not point at its own (DATABASE_URL,
 * REDIS_URL_TEST). So `npm test` on a fresh machine runs the PostgreSQL and Redis variants
 * too, exactly as CI does. COCKPIT_TEST_SERVICES=0 turns it off.
 */

const stops: (() => void)[] = []

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
  versions.sort((a, b) => Number(a) - Number(b))
  return versions.length ? join(root, versions.at(-1)!, 'bin') : undefined
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user Debian's package creates. */
function asPostgres(bin: string, args: string[]): { cmd: string; args: string[] } | undefined {
  if (process.getuid?.() !== 0) return { cmd: bin, args }
  if (spawnSync('id', ['postgres'], { stdio: 'ignore' }).status !== 0) return undefined
  return { cmd: 'runuser', args: ['-u', 'postgres', '--', bin, ...args] }
}

async function startPostgres(): Promise<string | undefined> {
  const bin = postgresBin()
  if (!bin) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-test-pg-'))
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
    if (!Number.isFinite(uid)) return undefined
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const init = asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
  if (!init || spawnSync(init.cmd, init.args, { stdio: 'ignore' }).status !== 0) return undefined
  const port = await freePort()
  const ctl = (args: string[]): number | null => {
    const c = asPostgres(join(bin, 'pg_ctl'), args)!
    return spawnSync(c.cmd, c.args, { stdio: 'ignore' }).status
  }
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200 -c fsync=off`
  if (ctl(['-D', data, '-l', join(dir, 'log'), '-w', '-o', opts, 'start']) !== 0) return undefined
  stops.push(() => {
    ctl(['-D', data, '-m', 'immediate', 'stop'])
    rmSync(dir, { recursive: true, force: true })
  })
  const create = asPostgres(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'cockpit_hub_test'])!
  if (spawnSync(create.cmd, create.args, { stdio: 'ignore' }).status !== 0) return undefined
  return `postgres://postgres@127.0.0.1:${port}/cockpit_hub_test`
}

async function startRedis(): Promise<string | undefined> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined
  const port = await freePort()
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore']
  })
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000)
    proc.once('exit', () => resolve(false))
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve(true)
      }
    })
  })
  stops.push(() => proc.kill('SIGKILL'))
  return ready ? `redis://127.0.0.1:${port}` : undefined
}

export async function setup(): Promise<void> {
  if (process.env.COCKPIT_TEST_SERVICES === '0') return
  if (!process.env.DATABASE_URL) {
    const url = await startPostgres()
    if (url) process.env.DATABASE_URL = url
    else console.warn('[services] PostgreSQL is not installed or did not start: the PostgreSQL variants of the hub suites are skipped')
  }
  if (!process.env.REDIS_URL_TEST) {
    const url = await startRedis()
    if (url) process.env.REDIS_URL_TEST = url
  }
}

export function teardown(): void {
  for (const stop of stops.reverse()) stop()
}
