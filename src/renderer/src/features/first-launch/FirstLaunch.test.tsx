// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { CockpitError } from '@shared/ipc/define'
import type { OrgSnapshot, SyncStatus } from '@shared/ipc/sync'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { PreferencesProvider } from '../../app/preferences'
import { FirstLaunch } from './FirstLaunch'

/** First launch → "Connect to a team hub" → "I have an invitation": the words a new rep sees. */

let n = 0
let accepted: { hubUrl: string; token: string; password: string }[] = []
const connected: SyncStatus = { state: 'upToDate', hubUrl: 'http://127.0.0.1:4780', email: 'zhao.min@example.com', userId: 'u-zhao', pending: 0, heads: {} }
const org: OrgSnapshot = {
  me: 'u-zhao',
  regions: ['r-east'],
  orgUnits: [
    { id: 'r-east', kind: 'region', name: 'East China', parentId: null },
    { id: 't-sh', kind: 'team', name: 'Shanghai team', parentId: 'r-east' }
  ],
  users: [{ id: 'u-zhao', name: 'Zhao Min', role: 'rep', orgUnitId: 't-sh', email: 'zhao.min@example.com', active: true }]
}

beforeEach(() => {
  useDb(new CockpitDb(`first-launch-${++n}`))
  accepted = []
  setBridgeApi(
    createFakeCockpit({
      'sync.status': () => ({ state: 'disconnected', pending: 0, heads: {} }),
      'sync.acceptInvite': (req) => {
        accepted.push(req)
        if (req.token === 'used-token-123') throw new CockpitError('auth.invite-invalid', 'used')
        return connected
      },
      'sync.pull': () => ({ ops: [], cursors: { 'r-east': 0, global: 0 }, more: false, org, conflicts: { items: [], next: 0, me: org.me } })
    })
  )
})

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

describe('FirstLaunch → join a team hub with an invitation', () => {
  it('refuses a weak password and a used token in words, then joins and downloads the org', async () => {
    render(
      <PreferencesProvider>
        <MemoryRouter>
          <FirstLaunch />
        </MemoryRouter>
      </PreferencesProvider>
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Connect to a team hub' }, { timeout: 10_000 }))
    fireEvent.click(await screen.findByRole('button', { name: 'I have an invitation' }))
    const form = await screen.findByRole('form', { name: 'Join a team hub with an invitation' })
    fireEvent.change(screen.getByLabelText(/Invitation token/), { target: { value: 'used-token-123' } })
    fireEvent.change(screen.getByLabelText(/Choose a password/), { target: { value: 'short' } })
    fireEvent.submit(form)
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toBe('Choose a password of at least 10 characters.')
    // Refused before the invitation is spent.
    expect(accepted).toEqual([])

    fireEvent.change(screen.getByLabelText(/Choose a password/), { target: { value: 'a long enough password' } })
    fireEvent.submit(form)
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('This invitation is unknown, already used or expired. Ask your administrator for a new one.'), { timeout: 10_000 })

    fireEvent.change(screen.getByLabelText(/Invitation token/), { target: { value: 'fresh-token-456' } })
    fireEvent.change(screen.getByLabelText(/Choose a password/), { target: { value: 'a long enough password' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Join a team hub with an invitation' }))
    // Joined: an empty hub workspace, filled with the hub's org by the first pull.
    await waitFor(async () => expect((await getDb().orgUnits.toArray()).map((u) => u.name).sort()).toEqual(['East China', 'Shanghai team']), { timeout: 10_000 })
    expect((await getDb().meta.get('workspace'))?.value).toMatchObject({ kind: 'hub' })
    // The workspace belongs to the account that joined: it will only ever sync as that account.
    expect((await getDb().meta.get('session'))?.value).toEqual({ kind: 'hub', userId: 'u-zhao', hubUrl: 'http://127.0.0.1:4780', email: 'zhao.min@example.com' })
    expect(accepted.at(-1)).toEqual({ hubUrl: 'http://127.0.0.1:4780', token: 'fresh-token-456', password: 'a long enough password' })
    // The form stays busy until the first download has finished; the test ends only after it,
    // so no state update runs after the page is torn down (it failed CI once under load).
    const submit = screen.getByRole('form', { name: 'Join a team hub with an invitation' }).querySelector('button[type="submit"]')!
    await waitFor(() => expect(submit.hasAttribute('data-loading')).toBe(false), { timeout: 10_000 })
  })
})
