// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { localDate } from '@shared/domain/calendar'
import type { Contract, Customer } from '@shared/model'
import { PreferencesProvider } from '../../app/preferences'
import { WorkspaceDataProvider } from '../../app/workspace-data'
import { ScopeProvider } from '../../app/scope'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { CollectionsTodayCard } from './CollectionsTodayCard'

const DAY = 86_400_000
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone
const day = (offset: number): string => localDate(Date.now() + offset * DAY, TZ)

const customer = (id: string, name: string): Customer => ({ id, name, industry: '医疗', size: 'medium', channel: '展会', ownerId: 'u1', orgUnitId: 't1', tier: 'key', createdAt: 0 })
const contract = (id: string, customerId: string, amount: number, collectorId = 'u1'): Contract => ({
  id,
  number: id.toUpperCase(),
  customerId,
  collectorId,
  orgUnitId: 't1',
  amount,
  currency: 'CNY',
  signedAt: Date.now() - 90 * DAY,
  status: 'active',
  createdAt: 0,
  createdBy: 'u1'
})

let n = 0
beforeEach(async () => {
  localStorage.clear()
  useDb(new CockpitDb(`collections-today-${++n}`))
  await write(async (tx) => {
    await tx.insert('orgUnits', { id: 't1', kind: 'team', name: 'East', parentId: null })
    await tx.insert('users', { id: 'u1', name: 'Li Na', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('users', { id: 'u2', name: 'Wang Fang', role: 'rep', orgUnitId: 't1', active: true })
    for (const [id, name] of [
      ['c1', 'Ruikang'],
      ['c2', 'Hengda'],
      ['c3', 'Minsheng'],
      ['c4', 'Paid Up Ltd']
    ] as const)
      await tx.insert('customers', customer(id, name))
    await tx.insert('contracts', contract('k1', 'c1', 300_000_00))
    await tx.insert('instalments', { id: 'i1', contractId: 'k1', seq: 1, label: 'Down payment', amount: 300_000_00, dueDate: day(-40) })
    await tx.insert('contracts', contract('k2', 'c2', 50_000_00))
    await tx.insert('instalments', { id: 'i2', contractId: 'k2', seq: 1, amount: 50_000_00, dueDate: day(0) })
    await tx.insert('contracts', contract('k3', 'c3', 400_000_00, 'u2'))
    await tx.insert('milestones', { id: 'm3', contractId: 'k3', kind: 'acceptance', seq: 1, plannedDate: day(-10) })
    await tx.insert('instalments', { id: 'i3', contractId: 'k3', seq: 1, label: 'Acceptance payment', amount: 400_000_00, milestoneId: 'm3', daysAfter: 30 })
    await tx.insert('contracts', contract('k4', 'c4', 10_000_00))
    await tx.insert('instalments', { id: 'i4', contractId: 'k4', seq: 1, amount: 10_000_00, dueDate: day(-5) })
    await tx.insert('collections', { id: 'p4', contractId: 'k4', amount: 10_000_00, currency: 'CNY', receivedAt: Date.now() - 6 * DAY, method: 'bank_transfer', recordedBy: 'u1', recordedAt: 0 })
  })
})

afterEach(cleanup)

describe('CollectionsTodayCard', () => {
  it('lists overdue, held-up and due-today instalments ranked by what is at stake, each opening its contract', async () => {
    render(
      <PreferencesProvider>
        <MemoryRouter>
          <WorkspaceDataProvider>
            <ScopeProvider>
              <CollectionsTodayCard />
            </ScopeProvider>
          </WorkspaceDataProvider>
        </MemoryRouter>
      </PreferencesProvider>
    )
    const card = await screen.findByRole('region', { name: 'Collections that need me today' })
    await within(card).findByText('Ruikang')
    const rows = within(card).getAllByRole('row').map((r) => r.textContent)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(/Ruikang.*K1 Down payment · Li Na.*¥300K.*40 days overdue/)
    expect(rows[1]).toMatch(/Minsheng.*Wang Fang.*¥400K.*Acceptance 10 days late holds it up/)
    expect(rows[2]).toMatch(/Hengda.*¥50K.*Due today/)
    expect(within(card).getByRole('link', { name: 'Ruikang' }).getAttribute('href')).toBe('/collections/contracts/k1')
    expect(within(card).queryByText('Paid Up Ltd')).toBeNull()
  })
})
