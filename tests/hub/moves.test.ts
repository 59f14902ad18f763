import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/hub/org'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readRejected, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * A customer handed from region A to region B, end to end on three laptops (real hub on PGlite,
 * real bridges over loopback): B's manager receives it with its contacts and follow-ups, A's
 * manager's laptop lets go of all of it, and later edits go where the customer now lives.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-moves-')
  ;({ fx, hubUrl } = hub)
  await createUser(hub.store, { email: 'admin-moves@example.com', name: 'Admin', role: 'admin', orgUnitId: fx.regionA, password: PASSWORD })
}, 120_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub?.close()
})

let n = 0
async function laptopOf(email: string): Promise<{ db: CockpitDb; round: () => ReturnType<typeof syncOnce>; edit: (fn: Parameters<typeof write>[0]) => Promise<unknown> }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false, sleep: async () => {} })
  bridges.push(bridge)
  await bridge.connect({ hubUrl, email, password: PASSWORD })
  const api: SyncApi = { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) }
  const db = new CockpitDb(`moves-laptop-${++n}-${Date.now()}`)
  return {
    db,
    round: () => syncOnce(db, api),
    edit: (fn) => {
      useDb(db)
      setWriteClock(() => Date.now())
      return write(fn)
    }
  }
}

describe('a customer moved to another region', () => {
  it('reaches the new region whole, leaves the old one completely, and takes later edits in the right stream', async () => {
    const a = await laptopOf(fx.emails.managerA)
    const b = await laptopOf(fx.emails.managerB)
    const admin = await laptopOf('admin-moves@example.com')

    await a.edit(async (tx) => {
      await tx.insert('customers', { id: 'mv-cust', name: '宁波港务', industry: '物流', size: 'large', channel: '展会', ownerId: null, orgUnitId: fx.teamA, tier: 'key', createdAt: 1_700_000_000_000 })
      await tx.insert('contacts', { id: 'mv-contact', customerId: 'mv-cust', name: '陈静', title: '采购总监', seniority: 3 })
      await tx.insert('activities', { id: 'mv-visit', kind: 'visit', customerId: 'mv-cust', dealId: null, userId: fx.users.managerA, at: 1_763_800_000_000, body: '首次拜访，确认需求' })
    })
    expect(await a.round()).toMatchObject({ pushed: 3, rejected: 0 })
    await admin.round()
    await b.round()
    expect(await b.db.customers.get('mv-cust')).toBeUndefined()

    // The administrator hands the customer to region B's team.
    await admin.edit((tx) => tx.update('customers', 'mv-cust', { orgUnitId: fx.teamB }))
    expect(await admin.round()).toMatchObject({ pushed: 1, rejected: 0 })
    // The administrator holds both regions: word that it left A purges nothing there.
    expect(await admin.round()).toMatchObject({ purged: 0 })
    expect(await admin.db.customers.get('mv-cust')).toMatchObject({ orgUnitId: fx.teamB })
    expect(await admin.db.contacts.get('mv-contact')).toMatchObject({ title: '采购总监' })

    // B's manager now has the customer with everything hanging off it.
    await b.round()
    expect(await b.db.customers.get('mv-cust')).toMatchObject({ name: '宁波港务', tier: 'key', orgUnitId: fx.teamB })
    expect(await b.db.contacts.get('mv-contact')).toMatchObject({ name: '陈静', title: '采购总监' })
    expect(await b.db.activities.get('mv-visit')).toMatchObject({ body: '首次拜访，确认需求' })

    // A's manager had an offline edit of the contact pending; the round purges the customer and
    // what hangs off it, and the edit is dropped with it (it could only be refused).
    await a.edit((tx) => tx.update('contacts', 'mv-contact', { title: '副总' }))
    const left = await a.round()
    expect(left.purged).toBeGreaterThanOrEqual(3)
    expect(await a.db.customers.get('mv-cust')).toBeUndefined()
    expect(await a.db.contacts.get('mv-contact')).toBeUndefined()
    expect(await a.db.activities.get('mv-visit')).toBeUndefined()
    expect(await a.db.clocks.get('contacts/mv-contact')).toBeUndefined()
    expect(await a.db.outbox.count()).toBe(0)

    // B's manager edits the contact and logs a follow-up: accepted, and the administrator gets both.
    await b.edit(async (tx) => {
      await tx.update('contacts', 'mv-contact', { phone: '13900000000' })
      await tx.insert('activities', { id: 'mv-call', kind: 'call', customerId: 'mv-cust', dealId: null, userId: fx.users.managerB, at: 1_763_900_000_000, connected: true })
    })
    expect(await b.round()).toMatchObject({ pushed: 2, rejected: 0 })
    expect(await readRejected(b.db)).toEqual([])
    await admin.round()
    expect(await admin.db.contacts.get('mv-contact')).toMatchObject({ phone: '13900000000', title: '采购总监' })
    expect(await admin.db.activities.get('mv-call')).toBeTruthy()
    // And A's laptop does not get them back.
    await a.round()
    expect(await a.db.contacts.get('mv-contact')).toBeUndefined()
    expect(await a.db.activities.get('mv-call')).toBeUndefined()
  }, 120_000)
})
