// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import type { Deal, SalesProcess } from '@shared/model'
import { historyByDeal, activitySignals, workspaceHealth } from '@shared/domain/deal-health'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { PipelineBoard } from './PipelineBoard'
import { DealsDoorProvider } from './DealsDrawer'
import type { PipelineData } from './use-pipeline-data'

const DAY = 86_400_000
const NOW = Date.now()

const stage = (id: string, name: string, kind: 'open' | 'won' | 'lost', probability = 20): SalesProcess['stages'][number] => ({
  id,
  name,
  kind,
  probability,
  expectedDays: 14,
  minDays: 3,
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
    stage('qualify', 'Lead qualified', 'open', 10),
    stage('propose', 'Proposal', 'open', 50),
    stage('won', 'Won', 'won'),
    stage('lost', 'Lost', 'lost')
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const deal = (id: string, name: string, stageId: string, amount: number): Deal => ({
  id,
  name,
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId,
  stageEnteredAt: NOW - 2 * DAY,
  amount,
  currency: 'CNY',
  expectedCloseAt: NOW + 30 * DAY,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: NOW - 10 * DAY,
  checkedCriteria: []
})

const deals = [
  deal('d1', 'Ruikang CRM', 'propose', 100_000_00),
  deal('d2', 'Ruikang ERP', 'propose', 300_000_00),
  deal('d3', 'Hengda pilot', 'qualify', 50_000_00)
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

// jsdom lays nothing out: give elements a size so the virtualised columns render their cards.
const sizes = { offsetHeight: 600, offsetWidth: 272, clientHeight: 600, clientWidth: 272 }
for (const [key, value] of Object.entries(sizes))
  Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value })

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`pipeline-board-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
  })
})
afterEach(cleanup)

function renderBoard(): void {
  const d = data()
  render(
    <PreferencesProvider>
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            <Routes>
              <Route
                path="/"
                element={
                  <DealsDoorProvider customers={d.customers}>
                    <PipelineBoard data={d} />
                  </DealsDoorProvider>
                }
              />
              <Route path="/deals/:id" element={<p>deal page</p>} />
            </Routes>
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

describe('PipelineBoard', () => {
  it("a column's weighted total opens exactly the deals behind it, each linking to its deal page", async () => {
    renderBoard()
    const column = (await screen.findByRole('list', { name: 'Proposal' })).parentElement!
    // 100,000 + 300,000 at 50%: ¥200,000 weighted.
    const weighted = within(column).getByTitle('Proposal · Weighted')
    fireEvent.click(weighted)
    const drawer = await screen.findByRole('dialog')
    expect(within(drawer).getByTestId('door-summary').textContent).toMatch(/^2 deals, /)
    const links = within(drawer)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')])
    // Biggest first; the qualify-stage deal is not behind this figure.
    expect(links).toEqual([
      ['Ruikang ERP', '/deals/d2'],
      ['Ruikang CRM', '/deals/d1']
    ])
  })

  it('M on a selected card opens "Move to…" with every stage but its own', async () => {
    renderBoard()
    const card = await screen.findByLabelText('Ruikang · Hengda pilot')
    act(() => card.focus())
    fireEvent.keyDown(card, { key: 'm', code: 'KeyM' })
    const menu = await screen.findByRole('menu')
    const items = within(menu).getAllByRole('menuitem')
    expect(items.map((i) => [i.textContent, i.hasAttribute('data-disabled')])).toEqual([
      ['Lead qualified', true],
      ['Proposal', false],
      ['Won', false],
      ['Lost', false]
    ])
  })
})
