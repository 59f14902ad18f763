import { spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import pg from 'pg'
import { inferSchema, initParser } from 'udsv'
import { signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { buildHub } from '../../src/hub/server'
import { openPostgres } from '../../src/hub/store'
import { parseTable } from '../../src/main/io/parse-table'
import { resolveFfmpeg } from '../../src/main/recordings/ffmpeg'
import { ffmpegGenerate } from '../../src/main/recordings/fixtures'
import { RecordingStore } from '../../src/main/recordings/store'
import { formatHlc } from '../../src/shared/sync/hlc'
import { generateCrmExport } from '../fixtures/crm-export'
import { median, round, type Figure } from './figures'
import { freshDatabase } from './fresh-database'

/**
 * The peers side by side, each in the same run as ours and on the same input (issue 19). A
 * peer's figure is the floor or the engine a team could pick instead; the ratio is ours over
 * theirs, so a ratio above 1 for a time (below 1 for a rate) is how far behind we are.
 */

/** Installed version of a package, for the notes. */
export function versionOf(pkg: string): string {
  const root = join(__dirname, '../../node_modules', pkg, 'package.json')
  return (JSON.parse(readFileSync(root, 'utf8')) as { version: string }).version
}

/** The machine's state while measuring: ratios hold on a busy machine, absolute figures don't. */
export function machineNote(): string {
  return `; ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`
}

/** Runs each contender in turn, `rounds` times, interleaved so a noisy neighbour hits all alike. */
async function interleaved<K extends string>(rounds: number, runs: Record<K, () => Promise<number> | number>): Promise<Record<K, number[]>> {
  const out = Object.fromEntries(Object.keys(runs).map((k) => [k, [] as number[]])) as Record<K, number[]>
  for (let r = 0; r < rounds; r++) for (const k of Object.keys(runs) as K[]) out[k].push(await runs[k]())
  return out
}

/**
 * `peer.csvParse.ratio`: our import's parse stage (`parseTable`: encoding sniffed and decoded,
 * delimiter found, papaparse, cells trimmed and noted, header row found) against papaparse alone
 * and uDSV alone, each given the same 100,000-row CRM export as bytes (they decode it with
 * TextDecoder first, as any caller must). Same thread, interleaved, median of 5.
 */
export async function benchPeerCsv(rows = 100_000): Promise<Figure[]> {
  // The fixture's accounts are unique city + brand pairs, which run out long before 100,000
  // rows: its 10,000-row export's data lines are repeated up to the size (parsing sees no reuse).
  const base = generateCrmExport({ rows: 10_000 })
  const [header, ...lines] = base.text.split('\r\n').filter((l) => l !== '')
  const body: string[] = [header!]
  while (body.length <= rows) body.push(...lines.slice(0, rows + 1 - body.length))
  const file = { fileName: base.fileName, bytes: new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body.join('\r\n') + '\r\n')])) }
  const bytes = file.bytes
  let cells = { ours: 0, papaparse: 0, udsv: 0 }
  const time = async (f: () => unknown): Promise<number> => {
    const t0 = performance.now()
    await f()
    return performance.now() - t0
  }
  const times = await interleaved(5, {
    ours: () =>
      time(async () => {
        const t = await parseTable(file.fileName, bytes)
        cells.ours = t.rows.length
      }),
    papaparse: () =>
      time(() => {
        const text = new TextDecoder('utf-8').decode(bytes)
        cells.papaparse = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.length - 1
      }),
    udsv: () =>
      time(() => {
        const text = new TextDecoder('utf-8').decode(bytes)
        const parser = initParser(inferSchema(text))
        cells.udsv = parser.stringArrs(text).length
      })
  })
  const ours = median(times.ours)
  const papa = median(times.papaparse)
  const udsv = median(times.udsv)
  if (cells.ours < rows * 0.9 || cells.papaparse < rows * 0.9) throw new Error(`peer csv: rows ${JSON.stringify(cells)}`)
  cells = { ...cells }
  return [
    {
      name: 'peer.csvParse.ratio',
      value: round(ours / papa, 2),
      unit: '×',
      goal: 1.5,
      note: `our parse stage (parseTable: sniff, decode, delimiter, papaparse, trim + cell notes, header) ${round(ours)} ms vs papaparse ${versionOf('papaparse')} alone (TextDecoder + Papa.parse to arrays) ${round(papa)} ms on the same ${rows.toLocaleString('en')}-row CRM export (${round(bytes.length / 1048576)} MB UTF-8); uDSV ${versionOf('udsv')} (inferSchema + stringArrs) ${round(udsv)} ms, ours/uDSV ${round(ours / udsv, 2)}×; same thread, interleaved, medians of 5${machineNote()}`
    }
  ]
}

