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
import { outboxOps } from './outbox'
import { libraryBySkill, libraryShelves } from '@shared/domain/coaching'

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

  it('keeps what linked questions suggested beside the coach’s answers', async () => {
    await saveScorecard({
      templateId: 't1',
      recordingId: 'r1',
      repId: 'rep1',
      coachId: 'm1',
      answers: { listen: 5, price: true },
      suggestions: { listen: { answer: 3, value: 65, verdict: 'near' }, price: { answer: true, value: 2, verdict: 'pass', moments: [30_000, 95_500] } },
      now: T
    })
    const [row] = await getDb().scorecards.toArray()
    expect(row!.answers).toEqual({ listen: 5, price: true })
    expect(row!.suggestions!.listen).toEqual({ answer: 3, value: 65, verdict: 'near' })
    // The op that syncs carries both too.
    const ops = (await outboxOps(getDb())).filter((o) => o.table === 'scorecards')
    expect(ops.at(-1)!.fields).toMatchObject({ answers: { listen: 5 }, suggestions: { price: { moments: [30_000, 95_500] } } })
  })

  it('trackers live in meta, cleaned', async () => {
    expect(await loadTrackers()).toEqual([])
    await saveTrackers(['折扣', ' 预算', '折扣', ''])
    expect(await loadTrackers()).toEqual(['折扣', '预算'])
  })

  it('library marks and coaching sessions', async () => {
    await markForLibrary({ recordingId: 'r1', skill: '异议处理', authorId: 'm1', now: T })
    expect(libraryBySkill(await libraryMarks())).toEqual(new Map([['异议处理', ['r1']]]))
    await markForLibrary({ recordingId: 'r1', skill: '异议处理', authorId: 'm1', remove: true, now: T + 1 })
    // One row per call and skill: taking the call out is `deleted` on that row, and the shelf is empty.
    expect((await libraryMarks()).map((m) => m.skill)).toEqual(['-异议处理'])
    expect(libraryBySkill(await libraryMarks()).size).toBe(0)
    expect(await getDb().libraryMarks.count()).toBe(1)
    await markForLibrary({ recordingId: 'r1', skill: '异议处理', authorId: 'm1', note: '先认同再澄清', now: T + 2 })
    expect(libraryShelves(await libraryMarks()).get('异议处理')).toEqual([{ recordingId: 'r1', at: T + 2, note: '先认同再澄清', authorId: 'm1' }])
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

describe('scorecard templates and comment edits', () => {
  it('saves a template with scale, yes/no and choice questions; edits keep question ids', async () => {
    const { saveScorecardTemplate } = await import('./coaching')
    const tpl = await saveScorecardTemplate({
      name: ' 报价沟通 ',
      questions: [
        { label: '说明价格构成', type: 'scale', weight: 50, skill: '价值呈现' },
        { label: '约定下一步', type: 'yes_no', weight: 30 },
        { label: '客户的主要顾虑', type: 'choice', weight: 20, options: ['价格', ' 竞品 ', ''] }
      ]
    })
    expect(tpl.name).toBe('报价沟通')
    expect(tpl.questions.map((q) => q.type)).toEqual(['scale', 'yes_no', 'choice'])
    expect(tpl.questions[2]!.options).toEqual(['价格', '竞品'])
    // Reorder, drop one, add one: the kept questions keep their ids (scores answer by id).
    const [a, , c] = tpl.questions
    const edited = await saveScorecardTemplate({ id: tpl.id, name: tpl.name, questions: [c!, a!, { label: '开场', type: 'scale', weight: 10 }] })
    expect(edited.questions.map((q) => q.id).slice(0, 2)).toEqual([c!.id, a!.id])
    expect((await getDb().scorecardTemplates.get(tpl.id))!.questions).toHaveLength(3)
  })

  it('refuses a template a coach could not score with', async () => {
    const { saveScorecardTemplate } = await import('./coaching')
    await expect(saveScorecardTemplate({ name: '', questions: [{ label: 'x', type: 'scale', weight: 1 }] })).rejects.toMatchObject({ code: 'template.no-name' })
    await expect(saveScorecardTemplate({ name: 'a', questions: [] })).rejects.toMatchObject({ code: 'template.no-questions' })
    await expect(saveScorecardTemplate({ name: 'a', questions: [{ label: 'x', type: 'choice', weight: 1, options: ['只有一个'] }] })).rejects.toMatchObject({
      code: 'template.few-options',
      params: { n: 1 }
    })
    // A link needs a bound, a non-empty range and a word.
    const q = { label: 'x', type: 'scale' as const, weight: 1 }
    await expect(saveScorecardTemplate({ name: 'a', questions: [q, { ...q, link: { source: 'metric', figure: 'talkRatio' } }] })).rejects.toMatchObject({
      code: 'template.bad-link',
      params: { n: 2 }
    })
    await expect(saveScorecardTemplate({ name: 'a', questions: [{ ...q, link: { source: 'metric', figure: 'talkRatio', min: 60, max: 40 } }] })).rejects.toMatchObject({
      code: 'template.bad-link'
    })
    await expect(saveScorecardTemplate({ name: 'a', questions: [{ ...q, link: { source: 'tracker', word: '  ', min: 1 } }] })).rejects.toMatchObject({
      code: 'template.bad-link'
    })
  })

  it('saves a question’s link to a tracker or a figure', async () => {
    const { saveScorecardTemplate } = await import('./coaching')
    const tpl = await saveScorecardTemplate({
      name: '倾听',
      questions: [
        { label: '让客户多说', type: 'scale', weight: 60, link: { source: 'metric', figure: 'talkRatio', min: 40, max: 60.04 } },
        { label: '谈到价格', type: 'yes_no', weight: 40, link: { source: 'tracker', word: ' 价格 ', min: 1 } }
      ]
    })
    expect(tpl.questions.map((q) => q.link)).toEqual([
      { source: 'metric', figure: 'talkRatio', min: 40, max: 60 },
      { source: 'tracker', word: '价格', min: 1 }
    ])
    expect((await getDb().scorecardTemplates.get(tpl.id))!.questions[1]!.link).toEqual({ source: 'tracker', word: '价格', min: 1 })
  })

  it('lets the author edit a comment; others cannot, and the latest edit shows', async () => {
    const { editRecordingComment } = await import('./coaching')
    const c = await addRecordingComment({ recordingId: 'r1', authorId: 'coach1', kind: 'comment', atMs: 1000, body: '开场太长', now: T })
    await editRecordingComment({ commentId: c.id, authorId: 'coach1', body: '开场太长，先说来意', now: T + 1 })
    await expect(editRecordingComment({ commentId: c.id, authorId: 'someone-else', body: '改掉', now: T + 2 })).rejects.toThrow('comment.not-own')
    const [shown] = await commentsOn('r1')
    expect([shown!.body, shown!.editedAt]).toEqual(['开场太长，先说来意', T + 1])
  })
})
