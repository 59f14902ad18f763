import { newId } from '@shared/ids'
import { libraryMarkId } from '@shared/model/library-mark'
import { commentRevisionId } from '@shared/model/comment-revision'
import type { Activity, Comment, Scorecard, ScorecardTemplate } from '@shared/model'
import type { ScorecardLink, ScorecardSuggestion } from '@shared/model/scorecard'

type ScorecardQuestion = ScorecardTemplate['questions'][number]
import {
  cleanTrackers,
  type CoachingSession,
  type CoachingStep,
  type LibraryMark,
  type ScorecardAnswers
} from '@shared/domain/coaching'
import { getDb } from './database'
import { write } from './write'

/**
 * Coaching writes: comments, bookmarks, scorecards, library marks and coaching sessions all go
 * through the one write path, and so do the keyword trackers (`keywordTrackers` records, shared
 * with the team).
 */

export const TRACKERS_KEY = 'coaching.trackers'

export interface NewComment {
  recordingId: string
  authorId: string
  kind: 'comment' | 'bookmark'
  atMs: number
  endMs?: number
  body: string
  parentId?: string
  now?: number
}

export async function addRecordingComment(c: NewComment): Promise<Comment> {
  const row: Comment = {
    id: newId(),
    targetTable: 'recordings',
    targetId: c.recordingId,
    kind: c.kind,
    atMs: Math.max(0, Math.round(c.atMs)),
    authorId: c.authorId,
    body: c.body.trim().slice(0, 10_000),
    createdAt: c.now ?? Date.now()
  }
  if (c.endMs !== undefined && c.kind === 'comment' && c.endMs > row.atMs!) row.endMs = Math.round(c.endMs)
  if (c.parentId) row.parentId = c.parentId
  return write((tx) => tx.insert('comments', row))
}

/** A recording's comments with their author's latest edit applied (`editedAt` set when edited). */
export async function commentsOn(recordingId: string): Promise<(Comment & { editedAt?: number })[]> {
  const db = getDb()
  const rows = await db.comments.where('[targetTable+targetId]').equals(['recordings', recordingId]).toArray()
  if (rows.length === 0) return rows
  // Only the author's own edit counts, whatever a sync brings in: its row is named by comment and author.
  const edits = await db.commentRevisions.bulkGet(rows.map((r) => commentRevisionId(r.id, r.authorId)))
  return rows.map((r, i) => {
    const e = edits[i]
    return e && !e.deleted && e.authorId === r.authorId ? { ...r, body: e.body, editedAt: e.editedAt } : r
  })
}

/** One scorecard per call and template: scoring again updates the same record. */
export async function saveScorecard(s: {
  templateId: string
  recordingId: string
  repId: string
  coachId: string
  answers: ScorecardAnswers
  /** What linked questions suggested, kept beside the coach's answers. */
  suggestions?: Record<string, ScorecardSuggestion>
  now?: number
}): Promise<Scorecard> {
  const existing = (await getDb().scorecards.where('recordingId').equals(s.recordingId).toArray()).find(
    (x) => x.templateId === s.templateId && !x.deleted
  )
  const row: Scorecard = {
    id: existing?.id ?? newId(),
    templateId: s.templateId,
    recordingId: s.recordingId,
    repId: s.repId,
    coachId: s.coachId,
    answers: s.answers,
    ...(s.suggestions && Object.keys(s.suggestions).length ? { suggestions: s.suggestions } : {}),
    scoredAt: s.now ?? Date.now()
  }
  return write((tx) => tx.upsert('scorecards', row))
}

/**
 * The team's keyword trackers, oldest first. Before trackers were records they were a local
 * list in `meta`; that list is still read until the first save turns it into records.
 */
export async function loadTrackers(): Promise<string[]> {
  const db = getDb()
  const rows = await db.keywordTrackers.toArray()
  if (rows.length === 0) {
    const v = (await db.meta.get(TRACKERS_KEY))?.value
    return Array.isArray(v) ? cleanTrackers(v.filter((w): w is string => typeof w === 'string')) : []
  }
  return cleanTrackers(rows.filter((r) => !r.deleted).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((r) => r.word))
}

