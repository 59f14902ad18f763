// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import type { Deal, SalesProcess } from '@shared/model'
import { activitySignals, historyByDeal, workspaceHealth } from '@shared/domain/deal-health'
import { localDate, monthRange } from '@shared/domain/calendar'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { ForecastView } from './ForecastView'
import { DealsDoorProvider } from './DealsDrawer'
import type { PipelineData } from './use-pipeline-data'

// jsdom has no canvas: the charts are beside the point here, the per-rep table is.
vi.mock('../../ui/Chart', () => ({ Chart: () => null }))

const DAY = 86_400_000
const NOW = Date.now()
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone
const thisMonth = monthRange(NOW, TZ).start
const lastMonth = monthRange(thisMonth - 1, TZ).start
const longAgo = monthRange(lastMonth - 200 * DAY, TZ).start

const stage = (id: string, name: string, kind: 'open' | 'won' | 'lost'): SalesProcess['stages'][number] => ({
  id,
  name,
  kind,
  probability: kind === 'won' ? 100 : 20,
  expectedDays: 14,
  minDays: 0,
  exitCriteria: [],
  steps: [],
  methods: []
})
const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [stage('qualify', 'Lead qualified', 'open'), stage('won', 'Won', 'won'), stage('lost', 'Lost', 'lost')],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const won = (id: string, name: string, ownerId: string, closedAt: number): Deal => ({
  id,
  name,
  customerId: 'c1',
  ownerId,
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 'won',
  stageEnteredAt: closedAt,
  amount: 100_000_00,
  currency: 'CNY',
  expectedCloseAt: closedAt,
  closedAt,
  forecastCategory: 'commit',
  status: 'won',
  bigDeal: false,
  createdAt: closedAt - 30 * DAY,
  checkedCriteria: []
})

const deals = [
  won('d1', 'Ruikang CRM', 'u1', lastMonth + 3 * DAY),
  // Before the accuracy window: not behind the rep's actuals.
  won('d2', 'Ruikang archive', 'u1', longAgo + DAY),
  // Someone else's win.
  won('d3', 'Hengda ERP', 'u2', lastMonth + 4 * DAY)
]

function data(): PipelineData {
  const byDeal = historyByDeal([])
  const signals = activitySignals([], NOW)
  const health = workspaceHealth({
    deals,
    processes: new Map([['p1', process]]),
    historyByDeal: byDeal,
    signals,
    now: NOW,
    periodStart: thisMonth
  })
  return {
    deals,
    customers: new Map([['c1', 'Ruikang']]),
    historyByDeal: byDeal,
    signals,
    health,
    now: NOW,
    periodStart: thisMonth
  }
}

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`pipeline-forecast-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    await tx.insert('orgUnits', { id: 't1', kind: 'team', name: 'East', parentId: null })
    await tx.insert('users', { id: 'u1', name: 'Lin Liang', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('users', { id: 'u2', name: 'Li Feng', role: 'rep', orgUnitId: 't1', active: true })
    for (const [scopeKind, scopeId] of [
      ['orgUnit', 't1'],
      ['user', 'u1']
    ] as const) {
      await tx.insert('forecastSnapshots', {
        id: `s-${scopeId}`,
        takenAt: lastMonth + 3_600_000,
        trigger: 'period_start',
        period: 'month',
        periodStart: localDate(lastMonth, TZ),
        scopeKind,
        scopeId,
        won: 0,
        commit: 150_000_00,
        bestCase: 0,
        pipeline: 0,
        weighted: 0
      })
    }
  })
})
afterEach(cleanup)

describe('ForecastView', () => {
  it("a rep's accuracy row opens the deals that rep won in the months compared", async () => {
    const d = data()
    render(
      <PreferencesProvider>
        <MemoryRouter>
          <WorkspaceDataProvider>
            <ScopeProvider>
              <DealsDoorProvider customers={d.customers}>
                <ForecastView data={d} />
              </DealsDoorProvider>
            </ScopeProvider>
          </WorkspaceDataProvider>
        </MemoryRouter>
      </PreferencesProvider>
    )
    const table = await screen.findByRole('table', { name: 'Forecast accuracy per rep' })
    // Called ¥150,000, won ¥100,000: an over-call on the row.
    const row = within(table).getByRole('button', { name: 'Lin Liang' }).closest('tr')!
    expect(row.textContent).toContain('+50%')
    fireEvent.click(within(row).getByRole('button', { name: 'Lin Liang' }))
    const drawer = await screen.findByRole('dialog')
    expect(
      within(drawer)
        .getAllByRole('link')
        .map((a) => a.textContent)
    ).toEqual(['Ruikang CRM'])
  })
})
