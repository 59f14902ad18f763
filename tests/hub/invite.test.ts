import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, inviteUser } from '../../src/hub/org'
import { type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { type Fixture, listeningHub, type ListeningHub } from './harness'

/** Invitation acceptance through the bridge: the page's "I have an invitation" form calls exactly this. */

let hub: ListeningHub
let store: HubStore
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-invite-')
  ;({ store, fx, hubUrl } = hub)
}, 400_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

function newBridge(): SyncBridge {
  const b = new SyncBridge({ store: new MemoryTokenStore(), live: false, maxAttempts: 1, sleep: async () => {} })
  bridges.push(b)
  return b
}

describe('accepting an invitation from the cockpit', () => {
  it('sets the password, signs in as the invited user, and the token cannot be used twice', async () => {
    const email = `new.rep-${Date.now()}@example.com`
    await createUser(store, { email, name: 'Zhao Min', role: 'rep', orgUnitId: fx.teamA })
    const token = await inviteUser(store, fx.secret, email)

    const b = newBridge()
    // A weak password is refused before the invitation is spent.
    await expect(b.acceptInvite({ hubUrl, token, password: 'short' })).rejects.toMatchObject({ code: 'auth.weak-password' })
    const status = await b.acceptInvite({ hubUrl: `${hubUrl}/`, token, password: 'a long enough password' })
    expect(status).toMatchObject({ state: 'upToDate', email, hubUrl })
    // The first pull sees the invited rep's region and its org.
    const first = await b.pull({}, 0)
    expect(first.org?.regions).toEqual([fx.regionA])
    expect(first.org?.users.map((u) => u.email)).toContain(email)

    const again = newBridge()
    await expect(again.acceptInvite({ hubUrl, token, password: 'another long password' })).rejects.toMatchObject({ code: 'auth.invite-invalid' })
    expect(again.status.state).toBe('disconnected')
  }, 120_000)

  it('an expired invitation and an unreachable hub fail with their own codes', async () => {
    const email = `late.rep-${Date.now()}@example.com`
    await createUser(store, { email, name: 'Sun Li', role: 'rep', orgUnitId: fx.teamB })
    const token = await inviteUser(store, fx.secret, email, Date.now() - 8 * 24 * 3600_000)
    await expect(newBridge().acceptInvite({ hubUrl, token, password: 'a long enough password' })).rejects.toMatchObject({ code: 'auth.invite-invalid' })
    await expect(newBridge().acceptInvite({ hubUrl: 'http://127.0.0.1:1', token, password: 'a long enough password' })).rejects.toMatchObject({
      code: 'sync.offline'
    })
  }, 120_000)
})
