import { generateWorkspace } from '../../src/shared/demo'
import type { Activity, Contact, Deal, StageHistory } from '../../src/shared/model'
import { activitySignals, prepareDealHistory, workspaceHealth } from '../../src/shared/domain/deal-health'
import { forecastPeriod } from '../../src/shared/domain/forecast'
import { monthRange } from '../../src/shared/domain/calendar'
import { median, round, type Figure } from './figures'
import { ScaledWorkspace } from './scaled'

/**
 * `domain.healthForecast.10k.ms`: deal health for every deal of the bench workspace (10,000
 * deals with their stage histories: every flag) plus the month's forecast, in Node — what the
 * board recomputes when deals move, a filter changes or the clock ticks.
 * What it reads is prepared once per data change and reported on its own, as the app does it
 * (`usePipelineData` memoizes both on their Dexie queries):
 * - `domain.dealHistory.prepare.10k.ms`: stage moves grouped by deal in time order, and the
 *   stage medians the abandon rule compares against (`prepareDealHistory`);
 * - `domain.activitySignals.200k.ms`: last touch, pushes, economic buyers met over ~200,000
 *   activities.
 */
export function benchHealthForecast(runs = 21, factor = 1, clock: 'wall' | 'cpu' = 'wall'): Figure[] {
  // 'cpu': the process's CPU time (user + system) instead of wall-clock — the curves run for
  // minutes on a shared machine, where wall-clock mostly measures the other processes.
  const now = clock === 'cpu' ? (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 } : (): number => performance.now()
  const anchor = Date.parse('2026-11-18T10:30:00+08:00')
  // At `factor` > 1 (the cost curves): the bench workspace tiled, see ./scaled.ts.
  const scaled = new ScaledWorkspace(generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' }), factor)
  const ws = { ...scaled.base, deals: scaled.all<Deal>('deals'), stageHistory: scaled.all<StageHistory>('stageHistory'), activities: scaled.all<Activity>('activities'), contacts: scaled.all<Contact>('contacts') }
  const processes = new Map(ws.salesProcesses.map((p) => [p.id, p]))
  const { start, end } = monthRange(anchor, 'Asia/Shanghai')
  // The abandon rule's "no economic-buyer contact" reads touches with these contacts.
  const economicBuyers = new Set(ws.contacts.filter((c) => c.decisionRole === 'economic').map((c) => c.id))
  const health: number[] = []
  const signalsTimes: number[] = []
  const prepareTimes: number[] = []
  let flagged = 0
  let abandon = 0
  for (let i = 0; i < runs; i++) {
    let t0 = now()
    const signals = activitySignals(ws.activities, anchor, economicBuyers)
    signalsTimes.push(now() - t0)
    t0 = now()
    const prepared = prepareDealHistory(ws.stageHistory)
    prepareTimes.push(now() - t0)
    t0 = now()
    const h = workspaceHealth({ deals: ws.deals, processes, historyByDeal: prepared.byDeal, medians: prepared.medians, signals, now: anchor, timeZone: 'Asia/Shanghai', periodStart: start })
    forecastPeriod(ws.deals, processes, start, end)
    health.push(now() - t0)
    flagged = 0
    abandon = 0
    for (const f of h.byDeal.values()) {
      if (f.length > 0) flagged++
      if (f.some((x) => x.flag === 'abandon')) abandon++
    }
  }
  return [
    {
      name: 'domain.healthForecast.10k.ms',
      value: round(median(health)),
      unit: 'ms',
      goal: 30,
      note: `Node; ${ws.deals.length} deals, ${ws.stageHistory.length} stage moves; ${flagged} open deals flagged, ${abandon} abandon candidates (economic buyer from ${economicBuyers.size} contacts); median of ${runs}`
    },
    {
      name: 'domain.dealHistory.prepare.10k.ms',
      value: round(median(prepareTimes)),
      unit: 'ms',
      goal: 100,
      note: `Node; ${ws.stageHistory.length} stage moves grouped by deal in time order + stage medians, once per change of the stage history; median of ${runs}`
    },
    {
      name: 'domain.activitySignals.200k.ms',
      value: round(median(signalsTimes)),
      unit: 'ms',
      goal: 100,
      note: `Node; last touch + pushes + economic buyers met over ${ws.activities.length} activities, once per data change; median of ${runs}`
    }
  ]
}

// Run directly: npx tsx --tsconfig tsconfig.test.json tests/bench/domain-health-forecast.ts
if (process.argv[1]?.endsWith('domain-health-forecast.ts')) console.log(benchHealthForecast())
