import { generateWorkspace } from '../../src/shared/demo'
import { activitySignals, historyByDeal, workspaceHealth } from '../../src/shared/domain/deal-health'
import { forecastPeriod } from '../../src/shared/domain/forecast'
import { monthRange } from '../../src/shared/domain/calendar'
import { median, round, type Figure } from './figures'

/**
 * `domain.healthForecast.10k.ms`: deal health for every deal of the bench workspace (10,000
 * deals with their stage histories: grouping, stage medians, every flag) plus the month's
 * forecast, in Node — what the board recomputes when deals move or the clock ticks.
 * The activity index it reads (last touch, pushes over ~200,000 activities) is built once
 * when activities change and is reported on its own as `domain.activitySignals.200k.ms`.
 */
export function benchHealthForecast(runs = 21): Figure[] {
  const anchor = Date.parse('2026-11-18T10:30:00+08:00')
  const ws = generateWorkspace({ anchor, locale: 'zh-CN', scale: 'bench' })
  const processes = new Map(ws.salesProcesses.map((p) => [p.id, p]))
  const { start, end } = monthRange(anchor, 'Asia/Shanghai')
  const health: number[] = []
  const signalsTimes: number[] = []
  let flagged = 0
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now()
    const signals = activitySignals(ws.activities, anchor)
    signalsTimes.push(performance.now() - t0)
    t0 = performance.now()
    const h = workspaceHealth({ deals: ws.deals, processes, historyByDeal: historyByDeal(ws.stageHistory), signals, now: anchor, periodStart: start })
    forecastPeriod(ws.deals, processes, start, end)
    health.push(performance.now() - t0)
    flagged = 0
    for (const f of h.byDeal.values()) if (f.length > 0) flagged++
  }
  return [
    {
      name: 'domain.healthForecast.10k.ms',
      value: round(median(health)),
      unit: 'ms',
      goal: 30,
      note: `Node; ${ws.deals.length} deals, ${ws.stageHistory.length} stage moves; ${flagged} open deals flagged; median of ${runs}`
    },
    {
      name: 'domain.activitySignals.200k.ms',
      value: round(median(signalsTimes)),
      unit: 'ms',
      goal: 100,
      note: `Node; last touch + pushes over ${ws.activities.length} activities, once per data change; median of ${runs}`
    }
  ]
}

// Run directly: npx tsx --tsconfig tsconfig.test.json tests/bench/domain-health-forecast.ts
if (process.argv[1]?.endsWith('domain-health-forecast.ts')) console.log(benchHealthForecast())
