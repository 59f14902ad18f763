import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import type { Deal, SalesProcess, StageHistory } from '@shared/model'
import { activitySignals, historyByDeal, workspaceHealth } from '@shared/domain/deal-health'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { DealsDoorProvider } from './DealsDrawer'
import type { PipelineData } from './use-pipeline-data'

/** Shared by the pipeline's component tests: one small process, deals in it, and the app around a view. */

export const DAY = 86_400_000

export function testStage(id: string, name: string, kind: 'open' | 'won' | 'lost', probability = 20, minDays = 0): SalesProcess['stages'][number] {
  return { id, name, kind, probability, expectedDays: 14, minDays, exitCriteria: [], steps: [], methods: [] }
}

export function testProcess(stages: SalesProcess['stages']): SalesProcess {
  return {
    id: 'p1',
    name: 'New',
    segment: 'new',
    revision: 1,
    stages,
    abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
    bigDealThreshold: 30_000_000,
    currency: 'CNY',
    lossReasons: []
  }
}

/** A deal of customer c1, owner u1, team t1 in process p1; `over` sets what the test is about. */
export function testDeal(now: number, over: Partial<Deal> & Pick<Deal, 'id' | 'name' | 'stageId'>): Deal {
  return {
    customerId: 'c1',
    ownerId: 'u1',
    orgUnitId: 't1',
    processId: 'p1',
    stageEnteredAt: now - 2 * DAY,
    amount: 100_000_00,
    currency: 'CNY',
    expectedCloseAt: now + 30 * DAY,
    forecastCategory: 'pipeline',
    status: 'open',
    bigDeal: false,
    createdAt: now - 10 * DAY,
    checkedCriteria: [],
    ...over
  }
}

/** What the pipeline page hands its views, computed the way the page does; the period began 20 days ago. */
export function testPipelineData(p: { deals: Deal[]; process: SalesProcess; history?: StageHistory[]; now: number }): PipelineData {
  const byDeal = historyByDeal(p.history ?? [])
  const signals = activitySignals([], p.now)
  const periodStart = p.now - 20 * DAY
  // The zone the PreferencesProvider around the view uses, so cards and health count the same days.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai'
  const health = workspaceHealth({ deals: p.deals, processes: new Map([['p1', p.process]]), historyByDeal: byDeal, signals, now: p.now, timeZone, periodStart })
  return { deals: p.deals, customers: new Map([['c1', 'Ruikang']]), historyByDeal: byDeal, signals, health, now: p.now, timeZone, periodStart }
}

/**
 * The providers a pipeline view lives in on the page, with its "deals behind a number" drawer
 * (`door: false` when the test places the drawer itself, e.g. inside its routes).
 */
export function PipelineTestShell({ data, door = true, children }: { data: PipelineData; door?: boolean; children: ReactNode }): ReactNode {
  return (
    <PreferencesProvider>
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            {door ? <DealsDoorProvider customers={data.customers}>{children}</DealsDoorProvider> : children}
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
}
