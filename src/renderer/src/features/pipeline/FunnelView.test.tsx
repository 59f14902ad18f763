// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import type { Deal, SalesProcess, StageHistory } from '@shared/model'
import { activitySignals, historyByDeal, workspaceHealth } from '@shared/domain/deal-health'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { FunnelView } from './FunnelView'
import { DealsDoorProvider } from './DealsDrawer'
import type { PipelineData } from './use-pipeline-data'

// jsdom has no canvas: the chart is beside the point here, the table's figures are.
vi.mock('../../ui/Chart', () => ({ Chart: () => null }))

const DAY = 86_400_000
const NOW = Date.now()

const stage = (id: string, name: string, kind: 'open' | 'won' | 'lost'): SalesProcess['stages'][number] => ({
  id,
  name,
  kind,
  probability: 20,
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
  stages: [
    stage('qualify', 'Lead qualified', 'open'),
    stage('propose', 'Proposal', 'open'),
    stage('won', 'Won', 'won'),
    stage('lost', 'Lost', 'lost')
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const deal = (id: string, name: string, stageId: string, status: Deal['status']): Deal => ({
  id,
  name,
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId,
  stageEnteredAt: NOW - 2 * DAY,
  amount: 100_000_00,
  currency: 'CNY',
  expectedCloseAt: NOW + 30 * DAY,
  forecastCategory: 'pipeline',
  status,
  bigDeal: false,
  createdAt: NOW - 60 * DAY,
  checkedCriteria: []
})

const path = (dealId: string, stages: string[]): StageHistory[] =>
  stages.map((to, i) => ({
    id: `${dealId}-${i}`,
    dealId,
    fromStageId: i ? stages[i - 1]! : null,
    toStageId: to,
    at: NOW - (50 - 10 * i) * DAY,
    byUserId: 'u1'
  }))

// Won through both stages; lost straight from qualify; still open in qualify.
const deals = [
  deal('d1', 'Ruikang CRM', 'won', 'won'),
  deal('d2', 'Hengda ERP', 'lost', 'lost'),
  deal('d3', 'Minsheng pilot', 'qualify', 'open')
]
const history = [...path('d1', ['qualify', 'propose', 'won']), ...path('d2', ['qualify', 'lost']), ...path('d3', ['qualify'])]

function data(): PipelineData {
  const byDeal = historyByDeal(history)
  const signals = activitySignals([], NOW)
  const health = workspaceHealth({
    deals,
    processes: new Map([['p1', process]]),
    historyByDeal: byDeal,
    signals,
    now: NOW,
    periodStart: NOW - 20 * DAY
  })
  return {
    deals,
    customers: new Map([['c1', 'Ruikang']]),
    historyByDeal: byDeal,
    signals,
    health,
    now: NOW,
    periodStart: NOW - 20 * DAY
  }
}

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`pipeline-funnel-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
  })
})
afterEach(cleanup)

function renderFunnel(): void {
  const d = data()
  render(
    <PreferencesProvider>
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            <DealsDoorProvider customers={d.customers}>
              <FunnelView data={d} />
            </DealsDoorProvider>
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

async function openDoor(title: string): Promise<string[]> {
  fireEvent.click(await screen.findByTitle(title))
  const drawer = await screen.findByRole('dialog')
  const names = within(drawer)
    .queryAllByRole('link')
    .map((a) => a.textContent ?? '')
  fireEvent.keyDown(drawer, { key: 'Escape' })
  cleanup()
  return names.sort()
}

describe('FunnelView', () => {
  it('conversion opens the deals that moved on to the next stage', async () => {
    renderFunnel()
    // 1 of 3 deals went on from "Lead qualified".
    expect(await screen.findByTitle('Lead qualified · moved on to the next stage')).toHaveProperty('textContent', '33%')
    expect(await openDoor('Lead qualified · moved on to the next stage')).toEqual(['Ruikang CRM'])
  })

  it('average and median days open the deals whose finished stays they come from', async () => {
    renderFunnel()
    // The open deal is still in "Lead qualified": its stay is not over, so it is not behind the days.
    expect(await openDoor('Lead qualified · Median days · deals whose stays these days come from')).toEqual([
      'Hengda ERP',
      'Ruikang CRM'
    ])
    renderFunnel()
    expect(await openDoor('Proposal · Avg days · deals whose stays these days come from')).toEqual(['Ruikang CRM'])
  })

  it('the win rate opens the won deals', async () => {
    renderFunnel()
    expect(await openDoor('Won deals of this process')).toEqual(['Ruikang CRM'])
  })
})
