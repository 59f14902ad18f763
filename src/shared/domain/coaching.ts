import type { Comment } from '../model/comment'
import type { ScorecardTemplate } from '../model/scorecard'
import { normalizeForSearch } from './search'

/**
 * Coaching on recorded calls: comment threads at timestamps, scorecard totals, keyword-tracker
 * hits, the coach queue, the call library and the 16-character method (我说你听 → 我做你看 →
 * 你说我听 → 你做我看). Pure: no I/O, `now` is passed in.
 */

// ---------- comments and bookmarks ----------

export interface CommentThread {
  comment: Comment
  replies: Comment[]
}

/** Top-level comments and bookmarks by time on the call (untimed last), each with its replies oldest first. */
export function threadComments(comments: readonly Comment[]): CommentThread[] {
  const byId = new Map(comments.map((c) => [c.id, c]))
  const roots: Comment[] = []
  const replies = new Map<string, Comment[]>()
  for (const c of comments) {
    // A reply whose parent never arrived (sync order) still shows, as its own thread.
    if (c.parentId && byId.has(c.parentId)) {
      const list = replies.get(c.parentId) ?? []
      list.push(c)
      replies.set(c.parentId, list)
    } else roots.push(c)
  }
  // Replies to replies are flattened onto the root so a thread stays one level deep.
  const rootOf = (c: Comment): string => {
    let cur = c
    const seen = new Set<string>()
    while (cur.parentId && byId.has(cur.parentId) && !seen.has(cur.id)) {
      seen.add(cur.id)
      cur = byId.get(cur.parentId)!
    }
    return cur.id
  }
  const flat = new Map<string, Comment[]>()
  for (const list of replies.values()) {
    for (const r of list) {
      const root = rootOf(r)
      const l = flat.get(root) ?? []
      l.push(r)
      flat.set(root, l)
    }
  }
  return sortByTime(roots).map((comment) => ({
    comment,
    replies: (flat.get(comment.id) ?? []).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  }))
}

export function sortByTime<T extends Pick<Comment, 'atMs' | 'createdAt' | 'id'>>(rows: readonly T[]): T[] {
  const at = (c: T): number => c.atMs ?? Number.POSITIVE_INFINITY
  return [...rows].sort((a, b) => at(a) - at(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** A region (start < end) for a comment with a range, a marker for a bookmark or a point comment. */
export function waveformMark(c: Pick<Comment, 'atMs' | 'endMs' | 'kind'>): { startMs: number; endMs?: number } | null {
  if (c.atMs === undefined) return null
  if (c.kind === 'comment' && c.endMs !== undefined && c.endMs > c.atMs) return { startMs: c.atMs, endMs: c.endMs }
  return { startMs: c.atMs }
}

/** "1:23", "83", "1:02:03" or "1:23-1:40" typed by a coach → milliseconds; null when unreadable. */
export function parseClock(s: string): number | null {
  const m = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(s)
  if (!m) return null
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number)
  let sec = 0
  for (const p of parts) sec = sec * 60 + p
  return Math.round(sec * 1000)
}

// ---------- scorecards ----------

export type ScorecardAnswer = number | boolean | string
export type ScorecardAnswers = Record<string, ScorecardAnswer>

/** Scale questions are scored 1–5. */
export const SCALE_MAX = 5

export interface ScoreTotal {
  /** 0–100, weighted over the answered questions; null when nothing is answered. */
  total: number | null
  answered: number
  questions: number
  /** Share of the template's weight that was answered (0–1): a total over 20 % of the weight is thin. */
  coverage: number
}

/**
 * One question's score 0…1, or null when unanswered/invalid. Scale: value / 5 (so 4 of 5 = 0.8).
 * Yes/no: yes = 1, no = 0. Choice: options are listed best first; the first scores 1, the last 0,
 * evenly between (a single option scores 1).
 */
export function questionScore(q: ScorecardTemplate['questions'][number], a: ScorecardAnswer | undefined): number | null {
  if (a === undefined || a === '') return null
  if (q.type === 'scale') {
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 1 || a > SCALE_MAX) return null
    return a / SCALE_MAX
  }
  if (q.type === 'yes_no') {
    if (typeof a === 'boolean') return a ? 1 : 0
    if (a === 'yes') return 1
    if (a === 'no') return 0
    return null
  }
  const options = q.options ?? []
  const i = typeof a === 'string' ? options.indexOf(a) : -1
  if (i < 0) return null
  return options.length === 1 ? 1 : 1 - i / (options.length - 1)
}

/**
 * Weighted total of a scored call. Unanswered questions are left out of both sides (the total
 * is over what the coach judged), and `coverage` says how much weight that was.
 */
export function scorecardTotal(template: Pick<ScorecardTemplate, 'questions'>, answers: ScorecardAnswers): ScoreTotal {
  let weightAll = 0
  let weightAnswered = 0
  let points = 0
  let answered = 0
  for (const q of template.questions) {
    weightAll += q.weight
    const s = questionScore(q, answers[q.id])
    if (s === null) continue
    answered++
    weightAnswered += q.weight
    points += q.weight * s
  }
  let total: number | null = null
  if (answered > 0) total = weightAnswered > 0 ? Math.round((points / weightAnswered) * 1000) / 10 : 0
  return { total, answered, questions: template.questions.length, coverage: weightAll > 0 ? weightAnswered / weightAll : 0 }
}

// ---------- keyword trackers ----------

export interface TrackerSegment {
  id: string
  recordingId: string
  startMs: number
  text: string
}

export interface TrackerHit {
  recordingId: string
  segmentId: string
  startMs: number
  word: string
  text: string
}

/** Tracker words cleaned: trimmed, deduplicated by their search form, empties dropped. */
export function cleanTrackers(words: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const w of words) {
    const t = w.trim().slice(0, 60)
    const k = normalizeForSearch(t)
    if (!k || seen.has(k)) continue
    seen.add(k)
    out.push(t)
  }
  return out
}

