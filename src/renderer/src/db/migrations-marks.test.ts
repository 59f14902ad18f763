import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { libraryBySkill } from '@shared/domain/coaching'
import { libraryMarkId } from '@shared/model'
import { CockpitDb, schemaHistory, useDb } from './database'
import { commentsOn, libraryMarks } from './coaching'
import { taskCompletions } from './timeline'

/**
 * Schema version 19: marks that were `comments` rows on pseudo tables move into their kinds —
 * also the ones no op ever stamped (the demo's library wrote its marks straight into Dexie).
 */
describe('schema version 19: marks become their own kinds', () => {
  it('a v17 laptop keeps its demo library, its done tasks and its edited comments, and unsent ops stay queued', async () => {
    const name = `migrate-marks-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((s) => s.version <= 17)) old.version(s.version).stores(s.stores)
    await old.open()
    const T = 1_763_800_000_000
    const c = (id: string, targetTable: string, targetId: string, body: string, authorId: string, createdAt: number) => ({ id, targetTable, targetId, kind: 'bookmark', authorId, body, createdAt })
    await old.table('comments').bulkAdd([
      { ...c('cm-1', 'recordings', 'rec-1', '这里客户提到了竞品', 'rep-1', T), kind: 'comment', atMs: 42_000 },
      // The demo's marks: no clocks.
      c('lib-1', 'callLibrary', 'rec-1', '开场\n三句话说清来意', 'coach-1', T + 1),
      c('lib-2', 'callLibrary', 'rec-2', '异议处理', 'coach-1', T + 2),
      c('lib-3', 'callLibrary', 'rec-2', '-异议处理', 'coach-1', T + 3),
      c('done-1', 'taskDone', 'task-1', '', 'rep-1', T + 4),
      c('edit-1', 'commentEdits', 'cm-1', '这里客户提到了两家竞品', 'rep-1', T + 5)
    ])
    // One mark the user made (stamped), unsent when the laptop upgrades.
    await old.table('clocks').put({ key: 'comments/done-1', clocks: {}, all: '000001763800000004:00000:laptop' })
    await old.table('outbox').add({ table: 'comments', rowId: 'done-1', hlc: '000001763800000004:00000:laptop', schemaVersion: 1, fields: { targetTable: 'taskDone' }, origin: 'local' })
    old.close()

    const db = new CockpitDb(name)
    await db.open()
    useDb(db)
    expect(libraryBySkill(await libraryMarks())).toEqual(new Map([['开场', ['rec-1']]]))
    expect((await db.libraryMarks.get(libraryMarkId('rec-1', '开场')))?.note).toBe('三句话说清来意')
    expect((await taskCompletions(['task-1'])).get('task-1')).toEqual({ at: T + 4, byUserId: 'rep-1' })
    expect((await commentsOn('rec-1'))[0]).toMatchObject({ id: 'cm-1', body: '这里客户提到了两家竞品', editedAt: T + 5 })
    expect((await db.comments.toArray()).map((r) => r.id)).toEqual(['cm-1'])
    expect(await db.clocks.get('comments/done-1')).toBeUndefined()
    // The stamped mark keeps its clock on its new row; the unsent op still goes (the hub rewrites it).
    const [done] = await db.taskCompletions.toArray()
    expect((await db.clocks.get(`taskCompletions/${done!.id}`))?.clocks.doneAt).toBe('000001763800000004:00000:laptop')
    expect(await db.outbox.count()).toBe(1)
    db.close()
  })
})
