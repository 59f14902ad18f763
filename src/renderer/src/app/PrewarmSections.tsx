import { useEffect, useState } from 'react'
import { getDb } from '../db/database'
import { useWarmQuery } from '../db/warm'
import { usePipelineData } from '../features/pipeline/use-pipeline-data'
import { useAnalyticsData } from '../features/analytics/use-analytics-data'
import { boardRange, useActivitiesBetween, useCustomerMap } from '../features/rhythm/use-rhythm-data'
import { CALLS_PAGE_QUERY, loadCallsPage } from '../features/calls/use-calls-page'
import { useLocale } from './preferences'
import { afterFirstContentPainted } from './first-paint'
import { prefetchSections } from './lazy-sections'

/**
 * Reads what the main sections show once the first view has painted and the page is idle, and
 * keeps it warm while the app is open (issue 19): the first visit to Pipeline, Customers, Team
 * rhythm, Calls or Analytics then paints at once instead of reading and deriving on the click. It waits for
 * the first paint so opening the app is never slowed by sections nobody has asked for yet, and
 * warms one section per idle moment so a click in between is not held up.
 */

/** A page that never says it painted (opened straight on Settings, say) still gets warm sections. */
const FALLBACK_MS = 10_000
const STAGES = 4

function idle(fn: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(fn, { timeout: 5_000 })
    return () => window.cancelIdleCallback(id)
  }
  const id = setTimeout(fn, 500)
  return () => clearTimeout(id)
}

export function PrewarmSections(): React.ReactNode {
  const [stage, setStage] = useState(0)
  useEffect(() => {
    if (stage >= STAGES) return
    if (stage > 0) return idle(() => setStage((s) => s + 1))
    let cancel = (): void => {}
    const start = (): void => {
      cancel()
      cancel = idle(() => {
        setStage((s) => Math.max(s, 1))
        // The sections' code too, so a first visit does not wait for its chunk.
        void prefetchSections()
      })
    }
    const stop = afterFirstContentPainted(start)
    const fallback = setTimeout(start, FALLBACK_MS)
    return () => {
      stop()
      clearTimeout(fallback)
      cancel()
    }
  }, [stage])
  return (
    <>
      {stage >= 1 && <WarmPipelineAndCustomers />}
      {stage >= 2 && <WarmRhythm />}
      {stage >= 3 && <WarmCalls />}
      {stage >= 4 && <WarmAnalytics />}
    </>
  )
}

function WarmPipelineAndCustomers(): null {
  usePipelineData()
  useWarmQuery('customers', () => getDb().customers.toArray())
  useCustomerMap()
  return null
}

/** Today's rhythm board: the day's visits and the heat-map's weeks, the same query the board asks. */
function WarmRhythm(): null {
  const { timeZone } = useLocale()
  const [now] = useState(() => Date.now())
  const { from, to } = boardRange(now, 0, timeZone)
  useActivitiesBetween(from, to)
  return null
}

function WarmCalls(): null {
  useWarmQuery(CALLS_PAGE_QUERY, loadCallsPage)
  return null
}

function WarmAnalytics(): null {
  useAnalyticsData()
  return null
}
