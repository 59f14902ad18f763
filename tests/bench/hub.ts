import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { convergenceSchedule } from '../../src/shared/sync/convergence-arb'
import { simulateConvergence } from '../../src/shared/sync/convergence-sim'
import { round, type Figure } from './figures'
import { freshDatabase } from './fresh-database'
import type { ClientsConfig, ClientsResult } from './hub-clients'
import { benchServices } from './services'

/** Mean gap between two saves on one simulated laptop (see hub-clients.ts). */
const SAVE_EVERY_MS = Number(process.env.HUB_BENCH_SAVE_EVERY_MS ?? 5_000)
/** The measured window of the modelled run and of the saturated one; `npm run bench` measures three engines/sizes, so each is kept short. */
const MODELLED_SECONDS = Number(process.env.HUB_BENCH_SECONDS ?? 30)
const SATURATE_SECONDS = Number(process.env.HUB_BENCH_SATURATE_SECONDS ?? 10)

export type HubEngine = 'pglite' | 'postgres'

/**
 * `hub.load.<N>clients.<engine>.p99.ms`: N simulated laptops on 127.0.0.1 for HUB_BENCH_SECONDS
 * (default 30), each running the app's sync loop — a live socket, a round after each save,
 * on each poke and every minute — while saving every SAVE_EVERY_MS on average. For 200 that is
 * 200 × 12 = 2,400 saves a minute, far above a real 200-person team's peak. The laptops run
 * in their own process (hub-clients.ts), so the hub's event loop serves nothing else; they get
 * signed tokens directly, so the figure measures sync, not N scrypt logins.
 *
 * `hub.load.<N>clients.<engine>.capacity.savesPerS`: the same laptops saving and pulling back to back
 * with no pause (HUB_BENCH_SATURATE_SECONDS, default 10): the hub's ceiling in saves a second
 * (each with its pull), whose goal is twice the modelled team's save rate.
 *
 * `engine`: the embedded PGlite default (a fresh data folder) or PostgreSQL (a fresh database on
 * the server tests/bench/services.ts found or started). The note also gives the hub process's CPU
 * per request over the modelled window: unlike latency, that does not depend on how busy the
 * (shared) machine is.
 */
export async function benchHubLoad(clients: number, engine: HubEngine, databaseUrl?: string, seconds = MODELLED_SECONDS): Promise<Figure[]> {
  if (engine === 'postgres' && !databaseUrl) throw new Error('benchHubLoad: PostgreSQL needs a server URL')
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-bench-'))
  const fresh = engine === 'postgres' ? await freshDatabase(databaseUrl!, 'cockpit_hub_load') : undefined
  const store = fresh ? await openPostgres(fresh.url) : await openPglite(dir)
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const label = engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded default)'
  const prefix = `hub.load.${clients}clients.${engine}`
  try {
    const laptops = await benchTeam(store, secret, clients)
    const cpu0 = process.cpuUsage()
    const wall0 = performance.now()
    const modelled = await runClientProcess({ base, mode: 'laptop', seconds, saveEveryMs: SAVE_EVERY_MS, laptops })
    const cpu = process.cpuUsage(cpu0)
    const wallMs = performance.now() - wall0
    const saturateSeconds = SATURATE_SECONDS
    const saturated = await runClientProcess({ base, mode: 'saturate', seconds: saturateSeconds, saveEveryMs: 0, laptops: await benchTeam(store, secret, clients) })

    const measured = Object.entries(modelled.latencies).filter(([kind]) => !kind.startsWith('ramp:'))
    const ramp = Object.entries(modelled.latencies).flatMap(([kind, l]) => (kind.startsWith('ramp:') ? l : []))
    const all = measured.flatMap(([, l]) => l)
    const requests = all.length
    const perKind = measured
      .map(([kind, l]) => `${kind} ${l.length} p50 ${round(percentile(l, 0.5))} p99 ${round(percentile(l, 0.99))}`)
      .join('; ')
    const demand = requests / seconds
    const cpuMs = (cpu.user + cpu.system) / 1000
    const allRequests = requests + ramp.length
    const saturatedAll = Object.entries(saturated.latencies).flatMap(([kind, l]) => (kind.startsWith('ramp:') ? [] : l))
    const savesPerS = (saturated.latencies.push ?? []).length / saturateSeconds
    // The modelled team's nominal save rate: N laptops, one save every 5 s each.
    const modelledSavesPerS = (clients * 1000) / SAVE_EVERY_MS
    const note =
      `${clients} laptops × ${seconds} s on ${label}, clients in their own process, the app's sync loop (round on save +300 ms, on poke, every 60 s; ` +
      `a save every ${SAVE_EVERY_MS / 1000} s per laptop on average): ${modelled.saves} saves, ${modelled.rounds} rounds, ${requests} requests ` +
      `(${round(demand)}/s), ${modelled.errors} errors, p50 ${round(percentile(all, 0.5))} ms; ${perKind}; ` +
      `before the window, the laptops came online over 10 s: ${ramp.length} requests, p99 ${round(percentile(ramp, 0.99))} ms; ` +
      `hub process CPU ${round(cpuMs / Math.max(1, allRequests), 2)} ms per request (${round((100 * cpuMs) / wallMs)}% of one core); machine load average ${round(loadavg()[0]!)} on ${cpus().length} cores`
    if (modelled.errorSamples.length || saturated.errorSamples.length) console.error('hub bench errors:', modelled.errorSamples, saturated.errorSamples)
    return [
      { name: `${prefix}.p99.ms`, value: round(percentile(all, 0.99)), unit: 'ms', goal: 250, note },
      { name: `${prefix}.errors`, value: modelled.errors + saturated.errors, unit: 'count', goal: 0 },
      {
        name: `${prefix}.capacity.savesPerS`,
        value: round(savesPerS),
        unit: 'saves/s',
        goal: round(modelledSavesPerS * 2),
        better: 'min',
        note:
          `the same laptops saving and pulling back to back for ${saturateSeconds} s on ${label}: ${round(saturatedAll.length / saturateSeconds)} req/s, ` +
          `p99 ${round(percentile(saturatedAll, 0.99))} ms; goal: twice the modelled team's ${round(modelledSavesPerS)} saves/s`
      }
    ]
  } finally {
    await hub.app.close()
    await store.close()
    await fresh?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
}

