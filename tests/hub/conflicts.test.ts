import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { moveUser } from '../../src/hub/org'
import { CONFLICT_SETTLE_MS } from '../../src/hub/records'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import type { HubConflict } from '../../src/shared/ipc/sync'
import type { Customer } from '../../src/shared/model'
import { testLaptops, type TestLaptop } from './laptops'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { setWriteClock, write } from '../../src/renderer/src/db/write'
import { keepHubConflicts, readConflicts, syncOnce } from '../../src/renderer/src/sync/engine'
import { dismissConflict, restoreConflict } from '../../src/renderer/src/sync/conflicts'
import { customerFields, makeFixture, op, push, type Fixture, listeningHub, type ListeningHub } from './harness'
import { outboxOps } from '../../src/renderer/src/db/outbox'

/**
 * The conflict inbox's actions against a real hub: two laptops edit one field; the loser's value
 * is kept; "restore" writes it back as a new edit that wins on every laptop; "dismiss" forgets.
 */

let hub: ListeningHub
let fx: Fixture
let hubUrl: string
const laptops = testLaptops('conflict-laptop')

beforeAll(async () => {
  hub = await listeningHub('cockpit-conflicts-')
  ;({ fx, hubUrl } = hub)
}, 400_000)

afterAll(async () => {
  laptops.close()
  await hub.close()
})

const laptop = (email: string): Promise<TestLaptop> => laptops.open(hubUrl, email)

async function on<R>(db: CockpitDb, at: number, fn: Parameters<typeof write<R>>[0]): Promise<R> {
  useDb(db)
  setWriteClock(() => at)
  return write(fn)
}

const acme: Customer = {
  id: 'conf-cust',
  name: 'Suzhou Precision',
  industry: 'Manufacturing',
  size: 'medium',
  channel: 'Referral',
  ownerId: null,
  orgUnitId: '',
  tier: 'normal',
  createdAt: 1_700_000_000_000
}

describe('conflict inbox: restore and dismiss', () => {
  it('restoring the losing value makes it win everywhere; dismiss clears the other side', async () => {
    const a = await laptop(fx.emails.managerA)
    const b = await laptop(fx.emails.repA)
    const t0 = Date.now()
    await on(a.db, t0, (tx) => tx.insert('customers', { ...acme, orgUnitId: fx.teamA }))
    await syncOnce(a.db, a.api, t0)
    await syncOnce(b.db, b.api, t0)
    expect((await b.db.customers.get('conf-cust'))?.name).toBe('Suzhou Precision')

    // Both rename offline; B's rename is later and wins.
    await on(a.db, t0 + 1_000, (tx) => tx.update('customers', 'conf-cust', { name: 'Suzhou Precision Machinery' }))
    await on(b.db, t0 + 2_000, (tx) => tx.update('customers', 'conf-cust', { name: 'SZ Precision' }))
    await syncOnce(a.db, a.api, t0 + 3_000)
    await syncOnce(b.db, b.api, t0 + 3_000)
    await syncOnce(a.db, a.api, t0 + 3_000)
    expect((await a.db.customers.get('conf-cust'))?.name).toBe('SZ Precision')
    const [lost] = await readConflicts(a.db)
    expect(lost).toMatchObject({ table: 'customers', rowId: 'conf-cust', field: 'name', value: 'Suzhou Precision Machinery', side: 'mine' })

    // A restores its value: a new edit through the write path, pushed like any other.
    useDb(a.db)
    setWriteClock(() => t0 + 4_000)
    await restoreConflict(a.db, lost!)
    expect(await readConflicts(a.db)).toEqual([])
    expect((await outboxOps(a.db)).map((e) => e.fields)).toEqual([{ name: 'Suzhou Precision Machinery' }])
    await syncOnce(a.db, a.api, t0 + 5_000)
    await syncOnce(b.db, b.api, t0 + 5_000)
    expect((await b.db.customers.get('conf-cust'))?.name).toBe('Suzhou Precision Machinery')
    expect(await a.db.clocks.get('customers/conf-cust')).toEqual(await b.db.clocks.get('customers/conf-cust'))

    // B's value was replaced by a restore A made after seeing it: an edit, not a conflict. B keeps
    // only the loss its own merge found before (A's first rename), and dismissing it clears it.
    const onB = await readConflicts(b.db)
    expect(onB.map((c) => [c.value, c.side])).toEqual([['Suzhou Precision Machinery', 'theirs']])
    await dismissConflict(b.db, onB[0]!)
    expect(await readConflicts(b.db)).toEqual([])

    // A second laptop of A's user never merged any of this itself: the hub's one conflict that
    // concerns its user (A's first rename lost to B's) is left out, since the record holds it again.
    const a2 = await laptop(fx.emails.managerA)
    await syncOnce(a2.db, a2.api)
    expect(await readConflicts(a2.db)).toEqual([])
    expect((await a2.db.customers.get('conf-cust'))?.name).toBe('Suzhou Precision Machinery')
  }, 400_000)
})

