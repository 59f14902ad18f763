// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { MantineProvider } from '@mantine/core'
import type { Deal } from '@shared/model'
import { fixtureWorkspace } from '../../../../../tests/fixtures/crm-export'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
// useDb picks the database (not a React hook); renamed so the hooks rule does not read it as one.
import { CockpitDb, getDb, useDb as selectDb } from '../../db/database'
import { write } from '../../db/write'
import { DataPage } from '../dataset/DataPage'
import { CurrencySettings } from './CurrencySettings'

/**
 * A workspace holding dollars and yuan: the won amount on the data page leaves the dollars out
 * and says so until the manager enters a rate in Settings; then it converts them and says with
 * what rate. Dollars alone stay dollars ($, never ¥).
 */
const ws = fixtureWorkspace()
const won = (id: string, amount: number, currency: string): Deal => ({
  id,
  name: id,
  ownerId: 'rep-1',
  orgUnitId: 'team-1',
  processId: ws.process.id,
  stageId: 's-won',
  stageEnteredAt: 1,
  amount,
  currency,
  forecastCategory: 'closed',
  status: 'won',
  bigDeal: false,
  createdAt: Date.UTC(2017, 1, 1),
  closedAt: Date.UTC(2017, 2, 1),
  checkedCriteria: []
})

let n = 0
async function seed(deals: Deal[]): Promise<void> {
  selectDb(new CockpitDb(`currency-totals-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    for (const o of ws.orgUnits) await tx.insert('orgUnits', o)
    for (const u of ws.users) await tx.insert('users', u)
    await tx.insert('salesProcesses', ws.process)
    await tx.insertMany('deals', deals)
  })
}
beforeEach(() => {
  Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['en-US'] })
})
afterEach(cleanup)

function page(): void {
  render(
    <MantineProvider>
      <PreferencesProvider>
        <MemoryRouter>
          <WorkspaceDataProvider>
            <ScopeProvider>
              <CurrencySettings />
              <DataPage />
            </ScopeProvider>
          </WorkspaceDataProvider>
        </MemoryRouter>
      </PreferencesProvider>
    </MantineProvider>
  )
}

describe('totals over several currencies', () => {
  it('leaves a currency without a rate out and says so, then converts it with the rate entered in Settings', async () => {
    await seed([won('a', 1000_00, 'USD'), won('b', 5000_00, 'CNY')])
    page()
    const amount = await screen.findByTestId('history-won-amount', {}, { timeout: 15_000 })
    // The workspace's currency is the process's (CNY); the dollars have no rate yet.
    await waitFor(() => expect(amount.textContent).toBe('¥5K*'), { timeout: 10_000 })
    await screen.findByText('no rate', {}, { timeout: 10_000 })

    const input = screen.getByRole('textbox', { name: 'How many CNY one USD is worth' })
    fireEvent.change(input, { target: { value: '7' } })
    fireEvent.click(within(input.closest('tr')!).getByRole('button', { name: 'Save' }))
    // 5,000 + 1,000 × 7 = ¥12K, converted and marked.
    await waitFor(() => expect(amount.textContent).toBe('¥12K*'), { timeout: 10_000 })
    expect(amount.getAttribute('data-converted')).toBe('true')
    expect(await getDb().currencyRates.get('rate-USD-CNY')).toMatchObject({ rate: 7, base: 'CNY' })
    expect(screen.queryByText('no rate')).toBeNull()
  })

  it('dollars alone are shown in dollars, with no conversion and no mark', async () => {
    await seed([won('a', 1_250_000_00, 'USD')])
    page()
    const amount = await screen.findByTestId('history-won-amount', {}, { timeout: 15_000 })
    await waitFor(() => expect(amount.textContent).toBe('$1.3M'), { timeout: 10_000 })
    expect(amount.getAttribute('data-converted')).toBeNull()
    // Nothing to convert, so no rate is asked for.
    expect(screen.queryByText('no rate')).toBeNull()
  })
})