/**
 * Four regions of one team each and `clients` reps spread over them, with tokens. Accounts exist before the clock
 * starts: creating 200 users mid-run would invalidate every cached scope 200 times, a setup cost
 * no real team's sync traffic has.
 */
export async function benchTeam(store: HubStore, secret: Buffer, clients: number): Promise<ClientsConfig['laptops']> {
  const run = randomUUID().slice(0, 8)
  const regions: { region: string; team: string }[] = []
  for (let i = 0; i < 4; i++) {
    const region = (await createOrgUnit(store, { name: `Region ${i} ${run}`, kind: 'region' })).id
    regions.push({ region, team: (await createOrgUnit(store, { name: `Team ${i} ${run}`, kind: 'team', parentId: region })).id })
  }
  const people = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      createUser(store, { email: `bench-${run}-${i}@example.com`, name: `Rep ${i}`, role: 'rep', orgUnitId: regions[i % regions.length]!.team })
    )
  )
  // Tokens last the whole run (a real laptop renews its 15-minute token; the bench is shorter).
  return people.map((p, i) => ({
    token: signToken(secret, { sub: p.id, exp: Date.now() + TOKEN_TTL_MS }),
    userId: p.id,
    ...regions[i % regions.length]!
  }))
}

/** Runs the simulated laptops in a child process and returns what they measured. */
export function runClientProcess(cfg: ClientsConfig): Promise<ClientsResult> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['--tsconfig', 'tsconfig.test.json', 'tests/bench/hub-clients.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit']
  })
  const out: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => out.push(c))
  child.stdin.end(JSON.stringify(cfg))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`simulated laptops exited with ${code}`))
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8').trim().split('\n').at(-1)!) as ClientsResult)
      } catch (e) {
        reject(e)
      }
    })
  })
}

/** The convergence soak: many random schedules through the pure merge (goal: 0 failures). */
export function benchConvergence(schedules = Number(process.env.CONVERGENCE_SCHEDULES ?? 10_000)): Figure[] {
  let failures = 0
  for (const s of fc.sample(convergenceSchedule, schedules)) if (simulateConvergence(s.skews, s.actions, s.seed) !== undefined) failures++
  return [
    { name: 'sync.convergence.schedules', value: schedules, unit: 'count', goal: 10_000, better: 'min' },
    { name: 'sync.convergence.failures', value: failures, unit: 'count', goal: 0 }
  ]
}

// `tsx --tsconfig tsconfig.test.json tests/bench/hub.ts [clients] [pglite|postgres]` runs both and prints the figures.
if (process.argv[1]?.endsWith('bench/hub.ts')) {
  void (async () => {
    console.log(benchConvergence())
    const engine = process.argv[3] === 'postgres' ? 'postgres' : 'pglite'
    const { databaseUrl } = engine === 'postgres' ? await benchServices() : {}
    console.log(await benchHubLoad(Number(process.argv[2] ?? 200), engine, databaseUrl))
    process.exit(0)
  })().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
