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
    const item = await screen.findByRole('listitem', { name: 'SZ Precision: name' }, { timeout: 10_000 })
    expect(item.textContent).toContain('Kept value: Suzhou Precision Machinery')
    expect(item.textContent).toContain('Value now: SZ Precision')
    expect(item.textContent).toContain('Your edit lost')
    expect(screen.getByRole('listitem', { name: 'SZ Precision: tier' }).textContent).toContain("A colleague's edit lost to yours")
    // An activity is append-only: its losing value can be dismissed, not restored.
    expect(screen.getByRole('listitem', { name: 'a1: type' }).textContent).not.toContain('Restore this value')

    fireEvent.click(item.querySelector('button')!)
    await waitFor(async () => expect((await getDb().customers.get('c1'))?.name).toBe('Suzhou Precision Machinery'), { timeout: 10_000 })
    expect((await getDb().outbox.toArray()).map((e) => e.fields)).toEqual([{ name: 'Suzhou Precision Machinery' }])
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /: name$/ })).toBeNull(), { timeout: 10_000 })

    // The record is now called by its restored name.
    fireEvent.click((await screen.findByRole('listitem', { name: 'Suzhou Precision Machinery: tier' }, { timeout: 10_000 })).querySelectorAll('button')[1]!)
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /: tier$/ })).toBeNull(), { timeout: 10_000 })
    // Dismiss changes nothing in the record and sends nothing.
    expect((await getDb().customers.get('c1'))?.tier).toBe('normal')
    expect(await getDb().outbox.count()).toBe(1)
  })
})
