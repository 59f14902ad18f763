import { describe, expect, it } from 'vitest'
import type { Comment } from '../model/comment'
import {
  cleanTrackers,
  coachingProgress,
  coachQueue,
  libraryBySkill,
  nextStep,
  parseClock,
  questionScore,
  scorecardTotal,
  threadComments,
  trackerHits,
  waveformMark,
  NEW_CALL_MS,
  libraryBody,
  libraryShelves,
  parseLibraryBody
} from './coaching'

const c = (id: string, atMs: number | undefined, createdAt: number, extra: Partial<Comment> = {}): Comment => ({
  id,
  targetTable: 'recordings',
  targetId: 'r1',
  kind: 'comment',
  authorId: 'u1',
  body: id,
  createdAt,
  ...(atMs === undefined ? {} : { atMs }),
  ...extra
})

describe('comment threads', () => {
  it('sorts roots by time on the call and hangs replies under them, oldest first', () => {
    const rows = [
      c('b', 9000, 1),
      c('a', 2000, 5),
      c('r2', undefined, 9, { parentId: 'a' }),
      c('r1', undefined, 7, { parentId: 'a' }),
      c('x', undefined, 3)
    ]
    const t = threadComments(rows)
    expect(t.map((x) => x.comment.id)).toEqual(['a', 'b', 'x'])
    expect(t[0]!.replies.map((r) => r.id)).toEqual(['r1', 'r2'])
  })
  it('flattens a reply to a reply onto the root and keeps orphans visible', () => {
    const t = threadComments([
      c('a', 0, 1),
      c('r1', undefined, 2, { parentId: 'a' }),
      c('r2', undefined, 3, { parentId: 'r1' }),
      c('o', 5, 4, { parentId: 'gone' })
    ])
    expect(t.map((x) => x.comment.id)).toEqual(['a', 'o'])
    expect(t[0]!.replies.map((r) => r.id)).toEqual(['r1', 'r2'])
  })
  it('marks ranges as regions and bookmarks as markers', () => {
    expect(waveformMark({ kind: 'comment', atMs: 1000, endMs: 4000 })).toEqual({ startMs: 1000, endMs: 4000 })
    expect(waveformMark({ kind: 'bookmark', atMs: 1000, endMs: 4000 })).toEqual({ startMs: 1000 })
    expect(waveformMark({ kind: 'comment', atMs: 1000, endMs: 1000 })).toEqual({ startMs: 1000 })
    expect(waveformMark({ kind: 'comment' })).toBeNull()
  })
  it('reads clock times a coach types', () => {
    expect(parseClock('1:23')).toBe(83_000)
    expect(parseClock('83')).toBe(83_000)
    expect(parseClock('1:02:03')).toBe(3_723_000)
    expect(parseClock('0:07.5')).toBe(7500)
    expect(parseClock('abc')).toBeNull()
  })
})

describe('scorecard totals (hand-checked)', () => {
  const template = {
    questions: [
      { id: 'open', label: 'Opening', type: 'scale' as const, weight: 20 },
      { id: 'disc', label: 'Discovery', type: 'scale' as const, weight: 30 },
      { id: 'next', label: 'Next step', type: 'yes_no' as const, weight: 25 },
      { id: 'close', label: 'Close', type: 'choice' as const, weight: 25, options: ['strong', 'ok', 'weak'] }
    ]
  }
  it('weights every answered question', () => {
    // 20·(4/5) + 30·(3/5) + 25·1 + 25·0.5 = 16 + 18 + 25 + 12.5 = 71.5 of 100
    expect(scorecardTotal(template, { open: 4, disc: 3, next: true, close: 'ok' })).toEqual({
      total: 71.5,
      answered: 4,
      questions: 4,
      coverage: 1
    })
  })
  it('leaves unanswered questions out of both sides', () => {
    // open 5/5 (20) + next no (25): 20 / 45 = 44.4 %
    expect(scorecardTotal(template, { open: 5, next: false })).toEqual({ total: 44.4, answered: 2, questions: 4, coverage: 0.45 })
    expect(scorecardTotal(template, {}).total).toBeNull()
  })
  it('scores yes/no and choices', () => {
    const yn = template.questions[2]!
    expect(questionScore(yn, true)).toBe(1)
    expect(questionScore(yn, 'no')).toBe(0)
    expect(questionScore(yn, 3)).toBeNull()
    const ch = template.questions[3]!
    expect(questionScore(ch, 'strong')).toBe(1)
    expect(questionScore(ch, 'weak')).toBe(0)
    expect(questionScore(ch, 'other')).toBeNull()
    expect(questionScore({ ...ch, options: ['only'] }, 'only')).toBe(1)
  })
  it('ignores out-of-range scale values and zero weights', () => {
    expect(questionScore(template.questions[0]!, 6)).toBeNull()
    expect(questionScore(template.questions[0]!, 0)).toBeNull()
    expect(scorecardTotal({ questions: [{ id: 'a', label: 'a', type: 'scale', weight: 0 }] }, { a: 5 }).total).toBe(0)
  })
})

