import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { generateWorkspace } from '@shared/demo'
import { CockpitDb, schemaHistory } from './database'

/**
 * Schema version 11 adds hiring: interview templates, candidates, interview scores and coaching
 * plans. A laptop from before keeps everything and gets the tables empty and indexed.
 */
const sample = generateWorkspace({ anchor: Date.UTC(2026, 10, 20, 6), locale: 'zh-CN', scale: 'demo' })

describe('schema version 11: hiring', () => {
  it('an install from before it keeps its data and gets the hiring tables, indexed by team, stage, candidate and interviewer', async () => {
    const name = `migrate-hiring-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version < 11)) old.version(s.version).stores(s.stores)
    await old.open()
    await old.table('users').bulkAdd(sample.users)
    await old.table('deals').bulkAdd(sample.deals.slice(0, 30))
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(11)
    expect(await db.users.count()).toBe(sample.users.length)
    expect(await db.deals.count()).toBe(30)
    for (const t of [db.interviewTemplates, db.candidates, db.interviewScores, db.coachingPlans]) expect(await t.count()).toBe(0)
    const team = sample.orgUnits.find((u) => u.kind === 'team')!
    const template = sample.interviewTemplates[0]!
    await db.interviewTemplates.add(template)
    await db.candidates.add({
      id: 'c1',
      name: '周明',
      role: 'rep',
      orgUnitId: team.id,
      stage: 'interviews',
      stageHistory: [
        { stage: 'applied', at: 1 },
        { stage: 'interviews', at: 2 }
      ],
      interviewerIds: ['u1', 'u2'],
      templateId: template.id,
      createdAt: 1
    })
    await db.interviewScores.add({
      id: 's1',
      candidateId: 'c1',
      interviewerId: 'u1',
      template: { templateId: template.id, version: 1, factors: template.factors },
      answers: { 'drive-why-sales': 4 },
      updatedAt: 3
    })
    await db.coachingPlans.add({ id: 'p1', repId: 'r1', coachId: 'u1', orgUnitId: team.id, skills: ['开场'], startedAt: 4 })
    expect(await db.candidates.where('orgUnitId').equals(team.id).count()).toBe(1)
    expect(await db.candidates.where('stage').equals('interviews').count()).toBe(1)
    expect(await db.interviewScores.where('candidateId').equals('c1').count()).toBe(1)
    expect(await db.interviewScores.where('interviewerId').equals('u1').count()).toBe(1)
    expect(await db.coachingPlans.where('repId').equals('r1').count()).toBe(1)
    db.close()
  })
})
