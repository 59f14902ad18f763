import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPostgres } from '../../src/hub/store'
import { round, type Figure } from './figures'
import { freshDatabase } from './fresh-database'
import { benchTeam, percentile, runClientProcess } from './hub'
import type { ClientsResult } from './hub-clients'
import { benchServices } from './services'

/**
 * `hub.scale.<n>instance(s).*`: the shape docs/scaling.md describes, on this one machine —
 * `n` stateless hub processes (`npm run hub`'s entry, src/hub/main.ts) against ONE PostgreSQL,
 * sharing live pokes through Redis (fanout.ts), with 200 simulated laptops spread over them as a
 * sticky load balancer would (laptop i on instance i mod n; a push on one instance pokes
 * laptops on the other only through Redis). Per `n`: the modelled team for HUB_SCALE_SECONDS
 * (p99) and the same laptops back to back for HUB_SCALE_SATURATE_SECONDS (saves a second).
 * Bounded to about two minutes in all. Every process (PostgreSQL, Redis, the hubs, the laptops)
 * shares this machine's cores, so a second instance cannot double anything here; the note gives
 * each hub process's CPU so the reader sees where the time went.
 */
const LAPTOPS = 200
const SECONDS = Number(process.env.HUB_SCALE_SECONDS ?? 20)
const SATURATE_SECONDS = Number(process.env.HUB_SCALE_SATURATE_SECONDS ?? 15)
const SAVE_EVERY_MS = 5_000

interface Instance {
  proc: ChildProcess
  base: string
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

async function startInstance(root: string, env: Record<string, string>, dataDir: string): Promise<Instance> {
  // The hub's own entry with node directly (not the tsx CLI), so the pid is the hub's and its CPU can be read.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts', '--port', '0', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: 'tsconfig.test.json', HUB_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('hub instance did not start within 60 s')), 60_000)
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      // fastify's "Server listening at http://127.0.0.1:PORT"
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        // Requests are logged at info; from here on only problems matter.
        proc.stdout!.removeAllListeners('data')
        proc.stdout!.resume()
        resolve(m[1]!)
      }
    })
    proc.stderr!.on('data', (d: Buffer) => process.stderr.write(`[hub] ${d.toString()}`))
    proc.once('exit', (code) => reject(new Error(`hub instance exited with ${code}: ${out.slice(-500)}`)))
  })
  return { proc, base }
}

async function stopInstance(i: Instance): Promise<void> {
  if (i.proc.exitCode !== null) return
  await new Promise<void>((resolve) => {
    i.proc.once('exit', () => resolve())
    i.proc.kill('SIGTERM')
    setTimeout(() => i.proc.kill('SIGKILL'), 5_000).unref()
  })
}

function latencies(r: ClientsResult): number[] {
  return Object.entries(r.latencies).flatMap(([kind, l]) => (kind.startsWith('ramp:') ? [] : l))
}

