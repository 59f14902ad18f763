/**
 * Hiring sales reps with a structured interview (销售易's scorecard): three ability models —
 * drive (驱动力), sales skill (销售技巧), work experience (工作经验) — plus a role-play ("I am your
 * customer's CEO: sell me your product"), each factor weighted, questions scored 1–5 by several
 * interviewers on their own. Pure: plain data in, plain data out.
 */

/** Candidate stages in order; `rejected` can be reached from any open stage. */
export const CANDIDATE_STAGES = ['applied', 'interviews', 'offer', 'joined', 'rejected'] as const
export type CandidateStage = (typeof CANDIDATE_STAGES)[number]

/** Questions are scored 1–5, like call scorecards' scale questions. */
export const INTERVIEW_SCALE_MAX = 5

export interface InterviewQuestion {
  id: string
  text: string
}

export interface InterviewFactor {
  id: string
  label: string
  /** Share of the total, in percent; a template's factors add up to 100. */
  weight: number
  /** A role-play is scored like any factor, but the form shows it as a scene to act out. */
  rolePlay?: boolean
  questions: InterviewQuestion[]
}

/** The factors (with their weights) a score was made against: kept in the score, so editing the template later changes nothing already scored. */
export interface TemplateSnapshot {
  templateId: string
  version: number
  factors: InterviewFactor[]
}

export type InterviewAnswers = Record<string, number>

export interface InterviewScoreLike {
  id: string
  candidateId: string
  interviewerId: string
  template: TemplateSnapshot
  answers: InterviewAnswers
  notes?: Record<string, string>
  /** Unset while a draft; set once the interviewer submits (then others' scores become visible to them). */
  submittedAt?: number
  deleted?: boolean
}

// ---------- template checks ----------

export type TemplateProblem =
  | { code: 'hiring.template.no-factors' }
  | { code: 'hiring.template.weights-sum'; sum: number }
  | { code: 'hiring.template.factor-no-label'; n: number }
  | { code: 'hiring.template.factor-no-questions'; factor: string }
  | { code: 'hiring.template.question-empty'; factor: string; n: number }
  | { code: 'hiring.template.weight-range'; factor: string }

/** Everything wrong with a template draft, for the editor to show before saving (empty: it may be saved). */
export function templateProblems(factors: readonly InterviewFactor[]): TemplateProblem[] {
  const out: TemplateProblem[] = []
  if (factors.length === 0) return [{ code: 'hiring.template.no-factors' }]
  factors.forEach((f, i) => {
    const label = f.label.trim()
    if (!label) out.push({ code: 'hiring.template.factor-no-label', n: i + 1 })
    const name = label || String(i + 1)
    if (!Number.isInteger(f.weight) || f.weight < 0 || f.weight > 100)
      out.push({ code: 'hiring.template.weight-range', factor: name })
    if (f.questions.length === 0) out.push({ code: 'hiring.template.factor-no-questions', factor: name })
    f.questions.forEach((q, j) => {
      if (!q.text.trim()) out.push({ code: 'hiring.template.question-empty', factor: name, n: j + 1 })
    })
  })
  const sum = weightSum(factors)
  if (sum !== 100) out.push({ code: 'hiring.template.weights-sum', sum })
  return out
}

export function weightSum(factors: readonly Pick<InterviewFactor, 'weight'>[]): number {
  return factors.reduce((s, f) => s + (Number.isFinite(f.weight) ? f.weight : 0), 0)
}

// ---------- one interviewer's score ----------

/** A valid answer: an integer 1–5. Anything else counts as not answered. */
export function validAnswer(a: unknown): a is number {
  return typeof a === 'number' && Number.isInteger(a) && a >= 1 && a <= INTERVIEW_SCALE_MAX
}

export interface FactorScore {
  factorId: string
  label: string
  weight: number
  /** 0–100: the mean of the answered questions over 5 (4 of 5 → 80); null when none answered. */
  score: number | null
  answered: number
  questions: number
}

export interface InterviewTotal {
  /** 0–100, weighted over the factors with at least one answer; null when nothing is answered. */
  total: number | null
  factors: FactorScore[]
  /** Share of the weight that was answered (0–1): a total resting on 30 % of the weight is thin. */
  coverage: number
}

const round1 = (n: number): number => Math.round(n * 10) / 10

/**
 * An interviewer's weighted total. Questions within a factor count equally; a factor counts by
 * its weight. Unanswered factors are left out of both sides (the total is over what was judged)
 * and `coverage` says how much weight that was — as a call scorecard does.
 */