/** Make the tracked words exactly `words`: new ones added, dropped ones removed, as synced records. */
export async function saveTrackers(words: readonly string[], opts: { authorId?: string; now?: number } = {}): Promise<string[]> {
  const clean = cleanTrackers(words)
  const db = getDb()
  const now = opts.now ?? Date.now()
  await write(async (tx) => {
    const rows = (await db.keywordTrackers.toArray()).filter((r) => !r.deleted)
    const keep = new Set(clean)
    for (const r of rows) if (!keep.has(r.word)) await tx.remove('keywordTrackers', r.id)
    const have = new Set(rows.map((r) => r.word))
    for (const [i, word] of clean.entries()) {
      if (have.has(word)) continue
      const by = opts.authorId ?? tx.actor
      await tx.insert('keywordTrackers', { id: newId(), word: word.slice(0, 40), createdAt: now + i, ...(by ? { createdBy: by } : {}) })
    }
  })
  await db.meta.delete(TRACKERS_KEY)
  return clean
}

export async function markForLibrary(p: {
  recordingId: string
  skill: string
  authorId: string
  remove?: boolean
  /** Why this call is a good example: what to listen for. */
  note?: string
  now?: number
}): Promise<void> {
  const skill = p.skill.replace(/\s+/g, ' ').trim().slice(0, 60)
  if (!skill) return
  const note = p.note?.trim().slice(0, 2000)
  await write(async (tx) => {
    const id = libraryMarkId(p.recordingId, skill)
    // The signed-in coach shelves it; without a session (tests, first launch) the caller says who.
    const authorId = tx.actor ?? p.authorId
    const markedAt = p.now ?? Date.now()
    const existing = await getDb().libraryMarks.get(id)
    if (p.remove) {
      if (existing && !existing.deleted) await tx.update('libraryMarks', id, { deleted: true, authorId, markedAt })
      return
    }
    // Shelving again replaces the note (none given: none shown), as a new mark always did.
    const row = { recordingId: p.recordingId, skill, authorId, markedAt, deleted: false }
    if (existing) await tx.update('libraryMarks', id, { ...row, note: note || undefined })
    else await tx.insert('libraryMarks', { id, ...row, ...(note ? { note } : {}) })
  })
}

export async function libraryMarks(): Promise<LibraryMark[]> {
  const rows = await getDb().libraryMarks.toArray()
  // A mark taken out reads as `-skill` (libraryBySkill's word for "out of the shelf").
  return rows.map((r) => ({
    id: r.id,
    recordingId: r.recordingId,
    skill: r.deleted ? `-${r.skill}` : r.skill,
    createdAt: r.markedAt,
    authorId: r.authorId,
    ...(r.note && !r.deleted ? { note: r.note } : {})
  }))
}

/**
 * A coaching session is a `coaching_comment` activity on the rep (userId), with the skill and
 * the step reached. Activities need a customer: the call's, else the rep's latest customer.
 */
export async function logCoachingSession(p: {
  repId: string
  coachId: string
  skill: string
  step: CoachingStep
  note?: string
  recordingId?: string
  now?: number
}): Promise<Activity> {
  const db = getDb()
  const now = p.now ?? Date.now()
  const recording = p.recordingId ? await db.recordings.get(p.recordingId) : undefined
  let customerId = recording?.customerId
  if (!customerId) {
    const latest = await db.activities.where('[userId+at]').between([p.repId, 0], [p.repId, Number.MAX_SAFE_INTEGER]).last()
    customerId = latest?.customerId ?? (await db.customers.where('ownerId').equals(p.repId).first())?.id
  }
  if (!customerId) throw new Error('coaching.no-customer')
  const row: Activity = {
    id: newId(),
    kind: 'coaching_comment',
    customerId,
    dealId: recording?.dealId ?? null,
    userId: p.repId,
    otherUserId: p.coachId,
    at: now,
    loggedAt: now,
    status: 'done',
    subject: p.skill.slice(0, 300),
    coachingSkill: p.skill.slice(0, 60),
    coachingStep: p.step,
    ...(p.note?.trim() ? { body: p.note.trim() } : {}),
    ...(p.recordingId ? { recordingId: p.recordingId } : {})
  }
  return write((tx) => tx.insert('activities', row))
}

