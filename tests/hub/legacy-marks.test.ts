import { randomUUID } from 'node:crypto'
import Dexie from 'dexie'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../src/hub/schema'
import type { HubStore } from '../../src/hub/store'
import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb, schemaHistory, useDb } from '../../src/renderer/src/db/database'
import { commentsOn, libraryMarks } from '../../src/renderer/src/db/coaching'
import { taskCompletions } from '../../src/renderer/src/db/timeline'
import { pullAll, syncOnce, type SyncApi } from '../../src/renderer/src/sync/engine'
import { libraryShelves } from '../../src/shared/domain/coaching'
import { libraryMarkId } from '../../src/shared/model'
import type { Op } from '../../src/shared/sync/op'
import { customerFields, listeningHub, op, PASSWORD, push, recordingFields, type Fixture, type ListeningHub } from './harness'

/**
 * Marks made before library marks, task completions and comment edits were kinds (issue 16) —
 * `comments` rows on pseudo target tables, in the hub's log and cells and on laptops that pulled
 * them — still show after the upgrade: on a laptop that moves its own rows (Dexie v19), on a
 * second laptop that pulls them from the upgraded hub, and from an old laptop pushing after it.
 */

let hub: ListeningHub
let store: HubStore
let fx: Fixture
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-legacy-marks-')
  ;({ store, fx } = hub)
}, 400_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

async function laptopApi(email: string): Promise<SyncApi> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false })
  bridges.push(bridge)
  await bridge.connect({ hubUrl: hub.hubUrl, email, password: PASSWORD })
  return { push: (r) => bridge.push(r.ops, r.remaining), pull: (r) => bridge.pull(r.cursors, r.conflictsAfter) }
}

/** What a hub of the release before stored for an accepted comment op: its log line, cells and stream. */
async function storeAsOldHub(stream: string, o: Op, userId: string): Promise<void> {
  const [counter] = await store.query<{ seq: string }>(
    'INSERT INTO stream_counters (stream, seq) VALUES ($1, 1) ON CONFLICT (stream) DO UPDATE SET seq = stream_counters.seq + 1 RETURNING seq::text AS seq',
    [stream]
  )
  await store.query(
    `INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, batch_id, user_id, received_at)
     VALUES ($1, $2::bigint, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)`,
    [stream, counter!.seq, o.table, o.rowId, o.hlc, o.schemaVersion, JSON.stringify(o.fields), randomUUID(), userId, Date.now()]
  )
  for (const [field, value] of Object.entries(o.fields)) {
    await store.query('INSERT INTO cells (tbl, row_id, field, value, hlc) VALUES ($1, $2, $3, $4::jsonb, $5)', [o.table, o.rowId, field, JSON.stringify(value), o.hlc])
  }
  await store.query('INSERT INTO row_streams (tbl, row_id, stream) VALUES ($1, $2, $3)', [o.table, o.rowId, stream])
}