export function interviewTotal(template: Pick<TemplateSnapshot, 'factors'>, answers: InterviewAnswers): InterviewTotal {
  let weightAll = 0
  let weightAnswered = 0
  let points = 0
  const factors: FactorScore[] = template.factors.map((f) => {
    const scored = f.questions.map((q) => answers[q.id]).filter(validAnswer)
    weightAll += f.weight
    const score = scored.length ? (scored.reduce((s, a) => s + a, 0) / scored.length / INTERVIEW_SCALE_MAX) * 100 : null
    if (score !== null) {
      weightAnswered += f.weight
      points += f.weight * score
    }
    return {
      factorId: f.id,
      label: f.label,
      weight: f.weight,
      score: score === null ? null : round1(score),
      answered: scored.length,
      questions: f.questions.length
    }
  })
  const anyAnswered = factors.some((f) => f.score !== null)
  const total = !anyAnswered ? null : weightAnswered > 0 ? round1(points / weightAnswered) : 0
  return { total, factors, coverage: weightAll > 0 ? weightAnswered / weightAll : 0 }
}

// ---------- independence ----------

/**
 * Which scores of a candidate a person may see. An interviewer of the candidate sees only their
 * own until they have submitted it, so the first opinion voiced cannot anchor the others (the
 * point of several interviewers). Someone who does not interview this candidate (the hiring
 * manager reading the comparison) sees every submitted score; drafts stay their author's.
 */
export function visibleScores<S extends InterviewScoreLike>(
  scores: readonly S[],
  viewerId: string,
  interviewerIds: readonly string[]
): S[] {
  const live = scores.filter((s) => !s.deleted)
  const mine = live.filter((s) => s.interviewerId === viewerId)
  const interviewing = interviewerIds.includes(viewerId) || mine.length > 0
  if (interviewing && !mine.some((s) => s.submittedAt !== undefined)) return mine
  return live.filter((s) => s.interviewerId === viewerId || s.submittedAt !== undefined)
}

/** Whether the viewer has yet to submit before seeing the others (the UI says so instead of showing them). */
export function othersHidden(
  scores: readonly InterviewScoreLike[],
  viewerId: string,
  interviewerIds: readonly string[]
): boolean {
  const live = scores.filter((s) => !s.deleted)
  const mine = live.filter((s) => s.interviewerId === viewerId)
  const interviewing = interviewerIds.includes(viewerId) || mine.length > 0
  return interviewing && !mine.some((s) => s.submittedAt !== undefined)
}

// ---------- a candidate over several interviewers ----------

export interface FactorSummary {
  factorId: string
  label: string
  weight: number
  /** Mean over the interviewers who scored it (0–100), null when nobody did. */
  mean: number | null
  /** Highest minus lowest interviewer score: how much the interviewers disagree. */
  spread: number | null
  scoredBy: number
}

export interface CandidateSummary {
  candidateId: string
  /** Mean of the interviewers' weighted totals (each under the template version they scored with). */
  total: number | null
  /** Highest minus lowest total. Zero with one interviewer; null with none. */
  spread: number | null
  interviewers: { interviewerId: string; total: number | null; coverage: number; templateVersion: number }[]
  factors: FactorSummary[]
}

/**
 * A candidate's result from their submitted scores. Each interviewer's total stands on the
 * template version they scored with; factors are matched by id across versions and listed in
 * the order of the newest version scored (a factor dropped later still shows, after them).
 */
export function candidateSummary(candidateId: string, scores: readonly InterviewScoreLike[]): CandidateSummary {
  const done = scores.filter((s) => s.candidateId === candidateId && !s.deleted && s.submittedAt !== undefined)
  // One score per interviewer: the latest submitted, should a sync bring two.
  const byInterviewer = new Map<string, InterviewScoreLike>()
  for (const s of [...done].sort((a, b) => (a.submittedAt ?? 0) - (b.submittedAt ?? 0) || a.id.localeCompare(b.id)))
    byInterviewer.set(s.interviewerId, s)
  const list = [...byInterviewer.values()]
  const totals = list.map((s) => ({ s, t: interviewTotal(s.template, s.answers) }))
  const interviewers = totals
    .map(({ s, t }) => ({
      interviewerId: s.interviewerId,
      total: t.total,
      coverage: t.coverage,
      templateVersion: s.template.version
    }))
    .sort((a, b) => a.interviewerId.localeCompare(b.interviewerId))
  const scored = interviewers.map((i) => i.total).filter((t): t is number => t !== null)
  const order: { id: string; label: string; weight: number }[] = []
  const newestFirst = [...list].sort((a, b) => b.template.version - a.template.version)
  for (const s of newestFirst)
    for (const f of s.template.factors)
      if (!order.some((o) => o.id === f.id)) order.push({ id: f.id, label: f.label, weight: f.weight })
  const factors: FactorSummary[] = order.map((o) => {
    const values = totals
      .map(({ t }) => t.factors.find((f) => f.factorId === o.id)?.score)
      .filter((v): v is number => typeof v === 'number')
    return {
      factorId: o.id,
      label: o.label,
      weight: o.weight,
      mean: values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null,
      spread: values.length ? round1(Math.max(...values) - Math.min(...values)) : null,
      scoredBy: values.length
    }
  })
  return {
    candidateId,
    total: scored.length ? round1(scored.reduce((a, b) => a + b, 0) / scored.length) : null,
    spread: scored.length ? round1(Math.max(...scored) - Math.min(...scored)) : null,
    interviewers,
    factors
  }
}

