import { describe, expect, it } from 'vitest'
import { commentRevisionId, legacyMark, libraryMarkId, modelKinds, rewriteLegacyMarkOp, taskCompletionId } from './index'

const comment = (targetTable: string, targetId: string, body: string, authorId = 'coach-1', createdAt = 1_763_800_000_000) => ({
  targetTable,
  targetId,
  kind: 'bookmark',
  authorId,
  body,
  createdAt
})

describe('old marks (comments on pseudo tables) as their kinds', () => {
  it('a library mark: skill and note from the body, `-skill` takes the call out, a mark without a note clears it', () => {
    expect(legacyMark(comment('callLibrary', 'rec-1', ' 异议 处理 \n 先认同再澄清 '))).toEqual({
      table: 'libraryMarks',
      rowId: libraryMarkId('rec-1', '异议 处理'),
      fields: { recordingId: 'rec-1', skill: '异议 处理', note: '先认同再澄清', authorId: 'coach-1', markedAt: 1_763_800_000_000, deleted: false }
    })
    expect(legacyMark(comment('callLibrary', 'rec-1', 'Discovery'))?.fields).toMatchObject({ skill: 'Discovery', note: null, deleted: false })
    const out = legacyMark(comment('callLibrary', 'rec-1', '-异议 处理'))
    expect(out?.rowId).toBe(libraryMarkId('rec-1', '异议 处理'))
    expect(out?.fields).toMatchObject({ skill: '异议 处理', deleted: true })
    expect(out?.fields).not.toHaveProperty('note')
  })

  it('a task done and a comment edit: one row per task, one per comment and author', () => {
    expect(legacyMark(comment('taskDone', 'task-1', '', 'rep-1'))).toEqual({
      table: 'taskCompletions',
      rowId: taskCompletionId('task-1'),
      fields: { taskId: 'task-1', doneAt: 1_763_800_000_000, byUserId: 'rep-1', deleted: false }
    })
    const own = legacyMark(comment('commentEdits', 'c-1', '更正后的话', 'rep-1'))
    const other = legacyMark(comment('commentEdits', 'c-1', '别人的话', 'mgr-1'))
    expect(own?.rowId).toBe(commentRevisionId('c-1', 'rep-1'))
    expect(other?.rowId).not.toBe(own?.rowId)
    expect(own?.fields).toEqual({ commentId: 'c-1', authorId: 'rep-1', body: '更正后的话', editedAt: 1_763_800_000_000, deleted: false })
  })

  it('every rewritten mark is a valid row of its kind; ordinary comments and other ops pass untouched', () => {
    for (const c of [comment('callLibrary', 'r', '开场\n说明来意'), comment('callLibrary', 'r', '-开场'), comment('taskDone', 't', ''), comment('commentEdits', 'c', 'x')]) {
      const m = legacyMark(c)!
      const row = Object.fromEntries(Object.entries({ id: m.rowId, ...m.fields }).filter(([, v]) => v !== null))
      expect(modelKinds[m.table].schema.safeParse(row).success, `${c.targetTable} ${c.body}`).toBe(true)
    }
    const ordinary = { table: 'comments', rowId: 'c-9', hlc: 'h', schemaVersion: 1, fields: comment('recordings', 'rec-1', '好问题') }
    expect(rewriteLegacyMarkOp(ordinary)).toBe(ordinary)
    const deal = { table: 'deals', rowId: 'd', hlc: 'h', schemaVersion: 1, fields: { targetTable: 'taskDone' } }
    expect(rewriteLegacyMarkOp(deal)).toBe(deal)
    const rewritten = rewriteLegacyMarkOp({ table: 'comments', rowId: 'old-id', hlc: 'h', schemaVersion: 1, fields: comment('taskDone', 't-1', ''), seen: { body: 'x' } })
    expect(rewritten).toEqual({ table: 'taskCompletions', rowId: taskCompletionId('t-1'), hlc: 'h', schemaVersion: 1, fields: expect.objectContaining({ taskId: 't-1' }) })
  })

  it('ids are named by what is marked: the same on every laptop and the hub, different for different things', () => {
    expect(libraryMarkId('rec-1', '开场')).toBe(libraryMarkId('rec-1', '开场'))
    expect(libraryMarkId('rec-1', '开场')).not.toBe(libraryMarkId('rec-1', '开场白'))
    expect(libraryMarkId('rec-1', 'a')).not.toBe(libraryMarkId('rec-1a', ''))
    expect(libraryMarkId('r'.repeat(64), 'x'.repeat(60)).length).toBeLessThanOrEqual(64)
  })
})
