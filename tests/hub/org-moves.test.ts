import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, scopeOf } from '../../src/hub/org'
import { PersonAnswer } from '../../src/shared/hub-api/org'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import type { OrgBackend } from '../../src/renderer/src/features/settings/organisation/org-backend'
import {
  applyDeparture,
  applyRepMove,
  previewDeparture,
  previewRepMove
} from '../../src/renderer/src/features/settings/organisation/org-changes'
import { PASSWORD, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * Settings → Organisation on a hub (real hub on PGlite, real bridges): an admin moves a rep from
 * region A's team to region B's, as the app does it — the person through the hub's org route,
 * their customers and open deals through the write path. The hub's scope follows: the rep now
 * pulls region B; B's manager receives the customer with its follow-ups, the deal with its stage
 * moves; A's manager's laptop lets go of them. Then the rep leaves: their customer goes to B's
 * manager by rule, their history stays theirs, and their account is switched off on the hub.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
let adminId: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-hub-org-moves-')
  ;({ fx, hubUrl } = hub)
  adminId = (
    await createUser(hub.store, {
      email: 'admin-org-moves@example.com',
      name: 'Admin',
      role: 'admin',
      orgUnitId: fx.regionA,
      password: PASSWORD
    })
  ).id
}, 120_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub?.close()
})

let n = 0
async function laptopOf(
  email: string
): Promise<{ db: CockpitDb; bridge: SyncBridge; round: () => ReturnType<typeof syncOnce>; use: () => void }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false, sleep: async () => {} })
  bridges.push(bridge)
  await bridge.connect({ hubUrl, email, password: PASSWORD })
  const api: SyncApi = { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) }
  const db = new CockpitDb(`org-moves-laptop-${++n}-${Date.now()}`)
  const use = (): void => {
    useDb(db)
    setWriteClock(() => Date.now())
  }
  return { db, bridge, use, round: () => syncOnce(db, api) }
}

/** The app's hub backend, minus the IPC hop: the same org route through the same bridge. */
function hubBackend(bridge: SyncBridge): OrgBackend {
  return {
    kind: 'hub',
    createUnit: () => Promise.reject(new Error('not used')),
    renameUnit: () => Promise.reject(new Error('not used')),
    createPerson: () => Promise.reject(new Error('not used')),
    invite: () => Promise.reject(new Error('not used')),
    async updatePerson(id, patch) {
      await bridge.orgChange('PATCH', `/org/people/${id}`, patch, PersonAnswer)
    }
  }
}

