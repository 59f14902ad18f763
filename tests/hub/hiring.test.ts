import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { defaultInterviewFactors } from '../../src/shared/domain/hiring'
import { makeFixture, op, pull, push, type Fixture } from './harness'

/**
 * Hiring on the hub: a candidate rides in the region stream of the team they are hired for and
 * their interview scores with them; a rep may not manage candidates; an interview score is its
 * interviewer's alone (nobody scores in another's name or edits another's score, whatever their
 * rank). PGlite always; PostgreSQL with DATABASE_URL.
 */

interface Rejected {
  details?: { rejected: { code: string; permission?: string }[] }
}

const stores: [string, () => Promise<HubStore>][] = [
  ['PGlite', () => openPglite(mkdtempSync(join(tmpdir(), 'cockpit-hub-hiring-')))]
]
if (process.env.DATABASE_URL) stores.push(['PostgreSQL', () => openPostgres(process.env.DATABASE_URL!)])

const factors = defaultInterviewFactors('zh-CN')

for (const [label, open] of stores) {
  describe(`hiring records on the hub (${label})`, () => {
    let fx: Fixture
    beforeAll(async () => {
      fx = await makeFixture(await open())
    }, 60_000)
    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
    })

    const candidate = (orgUnitId: string) => ({
      name: '周明',
      role: 'rep',
      orgUnitId,
      stage: 'interviews',
      stageHistory: [{ stage: 'applied', at: 1 }],
      interviewerIds: [fx.users.managerA, fx.users.director],
      templateId: 'tpl',
      createdAt: 1
    })
    const score = (candidateId: string, interviewerId: string) => ({
      candidateId,
      interviewerId,
      template: { templateId: 'tpl', version: 1, factors },
      answers: { 'drive-why-sales': 4 },
      updatedAt: 2
    })

    it('a candidate and their scores travel in the stream of the team they are hired for; another region neither reads nor writes them', async () => {
      const candidateId = randomUUID()
      const ops = [
        op('candidates', candidateId, candidate(fx.teamA)),
        op('interviewScores', randomUUID(), score(candidateId, fx.users.managerA))
      ]
      const res = await push(fx, fx.tokens.managerA, ops)
      expect(res.statusCode, res.body).toBe(200)
      const head = res.json().streams[fx.regionA] as number
      const pulled = (await pull(fx, fx.tokens.managerA, fx.regionA, head - ops.length)).json()
      expect(pulled.ops.map((o: { op: { table: string } }) => o.op.table)).toEqual(['candidates', 'interviewScores'])
      expect((await pull(fx, fx.tokens.managerB, fx.regionA)).statusCode).toBe(403)
      const r = await push(fx, fx.tokens.managerB, [op('interviewScores', randomUUID(), score(candidateId, fx.users.managerB))])
      expect([r.statusCode, (r.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
    })

    it('a rep may not manage candidates; nobody scores in another’s name or edits another’s score', async () => {
      const candidateId = randomUUID()
      const mine = randomUUID()
      expect(
        (
          await push(fx, fx.tokens.managerA, [
            op('candidates', candidateId, candidate(fx.teamA)),
            op('interviewScores', mine, score(candidateId, fx.users.managerA))
          ])
        ).statusCode
      ).toBe(200)
      const cases: [string, ReturnType<typeof op>, string][] = [
        [fx.tokens.repA, op('candidates', randomUUID(), candidate(fx.teamA)), 'hiring.manage'],
        [fx.tokens.repA, op('interviewScores', randomUUID(), score(candidateId, fx.users.repA)), 'hiring.score'],
        // The director outranks the manager, and still may not touch the manager's score…
        [fx.tokens.director, op('interviewScores', mine, { answers: { 'drive-why-sales': 1 } }), 'hiring.score'],
        // …nor write one in the manager's name, nor take theirs over.
        [fx.tokens.director, op('interviewScores', randomUUID(), score(candidateId, fx.users.managerA)), 'hiring.score'],
        [fx.tokens.director, op('interviewScores', mine, { interviewerId: fx.users.director }), 'hiring.score']
      ]
      for (const [token, bad, permission] of cases) {
        const r = await push(fx, token, [bad])
        const rejected = (r.json() as Rejected).details?.rejected[0]
        expect([r.statusCode, rejected?.code, rejected?.permission]).toEqual([422, 'sync.forbidden', permission])
      }
      // Their own: accepted, a later edit and the submission too.
      const own = randomUUID()
      expect(
        (await push(fx, fx.tokens.director, [op('interviewScores', own, score(candidateId, fx.users.director))])).statusCode
      ).toBe(200)
      const edit = await push(fx, fx.tokens.director, [
        op('interviewScores', own, { answers: { 'drive-why-sales': 5 }, submittedAt: 3 })
      ])
      expect(edit.statusCode, edit.body).toBe(200)
    })
  })
}