interface ConflictsPage {
  conflicts: { id: number; field: string; loserUserId: string | null; winnerUserId: string | null; loserName?: string | null; winnerName?: string | null; loserRole?: string | null; winnerRole?: string | null }[]
  next: number
}

/**
 * The conflict cursor and the names that come with each conflict, on each storage engine.
 * Conflict ids are taken when a push's statement runs but commits land in any order, so the
 * late commit is simulated exactly: two ids reserved from the sequence, the higher one inserted
 * (committed) first.
 */
function conflictCursorSuite(label: string, open: () => Promise<HubStore>): void {
  describe(`conflict cursor and names (${label})`, () => {
    let store: HubStore
    let cfx: Fixture
    const HOUR = 3_600_000

    beforeAll(async () => {
      store = await open()
      cfx = await makeFixture(store)
    }, 400_000)

    afterAll(async () => {
      await cfx?.hub.app.close()
      await store?.close()
    })

    async function page(token: string, after: number): Promise<ConflictsPage> {
      const res = await cfx.hub.app.inject({ method: 'GET', url: `/sync/conflicts?after=${after}`, headers: { authorization: `Bearer ${token}` } })
      expect(res.statusCode).toBe(200)
      return res.json() as ConflictsPage
    }

    /**
     * Real conflicts on a fresh customer (the rep's rename beats the created name, the manager's
     * beats the rep's), then dated an hour back: long settled.
     */
    async function settledConflict(): Promise<{ rowId: string; loseHlc: string; winHlc: string }> {
      const rowId = `cust-${randomUUID()}`
      const t = cfx.clock.now
      expect((await push(cfx, cfx.tokens.managerA, [op('customers', rowId, customerFields(cfx.teamA), { wallMs: t - 10_000, node: 'mgr-laptop' })])).statusCode).toBe(200)
      const lose = op('customers', rowId, { name: 'Rep name' }, { wallMs: t - 5_000, node: 'rep-laptop' })
      const win = op('customers', rowId, { name: 'Manager name' }, { wallMs: t - 1_000, node: 'mgr-laptop' })
      expect((await push(cfx, cfx.tokens.repA, [lose])).statusCode).toBe(200)
      expect((await push(cfx, cfx.tokens.managerA, [win])).statusCode).toBe(200)
      await store.query('UPDATE conflicts SET found_at = found_at - $2 WHERE row_id = $1', [rowId, HOUR])
      return { rowId, loseHlc: lose.hlc, winHlc: win.hlc }
    }

    /** An id taken from the conflicts sequence, as a push's statement takes it before committing. */
    async function reserveId(): Promise<number> {
      const [row] = await store.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('conflicts', 'id'))::int AS id`)
      return row!.id
    }

    async function insertConflict(id: number, c: { rowId: string; loseHlc: string; winHlc: string }, field: string, foundAt: number): Promise<void> {
      await store.query(
        `INSERT INTO conflicts (id, stream, tbl, row_id, field, value, hlc, winning_hlc, found_at) VALUES ($1, $2, 'customers', $3, $4, '"late value"'::jsonb, $5, $6, $7)`,
        [id, cfx.regionA, c.rowId, field, c.loseHlc, c.winHlc, foundAt]
      )
    }

    it('a conflict whose id was taken before a committed one, but committed after it, still reaches the laptop', async () => {
      const c = await settledConflict()
      let cursor = 0
      const seen: number[] = []
      const first = await page(cfx.tokens.managerA, cursor)
      expect(first.conflicts.map((x) => x.field)).toEqual(['name', 'name'])
      seen.push(...first.conflicts.map((x) => x.id))
      cursor = first.next

      // Two pushes take ids lo < hi; hi's statement commits first.
      const lo = await reserveId()
      const hi = await reserveId()
      await insertConflict(hi, c, 'industry', Date.now())
      const second = await page(cfx.tokens.managerA, cursor)
      expect(second.conflicts.map((x) => x.id)).toEqual([hi])
      seen.push(...second.conflicts.map((x) => x.id))
      cursor = second.next

      await insertConflict(lo, c, 'channel', Date.now())
      const third = await page(cfx.tokens.managerA, cursor)
      seen.push(...third.conflicts.map((x) => x.id))
      expect(new Set(seen)).toEqual(new Set([...first.conflicts.map((x) => x.id), lo, hi]))

      // Seen twice, kept once: the laptop de-duplicates what a held-back cursor sends again.
      const db = new CockpitDb(`conflict-cursor-${label}-${Date.now()}`)
      const me = cfx.users.managerA
      await keepHubConflicts(db, { items: second.conflicts as HubConflict[], next: second.next }, me)
      await keepHubConflicts(db, { items: third.conflicts as HubConflict[], next: third.next }, me)
      expect((await readConflicts(db)).map((k) => k.field).sort()).toEqual(['channel', 'industry'])
      expect(third.conflicts.map((x) => x.id)).toContain(hi)
      // One dismissed while the hub still sends it again stays dismissed.
      await dismissConflict(db, (await readConflicts(db)).find((k) => k.field === 'industry')!)
      const again = await page(cfx.tokens.managerA, third.next)
      expect(again.conflicts.map((x) => x.id)).toEqual(expect.arrayContaining([lo, hi]))
      await keepHubConflicts(db, { items: again.conflicts as HubConflict[], next: again.next }, me)
      expect((await readConflicts(db)).map((k) => k.field)).toEqual(['channel'])

      // Re-sending is bounded: once the two are settled the cursor passes them for good.
      await store.query('UPDATE conflicts SET found_at = found_at - $2 WHERE id = ANY($1)', [[lo, hi], 2 * CONFLICT_SETTLE_MS])
      const fourth = await page(cfx.tokens.managerA, third.next)
      expect(fourth.next).toBeGreaterThanOrEqual(hi)
      expect((await page(cfx.tokens.managerA, fourth.next)).conflicts).toEqual([])
    })

    it('once settled, a cursor moves past every conflict and nothing is sent again', async () => {
      const c = await settledConflict()
      const lo = await reserveId()
      await insertConflict(lo, c, 'size', Date.now() - HOUR)
      const first = await page(cfx.tokens.repA, 0)
      expect(first.conflicts.map((x) => x.field)).toEqual(expect.arrayContaining(['name', 'size']))
      expect(first.next).toBeGreaterThanOrEqual(lo)
      expect((await page(cfx.tokens.repA, first.next)).conflicts).toEqual([])
      // Someone whom none of these concern still moves on: no rescan of the table every round.
      const other = await page(cfx.tokens.managerB, 0)
      expect(other.conflicts).toEqual([])
      expect(other.next).toBeGreaterThanOrEqual(lo)
    })

    it('a full page holds the cursor at its last row, so the rest comes next round', async () => {
      const c = await settledConflict()
      const before = await page(cfx.tokens.repA, 0)
      // 250 settled losses of the rep's at once: more than one page.
      await store.query(
        `INSERT INTO conflicts (stream, tbl, row_id, field, value, hlc, winning_hlc, found_at)
         SELECT $1, 'customers', $2, 'bulk' || g, '"v"'::jsonb, $3, $4, $5 FROM generate_series(1, 250) g`,
        [cfx.regionA, c.rowId, c.loseHlc, c.winHlc, Date.now() - HOUR]
      )
      const got = new Set<string>()
      let cursor = before.next
      for (let round = 0; round < 5; round++) {
        const p = await page(cfx.tokens.repA, cursor)
        for (const x of p.conflicts) got.add(x.field)
        if (p.conflicts.length === 0) break
        cursor = p.next
      }
      expect([...got].filter((f) => f.startsWith('bulk'))).toHaveLength(250)
    })

    it('names both people, even one who left the caller\'s view, with name and role only', async () => {
      await settledConflict()
      await moveUser(store, cfx.emails.repA, cfx.teamB)
      const org = await cfx.hub.app.inject({ method: 'GET', url: '/sync/org', headers: { authorization: `Bearer ${cfx.tokens.managerA}` } })
      expect((org.json() as { users: { id: string }[] }).users.map((u) => u.id)).not.toContain(cfx.users.repA)
      const res = await cfx.hub.app.inject({ method: 'GET', url: '/sync/conflicts?after=0', headers: { authorization: `Bearer ${cfx.tokens.managerA}` } })
      const body = res.json() as ConflictsPage
      const named = body.conflicts.find((x) => x.field === 'name' && x.loserUserId === cfx.users.repA)!
      expect(named).toMatchObject({ loserUserId: cfx.users.repA, loserName: 'repA', loserRole: 'rep', winnerUserId: cfx.users.managerA, winnerName: 'managerA', winnerRole: 'regional_manager' })
      expect(res.body).not.toContain(cfx.emails.repA)
      expect(res.body).not.toContain('@example.com')
    })

    it('refuses a cursor that is not a non-negative integer, in words, and keeps serving', async () => {
      const ask = (after: string) =>
        cfx.hub.app.inject({ method: 'GET', url: `/sync/conflicts?after=${after}`, headers: { authorization: `Bearer ${cfx.tokens.managerA}` } })
      for (const bad of ['-1', 'abc', '1.5', encodeURIComponent("0' OR 1=1")]) {
        const res = await ask(bad)
        expect([res.statusCode, res.json().code]).toEqual([400, 'sync.malformed'])
      }
      expect((await ask('0')).statusCode).toBe(200)
    })
  })
}

conflictCursorSuite('PGlite', () => openPglite(undefined))
const pgUrl = process.env.DATABASE_URL
if (pgUrl) conflictCursorSuite('PostgreSQL', () => openPostgres(pgUrl))
else describe.skip('conflict cursor and names (PostgreSQL: set DATABASE_URL to run)', () => it('needs DATABASE_URL', () => {}))