describe('keyword trackers', () => {
  const segs = [
    { id: 's1', recordingId: 'r1', startMs: 500, text: '您好，想跟您聊聊预算' },
    { id: 's2', recordingId: 'r1', startMs: 8000, text: '预算可以谈，但是折扣要再大一些' },
    { id: 's3', recordingId: 'r2', startMs: 100, text: 'We compared with SALESFORCE last year' }
  ]
  it('finds Chinese substrings and latin words case-insensitively', () => {
    expect(trackerHits(segs, ['预算', '折扣', 'Salesforce']).map((h) => `${h.segmentId}:${h.word}`)).toEqual([
      's1:预算',
      's2:预算',
      's2:折扣',
      's3:Salesforce'
    ])
  })
  it('cleans the word list', () => {
    expect(cleanTrackers([' 折扣 ', '折扣', '', 'ABC', 'abc'])).toEqual(['折扣', 'ABC'])
    expect(trackerHits(segs, ['  '])).toEqual([])
  })
})

describe('coach queue and library', () => {
  const now = 100 * 24 * 3600_000
  it('lists new, unscored and tracker-hit calls, hits first', () => {
    const recs = [
      { id: 'old-scored', importedAt: now - NEW_CALL_MS - 1 },
      { id: 'old-unscored', importedAt: now - NEW_CALL_MS - 2 },
      { id: 'new-scored', importedAt: now - 1000 },
      { id: 'hit', importedAt: now - NEW_CALL_MS - 5 }
    ]
    const hit = { recordingId: 'hit', segmentId: 's', startMs: 0, word: '折扣', text: '' }
    const q = coachQueue(recs, new Set(['old-scored', 'new-scored', 'hit']), [hit], now)
    expect(q.map((x) => x.recordingId)).toEqual(['hit', 'new-scored', 'old-unscored'])
    expect(q[1]).toMatchObject({ isNew: true, unscored: false })
  })
  it('groups great calls by skill, latest mark wins', () => {
    const m = (id: string, recordingId: string, skill: string, createdAt: number) => ({ id, recordingId, skill, createdAt })
    const lib = libraryBySkill([
      m('1', 'r1', '异议处理', 1),
      m('2', 'r2', '异议处理', 2),
      m('3', 'r1', '-异议处理', 3),
      m('4', 'r1', '开场', 4)
    ])
    expect(Object.fromEntries(lib)).toEqual({ 异议处理: ['r2'], 开场: ['r1'] })
  })
})

describe('16-character coaching tracker', () => {
  it('shows the latest step per rep and skill with history', () => {
    const s = (id: string, repId: string, skill: string, step: 'tell' | 'show' | 'explain' | 'do', at: number) => ({
      id,
      repId,
      skill,
      step,
      at
    })
    const p = coachingProgress([
      s('2', 'rep1', '开场', 'show', 20),
      s('1', 'rep1', '开场', 'tell', 10),
      s('3', 'rep2', '开场', 'tell', 5)
    ])
    const rep1 = [...p.values()].find((x) => x.repId === 'rep1')!
    expect(rep1.step).toBe('show')
    expect(rep1.stepIndex).toBe(2)
    expect(rep1.history.map((h) => h.id)).toEqual(['1', '2'])
    expect(nextStep(undefined)).toBe('tell')
    expect(nextStep('explain')).toBe('do')
    expect(nextStep('do')).toBe('do')
  })
})

describe('library notes', () => {
  it('a mark body carries the skill and the coach’s note; older bodies are a skill alone', () => {
    expect(libraryBody(' 开场 ', ' 先说来意，再确认时间 ')).toBe('开场\n先说来意，再确认时间')
    expect(libraryBody('开场', '  ')).toBe('开场')
    expect(parseLibraryBody('开场\n先说来意\n第二行')).toEqual({ skill: '开场', note: '先说来意\n第二行' })
    expect(parseLibraryBody('Discovery')).toEqual({ skill: 'Discovery' })
  })

  it('each shelf lists its calls with the latest mark’s note and author; a call taken out is gone', () => {
    const marks = [
      { id: 'a', recordingId: 'r1', skill: 'Opening', createdAt: 1, authorId: 'c1', note: 'Purpose in one line' },
      { id: 'b', recordingId: 'r1', skill: 'Opening', createdAt: 5, authorId: 'c2', note: 'Listen for 0:40' },
      { id: 'c', recordingId: 'r2', skill: 'Opening', createdAt: 2, authorId: 'c1' },
      { id: 'd', recordingId: 'r3', skill: 'Closing', createdAt: 3, authorId: 'c1', note: 'Asks for the date' },
      { id: 'e', recordingId: 'r3', skill: '-Closing', createdAt: 4, authorId: 'c1' }
    ]
    const shelves = libraryShelves(marks)
    expect([...shelves.keys()]).toEqual(['Opening'])
    expect(shelves.get('Opening')).toEqual([
      { recordingId: 'r1', at: 5, note: 'Listen for 0:40', authorId: 'c2' },
      { recordingId: 'r2', at: 2, authorId: 'c1' }
    ])
  })
})
