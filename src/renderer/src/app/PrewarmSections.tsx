import { useEffect, useState } from 'react'
import { getDb } from '../db/database'
import { useWarmQuery } from '../db/warm'
import { usePipelineData } from '../features/pipeline/use-pipeline-data'
import { useAnalyticsData } from '../features/analytics/use-analytics-data'
import { CALLS_PAGE_QUERY, loadCallsPage } from '../features/calls/CallsPage'
import { useCustomerMap } from '../features/rhythm/use-rhythm-data'

/**
 * Reads what the main sections show once the page is idle after opening, and keeps it warm
 * while the app is open (issue 19): the first visit to Pipeline, Customers, Calls or Analytics
 * then paints at once instead of reading and deriving on the click.
 */
export function PrewarmSections(): React.ReactNode {
  const [go, setGo] = useState(false)
  useEffect(() => {
    // Idle, but not forever: a busy first minute still gets warm sections.
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(() => setGo(true), { timeout: 3_000 })
      return () => window.cancelIdleCallback(id)
    }
    const id = setTimeout(() => setGo(true), 1_500)
    return () => clearTimeout(id)
  }, [])
  return go ? <Warm /> : null
}

function Warm(): null {
  usePipelineData()
  useWarmQuery('customers', () => getDb().customers.toArray())
  useCustomerMap()
  useWarmQuery(CALLS_PAGE_QUERY, loadCallsPage)
  useAnalyticsData()
  return null
}