/** Every transcript moment that mentions a tracker word (Chinese substring, latin case-insensitive). */
export function trackerHits(segments: readonly TrackerSegment[], words: readonly string[]): TrackerHit[] {
  const keys = cleanTrackers(words).map((w) => ({ word: w, key: normalizeForSearch(w) }))
  if (keys.length === 0) return []
  const hits: TrackerHit[] = []
  for (const s of segments) {
    const text = normalizeForSearch(s.text)
    for (const k of keys) {
      if (text.includes(k.key))
        hits.push({ recordingId: s.recordingId, segmentId: s.id, startMs: s.startMs, word: k.word, text: s.text })
    }
  }
  return hits.sort((a, b) => a.recordingId.localeCompare(b.recordingId) || a.startMs - b.startMs)
}

// ---------- coach queue ----------

/** A call counts as new for this long after import. */
export const NEW_CALL_MS = 7 * 24 * 3600_000

export interface QueueItem {
  recordingId: string
  isNew: boolean
  unscored: boolean
  hits: TrackerHit[]
}

/** Calls that want a coach: new ones, unscored ones and those with tracker hits; hits first, then newest. */
export function coachQueue(
  recordings: readonly { id: string; importedAt: number }[],
  scoredIds: ReadonlySet<string>,
  hits: readonly TrackerHit[],
  now: number
): QueueItem[] {
  const byRec = new Map<string, TrackerHit[]>()
  for (const h of hits) byRec.set(h.recordingId, [...(byRec.get(h.recordingId) ?? []), h])
  const imported = new Map(recordings.map((r) => [r.id, r.importedAt]))
  return recordings
    .map((r) => ({
      recordingId: r.id,
      isNew: now - r.importedAt < NEW_CALL_MS,
      unscored: !scoredIds.has(r.id),
      hits: byRec.get(r.id) ?? []
    }))
    .filter((q) => q.isNew || q.unscored || q.hits.length > 0)
    .sort((a, b) => b.hits.length - a.hits.length || (imported.get(b.recordingId) ?? 0) - (imported.get(a.recordingId) ?? 0))
}

// ---------- call library ----------

/** A library mark as stored (a comment row on `callLibrary`): body is the skill, `-skill` takes the call out. */
export interface LibraryMark {
  recordingId: string
  skill: string
  createdAt: number
  id: string
  /** Why the coach shelved it: what to listen for. */
  note?: string
  authorId?: string
}

/**
 * A library mark's comment body: the skill on the first line, the coach's note after it (a
 * body without a line break is a skill alone, as marks were before notes).
 */
export function libraryBody(skill: string, note?: string): string {
  const s = skill.replace(/\s+/g, ' ').trim()
  const n = note?.trim()
  return n ? `${s}\n${n}` : s
}