/** Candidates for one role side by side, best total first; candidates nobody has scored last, by name. */
export function compareCandidates<C extends { id: string; name: string }>(
  candidates: readonly C[],
  scores: readonly InterviewScoreLike[]
): (CandidateSummary & { candidate: C })[] {
  return candidates
    .map((c) => ({ ...candidateSummary(c.id, scores), candidate: c }))
    .sort((a, b) => {
      if (a.total === null || b.total === null)
        return a.total === null && b.total === null ? a.candidate.name.localeCompare(b.candidate.name) : a.total === null ? 1 : -1
      return b.total - a.total || (a.spread ?? 0) - (b.spread ?? 0) || a.candidate.name.localeCompare(b.candidate.name)
    })
}

/** A disagreement worth talking about before deciding: interviewers' totals 20 points or more apart. */
export const WIDE_SPREAD = 20

// ---------- stages ----------

const NEXT: Record<CandidateStage, readonly CandidateStage[]> = {
  applied: ['interviews', 'rejected'],
  interviews: ['offer', 'rejected'],
  offer: ['joined', 'rejected'],
  joined: [],
  // A rejected candidate can be taken up again (a later opening), from the start.
  rejected: ['applied']
}

/** The stages a candidate may move to from `from`. `joined` only through hiring (it creates the rep). */
export function nextStages(from: CandidateStage): readonly CandidateStage[] {
  return NEXT[from]
}

export function canMove(from: CandidateStage, to: CandidateStage): boolean {
  return NEXT[from].includes(to)
}

// ---------- the seeds' default ----------

/**
 * 销售易's interview scorecard as the seeds describe it: drive (why sales, why leave, five-year
 * plan), sales skill (the most successful or failed deal, told in detail), a role-play ("I am
 * your customer's CEO: sell me your product"), and work experience (related products,
 * background). The weights are ours: skill and drive weigh most, the seeds call skill 重中之重.
 * Workspace content, written once in the workspace's language; the manager edits it after.
 */
export function defaultInterviewFactors(language: 'zh-CN' | 'en-US'): InterviewFactor[] {
  const zh = language === 'zh-CN'
  const q = (id: string, zhText: string, enText: string): InterviewQuestion => ({ id, text: zh ? zhText : enText })
  return [
    {
      id: 'drive',
      label: zh ? '驱动力' : 'Drive',
      weight: 30,
      questions: [
        q('drive-why-sales', '你为什么喜欢做销售？', 'Why do you like selling?'),
        q('drive-why-leave', '为什么要离开上家公司？', 'Why are you leaving your last company?'),
        q('drive-five-years', '谈谈你对五年内的职业规划', 'Where do you want your career to be in five years?')
      ]
    },
    {
      id: 'skill',
      label: zh ? '销售技巧' : 'Sales skill',
      weight: 30,
      questions: [
        q(
          'skill-best-case',
          '讲述一个你最成功或最失败的销售案例（追问细节）',
          'Tell your most successful or most failed deal (probe the details)'
        ),
        q('skill-control', '你如何把控一个销售项目的推进？', 'How do you keep a deal moving?')
      ]
    },
    {
      id: 'role-play',
      label: zh ? '角色扮演' : 'Role-play',
      weight: 25,
      rolePlay: true,
      questions: [
        q(
          'role-play-ceo',
          '假设我是你客户的CEO，你如何卖掉你的产品？',
          "I am your customer's CEO: how do you sell me your product?"
        ),
        q(
          'role-play-homework',
          '面试前是否了解我们的产品和客户（做过功课）？',
          'Did they learn about our product and customers before coming?'
        )
      ]
    },
    {
      id: 'experience',
      label: zh ? '工作经验' : 'Work experience',
      weight: 15,
      questions: [
        q('experience-products', '是否有相关产品的销售经验？', 'Have they sold related products?'),
        q('experience-background', '学历与从业背景是否符合岗位要求？', 'Do their education and background fit the role?')
      ]
    }
  ]
}
