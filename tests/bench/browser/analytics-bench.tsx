import { useLayoutEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { MemoryRouter } from 'react-router'
import '@mantine/core/styles.css'
import '../../../src/renderer/src/app/global.css'
import type { Activity } from '@shared/model'
import { generateWorkspace } from '@shared/demo'
import { DEFAULT_ANALYTICS_SETTINGS } from '@shared/domain/analytics/deal-size'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { CockpitDb, useDb } from '@renderer/db/database'
import { PreferencesProvider } from '@renderer/app/preferences'
import { WorkspaceDataProvider } from '@renderer/app/workspace-data'
import { ScopeProvider } from '@renderer/app/scope'
import { AnalyticsDashboard } from '@renderer/features/analytics/AnalyticsPage'
import { analyticsData, ANALYTICS_ACTIVITY_KINDS, sortByTime, type AnalyticsData } from '@renderer/features/analytics/use-analytics-data'
import type { Audience } from '@renderer/features/analytics/saved-view'

/**
 * Runs in headless Chromium (bundled by tests/bench/analytics.ts). Mounts the real analytics
 * dashboard of each audience inside the app's providers with the bench workspace already in
 * memory (10,000 deals, 200,000 follow-ups), and measures "data ready → painted": from handing
 * the data to the view until every figure, table and chart is drawn and the frame painted.
 */
declare global {
  interface Window {
    benchAnalyticsReady: Promise<{ setupMs: Record<string, number>; deals: number; activities: number }>
    benchAnalyticsRender(audience: string, runs: number): Promise<{ total: number[] }>
  }
}

const ANCHOR = Date.UTC(2026, 10, 20, 6)
const TZ = 'Asia/Shanghai'

let show: (v: Audience | null) => void = () => undefined
let hostMounted = false
let data: AnalyticsData
let activities: Activity[]

function Host(): React.ReactNode {
  const [audience, setAudience] = useState<Audience | null>(null)
  show = setAudience
  useLayoutEffect(() => {
    hostMounted = true
  }, [])
  return audience ? <AnalyticsDashboard data={data} audience={audience} activities={activities} /> : null
}

/** Resolves after the frame in which `pred` first holds has been painted. */
function paintedWhen(pred: () => boolean, timeoutMs = 60_000): Promise<number> {
  const start = performance.now()
  return new Promise((ok, fail) => {
    const tick = (): void => {
      if (pred()) {
        const ch = new MessageChannel()
        ch.port1.onmessage = () => ok(performance.now())
        ch.port2.postMessage(0)
        return
      }
      if (performance.now() - start > timeoutMs) fail(new Error('paintedWhen: timed out'))
      else requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
}

/** The view is there, nothing is still loading, and every chart has been drawn. */
function drawn(audience: string): boolean {
  const root = document.querySelector(`[data-testid="analytics-${audience}"]`)
  if (!root || root.querySelector('.mantine-Loader-root')) return false
  const charts = [...root.querySelectorAll('[role="img"]')]
  return charts.every((c) => c.getAttribute('data-chart-ready') === 'true')
}

window.benchAnalyticsReady = (async () => {
  const setupMs: Record<string, number> = {}
  let t = performance.now()
  const ws = generateWorkspace({ anchor: ANCHOR, locale: 'zh-CN', scale: 'bench' })
  setupMs.generate = performance.now() - t

  const db = new CockpitDb('bench-analytics')
  await db.delete()
  await db.open()
  await db.transaction('rw', db.orgUnits, db.users, db.salesProcesses, async () => {
    await db.orgUnits.bulkAdd(ws.orgUnits)
    await db.users.bulkAdd(ws.users)
    await db.salesProcesses.bulkAdd(ws.salesProcesses)
  })
  useDb(db)

  t = performance.now()
  const now = startOfDay(ANCHOR, TZ) + DAY_MS - 1
  // As the page's hooks hand them over: the tables, and the follow-up kinds analytics reads.
  data = analyticsData(
    {
      deals: ws.deals,
      customers: ws.customers,
      stageHistory: ws.stageHistory,
      targets: ws.targets,
      snapshots: ws.forecastSnapshots,
      sheetDealIds: new Set(ws.deals.filter((d) => d.bigDeal).map((d) => d.id)),
      settings: DEFAULT_ANALYTICS_SETTINGS
    },
    { base: 'CNY', perUnit: {} },
    now
  )
  const kinds = new Set<string>(ANALYTICS_ACTIVITY_KINDS)
  activities = sortByTime(ws.activities.filter((a) => kinds.has(a.kind)))
  setupMs.analyticsData = performance.now() - t

  const el = document.createElement('div')
  document.body.appendChild(el)
  createRoot(el).render(
    <PreferencesProvider>
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            <div style={{ padding: 16 }}>
              <Host />
            </div>
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
  await paintedWhen(() => hostMounted)
  return { setupMs, deals: ws.deals.length, activities: activities.length }
})()

window.benchAnalyticsRender = async (audience, runs) => {
  const total: number[] = []
  for (let i = 0; i < runs; i++) {
    show(null)
    await paintedWhen(() => !document.querySelector('[data-testid^="analytics-"]'))
    // Each run opens the audience's default view, as a first visit does.
    localStorage.clear()
    await new Promise((ok) => setTimeout(ok, 50))
    performance.mark(`bench-span:analytics-${audience}:start`)
    const t0 = performance.now()
    show(audience as Audience)
    const t1 = await paintedWhen(() => drawn(audience))
    performance.mark(`bench-span:analytics-${audience}:end`)
    total.push(t1 - t0)
  }
  return { total }
}
