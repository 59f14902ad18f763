import { beforeEach, describe, expect, it } from 'vitest'
import { candidateSummary, defaultInterviewFactors, visibleScores } from '@shared/domain/hiring'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { setSession } from '../session/session'
import {
  addCandidate,
  hireCandidate,
  moveCandidate,
  saveInterviewScore,
  saveInterviewTemplate,
  type CreatePerson
} from './hiring'

/**
 * Hiring through the one write path: the scorecard refuses weights that do not add up to 100,
 * each interviewer writes only their own score (as the signed-in person), a score keeps the
 * template version it was made with, and a hire makes a person of the team with a coaching plan.
 */

let n = 0
const signIn = (userId: string) => setSession(getDb(), { kind: 'local', userId })

beforeEach(async () => {
  useDb(new CockpitDb(`hiring-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
  const db = getDb()
  await db.orgUnits.bulkAdd([
    { id: 'r1', kind: 'region', name: '华东', parentId: null },
    { id: 't1', kind: 'team', name: '上海一组', parentId: 'r1' }
  ])
  await db.users.bulkAdd([
    { id: 'lead', name: '王强', role: 'team_lead', orgUnitId: 't1', active: true },
    { id: 'mgr', name: '李娜', role: 'regional_manager', orgUnitId: 'r1', active: true },
    { id: 'rep', name: '赵磊', role: 'rep', orgUnitId: 't1', active: true }
  ])
})

async function setup() {
  await signIn('lead')
  const template = await saveInterviewTemplate({ name: '结构化面试', factors: defaultInterviewFactors('zh-CN') })
  const c = await addCandidate({
    name: '周明',
    role: 'rep',
    orgUnitId: 't1',
    interviewerIds: ['lead', 'mgr'],
    templateId: template.id,
    email: 'zhou@example.cn'
  })
  return { template, c }
}

describe('hiring writes', () => {
  it('the scorecard is refused, with the sum, when weights do not add up to 100', async () => {
    await signIn('lead')
    const factors = defaultInterviewFactors('en-US').map((f) => (f.id === 'experience' ? { ...f, weight: 10 } : f))
    await expect(saveInterviewTemplate({ name: 'Interview', factors })).rejects.toMatchObject({
      code: 'hiring.template.weights-sum',
      params: { sum: 95 }
    })
    expect(await getDb().interviewTemplates.count()).toBe(0)
  })

  it('a rep may not add candidates; the write path names the permission', async () => {
    const { template } = await setup()
    await signIn('rep')
    await expect(
      addCandidate({ name: 'X', role: 'rep', orgUnitId: 't1', interviewerIds: [], templateId: template.id })
    ).rejects.toMatchObject({ code: 'write.forbidden', details: { permission: 'hiring.manage' } })
  })

  it('two interviewers score on their own; each score keeps the template version it was made with', async () => {
    const { template, c } = await setup()
    await moveCandidate(c.id, 'interviews')
    // The team lead scores all 4s and submits, under version 1.
    const all4 = Object.fromEntries(template.factors.flatMap((f) => f.questions.map((q) => [q.id, 4])))
    await saveInterviewScore({ candidateId: c.id, answers: all4, notes: { 'role-play-ceo': '  逻辑清楚  ' }, submit: true })
    // The scorecard is edited: the role-play is dropped, drive weighs 55.
    const v2 = await saveInterviewTemplate({
      id: template.id,
      name: template.name,
      factors: template.factors.filter((f) => !f.rolePlay).map((f) => (f.id === 'drive' ? { ...f, weight: 55 } : f))
    })
    expect(v2.version).toBe(2)
    // The manager, before submitting, sees only their own draft.
    await signIn('mgr')
    await saveInterviewScore({
      candidateId: c.id,
      answers: { 'drive-why-sales': 2, 'skill-best-case': 3, 'experience-products': 5 }
    })
    const scores = await getDb().interviewScores.toArray()
    expect(visibleScores(scores, 'mgr', ['lead', 'mgr']).map((s) => s.interviewerId)).toEqual(['mgr'])
    await saveInterviewScore({
      candidateId: c.id,
      answers: { 'drive-why-sales': 2, 'skill-best-case': 3, 'experience-products': 5 },
      submit: true
    })
    const after = await getDb().interviewScores.toArray()
    expect(after.find((s) => s.interviewerId === 'lead')).toMatchObject({
      template: { version: 1 },
      notes: { 'role-play-ceo': '逻辑清楚' }
    })
    expect(after.find((s) => s.interviewerId === 'mgr')?.template.version).toBe(2)
    // Lead: 80 under v1. Manager under v2: drive 2/5 → 40, skill 3/5 → 60, experience 5/5 → 100 →
    // (55·40 + 30·60 + 15·100) / 100 = (2200 + 1800 + 1500) / 100 = 55. Mean 67.5, spread 25.
    expect(candidateSummary(c.id, after)).toMatchObject({ total: 67.5, spread: 25 })
    // Submitted is final.
    await expect(saveInterviewScore({ candidateId: c.id, answers: { 'drive-why-sales': 5 } })).rejects.toMatchObject({
      code: 'hiring.score-submitted'
    })
  })

  it("nobody writes another interviewer's score, not even a regional manager", async () => {
    const { c } = await setup()
    await saveInterviewScore({ candidateId: c.id, answers: { 'drive-why-sales': 4 } })
    const leads = (await getDb().interviewScores.toArray())[0]!
    await signIn('mgr')
    await expect(
      write((tx) => tx.update('interviewScores', leads.id, { answers: { 'drive-why-sales': 1 } }))
    ).rejects.toMatchObject({ code: 'write.forbidden', details: { permission: 'hiring.score' } })
    expect((await getDb().interviewScores.get(leads.id))?.answers).toEqual({ 'drive-why-sales': 4 })
  })

  it('a hire at the offer stage makes a rep of the team (through the given org path) with a coaching plan at step one', async () => {
    const { c } = await setup()
    await expect(
      hireCandidate({ candidateId: c.id, coachId: 'lead', skills: ['开场'], createPerson: async () => undefined })
    ).rejects.toMatchObject({ code: 'hiring.not-at-offer' })
    await moveCandidate(c.id, 'interviews')
    await moveCandidate(c.id, 'offer')
    const made: Parameters<CreatePerson>[0][] = []
    const createPerson: CreatePerson = async (p) => {
      made.push(p)
      await write((tx) =>
        tx.insert('users', { id: p.id, name: p.name, role: p.role, orgUnitId: p.orgUnitId, active: true, email: p.email })
      )
    }
    // A team lead may run the interviews but not add a person to the org: refused, nothing changes.
    await expect(hireCandidate({ candidateId: c.id, coachId: 'lead', skills: ['开场'], createPerson })).rejects.toMatchObject({
      code: 'write.forbidden',
      details: { permission: 'people.manage' }
    })
    expect((await getDb().candidates.get(c.id))?.stage).toBe('offer')
    expect(await getDb().coachingPlans.count()).toBe(0)
    made.length = 0
    await signIn('mgr')
    const { userId, plan } = await hireCandidate({
      candidateId: c.id,
      coachId: 'lead',
      skills: ['开场', '需求挖掘', '开场'],
      createPerson,
      now: 1_800_100_000_000
    })
    expect(made).toEqual([{ id: userId, name: '周明', email: 'zhou@example.cn', role: 'rep', orgUnitId: 't1' }])
    expect(await getDb().users.get(userId)).toMatchObject({ name: '周明', role: 'rep', orgUnitId: 't1', active: true })
    expect(plan).toMatchObject({
      repId: userId,
      coachId: 'lead',
      orgUnitId: 't1',
      skills: ['开场', '需求挖掘'],
      candidateId: c.id,
      createdBy: 'mgr'
    })
    const hired = await getDb().candidates.get(c.id)
    expect(hired?.stage).toBe('joined')
    expect(hired?.stageHistory.map((s) => s.stage)).toEqual(['applied', 'interviews', 'offer', 'joined'])
    expect(hired?.stageHistory.map((s) => s.by)).toEqual(['lead', 'lead', 'lead', 'mgr'])
    // Every write went out as ops for the hub.
    const tables = new Set((await getDb().outbox.toArray()).map((o) => o.table))
    for (const t of ['interviewTemplates', 'candidates', 'users', 'coachingPlans']) expect(tables.has(t)).toBe(true)
  })
})
