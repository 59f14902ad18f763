// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import type { Activity, Deal, SalesProcess } from '@shared/model'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { DealReplay } from './DealReplay'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 2, 2, 2)

const stage = (id: string, name: string, kind: 'open' | 'won' | 'lost'): SalesProcess['stages'][number] => ({
  id,
  name,
  kind,
  probability: 20,
  expectedDays: 10,
  minDays: 1,
  exitCriteria: [],
  steps: [],
  methods: []
})

const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [stage('lead', 'Lead qualified', 'open'), stage('proposal', 'Proposal', 'open'), stage('won', 'Won', 'won'), stage('lost', 'Lost', 'lost')],
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
  stageId: 'lost',
  stageEnteredAt: T0 + 40 * DAY,
  amount: 50_000_00,
  currency: 'CNY',
  expectedCloseAt: T0 + 40 * DAY,
  forecastCategory: 'closed',
  status: 'lost',
  bigDeal: false,
  createdAt: T0,
  closedAt: T0 + 40 * DAY,
  checkedCriteria: []
}

const act = (id: string, day: number, p: Partial<Activity> = {}): Activity =>
  ({ id, kind: 'visit', customerId: 'c1', dealId: 'd1', userId: 'u1', at: T0 + day * DAY, status: 'done', subject: `step ${id}`, ...p }) as Activity

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`deal-replay-${++n}`))
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    await tx.insert('deals', deal)
    // Touched every 2 days, then 20 days of nothing before the loss.
    for (const [id, day] of [['a', 1], ['b', 3], ['c', 5], ['d', 7], ['e', 9]] as const) await tx.insert('activities', act(id, day))
    await tx.insert('stageHistory', { id: 'h1', dealId: 'd1', fromStageId: 'lead', toStageId: 'proposal', at: T0 + 6 * DAY, byUserId: 'u1' })
    await tx.insert('activities', act('late', 29, { kind: 'call', connected: true, subject: 'finally called back' }))
    await tx.insert('stageHistory', { id: 'h2', dealId: 'd1', fromStageId: 'proposal', toStageId: 'lost', at: T0 + 30 * DAY, byUserId: 'u1', reason: 'went with a competitor' })
  })
})
afterEach(cleanup)

describe('DealReplay', () => {
  it('steps through the deal with the stage at each moment and highlights the relative silence', async () => {
    render(
      <PreferencesProvider>
        <WorkspaceDataProvider>
          <MemoryRouter>
            <DealReplay deal={deal} opened onClose={() => undefined} />
          </MemoryRouter>
        </WorkspaceDataProvider>
      </PreferencesProvider>
    )
    const dialog = await screen.findByRole('dialog')
    await within(dialog).findByText('Step 1 of 8', { exact: false })
    const current = within(dialog).getByTestId('replay-current')
    expect(current.textContent).toContain('step a')

    const next = within(dialog).getByRole('button', { name: 'Next' })
    for (let i = 0; i < 6; i++) fireEvent.click(next)
    // Step 7: the call after 20 silent days; the deal was in Proposal then.
    expect(within(dialog).getByText('Step 7 of 8', { exact: false })).toBeTruthy()
    expect(current.textContent).toContain('finally called back')
    expect(within(dialog).getByText('No follow-up at all for 20 days before this')).toBeTruthy()
    const stageNow = within(dialog).getByLabelText('Stage at that moment')
    expect(stageNow.textContent).toContain('Proposal')

    // Only that gap is a silence: the 2-day rhythm's median is 2 days, so the bar is 7.
    const marks = dialog.querySelectorAll('[data-silence]')
    expect(marks).toHaveLength(1)
    expect(marks[0]!.textContent).toContain('20 days of silence')
    expect(within(dialog).getByTestId('silence-rule').textContent).toContain('more than 7 days')
    expect(within(dialog).getByText(/Longest silence 20 days \(in “Proposal”\)/)).toBeTruthy()
    // The cycle: created to lost.
    expect(within(dialog).getByText('40 days')).toBeTruthy()

    fireEvent.click(within(dialog).getByRole('button', { name: 'Previous' }))
    expect(within(dialog).getByText('Step 6 of 8', { exact: false })).toBeTruthy()
  })
})
