// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { SyncStatus } from '@shared/ipc/sync'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
// Not a React hook despite its name: it points the app at a database (here one per test).
import { CockpitDb, useDb as switchDb } from '../../db/database'
import { PreferencesProvider } from '../../app/preferences'
import { publishSyncStatus } from '../../sync/loop'
import { REJECTED_KEY, type RejectedOp } from '../../sync/engine'
import { setSession } from '../../session/session'
import { HubSettings } from './HubSettings'

/** Settings → Team hub while connected: the changes the hub refused, by reason, and an unencrypted connection, in words. */

let n = 0

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

async function show(hubUrl: string, rejected: RejectedOp[]): Promise<void> {
  const db = new CockpitDb(`hub-settings-${++n}`)
  switchDb(db)
  await db.meta.put({ key: REJECTED_KEY, value: rejected })
  await db.customers.bulkPut([
    { id: 'c1', name: 'Hangzhou Steel' },
    { id: 'c2', name: 'Ningbo Port' }
  ] as never)
  await db.users.put({ id: 'u-li', name: 'Li Wei', role: 'regional_manager', orgUnitId: 'r-east', email: 'li.wei@example.com', active: true } as never)
  // A hub workspace: Settings speaks of the hub only to the person signed in to it.
  await setSession(db, { kind: 'hub', userId: 'u-li', hubUrl, email: 'li.wei@example.com' })
  const status: SyncStatus = { state: 'upToDate', hubUrl, email: 'li.wei@example.com', pending: 0, heads: {} }
  setBridgeApi(createFakeCockpit({ 'sync.status': () => status, 'sync.pull': () => ({ ops: [], cursors: {}, more: false }) }))
  publishSyncStatus(status)
  render(
    <PreferencesProvider>
      <HubSettings />
    </PreferencesProvider>
  )
}

const parked = (rowId: string, code: string): RejectedOp => ({
  op: { table: 'customers', rowId, hlc: '000001763800000000:00000:laptop', schemaVersion: 1, fields: { name: 'x' } },
  code,
  reason: 'customers.name contains a control character (U+0000)',
  at: 1_763_800_000_000
})

describe('hub settings while connected', () => {
  it('lists each change that was set aside with its record by name and the reason in words', async () => {
    await show('http://127.0.0.1:4780', [parked('c1', 'sync.invalid-text'), parked('c2', 'sync.invalid-text'), parked('c3', 'sync.out-of-scope')])
    expect(await screen.findByText('3 edits were refused by the hub', undefined, { timeout: 10_000 })).toBeTruthy()
    // Which records to correct: by the laptop's name for it, else the name the edit carried.
    expect(await screen.findByRole('listitem', { name: 'Customer Hangzhou Steel' })).toBeTruthy()
    expect(screen.getByRole('listitem', { name: 'Customer Ningbo Port' })).toBeTruthy()
    expect(screen.getByRole('listitem', { name: 'Customer x' })).toBeTruthy()
    expect(screen.getAllByText(/A field holds invisible control characters/)).toHaveLength(2)
    expect(screen.getAllByText(/This record belongs to a region you don't manage/)).toHaveLength(1)
    expect(screen.queryByText(/This connection is not encrypted/)).toBeNull()
  })

  it('says so when the connection to another computer is plain http', async () => {
    await show('http://10.0.0.5:4780', [])
    expect(await screen.findByText(/This connection is not encrypted/, undefined, { timeout: 10_000 })).toBeTruthy()
  })
})
