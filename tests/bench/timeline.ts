import { performance } from 'node:perf_hooks'
import type { Activity, ActivityKind, StageHistory } from '../../src/shared/model'
import { dayStarts, filterTimeline, mergeTimeline, TimelineSearchTexts, timelineRows, type TimelineSearch } from '../../src/shared/domain/timeline'
import { median, round, type Figure } from './figures'

/**
 * The mixed timeline's pure work on one customer with 50,000 events, in Node: merge + day
 * grouping + rows (what has to happen between "data ready" and the first paint), building the
 * search texts (once, on the first keystroke), and one filter pass (kind group + person +
 * Chinese substring) with its rows. The browser figures (paint, long tasks while scrolling)
 * are not measured here yet.
 */
const N = 50_000
const anchor = Date.UTC(2026, 10, 20, 6)
const kinds: ActivityKind[] = ['visit', 'call', 'call', 'wechat', 'sms', 'email', 'note', 'quote', 'task', 'ride_along', 'payment', 'amount_change']
const phrases = ['客户对报价很满意，下周安排演示', '老板很重视销售过程管理，但中层执行不到位', 'Went over the quote; they asked for 15% off', '需求还不明确，主要想先看看同行业案例', '确认了决策链：采购负责评估，老板拍板 🎉']

function workspace(): { activities: Activity[]; stageHistory: StageHistory[] } {
  let seed = 42
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const activities: Activity[] = []
  for (let i = 0; i < N - 200; i++) {
    const kind = kinds[Math.floor(rnd() * kinds.length)]!
    activities.push({
      id: `a${String(i).padStart(6, '0')}`,
      kind,
      customerId: 'big',
      dealId: rnd() < 0.7 ? `d${Math.floor(rnd() * 40)}` : null,
      userId: `u${Math.floor(rnd() * 12)}`,
      // Five years of follow-ups, minute resolution, so ties happen.
      at: anchor - Math.floor(rnd() * 5 * 365 * 1440) * 60_000,
      status: 'done',
      subject: rnd() < 0.3 ? '跟进拜访：协力食品' : undefined,
      body: phrases[Math.floor(rnd() * phrases.length)]! + ` #${i}`,
      ...(kind === 'call' ? { connected: rnd() < 0.6, durationSec: Math.floor(rnd() * 600) } : {})
    })
  }
  const stageHistory: StageHistory[] = Array.from({ length: 200 }, (_, i) => ({
    id: `s${i}`,
    dealId: `d${i % 40}`,
    fromStageId: 'a',
    toStageId: 'b',
    at: anchor - Math.floor(rnd() * 5 * 365) * 86_400_000,
    byUserId: 'u1'
  }))
  // In [customerId+at] index order, as Dexie returns them; stage moves come unsorted after.
  activities.sort((a, b) => a.at - b.at)
  return { activities, stageHistory }
}

function time(fn: () => void, runs: number): number {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    xs.push(performance.now() - t0)
  }
  return median(xs)
}

export function benchTimeline(): Figure[] {
  const { activities, stageHistory } = workspace()
  const tz = 'Asia/Shanghai'
  const names = (id: string): string | undefined => (id.startsWith('u') ? `销售${id}` : undefined)
  let events = mergeTimeline({ activities, stageHistory, now: anchor })
  const prepare = time(() => {
    events = mergeTimeline({ activities, stageHistory, now: anchor })
    const days = dayStarts(events, tz)
    timelineRows(filterTimeline(events, {}), days)
  }, 5)
  // As the timeline builds them: free texts only (names are matched once per distinct id).
  let texts: TimelineSearch = { text: () => '', nameOf: names }
  const index = time(() => {
    const built = new TimelineSearchTexts(events)
    built.buildSome(() => true)
    texts = { text: (i) => built.text(i), nameOf: names }
  }, 3)
  const days = dayStarts(events, tz)
  const groups = new Set(['calls', 'visits'] as const)
  const people = new Set(['u3', 'u4'])
  const filter = time(() => {
    timelineRows(filterTimeline(events, { query: '报价很满意', groups, personIds: people }, texts), days)
    timelineRows(filterTimeline(events, { query: '销售过程' }, texts), days)
  }, 7)
  const note = `Node, ${events.length} events, medians; pure domain only (no React, no paint)`
  return [
    { name: 'timeline.prepare.50k.node.ms', value: round(prepare, 1), unit: 'ms', goal: 100, note: `merge + day starts + rows; ${note}` },
    { name: 'timeline.searchIndex.50k.node.ms', value: round(index, 1), unit: 'ms', goal: 200, note: `search texts, built once on the first query; ${note}` },
    { name: 'timeline.filter.50k.node.ms', value: round(filter / 2, 1), unit: 'ms', goal: 50, note: `one filter pass + rows; ${note}` }
  ]
}

// Run directly: `npx tsx tests/bench/timeline.ts`
if (process.argv[1]?.endsWith('timeline.ts')) console.table(benchTimeline())
