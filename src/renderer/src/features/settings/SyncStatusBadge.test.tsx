// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import type { SyncStatus } from '@shared/ipc/sync'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
// Not a React hook despite its name: it points the app at a database (here one per test).
import { CockpitDb, useDb as switchDb } from '../../db/database'
import { PreferencesProvider } from '../../app/preferences'
import { publishSyncStatus } from '../../sync/loop'
import { REJECTED_KEY, type RejectedOp } from '../../sync/engine'
import { setSession } from '../../session/session'
import { SyncStatusBadge } from './SyncStatusBadge'

/** The header says when changes were set aside (refused by the hub), not only Settings. */

let n = 0

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

async function show(rejected: RejectedOp[]): Promise<void> {
  const db = new CockpitDb(`sync-badge-${++n}`)
  switchDb(db)
  await db.meta.put({ key: REJECTED_KEY, value: rejected })
  await db.users.put({ id: 'u-li', name: 'Li Wei', role: 'regional_manager', orgUnitId: 'r-east', email: 'li.wei@example.com', active: true } as never)
  await setSession(db, { kind: 'hub', userId: 'u-li', hubUrl: 'http://127.0.0.1:4780', email: 'li.wei@example.com' })
  const status: SyncStatus = { state: 'upToDate', hubUrl: 'http://127.0.0.1:4780', email: 'li.wei@example.com', pending: 0, heads: {} }
  setBridgeApi(createFakeCockpit({ 'sync.status': () => status, 'sync.pull': () => ({ ops: [], cursors: {}, more: false }) }))
  publishSyncStatus(status)
  render(
    <PreferencesProvider>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<SyncStatusBadge />} />
          <Route path="/settings" element={<p>settings page</p>} />
        </Routes>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

const parked = (rowId: string): RejectedOp => ({
  op: { table: 'customers', rowId, hlc: '000001763800000000:00000:laptop', schemaVersion: 1, fields: { name: 'x\u0000' } },
  code: 'sync.invalid-text',
  reason: 'customers.name contains a control character (U+0000)',
  at: 1_763_800_000_000
})

describe('the header hub badge', () => {
  it('counts the changes that were set aside and opens Settings to read why', async () => {
    await show([parked('c1'), parked('c2')])
    fireEvent.click(await screen.findByRole('button', { name: '2 edits refused' }, { timeout: 10_000 }))
    expect(await screen.findByText('settings page')).toBeTruthy()
  })

  it('stays quiet when nothing was refused', async () => {
    await show([])
    expect(await screen.findByText('Up to date', undefined, { timeout: 10_000 })).toBeTruthy()
    expect(screen.queryByText(/refused/)).toBeNull()
  })
})
