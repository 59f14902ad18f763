import { performance } from 'node:perf_hooks'
import { generateWorkspace } from '../../src/shared/demo'
import { overdueInstalments, type PostSaleData } from '../../src/shared/domain/collections'
import type { Collection, Contract, Instalment, Milestone } from '../../src/shared/model'
import { median, round, type Figure } from './figures'

const RUNS = 21
const CONTRACTS = 10_000

/**
 * The overdue list over 10,000 contracts with plans (Node): plan resolution, allocation of
 * every collection and the overdue rule, in one call as every view makes it. The bench
 * workspace holds some 3,000 contracts from its won deals; copies with fresh ids (signed a
 * year or two earlier, as a region's older books would be) make up the 10,000.
 */
export function benchCollections(): Figure[] {
  const anchor = Date.UTC(2026, 10, 20, 6)
  const timeZone = 'Asia/Shanghai'
  const ws = generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' })
  const data = { contracts: [...ws.contracts], instalments: [...ws.instalments], milestones: [...ws.milestones], collections: [...ws.collections] }
  const byContract = <T extends { contractId: string }>(rows: T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>()
    for (const r of rows) m.set(r.contractId, [...(m.get(r.contractId) ?? []), r])
    return m
  }
  const ins = byContract(ws.instalments)
  const ms = byContract(ws.milestones)
  const cols = byContract(ws.collections)
  const YEAR = 365 * 86_400_000
  const shiftDate = (d: string | undefined, years: number): string | undefined => (d ? `${Number(d.slice(0, 4)) - years}${d.slice(4)}` : d)
  for (let copy = 1; data.contracts.length < CONTRACTS; copy++) {
    for (const c of ws.contracts) {
      if (data.contracts.length >= CONTRACTS) break
      const years = 1 + (copy % 2)
      const id = `${c.id}-${copy}`
      const k: Contract = { ...c, id, number: `${c.number}-${copy}`, signedAt: c.signedAt - years * YEAR, createdAt: c.createdAt - years * YEAR }
      if (c.startDate) k.startDate = shiftDate(c.startDate, years)
      if (c.endDate) k.endDate = shiftDate(c.endDate, years)
      data.contracts.push(k)
      const msId = new Map<string, string>()
      for (const m of ms.get(c.id) ?? []) {
        const row: Milestone = { ...m, id: `${m.id}-${copy}`, contractId: id, plannedDate: shiftDate(m.plannedDate, years)! }
        if (m.actualDate) row.actualDate = shiftDate(m.actualDate, years)
        msId.set(m.id, row.id)
        data.milestones.push(row)
      }
      for (const i of ins.get(c.id) ?? []) {
        const row: Instalment = { ...i, id: `${i.id}-${copy}`, contractId: id }
        if (i.dueDate) row.dueDate = shiftDate(i.dueDate, years)
        if (i.milestoneId) row.milestoneId = msId.get(i.milestoneId)
        data.instalments.push(row)
      }
      for (const x of cols.get(c.id) ?? []) {
        const row: Collection = { ...x, id: `${x.id}-${copy}`, contractId: id, receivedAt: x.receivedAt - years * YEAR, recordedAt: x.recordedAt - years * YEAR }
        if (x.instalmentId) row.instalmentId = `${x.instalmentId}-${copy}`
        data.collections.push(row)
      }
    }
  }
  const input: PostSaleData = data
  let overdue = 0
  overdueInstalments(input, anchor, timeZone) // warm-up: JIT and the zone-offset cache
  // CPU time of the process (user + system, all its threads) as well as wall-clock: on a shared
  // machine with other jobs running, wall-clock measures the queue for the cores, not the code.
  const times: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    overdue = overdueInstalments(input, anchor, timeZone).length
    times.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  return [
    {
      name: 'collections.overdue.bench.ms',
      value: round(median(cpu), 1),
      unit: 'ms',
      goal: 50,
      note: `${data.contracts.length} contracts, ${data.instalments.length} instalments, ${data.milestones.length} milestones, ${data.collections.length} collections → ${overdue} overdue; plan + allocation + rule in one call; Node CPU ms, median of ${RUNS} (wall-clock median ${round(median(times), 1)})`
    }
  ]
}

// `npx tsx tests/bench/collections.ts` prints the figure on its own.
if (process.argv[1]?.endsWith('collections.ts')) console.log(benchCollections())
