import http from 'node:http'
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { ORG_REFRESH_MS, STREAM_QUIET_MS, STREAM_REFRESH_MS } from '../../src/main/sync/bridge'
import { formatHlc } from '../../src/shared/sync/hlc'

/**
 * The simulated laptops of `hub.load.*`, in a process of their own (as laptops are): the hub's
 * event loop serves them and does nothing else. Started by tests/bench/hub.ts with a JSON config
 * on stdin; prints one JSON result line on stdout.
 *
 * `mode: 'laptop'` follows the app's sync loop (src/renderer/src/sync/loop.ts and the bridge in
 * src/main/sync/bridge.ts): a live socket for pokes; a round 300 ms after a save, on a poke that
 * names a newer seq, and every 60 s; one round in flight per laptop (a trigger during a round
 * runs one more after it). A round is what the bridge sends: the outbox as one push, /sync/org
 * when due (every 30 s), pull pages of each stream that moved lately (every stream once a
 * minute) until nothing is left, then /sync/conflicts with the org or when a page names a new
 * conflict. Saves
 * come at random (exponential gaps, mean `saveEveryMs`): half add a customer and a contact, half
 * edit a field of a customer the laptop added earlier.
 *
 * `mode: 'saturate'`: every laptop pushes and pulls back to back with no pause, to find the
 * hub's throughput ceiling (a capacity figure, not a latency one).
 */

export interface ClientsConfig {
  base: string
  /** Several hub instances behind no balancer (hub-scale.ts): laptop i talks to bases[i % n] only, as a sticky load balancer would send it. */
  bases?: string[]
  mode: 'laptop' | 'saturate'
  seconds: number
  saveEveryMs: number
  laptops: { token: string; userId: string; team: string; region: string }[]
}

export interface ClientsResult {
  /** Latency per request kind, in ms, in completion order; `ramp:<kind>` while laptops come online. */
  latencies: Record<string, number[]>
  errors: number
  errorSamples: string[]
  saves: number
  rounds: number
  pokes: number
}

const OUTBOX_DEBOUNCE_MS = 300
const SAFETY_INTERVAL_MS = 60_000
const PULL_LIMIT = 1000
/** Laptops connect at random moments within this time before the measured window opens. */
const RAMP_MS = 10_000