async function runScale(n: number, databaseUrl: string, redisUrl: string): Promise<{ p99: number; p50: number; savesPerS: number; note: string; errors: number }> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const fresh = await freshDatabase(databaseUrl, 'cockpit_hub_scale')
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-scale-'))
  const secret = randomBytes(32)
  // The bench process seeds the org and signs tokens with the instances' shared secret (HUB_SECRET), then stays out of the way.
  const setupStore = await openPostgres(fresh.url, { max: 2 })
  const instances: Instance[] = []
  try {
    const env = { DATABASE_URL: fresh.url, REDIS_URL: redisUrl, HUB_SECRET: secret.toString('hex') }
    for (let i = 0; i < n; i++) instances.push(await startInstance(root, env, join(dir, `hub-${i}`)))
    const bases = instances.map((i) => i.base)
    const cpu0 = instances.map((i) => cpuSeconds(i.proc.pid))
    const t0 = performance.now()
    const modelled = await runClientProcess({ base: bases[0]!, bases, mode: 'laptop', seconds: SECONDS, saveEveryMs: SAVE_EVERY_MS, laptops: await benchTeam(setupStore, secret, LAPTOPS) })
    const wall = (performance.now() - t0) / 1000
    const cpu = instances.map((i, k) => cpuSeconds(i.proc.pid) - cpu0[k]!)
    const saturated = await runClientProcess({ base: bases[0]!, bases, mode: 'saturate', seconds: SATURATE_SECONDS, saveEveryMs: 0, laptops: await benchTeam(setupStore, secret, LAPTOPS) })
    const all = latencies(modelled)
    const sat = latencies(saturated)
    const savesPerS = (saturated.latencies.push ?? []).length / SATURATE_SECONDS
    if (modelled.errorSamples.length || saturated.errorSamples.length) console.error('hub scale errors:', modelled.errorSamples, saturated.errorSamples)
    const note =
      `${n} hub process${n > 1 ? 'es' : ''} (src/hub/main.ts, pool of 16 connections each) on one PostgreSQL, pokes through Redis; ${LAPTOPS} laptops spread over them, ` +
      `${SECONDS} s of the modelled team (a save every 5 s each): ${all.length} requests, ${modelled.pokes} pokes received, p50 ${round(percentile(all, 0.5))} ms, ` +
      `hub CPU ${cpu.map((c) => `${round((100 * c) / wall)}%`).join(' + ')} of a core; then ${SATURATE_SECONDS} s back to back: ${round(sat.length / SATURATE_SECONDS)} req/s, ` +
      `p99 ${round(percentile(sat, 0.99))} ms; machine load average ${round(loadavg()[0]!)} on ${cpus().length} cores (PostgreSQL, Redis, hubs and laptops all on them)`
    return { p99: percentile(all, 0.99), p50: percentile(all, 0.5), savesPerS, note, errors: modelled.errors + saturated.errors }
  } finally {
    await Promise.all(instances.map(stopInstance))
    await setupStore.close()
    await fresh.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchHubScale(services: { databaseUrl?: string; redisUrl?: string }): Promise<Figure[]> {
  const { databaseUrl, redisUrl } = services
  if (!databaseUrl || !redisUrl) {
    console.warn('hub-scale: needs PostgreSQL and Redis (install postgresql and redis-server); skipped')
    return []
  }
  const one = await runScale(1, databaseUrl, redisUrl)
  const two = await runScale(2, databaseUrl, redisUrl)
  const ratio = one.savesPerS > 0 ? two.savesPerS / one.savesPerS : 0
  return [
    { name: 'hub.scale.1instance.p99.ms', value: round(one.p99), unit: 'ms', goal: 250, note: one.note },
    { name: 'hub.scale.1instance.savesPerS', value: round(one.savesPerS), unit: 'saves/s', goal: 80, better: 'min', note: 'saturated capacity of the run above (goal: twice the 200-laptop team’s 40 saves/s)' },
    { name: 'hub.scale.2instances.p99.ms', value: round(two.p99), unit: 'ms', goal: 250, note: two.note },
    { name: 'hub.scale.2instances.savesPerS', value: round(two.savesPerS), unit: 'saves/s', goal: 80, better: 'min', note: 'saturated capacity of the run above' },
    {
      name: 'hub.scale.2instances.throughput.ratio',
      value: round(ratio, 2),
      unit: 'ratio',
      goal: 1,
      better: 'min',
      note:
        `two instances' saturated saves a second over one's (${round(two.savesPerS)} vs ${round(one.savesPerS)}); p99 ${round(one.p99)} → ${round(two.p99)} ms. ` +
        `Goal: a second instance costs nothing. It cannot double here: PostgreSQL, Redis, both hubs and the 200 laptops share ${cpus().length} cores; ` +
        `on separate machines the hubs' share of the work (JSON, HTTP, scope checks) divides between them and PostgreSQL's row locks on a region's counter become the ceiling`
    },
    { name: 'hub.scale.errors', value: one.errors + two.errors, unit: 'count', goal: 0 }
  ]
}

// `tsx --tsconfig tsconfig.test.json tests/bench/hub-scale.ts` prints the figures.
if (process.argv[1]?.endsWith('bench/hub-scale.ts')) {
  benchServices()
    .then(benchHubScale)
    .then(
      (f) => {
        console.log(f)
        process.exit(0)
      },
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      }
    )
}
