// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { Deal, SalesProcess } from '@shared/model'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { DealInsights } from './DealInsights'

const DAY = 86_400_000
const NOW = Date.now()

const stage = (
  id: string,
  name: string,
  kind: 'open' | 'won' | 'lost',
  criteria: string[] = []
): SalesProcess['stages'][number] => ({
  id,
  name,
  kind,
  probability: 20,
  expectedDays: 14,
  minDays: 3,
  exitCriteria: criteria.map((c) => ({ id: c, label: c })),
  steps: [],
  methods: []
})

const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [
    stage('qualify', 'Lead qualified', 'open', ['Company verified']),
    stage('needs', 'Needs confirmed', 'open', ['Pain recorded', 'Budget known']),
    stage('propose', 'Proposal', 'open', ['Decision maker met']),
    stage('won', 'Won', 'won'),
    stage('lost', 'Lost', 'lost')
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const deal: Deal = {
  id: 'd1',
  name: 'Ruikang CRM',
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 'propose',
  stageEnteredAt: NOW - 34 * DAY,
  amount: 50_000_00,
  currency: 'CNY',
  expectedCloseAt: NOW + 30 * DAY,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: NOW - 40 * DAY,
  checkedCriteria: ['Company verified', 'Decision maker met']
}

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`deal-insights-${++n}`))
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    await tx.insert('deals', deal)
    await tx.insert('stageHistory', {
      id: 'h1',
      dealId: 'd1',
      fromStageId: null,
      toStageId: 'qualify',
      at: NOW - 40 * DAY,
      byUserId: 'u1'
    })
    await tx.insert('stageHistory', {
      id: 'h2',
      dealId: 'd1',
      fromStageId: 'qualify',
      toStageId: 'propose',
      at: NOW - 34 * DAY,
      byUserId: 'u1',
      skippedStageIds: ['needs'],
      uncheckedCriteria: ['Pain recorded', 'Budget known'],
      reason: 'The GM asked for a proposal'
    })
  })
})
afterEach(cleanup)

describe('DealInsights', () => {
  it('explains the flags with numbers, the history with days and why the deal is here', async () => {
    render(
      <PreferencesProvider>
        <WorkspaceDataProvider>
          <DealInsights dealId="d1" />
        </WorkspaceDataProvider>
      </PreferencesProvider>
    )
    // Several live queries (deal, history, touches, contacts, medians): allow for a loaded machine.
    await screen.findByText(/34 days in “Proposal”, the process expects 14; never visited or called/, {}, { timeout: 5000 })
    expect(
      screen.getByText(/Skipped “Needs confirmed” straight into “Proposal”. Reason: The GM asked for a proposal/)
    ).toBeTruthy()
    expect(screen.getByText(/moved it from “Lead qualified” to “Proposal” after 6 days/)).toBeTruthy()
    expect(screen.getByText('In “Proposal” for 34 days (expected 14).')).toBeTruthy()
    expect(screen.getByText('1/1 confirmed')).toBeTruthy()
  })
})