describe('a rep moved to another region’s team from Settings → Organisation', () => {
  it('takes their customers and open deals there, and the hub serves them to the new region only', async () => {
    const a = await laptopOf(fx.emails.managerA)
    const b = await laptopOf(fx.emails.managerB)
    const admin = await laptopOf('admin-org-moves@example.com')
    const rep = fx.users.repA

    a.use()
    await write(async (tx) => {
      await tx.insert('customers', {
        id: 'om-cust',
        name: '苏州精工',
        industry: '制造',
        size: 'large',
        channel: '展会',
        ownerId: rep,
        orgUnitId: fx.teamA,
        tier: 'key',
        createdAt: 1_700_000_000_000
      })
      await tx.insert('deals', {
        id: 'om-deal',
        name: '苏州精工 MES',
        customerId: 'om-cust',
        ownerId: rep,
        orgUnitId: fx.teamA,
        processId: 'p',
        stageId: 's2',
        stageEnteredAt: 1_763_000_000_000,
        amount: 1_200_000_00,
        currency: 'CNY',
        forecastCategory: 'pipeline',
        status: 'open',
        bigDeal: false,
        createdAt: 1_762_000_000_000,
        checkedCriteria: []
      })
      await tx.insert('deals', {
        id: 'om-won',
        name: '苏州精工 一期',
        customerId: 'om-cust',
        ownerId: rep,
        orgUnitId: fx.teamA,
        processId: 'p',
        stageId: 'won',
        stageEnteredAt: 1_760_000_000_000,
        amount: 300_000_00,
        currency: 'CNY',
        forecastCategory: 'closed',
        status: 'won',
        bigDeal: false,
        createdAt: 1_750_000_000_000,
        closedAt: 1_760_000_000_000,
        checkedCriteria: []
      })
      await tx.insert('stageHistory', {
        id: 'om-move',
        dealId: 'om-deal',
        fromStageId: 's1',
        toStageId: 's2',
        at: 1_763_000_000_000,
        byUserId: rep
      })
      await tx.insert('targets', {
        id: 'om-target',
        scopeKind: 'user',
        scopeId: rep,
        period: 'month',
        periodStart: '2099-01-01',
        metric: 'won_amount',
        objective: 500_000_00
      })
      await tx.insert('activities', {
        id: 'om-visit',
        kind: 'visit',
        customerId: 'om-cust',
        dealId: 'om-deal',
        userId: rep,
        at: 1_763_100_000_000,
        status: 'done',
        body: '现场调研产线'
      })
    })
    expect(await a.round()).toMatchObject({ rejected: 0 })
    await admin.round()
    await b.round()
    expect(await b.db.customers.get('om-cust')).toBeUndefined()
    expect((await scopeOf(hub.store, rep))?.regions).toEqual(new Set([fx.regionA]))

    // Region A's manager does not see region B's teams, so cannot even plan the move; forced
    // past the app, the hub's org route refuses it and nothing moves.
    a.use()
    await expect(
      previewRepMove({ repId: rep, toUnitId: fx.teamB, actorId: fx.users.managerA, timeZone: 'Asia/Shanghai' })
    ).rejects.toThrow('org.unit-unknown')
    await expect(hubBackend(a.bridge).updatePerson(rep, { orgUnitId: fx.teamB })).rejects.toMatchObject({
      code: 'auth.out-of-scope'
    })
    expect((await scopeOf(hub.store, rep))?.regions).toEqual(new Set([fx.regionA]))

    // The admin previews the move and applies it, as the app does.
    admin.use()
    const plan = await previewRepMove({ repId: rep, toUnitId: fx.teamB, actorId: adminId, timeZone: 'Asia/Shanghai' })
    expect(plan.customersMoving.map((c) => c.id)).toEqual(['om-cust'])
    expect(plan.dealsMoving.map((d) => d.id)).toEqual(['om-deal'])
    expect(plan.closedDealsStaying).toBe(1)
    expect(plan.targetsFollowing.map((t) => t.id)).toEqual(['om-target'])
    const done = await applyRepMove(hubBackend(admin.bridge), plan, { actorId: adminId, timeZone: 'Asia/Shanghai' })
    expect(done).not.toBe('changed')
    expect(await admin.round()).toMatchObject({ rejected: 0 })

    // The hub's scope follows the person: the rep now pulls region B.
    expect((await scopeOf(hub.store, rep))?.regions).toEqual(new Set([fx.regionB]))
    expect((await admin.db.users.get(rep))?.orgUnitId).toBe(fx.teamB)

    // B's manager gets the customer, the open deal and what hangs off them.
    await b.round()
    expect(await b.db.customers.get('om-cust')).toMatchObject({ orgUnitId: fx.teamB, ownerId: rep })
    expect(await b.db.deals.get('om-deal')).toMatchObject({ orgUnitId: fx.teamB, amount: 1_200_000_00 })
    expect(await b.db.stageHistory.get('om-move')).toMatchObject({ byUserId: rep })
    expect(await b.db.activities.get('om-visit')).toMatchObject({ userId: rep, body: '现场调研产线' })
    // Their targets of this month and later follow them (placed by the person's region).
    expect(await b.db.targets.get('om-target')).toMatchObject({ scopeId: rep, objective: 500_000_00 })

    // A's manager lets go of the customer and the moved deal; the won deal stays in A's results.
    await a.round()
    expect(await a.db.customers.get('om-cust')).toBeUndefined()
    expect(await a.db.deals.get('om-deal')).toBeUndefined()
    expect(await a.db.targets.get('om-target')).toBeUndefined()
    expect(await a.db.deals.get('om-won')).toMatchObject({ orgUnitId: fx.teamA, status: 'won' })

    // Later the rep leaves: the customer goes to B's manager, the history stays theirs.
    await admin.round()
    admin.use()
    const rule = { customersTo: { kind: 'colleague' as const, colleagueId: fx.users.managerB }, openDealsTo: fx.users.managerB }
    const leave = await previewDeparture({ repId: rep, rule, actorId: adminId })
    expect(leave.customersToColleague.map((c) => c.id)).toEqual(['om-cust'])
    expect(await applyDeparture(hubBackend(admin.bridge), leave, { rule, actorId: adminId })).not.toBe('changed')
    expect(await admin.round()).toMatchObject({ rejected: 0 })
    // Switched off on the hub (no sign-in, no scope), still a person the history names.
    expect(await scopeOf(hub.store, rep)).toBeUndefined()
    const [row] = await hub.store.query<{ active: boolean; name: string }>('SELECT active, name FROM users WHERE id = $1', [rep])
    expect(row).toMatchObject({ active: false, name: 'repA' })
    await b.round()
    expect(await b.db.customers.get('om-cust')).toMatchObject({ ownerId: fx.users.managerB })
    expect(await b.db.deals.get('om-deal')).toMatchObject({ ownerId: fx.users.managerB })
    expect(await b.db.stageHistory.get('om-move')).toMatchObject({ byUserId: rep })
    expect(await b.db.activities.get('om-visit')).toMatchObject({ userId: rep })
    const handover = (await b.db.activities.where('customerId').equals('om-cust').toArray()).filter(
      (x) => x.kind === 'owner_change'
    )
    expect(handover.map((x) => [x.userId, x.from, x.to])).toContainEqual([adminId, rep, fx.users.managerB])
    expect((await b.db.users.get(rep))?.active).toBe(false)
    // When they left is kept on the hub and reaches the other laptops (it was lost before: only the account switch went to the hub).
    expect((await b.db.users.get(rep))?.leftAt).toEqual(expect.any(Number))
  }, 180_000)
  it('a rep known only from a CRM import (no hub account) leaves through the write path, and the hub takes it', async () => {
    const a = await laptopOf(fx.emails.managerA)
    await a.round()
    a.use()
    await write(async (tx) => {
      await tx.insert('users', { id: 'om-imported', name: '钱进', role: 'rep', orgUnitId: fx.teamA, active: true })
      await tx.insert('customers', {
        id: 'om-imp-cust',
        name: '无锡恒通',
        industry: '物流',
        size: 'small',
        channel: '转介绍',
        ownerId: 'om-imported',
        orgUnitId: fx.teamA,
        tier: 'normal',
        createdAt: 1_700_000_000_000
      })
    })
    expect(await a.round()).toMatchObject({ rejected: 0 })
    const rule = { customersTo: { kind: 'pool' as const } }
    const leave = await previewDeparture({ repId: 'om-imported', rule, actorId: fx.users.managerA })
    expect(leave.customersToPool.map((c) => c.id)).toEqual(['om-imp-cust'])
    expect(await applyDeparture(hubBackend(a.bridge), leave, { rule, actorId: fx.users.managerA, hasAccount: false })).not.toBe(
      'changed'
    )
    expect(await a.round()).toMatchObject({ rejected: 0 })
    // Another laptop of the region sees the person switched off and the customer in the pool.
    const again = await laptopOf(fx.emails.managerA)
    await again.round()
    expect(await again.db.users.get('om-imported')).toMatchObject({ active: false, leftAt: expect.any(Number) })
    expect(await again.db.customers.get('om-imp-cust')).toMatchObject({ ownerId: null, previousOwnerId: 'om-imported' })
  }, 120_000)
})
