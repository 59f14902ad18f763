import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPglite, openPostgres } from '../../src/hub/store'
import { formatHlc } from '../../src/shared/sync/hlc'
import { convergenceSchedule } from '../../src/shared/sync/convergence-arb'
import { simulateConvergence } from '../../src/shared/sync/convergence-sim'
import { round, type Figure } from './figures'

/**
 * `hub.load.200clients.p99.ms`: 200 simulated laptops on 127.0.0.1, each pushing a small batch
 * and pulling its region in a loop, for at most HUB_BENCH_SECONDS (default 60). Clients get
 * signed tokens directly, so the figure measures sync, not 200 scrypt logins. PostgreSQL when
 * DATABASE_URL is set (the engine a 200-laptop team runs), else PGlite; the note says which.
 */
export async function benchHubLoad(clients = 200, seconds = Number(process.env.HUB_BENCH_SECONDS ?? 60)): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-bench-'))
  const databaseUrl = process.env.DATABASE_URL
  const store = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(dir)
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  try {
    // Fresh names per run: a PostgreSQL bench database is reused between runs.
    const run = randomUUID().slice(0, 8)
    const regions: { region: string; team: string }[] = []
    for (let i = 0; i < 4; i++) {
      const region = (await createOrgUnit(store, { name: `Region ${i}`, kind: 'region' })).id
      regions.push({ region, team: (await createOrgUnit(store, { name: `Team ${i}`, kind: 'team', parentId: region })).id })
    }
    // Accounts exist before the clock starts: creating 200 users mid-run would invalidate every
    // cached scope 200 times, a setup cost no real team's sync traffic has.
    const people = await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        createUser(store, { email: `bench-${run}-${i}@example.com`, name: `Rep ${i}`, role: 'rep', orgUnitId: regions[i % regions.length]!.team })
      )
    )
    const latencies: number[] = []
    let errors = 0
    const deadline = Date.now() + seconds * 1000
    // node:http with keep-alive rather than fetch: the clients share the hub's process and
    // cores, and fetch's streams cost more CPU per request than the hub's own handling.
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients })
    const timed = (url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const t0 = performance.now()
        const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            latencies.push(performance.now() - t0)
            if ((res.statusCode ?? 500) >= 400) errors++
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
            } catch (e) {
              reject(e)
            }
          })
        })
        req.on('error', reject)
        req.end(init.body)
      })
    const client = async (i: number): Promise<void> => {
      const { region, team } = regions[i % regions.length]!
      const user = people[i]!
      const headers = { authorization: `Bearer ${signToken(secret, { sub: user.id, exp: Date.now() + TOKEN_TTL_MS })}`, 'content-type': 'application/json' }
      let after = 0
      let n = 0
      while (Date.now() < deadline) {
        const customerId = randomUUID()
        const hlc = () => formatHlc({ wallMs: Date.now(), counter: n++ % 90_000, node: `bench-${i}` })
        const ops = [
          { table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Bench Co', orgUnitId: team, ownerId: user.id } },
          { table: 'contacts', rowId: randomUUID(), hlc: hlc(), schemaVersion: 1, fields: { customerId, name: 'Ms Zhao', title: 'Buyer', seniority: 2 } }
        ]
        await timed(`${base}/sync/push`, { method: 'POST', headers, body: JSON.stringify({ clientId: `bench-${i}`, batchId: randomUUID(), ops }) })
        const page = (await timed(`${base}/sync/pull?stream=${region}&after=${after}&limit=200`, { headers })) as { ops?: { seq: number }[] }
        after = page.ops?.at(-1)?.seq ?? after
      }
    }
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)))
    agent.destroy()
    const sorted = [...latencies].sort((a, b) => a - b)
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0
    const note = `${clients} clients × ${seconds} s on ${store.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${latencies.length} requests, ${errors} errors, p50 ${round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms`
    return [
      { name: `hub.load.${clients}clients.p99.ms`, value: round(p99), unit: 'ms', goal: 250, note },
      { name: `hub.load.${clients}clients.errors`, value: errors, unit: 'count', goal: 0 }
    ]
  } finally {
    await hub.app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
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

// `tsx --tsconfig tsconfig.test.json tests/bench/hub.ts [clients]` runs both and prints the figures.
if (process.argv[1]?.endsWith('bench/hub.ts')) {
  void (async () => {
    console.log(benchConvergence())
    console.log(await benchHubLoad(Number(process.argv[2] ?? 200)))
  })().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
