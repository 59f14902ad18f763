// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import type { Deal } from '@shared/model'
import { localDate, monthRange } from '@shared/domain/calendar'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { ForecastView } from './ForecastView'
import { DAY, PipelineTestShell, testDeal, testPipelineData, testProcess, testStage } from './test-fixtures'

// jsdom has no canvas: the charts are beside the point here, the per-rep table is.
vi.mock('../../ui/Chart', () => ({ Chart: () => null }))

const NOW = Date.now()
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone
const thisMonth = monthRange(NOW, TZ).start
const lastMonth = monthRange(thisMonth - 1, TZ).start
const longAgo = monthRange(lastMonth - 200 * DAY, TZ).start

const process = testProcess([
  testStage('qualify', 'Lead qualified', 'open'),
  testStage('won', 'Won', 'won', 100),
  testStage('lost', 'Lost', 'lost')
])

const won = (id: string, name: string, ownerId: string, closedAt: number): Deal =>
  testDeal(closedAt, {
    id,
    name,
    ownerId,
    stageId: 'won',
    stageEnteredAt: closedAt,
    expectedCloseAt: closedAt,
    closedAt,
    forecastCategory: 'commit',
    status: 'won',
    createdAt: closedAt - 30 * DAY
  })

const deals = [
  won('d1', 'Ruikang CRM', 'u1', lastMonth + 3 * DAY),
  // Before the accuracy window: not behind the rep's actuals.
  won('d2', 'Ruikang archive', 'u1', longAgo + DAY),
  // Someone else's win.
  won('d3', 'Hengda ERP', 'u2', lastMonth + 4 * DAY)
]

const data = () => testPipelineData({ deals, process, now: NOW })

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
      <PipelineTestShell data={d}>
        <ForecastView data={d} />
      </PipelineTestShell>
    )
    // The snapshots arrive through a live query: on a busy machine that takes longer than findBy's 1 s.
    const table = await screen.findByRole('table', { name: 'Forecast accuracy per rep' }, { timeout: 15_000 })
    // Called ¥150,000, won ¥100,000: an over-call of ¥50,000 on the row, (150 − 100) / 150 = +33%.
    const row = within(table).getByRole('button', { name: 'Lin Liang' }).closest('tr')!
    expect(row.textContent).toContain('+¥50K')
    expect(row.textContent).toContain('+33%')
    fireEvent.click(within(row).getByRole('button', { name: 'Lin Liang' }))
    const drawer = await screen.findByRole('dialog')
    expect(
      within(drawer)
        .getAllByRole('link')
        .map((a) => a.textContent)
    ).toEqual(['Ruikang CRM'])
  })

  it('the banner, the chart and the per-rep table agree: one month, one sign (issue 14)', async () => {
    const d = data()
    render(
      <PipelineTestShell data={d}>
        <ForecastView data={d} />
      </PipelineTestShell>
    )
    // The team called ¥150,000 last month and won ¥200,000 (both reps): sandbagging of ¥50,000,
    // −50,000 / 150,000 = −33%, in blue, in the banner and as the chart's last (only) bar.
    const last = await screen.findByTestId('accuracy-last', {}, { timeout: 10_000 })
    const month = localDate(lastMonth, TZ).slice(0, 7)
    expect(last.textContent).toBe(`Last closed month (${month}): called ¥150K, won ¥200K — sandbagging by ¥50K (−33%)`)
    expect(last.dataset.sign).toBe('-1')
    const points = JSON.parse(screen.getByTestId('accuracy-chart').dataset.points!) as [string, number, number, string][]
    expect(points).toEqual([[localDate(lastMonth, TZ), -33.3, -1, '#1c7ed6']])
    // This month is progress only: no verdict until it is over.
    expect(screen.getByTestId('accuracy-current').textContent).toMatch(/^This month so far \(day \d+ of \d+\): no forecast snapshot/)
    const row = within(screen.getByRole('table', { name: 'Forecast accuracy per rep' })).getByRole('button', { name: 'Lin Liang' }).closest('tr')!
    expect(row.dataset.sign).toBe('1')
  })
})
