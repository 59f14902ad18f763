import { beforeEach, describe, expect, it } from 'vitest'
import { mergeTimeline } from '@shared/domain/timeline'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock } from './write'
import { addNote, assignCoachingTask, completeTask, logRideAlongOnCustomer, taskCompletions } from './timeline'
import { setSession } from '../session/session'

let n = 0
const T = Date.UTC(2026, 10, 20, 2)

beforeEach(() => {
  useDb(new CockpitDb(`timeline-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
})

describe('adding from the timeline', () => {
  it('a ride-along keeps the rep as the doer, the signed-in manager beside, and only answered sheet questions', async () => {
    await setSession(getDb(), { kind: 'local', userId: 'mgr1' })
    const a = await logRideAlongOnCustomer({
      customerId: 'c1',
      dealId: 'd1',
      repId: 'rep1',
      at: T,
      loggedAt: T + 3_600_000,
      visitKind: 'closing',
      behaviour: { objective: ' 确认采购预算 ', conversationLogic: '', needsUncovered: '需要分期付款', impressionLeft: undefined }
    })
    const stored = await getDb().activities.get(a.id)
    expect(stored).toMatchObject({ kind: 'ride_along', userId: 'rep1', otherUserId: 'mgr1', visitKind: 'closing', status: 'done' })
    expect(stored!.behaviour).toEqual({ objective: '确认采购预算', needsUncovered: '需要分期付款' })
    const ops = await getDb().outbox.toArray()
    expect(ops).toHaveLength(1)
    expect(ops[0]).toMatchObject({ table: 'activities', rowId: a.id })
  })

  it('a ride-along with nobody signed in is refused and writes nothing', async () => {
    await expect(
      logRideAlongOnCustomer({ customerId: 'c1', repId: 'rep1', at: T, loggedAt: T, behaviour: { objective: 'x' } })
    ).rejects.toMatchObject({ code: 'write.forbidden' })
    expect(await getDb().activities.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
  })

  it('note and task land in the stream at their time', async () => {
    await addNote({ customerId: 'c1', dealId: null, authorId: 'mgr1', body: '  价格不是问题，关键是交付周期  ', at: T + 2000 })
    await assignCoachingTask({ customerId: 'c1', dealId: 'd1', managerId: 'mgr1', assigneeId: 'rep1', subject: '练习异议处理', dueAt: T + 7 * 86_400_000, at: T + 1000 })
    const rows = await getDb().activities.where('[customerId+at]').between(['c1', 0], ['c1', Number.MAX_SAFE_INTEGER]).toArray()
    const es = mergeTimeline({ activities: rows, now: T + 10_000 })
    expect(es.map((e) => e.kind)).toEqual(['task', 'note'])
    expect(es[0]!.activity).toMatchObject({ otherUserId: 'rep1', status: 'planned', dueAt: T + 7 * 86_400_000 })
    expect(es[1]!.activity!.body).toBe('价格不是问题，关键是交付周期')
  })

  it('refuses an over-long note and writes nothing', async () => {
    await expect(addNote({ customerId: 'c1', authorId: 'm', body: 'x'.repeat(20_001), at: T })).rejects.toMatchObject({ code: 'write.invalid' })
    expect(await getDb().activities.count()).toBe(0)
  })

  it('marks a task done with its own completion row, once, and the stream shows it done', async () => {
    const task = await assignCoachingTask({ customerId: 'c1', dealId: null, managerId: 'mgr1', assigneeId: 'rep1', subject: '练习异议处理', dueAt: T + 86_400_000, at: T })
    const done = await completeTask({ task, now: T + 5000 })
    expect(done).toEqual({ at: T + 5000, byUserId: 'rep1' })
    // Again (a double click, a second device): still the first mark, no second row.
    expect(await completeTask({ task, now: T + 9000 })).toEqual(done)
    expect(await getDb().taskCompletions.where('taskId').equals(task.id).count()).toBe(1)
    expect(await getDb().comments.count()).toBe(0)
    // The task row itself is untouched (activities are append-only); the mark syncs as an op.
    expect((await getDb().activities.get(task.id))!.status).toBe('planned')
    expect((await getDb().outbox.toArray()).filter((o) => o.table === 'taskCompletions')).toHaveLength(1)
    const marks = await taskCompletions([task.id, 'other'])
    const es = mergeTimeline({ activities: [task], taskDone: marks, now: T + 10_000 })
    expect(es[0]!.done).toEqual(done)
    await expect(completeTask({ task: { ...task, kind: 'note' }, now: T })).rejects.toThrow('timeline.not-a-task')
  })
})
