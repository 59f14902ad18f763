// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { Customer } from '@shared/model'
import { formatHlc } from '@shared/sync/hlc'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { setWriteClock, write } from '../../db/write'
import { PreferencesProvider } from '../../app/preferences'
import { CONFLICTS_KEY, type KeptConflict } from '../../sync/engine'
import { ConflictInbox } from './ConflictInbox'
import { outboxOps } from '../../db/outbox'

const NOW = Date.now()
let n = 0

const customer: Customer = {
  id: 'c1',
  name: 'SZ Precision',
  industry: 'Manufacturing',
  size: 'medium',
  channel: 'Referral',
  ownerId: null,
  orgUnitId: 'team-1',
  tier: 'normal',
  createdAt: NOW
}

const lost = (field: string, value: unknown, side: KeptConflict['side'], table = 'customers', rowId = 'c1'): KeptConflict => ({
  table,
  rowId,
  field,
  value,
  hlc: formatHlc({ wallMs: NOW - 60_000, counter: 0, node: 'laptop-a' }),
  winningHlc: formatHlc({ wallMs: NOW - 30_000, counter: 0, node: 'laptop-b' }),
  foundAt: NOW,
  side
})

beforeEach(async () => {
  useDb(new CockpitDb(`conflict-inbox-${++n}`))
  setWriteClock(() => NOW)
  await write((tx) => tx.insert('customers', customer))
  await getDb().outbox.clear()
  await getDb().meta.put({
    key: CONFLICTS_KEY,
    value: [lost('name', 'Suzhou Precision Machinery', 'mine'), lost('tier', 'key', 'theirs'), lost('type', 'call', 'theirs', 'activities', 'a1')]
  })
})

afterEach(cleanup)

describe('ConflictInbox', () => {
  it('shows each losing value next to the winner; restore writes it back through the write path', async () => {
    render(
      <PreferencesProvider>
        <ConflictInbox />
      </PreferencesProvider>
    )
    // Generous waits: the machine may be busy, and the list fills from IndexedDB asynchronously.
    const item = await screen.findByRole('listitem', { name: 'SZ Precision: Name' }, { timeout: 10_000 })
    expect(item.textContent).toContain('Kept value: Suzhou Precision Machinery')
    expect(item.textContent).toContain('Value now: SZ Precision')
    expect(item.textContent).toContain('Your edit lost')
    expect(screen.getByRole('listitem', { name: 'SZ Precision: Tier' }).textContent).toContain("A colleague's edit lost to yours")
    // An activity is append-only: its losing value can be dismissed, not restored.
    expect(screen.getByRole('listitem', { name: 'a1: type' }).textContent).not.toContain('Restore this value')

    fireEvent.click(item.querySelector('button')!)
    await waitFor(async () => expect((await getDb().customers.get('c1'))?.name).toBe('Suzhou Precision Machinery'), { timeout: 10_000 })
    expect((await outboxOps(getDb())).map((e) => e.fields)).toEqual([{ name: 'Suzhou Precision Machinery' }])
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /: Name$/ })).toBeNull(), { timeout: 10_000 })

    // The record is now called by its restored name.
    fireEvent.click((await screen.findByRole('listitem', { name: 'Suzhou Precision Machinery: Tier' }, { timeout: 10_000 })).querySelectorAll('button')[1]!)
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /: Tier$/ })).toBeNull(), { timeout: 10_000 })
    // Dismiss changes nothing in the record and sends nothing.
    expect((await getDb().customers.get('c1'))?.tier).toBe('normal')
    expect(await getDb().outbox.count()).toBe(1)
  })

  it('names who made each edit: the local org first, else the name the hub sent, never a raw id', async () => {
    await getDb().users.put({ id: 'u-me', name: 'Wang Fang', role: 'regional_manager', orgUnitId: 'team-1', active: true })
    await getDb().meta.put({
      key: CONFLICTS_KEY,
      value: [
        // Someone who moved out of this manager's view: only the hub knows their name.
        { ...lost('name', 'Suzhou Precision Machinery', 'theirs'), loserUserId: 'u-moved', loserName: 'Li Lei', loserRole: 'rep', winnerUserId: 'u-me', winnerName: 'Wang F.' },
        // Kept before hubs sent names: an unknown id reads as someone outside the team.
        { ...lost('tier', 'key', 'theirs'), loserUserId: 'u-gone', winnerUserId: 'u-me' }
      ] satisfies KeptConflict[]
    })
    render(
      <PreferencesProvider>
        <ConflictInbox />
      </PreferencesProvider>
    )
    const named = await screen.findByRole('listitem', { name: 'SZ Precision: Name' }, { timeout: 10_000 })
    await waitFor(() => expect(named.textContent).toContain('Edit by Li Lei (Sales rep) lost to the edit by Wang Fang'), { timeout: 10_000 })
    const old = screen.getByRole('listitem', { name: 'SZ Precision: Tier' })
    expect(old.textContent).toContain('Edit by someone outside your team lost to the edit by Wang Fang')
    expect(document.body.textContent).not.toMatch(/u-moved|u-gone|u-me/)
  })
})