export async function coachingSessions(): Promise<CoachingSession[]> {
  const rows = await getDb().activities.where('kind').equals('coaching_comment').toArray()
  return rows
    .filter((a) => a.coachingSkill && a.coachingStep)
    .map((a) => ({
      id: a.id,
      repId: a.userId,
      skill: a.coachingSkill!,
      step: a.coachingStep!,
      at: a.at,
      ...(a.otherUserId ? { coachId: a.otherUserId } : {}),
      ...(a.body ? { note: a.body } : {})
    }))
}

export type TemplateQuestionDraft = Omit<ScorecardQuestion, 'id'> & { id?: string }

export class TemplateInvalidError extends Error {
  constructor(
    readonly code: 'template.no-name' | 'template.no-questions' | 'template.no-label' | 'template.few-options' | 'template.bad-link',
    readonly params: Record<string, string | number> = {}
  ) {
    super(code)
  }
}

/**
 * Create or edit a scorecard template. Questions keep their ids through edits and reordering,
 * because saved scorecards answer by question id; new questions get fresh ones.
 */
export async function saveScorecardTemplate(draft: TemplateDraft): Promise<ScorecardTemplate> {
  return write((tx) => tx.upsert('scorecardTemplates', cleanScorecardTemplate(draft)))
}

export type TemplateDraft = { id?: string; name: string; questions: readonly TemplateQuestionDraft[] }

/** A template draft as it would be saved, or the first thing wrong with it (a TemplateInvalidError). */
export function cleanScorecardTemplate(draft: TemplateDraft): ScorecardTemplate {
  const name = draft.name.trim()
  if (!name) throw new TemplateInvalidError('template.no-name')
  if (draft.questions.length === 0) throw new TemplateInvalidError('template.no-questions')
  const questions: ScorecardQuestion[] = draft.questions.map((q, i) => {
    const label = q.label.trim()
    if (!label) throw new TemplateInvalidError('template.no-label', { n: i + 1 })
    const options = (q.options ?? []).map((o) => o.trim()).filter(Boolean)
    if (q.type === 'choice' && options.length < 2) throw new TemplateInvalidError('template.few-options', { n: i + 1 })
    const link = cleanLink(q.link)
    if (link === 'bad') throw new TemplateInvalidError('template.bad-link', { n: i + 1 })
    return {
      id: q.id ?? `q-${newId().slice(0, 8)}`,
      label,
      type: q.type,
      weight: Math.max(0, Math.min(100, Math.round(q.weight))),
      ...(q.type === 'choice' ? { options } : {}),
      ...(q.skill?.trim() ? { skill: q.skill.trim() } : {}),
      ...(link ? { link } : {})
    }
  })
  return { id: draft.id ?? newId(), name, questions }
}

/**
 * A question's link as saved: a tracker word trimmed, bounds rounded to 0.1; 'bad' when it
 * names nothing, has no bound at all, or its range is empty (min above max).
 */
function cleanLink(link: ScorecardLink | undefined): ScorecardLink | undefined | 'bad' {
  if (!link) return undefined
  const bound = (v: number | undefined): number | undefined => (v === undefined || !Number.isFinite(v) ? undefined : Math.max(0, Math.round(v * 10) / 10))
  const min = bound(link.min)
  const max = bound(link.max)
  if ((min === undefined && max === undefined) || (min !== undefined && max !== undefined && min > max)) return 'bad'
  const range = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }
  if (link.source === 'tracker') {
    const word = link.word.trim().slice(0, 60)
    return word ? { source: 'tracker', word, ...range } : 'bad'
  }
  return { source: 'metric', figure: link.figure, ...range }
}

/** Change the text of one's own comment (comments are append-only: the edit is its own row, the latest wins). */
export async function editRecordingComment(p: { commentId: string; authorId: string; body: string; now?: number }): Promise<void> {
  const original = await getDb().comments.get(p.commentId)
  if (!original) throw new Error(`comment ${p.commentId} not found`)
  const body = p.body.trim().slice(0, 10_000)
  await write(async (tx) => {
    const authorId = tx.actor ?? p.authorId
    if (original.authorId !== authorId) throw new Error('comment.not-own')
    if (!body) return
    const id = commentRevisionId(p.commentId, authorId)
    const row = { commentId: p.commentId, authorId, body, editedAt: p.now ?? Date.now(), deleted: false }
    if (await getDb().commentRevisions.get(id)) await tx.update('commentRevisions', id, row)
    else await tx.insert('commentRevisions', { id, ...row })
  })
}
