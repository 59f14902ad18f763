import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deal } from '../../src/shared/model'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { readConflicts, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { listeningHub, PASSWORD, type Fixture, type ListeningHub } from './harness'

/**
 * Conflicts that are conflicts: two people edit one field of one deal through a real hub. One
 * after the other (the second saw the first's value) is an edit — no row in the hub's conflicts,
 * nothing in either inbox. Both offline from the same value is a conflict — kept once on each side.
 */

let hub: ListeningHub
let fx: Fixture
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-sequential-')
  fx = hub.fx
}, 120_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

async function laptop(email: string): Promise<{ db: CockpitDb; api: SyncApi }> {
  const b = new SyncBridge({ store: new MemoryTokenStore(), live: false })
  bridges.push(b)
  await b.connect({ hubUrl: hub.hubUrl, email, password: PASSWORD })
  return { db: new CockpitDb(`sequential-${bridges.length}-${Date.now()}`), api: { push: (r) => b.push(r.ops, r.remaining), pull: (r) => b.pull(r.cursors, r.conflictsAfter) } }
}

async function on<R>(db: CockpitDb, at: number, fn: Parameters<typeof write<R>>[0]): Promise<R> {
  useDb(db)
  setWriteClock(() => at)
  return write(fn)
}

async function hubConflicts(rowId: string): Promise<unknown[]> {
  return hub.store.query("SELECT value FROM conflicts WHERE tbl = 'deals' AND row_id = $1", [rowId])
}

const deal = (id: string, orgUnitId: string): Deal => ({
  id,
  name: 'Line 3 upgrade',
  customerId: 'seq-cust',
  ownerId: 'seq-owner',
  orgUnitId,
  processId: 'p',
  stageId: 's',
  stageEnteredAt: 1_700_000_000_000,
  amount: 1_000_000,
  currency: 'CNY',
  expectedCloseAt: 1_800_000_000_000,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: 1_700_000_000_000,
  checkedCriteria: []
})

describe('edits one after the other vs at the same time', () => {
  it('B changes the field after seeing A’s value: no conflict anywhere', async () => {
    const a = await laptop(fx.emails.managerA)
    const b = await laptop(fx.emails.repA)
    const t0 = Date.now()
    await on(a.db, t0, async (tx) => {
      await tx.insert('customers', { id: 'seq-cust', name: 'Ruikang', industry: 'x', size: 'small', channel: 'x', ownerId: null, orgUnitId: fx.teamA, tier: 'normal', createdAt: t0 })
      await tx.insert('deals', deal('seq-deal', fx.teamA))
    })
    await syncOnce(a.db, a.api, t0)
    await syncOnce(b.db, b.api, t0)
    await on(a.db, t0 + 1_000, (tx) => tx.update('deals', 'seq-deal', { forecastCategory: 'best_case' }))
    await syncOnce(a.db, a.api, t0 + 1_000)
    await syncOnce(b.db, b.api, t0 + 1_000)
    expect((await b.db.deals.get('seq-deal'))?.forecastCategory).toBe('best_case')
    // B saw best_case and changes it: an edit.
    await on(b.db, t0 + 2_000, (tx) => tx.update('deals', 'seq-deal', { forecastCategory: 'commit' }))
    await syncOnce(b.db, b.api, t0 + 2_000)
    await syncOnce(a.db, a.api, t0 + 2_000)
    expect((await a.db.deals.get('seq-deal'))?.forecastCategory).toBe('commit')
    expect(await hubConflicts('seq-deal')).toEqual([])
    expect(await readConflicts(a.db)).toEqual([])
    expect(await readConflicts(b.db)).toEqual([])
  })

  it('both change it offline from the same value: one conflict, kept once on each laptop', async () => {
    const a = await laptop(fx.emails.managerA)
    const b = await laptop(fx.emails.repA)
    const t0 = Date.now()
    await on(a.db, t0, async (tx) => {
      await tx.insert('customers', { id: 'seq-cust-2', name: 'Boyuan', industry: 'x', size: 'small', channel: 'x', ownerId: null, orgUnitId: fx.teamA, tier: 'normal', createdAt: t0 })
      await tx.insert('deals', { ...deal('seq-deal-2', fx.teamA), customerId: 'seq-cust-2' })
    })
    await syncOnce(a.db, a.api, t0)
    await syncOnce(b.db, b.api, t0)
    await on(a.db, t0 + 1_000, (tx) => tx.update('deals', 'seq-deal-2', { forecastCategory: 'best_case' }))
    await on(b.db, t0 + 2_000, (tx) => tx.update('deals', 'seq-deal-2', { forecastCategory: 'omitted' }))
    await syncOnce(a.db, a.api, t0 + 3_000)
    await syncOnce(b.db, b.api, t0 + 3_000)
    await syncOnce(a.db, a.api, t0 + 3_000)
    expect((await hubConflicts('seq-deal-2')).length).toBe(1)
    const onA = (await readConflicts(a.db)).filter((c) => c.rowId === 'seq-deal-2')
    const onB = (await readConflicts(b.db)).filter((c) => c.rowId === 'seq-deal-2')
    expect(onA.map((c) => [c.field, c.value, c.side])).toEqual([['forecastCategory', 'best_case', 'mine']])
    expect(onB.map((c) => [c.field, c.value, c.side])).toEqual([['forecastCategory', 'best_case', 'theirs']])
  })
})

describe('a refused edit', () => {
  it('leaves the outbox with the permission it needed, and the round ends "up to date", not stuck syncing', async () => {
    const b = new SyncBridge({ store: new MemoryTokenStore(), live: false })
    bridges.push(b)
    await b.connect({ hubUrl: hub.hubUrl, email: fx.emails.repA, password: PASSWORD })
    const api: SyncApi = { push: (r) => b.push(r.ops, r.remaining), pull: (r) => b.pull(r.cursors, r.conflictsAfter) }
    const db = new CockpitDb(`refused-${Date.now()}`)
    const t0 = Date.now()
    // Written without a session (as a laptop of an older version would): only the hub judges it.
    await on(db, t0, (tx) => tx.insert('scorecardTemplates', { id: 'tpl-rep', name: 'Discovery', questions: [{ id: 'q', label: 'Budget asked', type: 'yes_no', weight: 10 }] }))
    const r = await syncOnce(db, api, t0)
    expect(r).toMatchObject({ pushed: 0, rejected: 1 })
    const [refused] = (await db.meta.get('sync.rejected'))?.value as { code: string; permission?: string }[]
    expect(refused).toMatchObject({ code: 'sync.forbidden', permission: 'scorecardTemplate.edit' })
    expect(b.status.state).toBe('upToDate')
  })
})
