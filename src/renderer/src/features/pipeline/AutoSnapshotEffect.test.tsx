// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, waitFor } from '@testing-library/react'
import type { Deal, SalesProcess } from '@shared/model'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { AutoSnapshotEffect } from './AutoSnapshotEffect'
import { setSession } from '../../session/session'

const DAY = 86_400_000
const NOW = Date.now()

const stage = (id: string, kind: 'open' | 'won' | 'lost', probability: number): SalesProcess['stages'][number] => ({
  id,
  name: id,
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
  stages: [stage('propose', 'open', 50), stage('won', 'won', 100), stage('lost', 'lost', 0)],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const deal = (id: string, ownerId: string, amount: number, forecastCategory: Deal['forecastCategory']): Deal => ({
  id,
  name: id,
  customerId: 'c1',
  ownerId,
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 'propose',
  stageEnteredAt: NOW - 2 * DAY,
  amount,
  currency: 'CNY',
  // Inside the current month whatever day of the month the test runs.
  expectedCloseAt: NOW,
  forecastCategory,
  status: 'open',
  bigDeal: false,
  createdAt: NOW - 10 * DAY,
  checkedCriteria: []
})

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`auto-snapshot-${++n}`))
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    await tx.insert('orgUnits', { id: 't1', kind: 'team', name: 'East', parentId: null })
    await tx.insert('users', { id: 'wang', name: 'Wang', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('users', { id: 'li', name: 'Li', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('users', { id: 'boss', name: 'Boss', role: 'team_lead', orgUnitId: 't1', active: true })
    await tx.insert('deals', deal('d1', 'wang', 100_000_00, 'commit'))
    await tx.insert('deals', deal('d2', 'li', 40_000_00, 'best_case'))
  })
  // The team lead's laptop: snapshots are theirs to take (a rep's laptop takes none).
  await setSession(getDb(), { kind: 'local', userId: 'boss' })
})
afterEach(cleanup)

const mount = () =>
  render(
    <PreferencesProvider>
      <WorkspaceDataProvider>
        <AutoSnapshotEffect />
      </WorkspaceDataProvider>
    </PreferencesProvider>
  )

describe('AutoSnapshotEffect', () => {
  it("takes the period-start snapshot for the team and each rep, with each one's own figures, and never twice", async () => {
    const view = mount()
    await waitFor(async () => expect(await getDb().forecastSnapshots.count()).toBe(3), { timeout: 8000 })
    const rows = await getDb().forecastSnapshots.toArray()
    const by = new Map(rows.map((r) => [`${r.scopeKind}:${r.scopeId}`, r]))
    expect([...by.keys()].sort()).toEqual(['orgUnit:t1', 'user:li', 'user:wang'])
    expect(rows.every((r) => r.trigger === 'period_start' && r.period === 'month')).toBe(true)
    expect(by.get('orgUnit:t1')).toMatchObject({ commit: 100_000_00, bestCase: 40_000_00 })
    expect(by.get('user:wang')).toMatchObject({ commit: 100_000_00, bestCase: 0 })
    expect(by.get('user:li')).toMatchObject({ commit: 0, bestCase: 40_000_00 })

    // The app opened again the same day: nothing more is due.
    view.unmount()
    mount()
    await new Promise((ok) => setTimeout(ok, 2500))
    expect(await getDb().forecastSnapshots.count()).toBe(3)
  }, 120_000)
})

describe('AutoSnapshotEffect on a rep’s laptop', () => {
  it('takes no snapshot: forecast snapshots belong to roles that may take them', async () => {
    await setSession(getDb(), { kind: 'local', userId: 'wang' })
    mount()
    // Long enough for the idle-scheduled run to have happened, had it been allowed.
    await new Promise((r) => setTimeout(r, 3_000))
    expect(await getDb().forecastSnapshots.count()).toBe(0)
  })
})
