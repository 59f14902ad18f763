import { newId } from '@shared/ids'
import type { Activity, Comment, Scorecard } from '@shared/model'
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
 * through the one write path. Keyword trackers are a local setting in `db.meta` for now (they
 * do not sync until the team hub has a settings kind for them).
 */

export const TRACKERS_KEY = 'coaching.trackers'
/** Library marks are comment rows on this target table: body = skill, `-skill` takes the call out again. */
export const LIBRARY_TABLE = 'callLibrary'

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

export async function commentsOn(recordingId: string): Promise<Comment[]> {
  return getDb().comments.where('[targetTable+targetId]').equals(['recordings', recordingId]).toArray()
}

/** One scorecard per call and template: scoring again updates the same record. */
export async function saveScorecard(s: {
  templateId: string
  recordingId: string
  repId: string
  coachId: string
  answers: ScorecardAnswers
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
    scoredAt: s.now ?? Date.now()
  }
  return write((tx) => tx.upsert('scorecards', row))
}

export async function loadTrackers(): Promise<string[]> {
  const v = (await getDb().meta.get(TRACKERS_KEY))?.value
  return Array.isArray(v) ? cleanTrackers(v.filter((w): w is string => typeof w === 'string')) : []
}

export async function saveTrackers(words: readonly string[]): Promise<string[]> {
  const clean = cleanTrackers(words)
  await getDb().meta.put({ key: TRACKERS_KEY, value: clean })
  return clean
}

export async function markForLibrary(p: {
  recordingId: string
  skill: string
  authorId: string
  remove?: boolean
  now?: number
}): Promise<void> {
  const skill = p.skill.trim().slice(0, 60)
  if (!skill) return
  await write((tx) =>
    tx.insert('comments', {
      id: newId(),
      targetTable: LIBRARY_TABLE,
      targetId: p.recordingId,
      kind: 'bookmark',
      authorId: p.authorId,
      body: p.remove ? `-${skill}` : skill,
      createdAt: p.now ?? Date.now()
    })
  )
}

export async function libraryMarks(): Promise<LibraryMark[]> {
  const rows = await getDb().comments.where('targetTable').equals(LIBRARY_TABLE).toArray()
  return rows.map((r) => ({ id: r.id, recordingId: r.targetId, skill: r.body, createdAt: r.createdAt }))
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