export function parseLibraryBody(body: string): { skill: string; note?: string } {
  const i = body.indexOf('\n')
  if (i < 0) return { skill: body.trim() }
  const note = body.slice(i + 1).trim()
  return { skill: body.slice(0, i).trim(), ...(note ? { note } : {}) }
}

export interface LibraryEntry {
  recordingId: string
  /** The latest mark's note and author: why the call is on this shelf, and who said so. */
  note?: string
  authorId?: string
  at: number
}

/** The library's shelves (skill → calls) with why each call is there. */
export function libraryShelves(marks: readonly LibraryMark[]): Map<string, LibraryEntry[]> {
  const latest = new Map<string, LibraryMark>()
  for (const m of marks) {
    const k = `${m.recordingId}\u0000${m.skill}`
    const prev = latest.get(k)
    if (!prev || m.createdAt > prev.createdAt || (m.createdAt === prev.createdAt && m.id > prev.id)) latest.set(k, m)
  }
  const out = new Map<string, LibraryEntry[]>()
  for (const [skill, ids] of libraryBySkill(marks)) {
    out.set(
      skill,
      ids.map((recordingId) => {
        const m = latest.get(`${recordingId}\u0000${skill}`)
        return { recordingId, at: m?.createdAt ?? 0, ...(m?.note ? { note: m.note } : {}), ...(m?.authorId ? { authorId: m.authorId } : {}) }
      })
    )
  }
  return out
}

/** Great calls by skill; the latest mark per call and skill wins, so a call can be taken out again. */
export function libraryBySkill(marks: readonly LibraryMark[]): Map<string, string[]> {
  const latest = new Map<string, LibraryMark>()
  for (const m of [...marks].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))) {
    const skill = m.skill.replace(/^-/, '')
    latest.set(`${m.recordingId}\u0000${skill}`, m)
  }
  const out = new Map<string, string[]>()
  for (const m of latest.values()) {
    if (m.skill.startsWith('-') || !m.skill) continue
    out.set(m.skill, [...(out.get(m.skill) ?? []), m.recordingId])
  }
  return new Map([...out.entries()].sort((a, b) => a[0].localeCompare(b[0])))
}

// ---------- the 16-character method ----------

/** 我说你听 → 我做你看 → 你说我听 → 你做我看: the coach tells, shows, the rep tells back, the rep does. */
export const COACHING_STEPS = ['tell', 'show', 'explain', 'do'] as const
export type CoachingStep = (typeof COACHING_STEPS)[number]
export const COACHING_STEP_ZH: Record<CoachingStep, string> = {
  tell: '我说你听',
  show: '我做你看',
  explain: '你说我听',
  do: '你做我看'
}

export interface CoachingSession {
  id: string
  repId: string
  skill: string
  step: CoachingStep
  at: number
  coachId?: string
  note?: string
}

export interface SkillProgress {
  repId: string
  skill: string
  /** The step of the latest session. */
  step: CoachingStep
  /** 1–4: how far along the method the rep is. */
  stepIndex: number
  /** Every session for this rep and skill, oldest first. */
  history: CoachingSession[]
}

/** Where each rep stands per skill: the latest session's step, with the whole history. */
export function coachingProgress(sessions: readonly CoachingSession[]): Map<string, SkillProgress> {
  const groups = new Map<string, CoachingSession[]>()
  for (const s of sessions) {
    const k = progressKey(s.repId, s.skill)
    groups.set(k, [...(groups.get(k) ?? []), s])
  }
  const out = new Map<string, SkillProgress>()
  for (const [k, list] of groups) {
    const history = list.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    const last = history[history.length - 1]!
    out.set(k, {
      repId: last.repId,
      skill: last.skill,
      step: last.step,
      stepIndex: COACHING_STEPS.indexOf(last.step) + 1,
      history
    })
  }
  return out
}

export function progressKey(repId: string, skill: string): string {
  return `${repId}\u0000${skill}`
}

/** The step a coach would log next: one further than the latest, staying at the last step. */
export function nextStep(current: CoachingStep | undefined): CoachingStep {
  if (!current) return 'tell'
  return COACHING_STEPS[Math.min(COACHING_STEPS.length - 1, COACHING_STEPS.indexOf(current) + 1)]!
}

/** Skills a scorecard template trains, in order, deduplicated. */
export function templateSkills(templates: readonly Pick<ScorecardTemplate, 'questions'>[]): string[] {
  return [...new Set(templates.flatMap((t) => t.questions.map((q) => q.skill).filter((s): s is string => Boolean(s))))]
}