/**
 * `peer.recordingImport.ratio`: our import of a 60-minute mp3 (hash, probe, decode with the
 * playable check, waveform peaks, silences, files in place) against the floor: the same ffmpeg
 * binary decoding the same file to null (`-f null -`), which is the decode alone.
 */
export async function benchPeerRecording(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-rec-'))
  try {
    const talk = ['-f', 'lavfi', '-i', "sine=frequency=220:duration=3600:sample_rate=16000,volume='if(lt(mod(t,11),8),1,0)':eval=frame"]
    const mp3 = ffmpegGenerate(join(dir, 'hour.mp3'), talk, ['-ac', '1', '-b:a', '32k'])
    const ffmpeg = resolveFfmpeg()
    const version = /ffmpeg version (\S+)/.exec(spawnSync(ffmpeg, ['-version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?'
    const times = await interleaved(3, {
      ours: async () => {
        const store = new RecordingStore({ dir: mkdtempSync(join(dir, 'store-')) })
        const t0 = performance.now()
        const r = await store.importRecording(mp3, mp3)
        await store.peaks(r.sha256)
        return performance.now() - t0
      },
      floor: () => {
        const t0 = performance.now()
        const r = spawnSync(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', mp3, '-f', 'null', '-'])
        if (r.status !== 0) throw new Error(`peer recording: ffmpeg failed ${r.stderr.toString()}`)
        return performance.now() - t0
      }
    })
    const ours = median(times.ours)
    const floor = median(times.floor)
    return [
      {
        name: 'peer.recordingImport.ratio',
        value: round(ours / floor, 2),
        unit: '×',
        goal: 1.3,
        note: `our import of a 60-min mono 32 kb/s mp3 (hash, probe, decode, peaks, silences, stored) ${round(ours)} ms vs the floor, the same ffmpeg ${version} (${ffmpeg.includes('@ffmpeg-installer') ? '@ffmpeg-installer' : ffmpeg}) decoding the file to null ${round(floor)} ms; interleaved, medians of 3${machineNote()}`
      }
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Concurrent pushers, ops per batch and seconds for the push comparison. */
const PUSH_CLIENTS = 8
const PUSH_OPS = 50
const PUSH_SECONDS = Number(process.env.PEER_PUSH_SECONDS ?? 15)

/**
 * `peer.hubPush.ratio`: the hub's push throughput (ops/s over HTTP on loopback, PostgreSQL:
 * token, zod, scope, merge reads, the one-statement write) against the floor of writing the
 * very rows it wrote (op log, cells, row streams, batches) with multi-row INSERTs through `pg`,
 * one transaction per batch, same concurrency, into a fresh database with the same schema.
 */
export async function benchPeerPush(): Promise<Figure[]> {
  const url = process.env.DATABASE_URL
  if (!url) {
    return [{ name: 'peer.hubPush.ratio', value: 0, unit: '×', goal: 0.5, better: 'min', note: 'not measured: needs DATABASE_URL (PostgreSQL)' }]
  }
  const hubDb = await freshDatabase(url, 'cockpit_peer_push')
  const floorDb = await freshDatabase(url, 'cockpit_peer_floor')
  const store = await openPostgres(hubDb.url)
  const secret = randomBytes(32)
  const hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  try {
    const region = (await createOrgUnit(store, { name: 'Push region', kind: 'region' })).id
    const team = (await createOrgUnit(store, { name: 'Push team', kind: 'team', parentId: region })).id
    const people = await Promise.all(
      Array.from({ length: PUSH_CLIENTS }, (_, i) => createUser(store, { email: `push-${i}@example.com`, name: `Rep ${i}`, role: 'rep', orgUnitId: team }))
    )
    // A laptop's save of a new customer with its contact: two ops, as the hub-load laptops save.
    const batch = (userId: string, node: string, counter: { n: number }): unknown[] => {
      const ops: unknown[] = []
      const hlc = (): string => formatHlc({ wallMs: Date.now(), counter: counter.n++ % 90_000, node })
      while (ops.length < PUSH_OPS) {
        const customerId = randomUUID()
        ops.push(
          { table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Bench Co', orgUnitId: team, ownerId: userId } },
          { table: 'contacts', rowId: randomUUID(), hlc: hlc(), schemaVersion: 1, fields: { customerId, name: 'Ms Zhao', title: 'Buyer', seniority: 2 } }
        )
      }
      return ops
    }
    // Warm-up: the hub's caches and PostgreSQL's plans, not measured.
    const push = async (i: number, counter: { n: number }): Promise<number> => {
      const token = signToken(secret, { sub: people[i]!.id, exp: Date.now() + TOKEN_TTL_MS })
      const res = await fetch(`${base}/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: `push-${i}`, batchId: randomUUID(), ops: batch(people[i]!.id, `push-${i}`, counter) })
      })
      const body = (await res.json()) as { accepted?: number }
      if (!res.ok) throw new Error(`peer push: ${res.status} ${JSON.stringify(body)}`)
      return body.accepted ?? 0
    }
    const counters = people.map(() => ({ n: 0 }))
    for (let i = 0; i < PUSH_CLIENTS; i++) await push(i, counters[i]!)
    const [{ n: warm }] = (await store.query<{ n: string }>('SELECT count(*)::text AS n FROM op_log')) as [{ n: string }]

    let hubOps = 0
    const t0 = performance.now()
    const end = t0 + PUSH_SECONDS * 1000
    await Promise.all(
      people.map(async (_, i) => {
        // Not `hubOps += await push()`: that reads the total before the await, so eight
        // concurrent loops overwrote each other's counts and the rate came out ~8× too low.
        while (performance.now() < end) {
          const accepted = await push(i, counters[i]!)
          hubOps += accepted
        }
      })
    )
    const hubSeconds = (performance.now() - t0) / 1000
    const hubRate = hubOps / hubSeconds

    // The same rows, batch by batch, as the hub wrote them.
    const rowsOf = async (sql: string): Promise<Map<string, unknown[][]>> => {
      const by = new Map<string, unknown[][]>()
      for (const r of await store.query<Record<string, unknown>>(sql)) {
        const { batch_id: b, ...rest } = r
        const list = by.get(b as string) ?? []
        list.push(Object.values(rest))
        by.set(b as string, list)
      }
      return by
    }
    const skip = Number(warm)
    const log = await rowsOf(
      `SELECT batch_id, stream, seq, tbl, row_id, hlc, schema_version, fields::text AS fields, seen::text AS seen, batch_id AS b2, user_id, received_at, moved FROM op_log ORDER BY stream, seq OFFSET ${skip}`
    )
    const cells = await rowsOf(
      `SELECT o.batch_id, c.tbl, c.row_id, c.field, c.value::text AS value, c.hlc FROM cells c JOIN op_log o ON o.tbl = c.tbl AND o.row_id = c.row_id AND o.hlc = c.hlc`
    )
    const streams = await rowsOf(`SELECT o.batch_id, s.tbl, s.row_id, s.stream FROM row_streams s JOIN op_log o ON o.tbl = s.tbl AND o.row_id = s.row_id`)
    const batches = await rowsOf(`SELECT batch_id, batch_id AS b, client_id, user_id, result::text AS result, received_at FROM batches`)
    const work = [...log.keys()]
    if (work.length === 0) throw new Error('peer push: the hub wrote nothing')
    const floorOps = work.reduce((n, b) => n + log.get(b)!.length, 0)
    // The count the rate is taken from must be what the hub logged, op for op.
    if (floorOps !== hubOps) throw new Error(`peer push: counted ${hubOps} accepted ops, the log holds ${floorOps}`)

    // The floor's database has the hub's schema (the hub creates it), then only `pg` writes.
    await (await openPostgres(floorDb.url)).close()
    const values = (rows: unknown[][], casts: string[]): { text: string; params: unknown[] } => {
      const params: unknown[] = []
      const text = rows.map((r) => `(${r.map((v, j) => (params.push(v), `$${params.length}${casts[j] ?? ''}`)).join(', ')})`).join(', ')
      return { text, params }
    }
    const pool = new pg.Pool({ connectionString: floorDb.url, max: PUSH_CLIENTS })
    let next = 0
    const f0 = performance.now()
    await Promise.all(
      Array.from({ length: PUSH_CLIENTS }, async () => {
        const client = await pool.connect()
        try {
          while (next < work.length) {
            const b = work[next++]!
            await client.query('BEGIN')
            const l = values(log.get(b)!, ['', '', '', '', '', '', '::jsonb', '::jsonb'])
            await client.query(`INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, seen, batch_id, user_id, received_at, moved) VALUES ${l.text}`, l.params)
            const c = values(cells.get(b) ?? [], ['', '', '', '::jsonb'])
            if (c.params.length) await client.query(`INSERT INTO cells (tbl, row_id, field, value, hlc) VALUES ${c.text}`, c.params)
            const s = values(streams.get(b) ?? [], [])
            if (s.params.length) await client.query(`INSERT INTO row_streams (tbl, row_id, stream) VALUES ${s.text}`, s.params)
            const bt = values(batches.get(b)!, ['', '', '', '::jsonb'])
            await client.query(`INSERT INTO batches (batch_id, client_id, user_id, result, received_at) VALUES ${bt.text}`, bt.params)
            await client.query('COMMIT')
          }
        } finally {
          client.release()
        }
      })
    )
    const floorSeconds = (performance.now() - f0) / 1000
    await pool.end()
    const floorRate = floorOps / floorSeconds
    const [{ server_version: pgVersion }] = (await store.query<{ server_version: string }>('SHOW server_version')) as [{ server_version: string }]
    return [
      {
        name: 'peer.hubPush.ratio',
        value: round(hubRate / floorRate, 2),
        unit: '×',
        goal: 0.5,
        better: 'min',
        note: `hub push ${Math.round(hubRate)} ops/s (${PUSH_CLIENTS} laptops back to back for ${PUSH_SECONDS} s, ${PUSH_OPS} ops a batch, HTTP on loopback, PostgreSQL ${pgVersion}) vs the floor ${Math.round(floorRate)} ops/s: the same ${floorOps.toLocaleString('en')} op-log rows with their cells, row streams and batch rows written with multi-row INSERTs through pg ${versionOf('pg')} (one transaction a batch, ${PUSH_CLIENTS} connections)${machineNote()}`
      }
    ]
  } finally {
    await hub.app.close()
    await store.close()
    await hubDb.drop()
    await floorDb.drop()
  }
}

// `npx tsx tests/bench/peers.ts csv|recording|push` prints one comparison on its own.
if (process.argv[1]?.endsWith('peers.ts')) {
  const which = process.argv[2]
  const run = which === 'csv' ? benchPeerCsv() : which === 'recording' ? benchPeerRecording() : benchPeerPush()
  void run.then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    }
  )
}
