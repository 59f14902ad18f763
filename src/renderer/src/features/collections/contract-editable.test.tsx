// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import type { Contract } from '@shared/model'
import { contractStates } from '@shared/domain/collections'
import { createI18n } from '../../app/i18n'
import { PreferencesProvider } from '../../app/preferences'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { SessionProvider } from '../../session/use-me'
import { setSession } from '../../session/session'
import { ContractActions } from './ContractPage'

afterEach(cleanup)

/**
 * Nothing is offered that the write path and the hub will refuse (issues 15 and 22): a rep sees
 * a contract of a colleague's deal read-only, with the reason in words; the deal's owner gets the
 * actions.
 */
describe('contract actions follow the post-sale rule', () => {
  let n = 0
  const contract: Contract = {
    id: 'k1',
    number: 'HT-2026-007',
    customerId: 'c1',
    dealId: 'd1',
    collectorId: 'owner',
    orgUnitId: 't1',
    amount: 100_000_00,
    currency: 'CNY',
    signedAt: Date.UTC(2026, 0, 20, 4),
    status: 'active',
    createdAt: 0,
    createdBy: 'owner'
  }
  const rows = { contract, instalments: [], milestones: [], collections: [], invoices: [] }
  const state = contractStates({ contracts: [contract], instalments: [], milestones: [], collections: [] }, 'Asia/Shanghai')[0]!

  beforeEach(async () => {
    useDb(new CockpitDb(`contract-editable-${++n}`))
    const db = getDb()
    await db.users.bulkPut([
      { id: 'owner', name: 'Owner', role: 'rep', orgUnitId: 't1', active: true },
      { id: 'colleague', name: 'Colleague', role: 'rep', orgUnitId: 't1', active: true },
      { id: 'lead', name: 'Lead', role: 'team_lead', orgUnitId: 't1', active: true }
    ])
    await db.deals.put({ id: 'd1', ownerId: 'owner' } as never)
    await db.contracts.put(contract)
  })

  async function show(userId: string): Promise<void> {
    await setSession(getDb(), { kind: 'local', userId })
    const i18n = await createI18n('en-US')
    render(
      <I18nextProvider i18n={i18n}>
        <PreferencesProvider>
          <SessionProvider>
            <ContractActions rows={rows as never} state={state} />
          </SessionProvider>
        </PreferencesProvider>
      </I18nextProvider>
    )
  }

  it('a colleague who is a rep reads it, with the reason, and gets no buttons', async () => {
    await show('colleague')
    const why = await screen.findByTestId('contract-readonly')
    expect(why.textContent).toMatch(/^As Sales rep you may not .+; only .+ may\.$/)
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('the deal’s owner and a team lead get the actions', async () => {
    await show('owner')
    await screen.findByRole('button', { name: 'Record collection' })
    cleanup()
    await show('lead')
    await screen.findByRole('button', { name: 'Record collection' })
    expect(screen.queryByTestId('contract-readonly')).toBeNull()
  })
})
