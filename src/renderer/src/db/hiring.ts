import { newId } from '@shared/ids'
import type { Candidate, CoachingPlan, InterviewScore, InterviewTemplate } from '@shared/model'
import type { UserRole } from '@shared/model/user'
import {
  canMove,
  defaultInterviewFactors,
  templateProblems,
  validAnswer,
  type CandidateStage,
  type InterviewFactor,
  type TemplateProblem
} from '@shared/domain/hiring'
import { getDb } from './database'
import { write } from './write'

/**
 * Hiring writes, all through the one write path with the signed-in person as the actor:
 * the interview scorecard, candidates and their stages, each interviewer's own score, and the
 * hire (a person in the org and a coaching plan in the 16-character tracker).
 */

export type HiringErrorCode =
  | TemplateProblem['code']
  | 'hiring.no-name'
  | 'hiring.no-team'
  | 'hiring.no-template'
  | 'hiring.no-candidate'
  | 'hiring.stage-not-allowed'
  | 'hiring.not-signed-in'
  | 'hiring.score-submitted'
  | 'hiring.score-empty'
  | 'hiring.not-at-offer'
  | 'hiring.no-skills'
  | 'hiring.no-coach'

export class HiringError extends Error {
  constructor(
    readonly code: HiringErrorCode,
    readonly params: Record<string, string | number> = {}
  ) {
    super(code)
  }
}

/** The workspace's interview scorecard: the newest one not removed (one is what teams use). */
export async function currentInterviewTemplate(): Promise<InterviewTemplate | undefined> {
  const rows = (await getDb().interviewTemplates.toArray()).filter((t) => !t.deleted)
  return rows.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id))[0]
}

/**
 * Save the scorecard after the editor's checks (weights add up to 100, every factor named with
 * questions). An edit bumps the version; scores already made keep the factors they were made with.
 */
export async function saveInterviewTemplate(draft: {
  id?: string
  name: string
  factors: readonly InterviewFactor[]
  now?: number
}): Promise<InterviewTemplate> {
  const name = draft.name.trim()
  if (!name) throw new HiringError('hiring.no-name')
  const factors: InterviewFactor[] = draft.factors.map((f) => ({
    id: f.id || `f-${newId().slice(-8)}`,
    label: f.label.trim(),
    weight: Math.round(f.weight),
    ...(f.rolePlay ? { rolePlay: true } : {}),
    questions: f.questions.map((q) => ({ id: q.id || `q-${newId().slice(-8)}`, text: q.text.trim() }))
  }))
  const problem = templateProblems(factors)[0]
  if (problem) {
    const { code, ...params } = problem
    throw new HiringError(code, params as Record<string, string | number>)
  }
  const now = draft.now ?? Date.now()
  return write(async (tx) => {
    const existing = draft.id ? await getDb().interviewTemplates.get(draft.id) : undefined
    const row: InterviewTemplate = {
      id: existing?.id ?? newId(),
      name,
      version: existing ? existing.version + 1 : 1,
      factors,
      updatedAt: now,
      ...(tx.actor ? { updatedBy: tx.actor } : {})
    }
    return existing ? tx.update('interviewTemplates', row.id, row) : tx.insert('interviewTemplates', row)
  })
}

/** The seeds' scorecard (drive, sales skill, role-play, experience) in the reader's language, when the workspace has none yet. */
export async function ensureInterviewTemplate(language: 'zh-CN' | 'en-US', name: string): Promise<InterviewTemplate> {
  return (await currentInterviewTemplate()) ?? saveInterviewTemplate({ name, factors: defaultInterviewFactors(language) })
}

export interface NewCandidate {
  name: string
  role: 'rep' | 'team_lead'
  orgUnitId: string
  interviewerIds: readonly string[]
  templateId: string
  email?: string
  phone?: string
  source?: string
  note?: string
  now?: number
}

export async function addCandidate(c: NewCandidate): Promise<Candidate> {
  const name = c.name.trim()
  if (!name) throw new HiringError('hiring.no-name')
  const unit = await getDb().orgUnits.get(c.orgUnitId)
  if (!unit || unit.deleted || unit.kind !== 'team') throw new HiringError('hiring.no-team')
  if (!(await getDb().interviewTemplates.get(c.templateId))) throw new HiringError('hiring.no-template')
  const now = c.now ?? Date.now()
  const opt = (k: 'email' | 'phone' | 'source' | 'note') => (c[k]?.trim() ? { [k]: c[k]!.trim() } : {})
  return write(async (tx) =>
    tx.insert('candidates', {
      id: newId(),
      name,
      role: c.role,
      orgUnitId: c.orgUnitId,
      stage: 'applied',
      stageHistory: [{ stage: 'applied', at: now, ...(tx.actor ? { by: tx.actor } : {}) }],
      interviewerIds: [...new Set(c.interviewerIds)],
      templateId: c.templateId,
      createdAt: now,
      ...(tx.actor ? { createdBy: tx.actor } : {}),
      ...opt('email'),
      ...opt('phone'),
      ...opt('source'),
      ...opt('note')
    })
  )
}

/** Move a candidate along (applied → interviews → offer, or rejected); joining goes through `hireCandidate`. */
export async function moveCandidate(id: string, to: CandidateStage, now = Date.now()): Promise<Candidate> {
  const c = await getDb().candidates.get(id)
  if (!c || c.deleted) throw new HiringError('hiring.no-candidate')
  if (to === 'joined' || !canMove(c.stage, to)) throw new HiringError('hiring.stage-not-allowed', { from: c.stage, to })
  return write((tx) =>
    tx.update('candidates', id, {
      stage: to,
      stageHistory: [...c.stageHistory, { stage: to, at: now, ...(tx.actor ? { by: tx.actor } : {}) }]
    })
  )
}

