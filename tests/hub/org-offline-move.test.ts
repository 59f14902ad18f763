import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readConflicts, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import type { OrgBackend } from '../../src/renderer/src/features/settings/organisation/org-backend'
import { applyRepMove, previewRepMove } from '../../src/renderer/src/features/settings/organisation/org-changes'
import { PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * A rep moved while offline on two laptops at once (two admins, each on the road): each laptop
 * moves the rep and their book to a different team through the write path. The hub merges
 * field by field, last writer wins, and the rep and their customer and open deal end up together
 * in the later move's team on both laptops; the earlier move is not lost: the laptop that made
 * it finds its values in the conflict inbox.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
let teamA2 = ''
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-offline-move-')
  ;({ fx, hubUrl } = hub)
  teamA2 = (await createOrgUnit(hub.store, { name: 'East team 2', kind: 'team', parentId: fx.regionA })).id
  for (const k of ['1', '2'])
    await createUser(hub.store, { email: `admin-offline-${k}@example.com`, name: `Admin ${k}`, role: 'admin', orgUnitId: fx.regionA, password: PASSWORD })
}, 120_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub?.close()
})

let n = 0
async function laptopOf(email: string): Promise<{ db: CockpitDb; round: () => ReturnType<typeof syncOnce>; at: (ms: number) => void }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false, sleep: async () => {} })
  bridges.push(bridge)
  await bridge.connect({ hubUrl, email, password: PASSWORD })
  const api: SyncApi = { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) }
  const db = new CockpitDb(`offline-move-laptop-${++n}-${Date.now()}`)
  return {
    db,
    round: () => syncOnce(db, api),
    at: (ms) => {
      useDb(db)
      setWriteClock(() => ms)
    }
  }
}

/** Offline: the org route is out of reach, and a rep without a hub account moves through the write path anyway. */
const offline: OrgBackend = {
  kind: 'hub',
  createUnit: () => Promise.reject(new Error('offline')),
  renameUnit: () => Promise.reject(new Error('offline')),
  createPerson: () => Promise.reject(new Error('offline')),
  invite: () => Promise.reject(new Error('offline')),
  updatePerson: () => Promise.reject(new Error('offline'))
}

describe('a rep moved while offline on another laptop', () => {
  it('the hub merges the two moves (the later wins, rep and book together) and the earlier one is kept in the conflict inbox', async () => {
    const one = await laptopOf('admin-offline-1@example.com')
    const two = await laptopOf('admin-offline-2@example.com')
    const t0 = Date.now()
    one.at(t0)
    await write(async (tx) => {
      await tx.insert('users', { id: 'off-rep', name: '周强', role: 'rep', orgUnitId: fx.teamA, active: true })
      await tx.insert('customers', { id: 'off-cust', name: '苏州精工', industry: '制造', size: 'medium', channel: '展会', ownerId: 'off-rep', orgUnitId: fx.teamA, tier: 'normal', createdAt: t0 })
      await tx.insert('deals', {
        id: 'off-deal',
        name: '二期产线',
        customerId: 'off-cust',
        ownerId: 'off-rep',
        orgUnitId: fx.teamA,
        processId: 'p',
        stageId: 's',
        stageEnteredAt: t0,
        amount: 800_000_00,
        currency: 'CNY',
        forecastCategory: 'pipeline',
        status: 'open',
        bigDeal: false,
        createdAt: t0,
        checkedCriteria: []
      })
    })
    expect(await one.round()).toMatchObject({ rejected: 0 })
    await two.round()
    expect(await two.db.customers.get('off-cust')).toMatchObject({ orgUnitId: fx.teamA })

    // Both offline: laptop one moves the rep to team B, laptop two a little later to East team 2.
    one.at(t0 + 1_000)
    const planOne = await previewRepMove({ repId: 'off-rep', toUnitId: fx.teamB, actorId: 'a1', timeZone: 'Asia/Shanghai' })
    expect(await applyRepMove(offline, planOne, { actorId: 'a1', timeZone: 'Asia/Shanghai', hasAccount: false })).not.toBe('changed')
    two.at(t0 + 2_000)
    const planTwo = await previewRepMove({ repId: 'off-rep', toUnitId: teamA2, actorId: 'a2', timeZone: 'Asia/Shanghai' })
    expect(await applyRepMove(offline, planTwo, { actorId: 'a2', timeZone: 'Asia/Shanghai', hasAccount: false })).not.toBe('changed')

    // Back online, in the order they reconnect: one, two, one again.
    one.at(t0 + 3_000)
    expect(await one.round()).toMatchObject({ rejected: 0 })
    two.at(t0 + 3_000)
    expect(await two.round()).toMatchObject({ rejected: 0 })
    one.at(t0 + 3_000)
    await one.round()

    for (const l of [one, two]) {
      expect(await l.db.users.get('off-rep')).toMatchObject({ orgUnitId: teamA2 })
      expect(await l.db.customers.get('off-cust')).toMatchObject({ orgUnitId: teamA2, ownerId: 'off-rep' })
      expect(await l.db.deals.get('off-deal')).toMatchObject({ orgUnitId: teamA2, amount: 800_000_00 })
    }
    // The earlier move is kept: laptop one sees its own values for the rep, the customer and the deal.
    const lost = (await readConflicts(one.db)).filter((c) => c.field === 'orgUnitId')
    expect(lost.map((c) => [c.table, c.rowId, c.value, c.side]).sort()).toEqual([
      ['customers', 'off-cust', fx.teamB, 'mine'],
      ['deals', 'off-deal', fx.teamB, 'mine'],
      ['users', 'off-rep', fx.teamB, 'mine']
    ])
  }, 240_000)
})
