// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import type { Deal } from '@shared/model'
import { DEFAULT_ANALYTICS_SETTINGS } from '@shared/domain/analytics/deal-size'
import { CNY_ONLY, WITH_USD, at, customer, deal, orgUnits, process, users } from '@shared/domain/analytics/test-fixtures'
import type { CurrencyRates } from '@shared/domain/currency'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { AnalyticsDashboard } from './AnalyticsPage'
import { analyticsData } from './use-analytics-data'
import type { Audience } from './saved-view'

// jsdom has no canvas: the charts are beside the point, the figures and their doors are not.
vi.mock('../../ui/Chart', () => ({ Chart: () => null }))

// Figures are computed for "today": pin it inside March 2024, so the month view is March to date.
const NOW = at('2024-03-20', 23)

const cny = [
  deal({ created: '2024-01-05', closed: '2024-03-05', yuan: 10_000 }),
  deal({ created: '2024-01-05', closed: '2024-03-06', yuan: 20_000, ownerId: 'u3', orgUnitId: 't2' }),
  deal({ created: '2024-01-05', closed: '2024-03-07', status: 'lost' })
]
const usd = deal({ created: '2024-01-10', closed: '2024-03-08', yuan: 1_000, currency: 'USD', ownerId: 'u2' })

function renderDashboard(audience: Audience, deals: Deal[], rates: CurrencyRates): void {
  const data = analyticsData(
    {
      deals,
      customers: [customer({ id: 'c1' })],
      stageHistory: [],
      targets: [],
      snapshots: [],
      sheetDealIds: new Set(),
      settings: DEFAULT_ANALYTICS_SETTINGS
    },
    rates,
    NOW
  )
  render(
    <PreferencesProvider>
      <MemoryRouter>
        <WorkspaceDataProvider>
          <ScopeProvider>
            <AnalyticsDashboard data={data} audience={audience} activities={[]} />
          </ScopeProvider>
        </WorkspaceDataProvider>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`analytics-dashboard-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    for (const o of orgUnits) await tx.insert('orgUnits', o)
    for (const u of users) await tx.insert('users', u)
  })
})
afterEach(() => cleanup())

describe('analytics dashboard', () => {
  it('refuses a total that mixes in dollars without a rate, and names the rate', async () => {
    renderDashboard('leadership', [...cny, usd], CNY_ONLY)
    const banner = await screen.findByTestId('analytics-missing-rates')
    expect(banner.textContent).toMatch(/USD.*CNY/)
    const won = screen.getByTestId('kpi-won')
    expect(within(won).getByText('no rate USD→CNY')).toBeTruthy()
    // Figures without money still show: the win rate is 3 won of 4 closed.
    expect(within(screen.getByTestId('kpi-win-rate')).getByText('75%')).toBeTruthy()
  })

  it('converts with a rate and says so; the won figure opens its deals', async () => {
    renderDashboard('leadership', [...cny, usd], WITH_USD)
    await screen.findByText(/converted into CNY with the rates in Settings/)
    const won = screen.getByTestId('kpi-won')
    // ¥10,000 + ¥20,000 + $1,000 × 7 = ¥37,000.
    const figure = within(won).getByText('¥37K')
    fireEvent.click(figure)
    const summary = await screen.findByTestId('door-summary')
    // The drawer lists the deals as stored, the dollar deal in dollars (its total is the drawer's own).
    expect(summary.textContent).toMatch(/^3 deals, /)
    expect(screen.getByRole('dialog').textContent).toContain('$1K')
  })

  it('a period with no data shows dashes and no comparison, not zeros', async () => {
    localStorage.setItem('analytics.view.leadership', JSON.stringify({ grain: 'month', offset: -6, from: '', to: '', extra: {} }))
    renderDashboard('leadership', cny, CNY_ONLY)
    const won = await screen.findByTestId('kpi-won')
    expect(within(won).getByText('¥0')).toBeTruthy()
    expect(within(won).getByText(/MoM no data/)).toBeTruthy()
    expect(screen.getByTestId('analytics-period').textContent).toBe('September 2023')
  })

  it('a scope of one rep: the leadership view points to the rep view, the rep view ranks them first of one', async () => {
    localStorage.setItem('cockpit.scope', JSON.stringify({ kind: 'rep', id: 'u1' }))
    renderDashboard('leadership', cny, CNY_ONLY)
    await screen.findByText('The scope is one rep: see the rep view.')
    cleanup()
    renderDashboard('rep', cny, CNY_ONLY)
    const ranking = await screen.findByRole('table', { name: 'Ranking on the heroes’ metrics'.replace('’', "'") })
    expect(within(ranking).getAllByText('#1 of 1').length).toBeGreaterThan(0)
  })

  it('keeps a saved view per audience', async () => {
    renderDashboard('leadership', cny, CNY_ONLY)
    fireEvent.click(await screen.findByText('Quarter'))
    expect(screen.getByTestId('analytics-period').textContent).toBe('Q1 2024')
    cleanup()
    renderDashboard('manager', cny, CNY_ONLY)
    expect((await screen.findByTestId('analytics-period')).textContent).toBe('March 2024')
    cleanup()
    renderDashboard('leadership', cny, CNY_ONLY)
    expect((await screen.findByTestId('analytics-period')).textContent).toBe('Q1 2024')
  })
})