export async function runClients(cfg: ClientsConfig): Promise<ClientsResult> {
  const result: ClientsResult = { latencies: {}, errors: 0, errorSamples: [], saves: 0, rounds: 0, pokes: 0 }
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.laptops.length * 2 })
  // Laptops come online over the first RAMP_MS (their first rounds download what they miss);
  // the measured window is the `seconds` after that. The ramp's requests are kept apart.
  const measureFrom = Date.now() + RAMP_MS
  const deadline = measureFrom + cfg.seconds * 1000

  const request = (base: string, kind: string, path: string, token: string, body?: string): Promise<unknown> =>
    new Promise((resolve) => {
      const t0 = performance.now()
      const headers: Record<string, string> = { authorization: `Bearer ${token}` }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const req = http.request(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          ;(result.latencies[Date.now() < measureFrom ? `ramp:${kind}` : kind] ??= []).push(performance.now() - t0)
          const text = Buffer.concat(chunks).toString('utf8')
          if ((res.statusCode ?? 500) >= 400) {
            result.errors++
            if (result.errorSamples.length < 5) result.errorSamples.push(`${kind} ${res.statusCode}: ${text.slice(0, 200)}`)
            return resolve(undefined)
          }
          try {
            resolve(JSON.parse(text))
          } catch {
            result.errors++
            resolve(undefined)
          }
        })
      })
      req.on('error', (e) => {
        result.errors++
        if (result.errorSamples.length < 5) result.errorSamples.push(`${kind}: ${String(e)}`)
        resolve(undefined)
      })
      req.end(body)
    })

  const laptop = async (i: number): Promise<void> => {
    await new Promise((r) => setTimeout(r, Math.random() * (RAMP_MS - 2_000)))
    const me = cfg.laptops[i]!
    const base = cfg.bases?.length ? cfg.bases[i % cfg.bases.length]! : cfg.base
    const node = `bench-${i}-${randomUUID().slice(0, 6)}`
    let counter = 0
    const hlc = (): string => formatHlc({ wallMs: Date.now(), counter: counter++ % 90_000, node })
    const streams = [me.region, 'global']
    const cursors: Record<string, number> = {}
    const heads: Record<string, number> = {}
    const movedAt: Record<string, number> = {}
    let conflictsAfter = 0
    let conflictsAskedTop = 0
    let orgAt = -Infinity
    let fullAt = -Infinity
    const mine: string[] = []
    let outbox: unknown[] = []

    const save = (): void => {
      result.saves++
      if (mine.length === 0 || Math.random() < 0.5) {
        const customerId = randomUUID()
        mine.push(customerId)
        outbox.push(
          { table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: 'Bench Co', orgUnitId: me.team, ownerId: me.userId } },
          { table: 'contacts', rowId: randomUUID(), hlc: hlc(), schemaVersion: 1, fields: { customerId, name: 'Ms Zhao', title: 'Buyer', seniority: 2 } }
        )
      } else {
        const customerId = mine[Math.floor(Math.random() * mine.length)]!
        outbox.push({ table: 'customers', rowId: customerId, hlc: hlc(), schemaVersion: 1, fields: { name: `Bench Co ${counter}` } })
      }
    }

    const round = async (): Promise<void> => {
      result.rounds++
      if (outbox.length) {
        const ops = outbox
        outbox = []
        await request(base, 'push', '/sync/push', me.token, JSON.stringify({ clientId: node, batchId: randomUUID(), ops }))
      }
      // As the bridge: the org when due (first round, then every 30 s), the streams that moved
      // lately (all of them every minute), then the conflict inbox with the org or when a page
      // names a new conflict.
      const now = Date.now()
      const orgDue = now - orgAt >= ORG_REFRESH_MS
      if (orgDue) {
        orgAt = now
        await request(base, 'org', '/sync/org', me.token)
      }
      let conflictTop = 0
      const full = now - fullAt >= STREAM_REFRESH_MS
      if (full) fullAt = now
      for (const stream of streams) {
        const quiet = now - (movedAt[stream] ?? -Infinity) >= STREAM_QUIET_MS
        if (!full && quiet && heads[stream] !== undefined && heads[stream] <= (cursors[stream] ?? 0)) continue
        for (let page = 0; page < 100; page++) {
          const res = (await request(base, 'pull', `/sync/pull?stream=${stream}&after=${cursors[stream] ?? 0}&limit=${PULL_LIMIT}`, me.token)) as
            | { ops: { seq: number }[]; more: boolean; head: number; conflictTop?: number }
            | undefined
          if (!res) break
          conflictTop = Math.max(conflictTop, res.conflictTop ?? 0)
          cursors[stream] = res.ops.at(-1)?.seq ?? cursors[stream] ?? 0
          if (res.ops.length) movedAt[stream] = now
          heads[stream] = Math.max(heads[stream] ?? 0, res.head)
          if (!res.more) break
        }
      }
      // The inbox with the org, or when a page names a conflict newer than the last asked for.
      if (orgDue || conflictTop > conflictsAskedTop) {
        conflictsAskedTop = Math.max(conflictsAskedTop, conflictTop)
        const c = (await request(base, 'conflicts', `/sync/conflicts?after=${conflictsAfter}`, me.token)) as { next?: number } | undefined
        conflictsAfter = c?.next ?? conflictsAfter
      }
    }

    if (cfg.mode === 'saturate') {
      // Every round pushes a save and pulls the region: the request mix of a busy laptop's round.
      while (Date.now() < deadline) {
        save()
        heads[me.region] = Number.MAX_SAFE_INTEGER
        await round()
      }
      return
    }

    // The sync loop: one round at a time, one more if triggered meanwhile.
    let running = false
    let again = false
    const trigger = (): void => {
      if (Date.now() >= deadline) return
      if (running) {
        again = true
        return
      }
      running = true
      void (async () => {
        do {
          again = false
          await round()
        } while (again && Date.now() < deadline)
        running = false
      })()
    }

    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/sync/live`)
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: me.token })))
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type?: string; stream?: string; seq?: number }
      if (msg.type === 'ready') trigger()
      if (msg.type === 'poke' && msg.stream && typeof msg.seq === 'number' && msg.seq > (cursors[msg.stream] ?? 0)) {
        result.pokes++
        heads[msg.stream] = Math.max(heads[msg.stream] ?? 0, msg.seq)
        movedAt[msg.stream] = Date.now()
        trigger()
      }
    })
    socket.on('error', (e) => {
      result.errors++
      if (result.errorSamples.length < 5) result.errorSamples.push(`live: ${String(e)}`)
    })

    let debounce: ReturnType<typeof setTimeout> | undefined
    const nextSave = (): void => {
      const gap = -Math.log(1 - Math.random()) * cfg.saveEveryMs
      if (Date.now() + gap >= deadline) return
      setTimeout(() => {
        save()
        clearTimeout(debounce)
        debounce = setTimeout(trigger, OUTBOX_DEBOUNCE_MS)
        nextSave()
      }, gap)
    }
    nextSave()
    // The safety round, at a random phase per laptop as real laptops start at different times.
    const safety = setTimeout(function tick() {
      trigger()
      if (Date.now() + SAFETY_INTERVAL_MS < deadline) setTimeout(tick, SAFETY_INTERVAL_MS)
    }, Math.random() * SAFETY_INTERVAL_MS)

    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))
    clearTimeout(safety)
    clearTimeout(debounce)
    // Let the last round finish so its latencies count.
    while (running) await new Promise((r) => setTimeout(r, 20))
    socket.close()
  }

  await Promise.all(cfg.laptops.map((_, i) => laptop(i)))
  agent.destroy()
  return result
}

if (process.argv[1]?.endsWith('hub-clients.ts')) {
  const chunks: Buffer[] = []
  process.stdin.on('data', (c: Buffer) => chunks.push(c))
  process.stdin.on('end', () => {
    const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ClientsConfig
    runClients(cfg).then(
      (r) => {
        // Exit only once the (large) line is written: a pipe takes it in pieces.
        process.stdout.write(JSON.stringify(r) + '\n', () => process.exit(0))
      },
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      }
    )
  })
}
