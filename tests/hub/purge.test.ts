import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer } from '../../src/shared/model'
import { moveUser } from '../../src/hub/org'
import { type HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { pullAll, readConflicts, readCursors, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { op, PASSWORD, push, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * A scope change, end to end: a laptop holds region A; the admin moves its user to region B; the
 * next pull brings the new org, the laptop purges everything of A (rows, clocks, unsent edits,
 * cursor) and pulls B from its start. Real hub (PGlite) and bridge over loopback HTTP.
 */

let hub: ListeningHub
let store: HubStore
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-purge-')
  ;({ store, fx, hubUrl } = hub)
}, 400_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

const customer = (name: string, orgUnitId: string): Omit<Customer, 'id'> => ({
  name,
  industry: 'Manufacturing',
  size: 'large',
  channel: 'Referral',
  ownerId: null,
  orgUnitId,
  tier: 'key',
  createdAt: 1_700_000_000_000
})

function apiOf(bridge: SyncBridge): SyncApi {
  return { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) }
}

describe('scope change → purge → re-pull', () => {
  it('a user moved from region A to region B keeps nothing of A and receives B', async () => {
    // Region A: a customer with a contact and a follow-up; region B: one customer.
    const seedA = await push(fx, fx.tokens.repA, [
      op('customers', 'purge-cust-a', customer('Hangzhou Steel', fx.teamA), { node: 'colleague' }),
      op('contacts', 'purge-contact-a', { customerId: 'purge-cust-a', name: 'Wang Fang', title: 'CFO' }, { node: 'colleague' })
    ])
    expect(seedA.statusCode, seedA.body).toBe(200)
    const seedB = await push(fx, fx.tokens.managerB, [op('customers', 'purge-cust-b', customer('Tianjin Port', fx.teamB), { node: 'colleague-b' })])
    expect(seedB.statusCode, seedB.body).toBe(200)

    const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false })
    bridges.push(bridge)
    await bridge.connect({ hubUrl, email: fx.emails.managerA, password: PASSWORD })
    const db = new CockpitDb(`purge-laptop-${Date.now()}`)
    useDb(db)
    await syncOnce(db, apiOf(bridge))

    // The org came with the pull: region A and its team, its people — nothing of B.
    expect((await db.customers.toArray()).map((c) => c.name)).toEqual(['Hangzhou Steel'])
    expect(await db.contacts.get('purge-contact-a')).toBeTruthy()
    const units = (await db.orgUnits.toArray()).map((u) => u.id).sort()
    expect(units).toEqual([fx.regionA, fx.teamA].sort())
    expect((await db.users.toArray()).map((u) => u.id).sort()).toEqual([fx.users.managerA, fx.users.repA, fx.users.director].sort())
    expect(Object.keys(await readCursors(db))).toContain(fx.regionA)

    // An unsent local edit to a region-A customer, then the admin moves the user to region B.
    setWriteClock(() => Date.now())
    await write((tx) => tx.update('customers', 'purge-cust-a', { tier: 'normal' }))
    expect(await db.outbox.count()).toBe(1)
    await moveUser(store, fx.emails.managerA, fx.teamB)

    // The next pull (a poke or the safety round) carries the reset.
    const r = await pullAll(db, apiOf(bridge))
    expect(r.purged).toBeGreaterThanOrEqual(2 + 2 + 2) // customer + contact, region A + its team, repA + director
    expect((await db.customers.toArray()).map((c) => c.name)).toEqual(['Tianjin Port'])
    expect(await db.contacts.count()).toBe(0)
    expect(await db.clocks.get('customers/purge-cust-a')).toBeUndefined()
    expect(await db.clocks.get('contacts/purge-contact-a')).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
    expect((await db.orgUnits.toArray()).map((u) => u.id).sort()).toEqual([fx.regionB, fx.teamB].sort())
    expect((await db.users.toArray()).map((u) => u.id).sort()).toEqual([fx.users.managerA, fx.users.managerB].sort())
    const cursors = await readCursors(db)
    expect(Object.keys(cursors)).not.toContain(fx.regionA)
    expect(cursors[fx.regionB]).toBeGreaterThan(0)
    expect(await readConflicts(db)).toEqual([])

    // Later rounds are ordinary again: nothing more to purge, nothing refused.
    const again = await syncOnce(db, apiOf(bridge))
    expect(again).toMatchObject({ purged: 0, rejected: 0 })
  }, 400_000)
})
