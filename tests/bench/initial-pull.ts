import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { generateWorkspace } from '../../src/shared/demo'
import { modelKinds, type ModelTable } from '../../src/shared/model'
import { formatHlc } from '../../src/shared/sync/hlc'
import { round, type Figure } from './figures'
import { freshDatabase } from './fresh-database'
import type { HubEngine } from './hub'
import { benchServices } from './services'
import { ScaledWorkspace } from './scaled'

const anchor = Date.UTC(2026, 10, 20, 6)
/** Generated once for both engines. */
let benchWorkspace: Record<string, unknown> | undefined

/**
 * `sync.initialPull.<engine>.ms`: a new laptop signs in and pulls the whole bench workspace
 * (~260k records) from a hub on loopback, page by page through the main-process bridge, as the
 * app does on first connect. The hub's op log is seeded directly (the push path has its own
 * figure); `engine`: the embedded PGlite default, or PostgreSQL on `databaseUrl` (a fresh database).
 */
export async function benchInitialPull(engine: HubEngine, databaseUrl?: string, factor = 1): Promise<Figure[]> {
  if (engine === 'postgres' && !databaseUrl) throw new Error('benchInitialPull: PostgreSQL needs a server URL')
  benchWorkspace ??= generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' }) as unknown as Record<string, unknown>
  // At `factor` > 1 (the cost curves) the bench workspace tiled (./scaled.ts), seeded copy by copy.
  const scaled = new ScaledWorkspace(benchWorkspace as never, factor)
  const ws = scaled.base as unknown as Record<string, unknown>
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-initial-pull-'))
  const pgBench = engine === 'postgres' ? await freshDatabase(databaseUrl!, 'cockpit_initial_pull') : undefined
  const store: HubStore = pgBench ? await openPostgres(pgBench.url) : await openPglite(join(dir, 'db'))
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const hubUrl = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false })
  try {
    // The workspace's org becomes the hub's.
    const run = randomUUID().slice(0, 8)
    const units = ws.orgUnits as { id: string; kind: 'region' | 'team'; name: string; parentId: string | null }[]
    const hubId = new Map(units.map((u) => [u.id, `${u.id.slice(0, 27)}${run}`]))
    const regionOf = new Map<string, string>()
    for (const u of [...units].sort((a, b) => Number(a.kind === 'team') - Number(b.kind === 'team'))) {
      await createOrgUnit(store, { id: hubId.get(u.id)!, name: `${u.name} ${run}`, kind: u.kind, parentId: u.parentId ? hubId.get(u.parentId)! : null })
      regionOf.set(u.id, u.kind === 'region' ? hubId.get(u.id)! : hubId.get(u.parentId!)!)
    }
    const regions = [...new Set(regionOf.values())]
    const email = `initial-pull-${run}@example.com`
    await createUser(store, { email, name: 'New laptop', role: 'admin', orgUnitId: regions[0]!, password: 'bench password 1' })

    // Rows follow their customer or deal into its region's stream; org-wide ones go to `global`.
    const rows = (t: string) => (Array.isArray(ws[t]) ? (ws[t] as Record<string, unknown>[]) : [])
    const streamOfRow = new Map<string, string>()
    for (const t of ['customers', 'deals', 'users']) for (const r of rows(t)) streamOfRow.set(r.id as string, regionOf.get(r.orgUnitId as string) ?? regions[0]!)
    const streamFor = (t: string, r: Record<string, unknown>): string => {
      if (t === 'salesProcesses' || t === 'scorecardTemplates') return 'global'
      for (const f of ['orgUnitId', 'dealId', 'customerId']) {
        const v = r[f]
        // A copy's reference `id~k` follows its base row's stream.
        if (typeof v === 'string') return regionOf.get(v) ?? streamOfRow.get(v.replace(/~\d+$/, '')) ?? regions[0]!
      }
      return regions[0]!
    }
    const seqs = new Map<string, number>()
    let batch: Record<string, unknown>[] = []
    let seeded = 0
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      await store.query(
        `INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, batch_id, user_id, received_at)
         SELECT stream, seq, tbl, row_id, hlc, schema_version, fields::jsonb, 'seed', 'seed', 0
         FROM jsonb_to_recordset($1::jsonb) AS x(stream text, seq bigint, tbl text, row_id text, hlc text, schema_version integer, fields text)`,
        [JSON.stringify(batch)]
      )
      seeded += batch.length
      batch = []
    }
    let counter = 0
    for (let k = 0; k < factor; k++)
    for (const table of Object.keys(modelKinds) as ModelTable[]) {
      for (const row of scaled.copy<Record<string, unknown>>(table, k)) {
        const { id, ...fields } = row
        const stream = streamFor(table, row)
        const seq = (seqs.get(stream) ?? 0) + 1
        seqs.set(stream, seq)
        const hlc = formatHlc({ wallMs: anchor, counter: counter++ % 90_000, node: `seed-${run}-${Math.floor(counter / 90_000)}` })
        batch.push({ stream, seq, tbl: table, row_id: `${id as string}`, hlc, schema_version: modelKinds[table].version, fields: JSON.stringify(fields) })
        if (batch.length === 5000) await flush()
      }
    }
    await flush()
    for (const [stream, seq] of seqs) {
      await store.query('INSERT INTO stream_counters (stream, seq) VALUES ($1, $2) ON CONFLICT (stream) DO UPDATE SET seq = EXCLUDED.seq', [stream, seq])
    }

    const t0 = performance.now()
    await bridge.connect({ hubUrl, email, password: 'bench password 1' })
    let cursors: Record<string, number> = {}
    let pulled = 0
    let rounds = 0
    for (let more = true; more; rounds++) {
      const page = await bridge.pull(cursors)
      pulled += page.ops.length
      cursors = page.cursors
      more = page.more
    }
    const ms = performance.now() - t0
    if (pulled < seeded) throw new Error(`pulled ${pulled} of ${seeded} ops`)
    return [
      {
        name: factor === 1 ? `sync.initialPull.${engine}.ms` : `sync.initialPull.${factor}x.ms`,
        value: round(ms, 0),
        unit: 'ms',
        goal: 15_000 * factor,
        note: `${pulled} ops in ${rounds} rounds over ${seqs.size} streams, ${store.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded default)'}, bench workspace, sign-in included; transfer through the main-process bridge, not the page's IndexedDB apply`
      }
    ]
  } finally {
    bridge.close()
    await hub.app.close()
    await store.close()
    await pgBench?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

// `tsx --tsconfig tsconfig.test.json tests/bench/initial-pull.ts [pglite|postgres]` prints the figure.
if (process.argv[1]?.endsWith('bench/initial-pull.ts')) {
  const engine = process.argv[2] === 'postgres' ? 'postgres' : 'pglite'
  void (engine === 'postgres' ? benchServices() : Promise.resolve({ databaseUrl: undefined }))
    .then(({ databaseUrl }) => benchInitialPull(engine, databaseUrl))
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