export async function setInterviewers(id: string, interviewerIds: readonly string[]): Promise<Candidate> {
  return write((tx) => tx.update('candidates', id, { interviewerIds: [...new Set(interviewerIds)] }))
}

/** The signed-in person's own score of a candidate, if they started one. */
export async function myScore(candidateId: string, interviewerId: string): Promise<InterviewScore | undefined> {
  const rows = await getDb().interviewScores.where('candidateId').equals(candidateId).toArray()
  return rows.find((s) => s.interviewerId === interviewerId && !s.deleted)
}

/**
 * Save the signed-in interviewer's score (a draft), or submit it. The template's factors are
 * copied in at the first save, so a later edit of the scorecard leaves this score as it was made.
 * A submitted score is final: after it the interviewer has seen the others', and changing it
 * then would undo the point of scoring on one's own.
 */
export async function saveInterviewScore(p: {
  candidateId: string
  answers: Record<string, number>
  notes?: Record<string, string>
  submit?: boolean
  now?: number
}): Promise<InterviewScore> {
  const db = getDb()
  const candidate = await db.candidates.get(p.candidateId)
  if (!candidate || candidate.deleted) throw new HiringError('hiring.no-candidate')
  const now = p.now ?? Date.now()
  return write(async (tx) => {
    if (!tx.actor) throw new HiringError('hiring.not-signed-in')
    const existing = await myScore(p.candidateId, tx.actor)
    if (existing?.submittedAt !== undefined) throw new HiringError('hiring.score-submitted')
    const answers = Object.fromEntries(Object.entries(p.answers).filter(([, v]) => validAnswer(v)))
    if (p.submit && Object.keys(answers).length === 0) throw new HiringError('hiring.score-empty')
    const notes = Object.fromEntries(
      Object.entries(p.notes ?? {})
        .map(([k, v]) => [k, v.trim().slice(0, 2000)] as const)
        .filter(([, v]) => v)
    )
    let template = existing?.template
    if (!template) {
      const t = await db.interviewTemplates.get(candidate.templateId)
      if (!t) throw new HiringError('hiring.no-template')
      template = { templateId: t.id, version: t.version, factors: t.factors }
    }
    const row: InterviewScore = {
      id: existing?.id ?? newId(),
      candidateId: p.candidateId,
      interviewerId: tx.actor,
      template,
      answers,
      ...(Object.keys(notes).length ? { notes } : {}),
      ...(p.submit ? { submittedAt: now } : {}),
      updatedAt: now
    }
    // Someone not yet listed who scores becomes an interviewer of the candidate.
    if (!candidate.interviewerIds.includes(tx.actor) && candidate.interviewerIds.length < 12)
      await tx.update('candidates', candidate.id, { interviewerIds: [...candidate.interviewerIds, tx.actor] })
    return existing ? tx.update('interviewScores', row.id, { ...row, notes: row.notes }) : tx.insert('interviewScores', row)
  })
}

/** How the org editor adds a person (Settings → Organisation's backend: the hub's org route, or the write path offline). */
export type CreatePerson = (input: {
  id: string
  name: string
  email: string
  role: UserRole
  orgUnitId: string
}) => Promise<unknown>

/**
 * Hire a candidate at the offer stage: they become a person of the team they were hired for
 * (through the org editor's own path, so a hub workspace gives them an account), the candidate
 * is marked joined with the person's id, and a coaching plan starts at 我说你听 for the chosen
 * skills with their coach.
 */
export async function hireCandidate(p: {
  candidateId: string
  coachId: string
  skills: readonly string[]
  createPerson: CreatePerson
  now?: number
}): Promise<{ userId: string; plan: CoachingPlan }> {
  const db = getDb()
  const c = await db.candidates.get(p.candidateId)
  if (!c || c.deleted) throw new HiringError('hiring.no-candidate')
  if (c.stage !== 'offer') throw new HiringError('hiring.not-at-offer')
  const skills = [...new Set(p.skills.map((s) => s.trim()).filter(Boolean))]
  if (skills.length === 0) throw new HiringError('hiring.no-skills')
  if (!p.coachId) throw new HiringError('hiring.no-coach')
  const now = p.now ?? Date.now()
  const userId = c.userId ?? newId()
  // A hire retried after a failure finds the person already made and does not make another.
  if (!c.userId || !(await db.users.get(userId)))
    await p.createPerson({ id: userId, name: c.name, email: c.email ?? '', role: c.role, orgUnitId: c.orgUnitId })
  const plan = await write(async (tx) => {
    await tx.update('candidates', c.id, {
      stage: 'joined',
      userId,
      stageHistory: [...c.stageHistory, { stage: 'joined', at: now, ...(tx.actor ? { by: tx.actor } : {}) }]
    })
    return tx.insert('coachingPlans', {
      id: newId(),
      repId: userId,
      coachId: p.coachId,
      orgUnitId: c.orgUnitId,
      skills,
      startedAt: now,
      candidateId: c.id,
      ...(tx.actor ? { createdBy: tx.actor } : {})
    })
  })
  return { userId, plan }
}

export async function coachingPlans(): Promise<CoachingPlan[]> {
  return (await getDb().coachingPlans.toArray()).filter((p) => !p.deleted)
}
