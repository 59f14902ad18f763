import { beforeEach, describe, expect, it } from 'vitest'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import {
  addRecordingComment,
  coachingSessions,
  commentsOn,
  libraryMarks,
  loadTrackers,
  logCoachingSession,
  markForLibrary,
  saveScorecard,
  saveTrackers
} from './coaching'

const T = 1_800_000_000_000
const SHA = 'a'.repeat(64)
let n = 0

beforeEach(async () => {
  useDb(new CockpitDb(`coaching-test-${++n}`))
  setWriteClock(() => T)
  // Only the fields the coaching writes read; the customer is put directly, outside the write path.
  await getDb().customers.put({ id: 'c1', name: '瑞康医疗', ownerId: 'rep1', orgUnitId: 'team1' } as never)
  await write(async (tx) => {
    await tx.insert('recordings', {
      id: 'r1',
      sha256: SHA,
      customerId: 'c1',
      durationMs: 60_000,
      channels: 2,
      codec: 'pcm',
      sizeBytes: 10,
      originalName: 'call.wav',
      importedAt: T
    })
  })
})

describe('coaching writes', () => {
  it('comments are append-only rows with their outbox ops; ranges only on comments', async () => {
    const root = await addRecordingComment({ recordingId: 'r1', authorId: 'm1', kind: 'comment', atMs: 2000, endMs: 5000, body: ' 开场太长 ', now: T })
    await addRecordingComment({ recordingId: 'r1', authorId: 'm1', kind: 'bookmark', atMs: 9000, endMs: 12_000, body: '', now: T })
    await addRecordingComment({ recordingId: 'r1', authorId: 'rep1', kind: 'comment', atMs: 2000, body: '收到', parentId: root.id, now: T + 1 })
    const rows = await commentsOn('r1')
    expect(rows).toHaveLength(3)
    expect(rows.find((r) => r.id === root.id)).toMatchObject({ targetTable: 'recordings', atMs: 2000, endMs: 5000, body: '开场太长' })
    expect(rows.find((r) => r.kind === 'bookmark')?.endMs).toBeUndefined()
    expect(await getDb().outbox.where('table').equals('comments').count()).toBe(3)
  })

  it('scoring a call twice updates one scorecard', async () => {
    const a = await saveScorecard({ templateId: 't1', recordingId: 'r1', repId: 'rep1', coachId: 'm1', answers: { open: 3 }, now: T })
    const b = await saveScorecard({ templateId: 't1', recordingId: 'r1', repId: 'rep1', coachId: 'm1', answers: { open: 5, next: true }, now: T + 5 })
    expect(b.id).toBe(a.id)
    expect(await getDb().scorecards.toArray()).toMatchObject([{ answers: { open: 5, next: true } }])
  })

  it('trackers live in meta, cleaned', async () => {
    expect(await loadTrackers()).toEqual([])
    await saveTrackers(['折扣', ' 预算', '折扣', ''])
    expect(await loadTrackers()).toEqual(['折扣', '预算'])
  })

  it('library marks and coaching sessions', async () => {
    await markForLibrary({ recordingId: 'r1', skill: '异议处理', authorId: 'm1', now: T })
    await markForLibrary({ recordingId: 'r1', skill: '异议处理', authorId: 'm1', remove: true, now: T + 1 })
    expect((await libraryMarks()).map((m) => m.skill)).toEqual(['异议处理', '-异议处理'])
    await logCoachingSession({ repId: 'rep1', coachId: 'm1', skill: '开场', step: 'tell', recordingId: 'r1', now: T })
    // Without a call, the rep's own customer carries the activity.
    await logCoachingSession({ repId: 'rep1', coachId: 'm1', skill: '开场', step: 'show', note: '角色扮演', now: T + 10 })
    const sessions = await coachingSessions()
    expect(sessions.map((s) => [s.step, s.coachId])).toEqual([
      ['tell', 'm1'],
      ['show', 'm1']
    ])
    const acts = await getDb().activities.where('kind').equals('coaching_comment').toArray()
    expect(acts.every((a) => a.customerId === 'c1' && a.userId === 'rep1')).toBe(true)
    await expect(logCoachingSession({ repId: 'nobody', coachId: 'm1', skill: '开场', step: 'tell', now: T })).rejects.toThrow('coaching.no-customer')
  })
})