describe('marks made before they were kinds', () => {
  it('still show after the upgrade on the laptop that had them, on a second laptop, and take an old laptop’s later mark', async () => {
    const T = Date.now() - 10 * 60_000
    const customerId = randomUUID()
    const recordingId = randomUUID()
    const taskId = randomUUID()
    const commentId = randomUUID()
    const seed = [
      op('customers', customerId, customerFields(fx.teamA), { wallMs: T }),
      op('recordings', recordingId, recordingFields(customerId), { wallMs: T }),
      op('activities', taskId, { kind: 'task', customerId, dealId: null, userId: fx.users.managerA, otherUserId: fx.users.repA, at: T, subject: '复盘这通电话' }, { wallMs: T }),
      op('comments', commentId, { targetTable: 'recordings', targetId: recordingId, atMs: 5000, kind: 'comment', authorId: fx.users.repA, body: '客户说预算在下季度', createdAt: T }, { wallMs: T })
    ]
    const seeded = await push(fx, fx.tokens.repA, seed)
    expect(seeded.statusCode, seeded.body).toBe(200)
    const [{ stream }] = (await store.query<{ stream: string }>("SELECT stream FROM row_streams WHERE tbl = 'recordings' AND row_id = $1", [recordingId])) as [{ stream: string }]

    // Marks as laptops of the release before wrote them, and the old hub stored them.
    const mark = (targetTable: string, targetId: string, authorId: string, body: string, at: number): Op =>
      op('comments', randomUUID(), { targetTable, targetId, kind: 'bookmark', authorId, body, createdAt: at }, { wallMs: at, node: 'old-laptop' })
    const old: [Op, string][] = [
      [mark('callLibrary', recordingId, fx.users.managerA, '异议处理\n先认同再澄清', T + 1000), fx.users.managerA],
      [mark('callLibrary', recordingId, fx.users.managerA, '-异议处理', T + 2000), fx.users.managerA],
      [mark('callLibrary', recordingId, fx.users.managerA, '开场\n三句话说清来意', T + 3000), fx.users.managerA],
      [mark('taskDone', taskId, fx.users.repA, '', T + 4000), fx.users.repA],
      [{ ...mark('commentEdits', commentId, fx.users.repA, '客户说预算在下季度初', T + 5000), fields: { targetTable: 'commentEdits', targetId: commentId, kind: 'comment', authorId: fx.users.repA, body: '客户说预算在下季度初', createdAt: T + 5000 } }, fx.users.repA],
      // Someone else's "edit" of the rep's comment, which never counted.
      [mark('commentEdits', commentId, fx.users.managerA, '不该出现', T + 6000), fx.users.managerA]
    ]
    for (const [o, by] of old) await storeAsOldHub(stream, o, by)

    // Laptop C pulled all of it before the upgrade: rows and clocks as the old engine applied them.
    const nameC = `legacy-marks-c-${Date.now()}`
    const before = new Dexie(nameC)
    for (const s of schemaHistory.filter((s) => s.version <= 17)) before.version(s.version).stores(s.stores)
    await before.open()
    for (const o of [...seed, ...old.map(([o]) => o)]) {
      await before.table(o.table).put({ id: o.rowId, ...o.fields })
      await before.table('clocks').put({ key: `${o.table}/${o.rowId}`, clocks: Object.fromEntries(Object.keys(o.fields).map((f) => [f, o.hlc])) })
    }
    before.close()

    const expectMarksShow = async (db: CockpitDb): Promise<void> => {
      useDb(db)
      const shelves = libraryShelves(await libraryMarks())
      expect([...shelves.keys()]).toEqual(['开场'])
      expect(shelves.get('开场')).toEqual([{ recordingId, at: T + 3000, note: '三句话说清来意', authorId: fx.users.managerA }])
      expect((await taskCompletions([taskId])).get(taskId)).toEqual({ at: T + 4000, byUserId: fx.users.repA })
      const [comment] = await commentsOn(recordingId)
      expect(comment).toMatchObject({ id: commentId, body: '客户说预算在下季度初', editedAt: T + 5000 })
      // The marks left `comments`: only the real comment is there.
      expect((await db.comments.toArray()).map((c) => c.id)).toEqual([commentId])
    }

    // The laptop upgrades (Dexie v19) and its marks still show.
    const laptopC = new CockpitDb(nameC)
    await laptopC.open()
    await expectMarksShow(laptopC)
    expect(await laptopC.libraryMarks.count()).toBe(2)

    // The hub upgrades: its log and cells hold the new kinds, nothing on pseudo tables.
    await store.query('UPDATE hub_schema SET version = version - 1')
    await migrate(store)
    expect(await store.query("SELECT 1 FROM op_log WHERE tbl = 'comments' AND fields ->> 'targetTable' IN ('callLibrary', 'taskDone', 'commentEdits')")).toEqual([])
    expect(await store.query("SELECT 1 FROM cells WHERE tbl = 'comments' AND row_id <> $1 AND row_id = ANY($2)", [commentId, old.map(([o]) => o.rowId)])).toEqual([])

    // A second laptop, new, pulls them from the upgraded hub.
    const laptopB = new CockpitDb(`legacy-marks-b-${Date.now()}`)
    useDb(laptopB)
    await syncOnce(laptopB, await laptopApi(fx.emails.managerA))
    await expectMarksShow(laptopB)
    // Both laptops came to the same rows with the same clocks (one merge, on the hub and in Dexie).
    for (const t of ['libraryMarks', 'taskCompletions', 'commentRevisions'] as const) {
      const rowsB = await laptopB.table(t).toArray()
      const rowsC = await laptopC.table(t).toArray()
      expect(rowsC.sort((a, b) => (a.id < b.id ? -1 : 1)), t).toEqual(rowsB.sort((a, b) => (a.id < b.id ? -1 : 1)))
      for (const r of rowsB) expect(await laptopC.clocks.get(`${t}/${r.id}`), `${t}/${r.id}`).toEqual(await laptopB.clocks.get(`${t}/${r.id}`))
    }

    // Laptop C syncs with the upgraded hub: nothing doubles, nothing changes.
    useDb(laptopC)
    await syncOnce(laptopC, await laptopApi(fx.emails.managerA))
    await expectMarksShow(laptopC)
    expect(await laptopC.libraryMarks.count()).toBe(2)

    // An old laptop, not yet upgraded, takes the call off the 开场 shelf after the upgrade.
    const late = await push(fx, fx.tokens.managerA, [mark('callLibrary', recordingId, fx.users.managerA, '-开场', T + 7000)])
    expect(late.statusCode, late.body).toBe(200)
    useDb(laptopB)
    await pullAll(laptopB, await laptopApi(fx.emails.managerA))
    expect(libraryShelves(await libraryMarks()).size).toBe(0)
    expect(await laptopB.libraryMarks.get(libraryMarkId(recordingId, '开场'))).toMatchObject({ deleted: true, authorId: fx.users.managerA, markedAt: T + 7000 })
    laptopB.close()
    laptopC.close()
  }, 400_000)
})
