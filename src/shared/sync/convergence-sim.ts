import type { MergeKind } from '../model/common'
import { formatHlc, parseHlc, receiveHlc, tickHlc, type Hlc } from './hlc'
import { mergeOp, type Conflict, type RowState } from './merge'
import type { Op } from './op'

/**
 * A replica simulator for the convergence property (merge.test.ts) and its soak
 * (tests/bench/hub.ts): three replicas edit a few rows of a record table and an append-only
 * table with skewed clocks; messages are delivered, dropped, duplicated and reordered. After
 * every op finally reaches every replica (anti-entropy), all replicas must hold the same rows,
 * and every write ever made must be a stored cell or a recorded conflict on every replica.
 * Pure: the schedule is data, so a failing one can be replayed exactly.
 */
export type SimAction =
  | { type: 'edit'; replica: number; table: 'deals' | 'activities'; row: number; fields: string[]; advanceMs: number }
  | { type: 'deliver' | 'drop' | 'duplicate'; pick: number }

const TABLE_KIND: Record<string, MergeKind> = { deals: 'record', activities: 'append' }

interface Replica {
  clock: Hlc
  skewMs: number
  rows: Map<string, RowState>
  conflicts: Conflict[]
}

function apply(r: Replica, o: Op): void {
  const key = `${o.table}/${o.rowId}`
  const res = mergeOp(TABLE_KIND[o.table]!, r.rows.get(key), o)
  r.rows.set(key, res.row)
  r.conflicts.push(...res.conflicts)
}

/** Returns undefined when the schedule converges without loss, else what went wrong. */
export function simulateConvergence(skews: number[], actions: SimAction[], finalOrderSeed: number): string | undefined {
  let now = 1_763_800_000_000
  const replicas: Replica[] = skews.map((skewMs, i) => ({ clock: { wallMs: 0, counter: 0, node: `node-${i}` }, skewMs, rows: new Map(), conflicts: [] }))
  const written: Op[] = []
  const inFlight: { to: number; op: Op }[] = []
  let n = 0
  const receive = (to: number, o: Op): void => {
    const r = replicas[to]!
    r.clock = receiveHlc(r.clock, parseHlc(o.hlc), now + r.skewMs)
    apply(r, o)
  }
  for (const a of actions) {
    if (a.type === 'edit') {
      now += a.advanceMs
      const r = replicas[a.replica]!
      r.clock = tickHlc(r.clock, now + r.skewMs)
      // Values repeat on purpose (n % 3), so equal values written by different ops are exercised too.
      const fields = Object.fromEntries(a.fields.map((f) => [f, f === 'deleted' ? n % 2 === 0 : `v${n % 3}`]))
      n++
      const o: Op = { table: a.table, rowId: `r${a.row}`, hlc: formatHlc(r.clock), schemaVersion: 1, fields }
      written.push(o)
      apply(r, o)
      for (let to = 0; to < replicas.length; to++) if (to !== a.replica) inFlight.push({ to, op: o })
    } else if (inFlight.length > 0) {
      const i = a.pick % inFlight.length
      const m = inFlight[i]!
      if (a.type !== 'duplicate') inFlight.splice(i, 1)
      if (a.type !== 'drop') receive(m.to, m.op)
    }
  }
  const final: { to: number; op: Op }[] = []
  for (const o of written) for (let to = 0; to < replicas.length; to++) final.push({ to, op: o })
  let seed = finalOrderSeed % 2_147_483_648
  for (let i = final.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    const j = seed % (i + 1)
    ;[final[i], final[j]] = [final[j]!, final[i]!]
  }
  for (const m of final) receive(m.to, m.op)

  // Field order inside a row depends on arrival order, so compare rows with sorted keys.
  const sorted = <T>(entries: [string, T][]): [string, T][] => entries.sort(([x], [y]) => (x < y ? -1 : 1))
  const snapshot = (r: Replica): string => JSON.stringify(sorted([...r.rows.entries()]).map(([k, row]) => [k, sorted(Object.entries(row))]))
  const first = snapshot(replicas[0]!)
  for (const [i, r] of replicas.entries()) if (snapshot(r) !== first) return `replica ${i} differs from replica 0`
  for (const [i, r] of replicas.entries()) {
    const lost = new Set(r.conflicts.map((c) => `${c.table}/${c.rowId}/${c.field}@${c.hlc}`))
    for (const o of written) {
      const row = r.rows.get(`${o.table}/${o.rowId}`) ?? {}
      for (const field of Object.keys(o.fields)) {
        const cell = row[field]
        const won = cell !== undefined && cell.hlc === o.hlc && cell.value === o.fields[field]
        if (!won && !lost.has(`${o.table}/${o.rowId}/${field}@${o.hlc}`)) return `replica ${i} lost ${o.table}/${o.rowId}.${field}@${o.hlc}`
      }
    }
  }
  return undefined
}
