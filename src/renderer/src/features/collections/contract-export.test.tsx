// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { createI18n } from '../../app/i18n'
import { contractStates, dayOfDate } from '@shared/domain/collections'
import type { Collection, Contract, Instalment, Invoice, Milestone } from '@shared/model'
import { PreferencesProvider } from '../../app/preferences'
import { cellText } from '../export/cell-text'
import { contractTables } from './contract-export'
import { PlanTable } from './ContractPage'

afterEach(cleanup)

/**
 * The contract page's export: its plan sheet holds the rows the page's plan table shows, figure
 * for figure, in the contract's own currency (a dollar contract exports dollars), then the
 * milestones, the money received and the invoices.
 */
describe('contract export', () => {
  const TZ = 'Asia/Shanghai'
  const contract: Contract = {
    id: 'k1',
    number: 'HT-2026-007',
    customerId: 'c1',
    dealId: 'd1',
    collectorId: 'rep',
    orgUnitId: 't1',
    amount: 100_000_00,
    currency: 'USD',
    signedAt: Date.UTC(2026, 0, 20, 4),
    status: 'active',
    createdAt: 0,
    createdBy: 'rep'
  }
  const milestones: Milestone[] = [{ id: 'm1', contractId: 'k1', seq: 1, kind: 'acceptance', plannedDate: '2026-05-01' } as Milestone]
  const instalments: Instalment[] = [
    { id: 'i1', contractId: 'k1', seq: 1, label: 'Down payment', percentBp: 3000, dueDate: '2026-03-01' },
    { id: 'i2', contractId: 'k1', seq: 2, label: 'On acceptance', percentBp: 7000, milestoneId: 'm1', daysAfter: 30 }
  ]
  const collections: Collection[] = [
    { id: 'p1', contractId: 'k1', amount: 20_000_00, currency: 'USD', receivedAt: Date.UTC(2026, 2, 5, 4), method: 'bank_transfer', recordedBy: 'rep', recordedAt: 0 }
  ]
  const invoices: Invoice[] = [{ id: 'f1', contractId: 'k1', number: 'FP-1', amount: 30_000_00, currency: 'USD', issuedAt: Date.UTC(2026, 2, 1, 4), kind: 'vat_special', createdBy: 'rep' } as Invoice]
  const state = contractStates({ contracts: [contract], instalments, milestones, collections }, TZ)[0]!
  const today = dayOfDate('2026-04-10')

  it('the plan sheet is the plan table on screen; amounts in the contract’s currency; four tables', async () => {
    const i18n = await createI18n('en-US')
    render(
      <I18nextProvider i18n={i18n}>
        <PreferencesProvider>
          <PlanTable state={state} milestones={milestones} instalments={instalments} today={today} />
        </PreferencesProvider>
      </I18nextProvider>
    )
    const table = await screen.findByTestId('plan-table')
    const screenRows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()))
    const t = i18n.getFixedT('en-US', 'collections')
    const tables = contractTables({ state, milestones, instalments, collections, invoices, today, locale: 'en-US', timeZone: TZ, userName: () => 'Li Na' }, t)
    expect(tables.map((x) => x.rows.length)).toEqual([2, 1, 1, 1])
    const [plan] = tables
    expect(plan!.columns.filter((c) => c.kind === 'money').map((c) => c.currency)).toEqual(['USD', 'USD', 'USD'])
    const exported = plan!.rows.map((r) => plan!.columns.map((c) => cellText(c, r[c.key], 'en-US', TZ)))
    expect(exported.length).toBe(screenRows.length)
    exported.forEach((cells, i) => {
      // Every exported cell reads as the screen's (the screen's status cell may add "paid late").
      cells.slice(0, 5).forEach((cell, j) => expect(cell).toBe(screenRows[i]![j]))
      expect(screenRows[i]![5]).toContain(cells[5])
    })
    expect(exported[0]![1]).toMatch(/\$/)
  })
})
