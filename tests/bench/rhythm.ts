import { performance } from 'node:perf_hooks'
import { generateWorkspace } from '../../src/shared/demo'
import { complianceHeatmap } from '../../src/shared/domain/eight-visit'
import { previewReclaim, type PoolRules } from '../../src/shared/domain/pool'
import { runRiskRules } from '../../src/shared/domain/visit-risk'
import { findColdVisits } from '../../src/shared/domain/cold-visits'
import { DAY_MS, startOfDay, startOfWeek } from '../../src/shared/domain/calendar'
import { median, round, type Figure } from './figures'

const RUNS = 5

function timed(fn: () => unknown): number {
  const times: number[] = []
  fn() // warm-up: JIT and the Intl formatter cache
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  return median(times)
}

/** Team rhythm over the bench workspace (Node, median of 5 after a warm-up). */
export function benchRhythm(): Figure[] {
  const anchor = Date.UTC(2026, 10, 20, 6)
  const timeZone = 'Asia/Shanghai'
  const ws = generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' })
  const reps = ws.users.filter((u) => u.role === 'rep').slice(0, 60)
  const from = startOfWeek(anchor - 12 * 7 * DAY_MS, timeZone)
  const heatmap = timed(() => complianceHeatmap(reps, ws.activities, { from, weeks: 13, timeZone, now: anchor }))

  const rules = new Map<string, PoolRules>(ws.poolRules.map((r) => [r.orgUnitId, r]))
  const users = new Map(ws.users.map((u) => [u.id, u]))
  let moved = 0
  const reclaim = timed(() => {
    moved = previewReclaim({ customers: ws.customers, activities: ws.activities, users, rules, now: anchor }).length
  })

  const customers = new Map(ws.customers.map((c) => [c.id, c]))
  const contacts = new Map(ws.contacts.map((c) => [c.id, c]))
  // The bench workspace holds a little under 200,000 activities; older copies (a year back,
  // fresh ids) make up the difference so the figure measures what its name says.
  const acts = ws.activities.slice(0, 200_000)
  for (let i = 0; acts.length < 200_000; i++) {
    const a = ws.activities[i]!
    acts.push({ ...a, id: `${a.id}-pad`, at: a.at - 365 * DAY_MS, ...(a.loggedAt !== undefined ? { loggedAt: a.loggedAt - 365 * DAY_MS } : {}) })
  }
  let flags = 0
  const audit = timed(() => {
    flags = runRiskRules({ activities: acts, customers, contacts }).length
  })

  // The cold-visit finder over a whole day's plan of every rep (the generator plans the anchor's
  // day, not the next one, so that day stands in for "tomorrow").
  const tomorrow = startOfDay(anchor, timeZone)
  const anchors = ws.activities.filter((a) => a.kind === 'visit' && a.status === 'planned' && a.at >= tomorrow && a.at < tomorrow + DAY_MS)
  let matches = 0
  const cold = timed(() => {
    matches = findColdVisits({ anchors, customers, users, rules, maxKm: 3, now: anchor, dayEnd: tomorrow + DAY_MS }).matches.length
  })

  return [
    { name: 'rhythm.coldVisits.bench.ms', value: round(cold, 1), unit: 'ms', goal: 100, note: `${anchors.length} appointments in a day, ${customers.size} customers, ${matches} matches within 3 km; own budget (none in the issue); Node, median of ${RUNS}` },
    { name: 'rhythm.eightVisit.60reps.quarter.ms', value: round(heatmap, 1), unit: 'ms', goal: 100, note: `${reps.length} reps × 13 weeks over ${ws.activities.length} activities; Node, median of ${RUNS}` },
    { name: 'pool.reclaimPreview.bench.ms', value: round(reclaim, 1), unit: 'ms', goal: 200, note: `${ws.customers.length} customers, ${moved} to reclaim; Node, median of ${RUNS}` },
    { name: 'audit.rules.200k.ms', value: round(audit, 1), unit: 'ms', goal: 500, note: `${acts.length} activities, ${flags} flags; Node, median of ${RUNS}` }
  ]
}

// `npx tsx tests/bench/rhythm.ts` prints the figures on their own.
if (process.argv[1]?.endsWith('rhythm.ts')) console.log(benchRhythm())
