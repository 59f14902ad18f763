import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HubStore } from '../../src/hub/store'
import { createUser } from '../../src/hub/org'
import { customerFields, dealFields, makeFixture, op, PASSWORD, pull, push, type Fixture } from './harness'
import { libraryMarkId } from '../../src/shared/model'

interface PulledOps {
  ops: { seq: number; op: { table: string; rowId: string; fields: Record<string, unknown> } }[]
  head: number
}

interface Rejected {
  code: string
  details?: { rejected: { index: number; code: string; reason: string }[] }
}

/**
 * Issue 13's hostile inputs against the hub, once per storage engine (PGlite always, PostgreSQL
 * when DATABASE_URL is set): they differ exactly where text reaches the database.
 */
/** A fresh user of the fixture's region A with the given role, signed in. */
async function signInAs(fx: Fixture, role: 'admin' | 'director'): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.com`
  await createUser(fx.store, { email, name: role, role, orgUnitId: fx.regionA, password: PASSWORD })
  const res = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })
  return (res.json() as { token: string }).token
}

export function hardeningSuite(label: string, open: () => Promise<HubStore>): void {
  describe(`team hub hardening (${label})`, () => {
    let fx: Fixture

    beforeAll(async () => {
      fx = await makeFixture(await open())
    }, 300_000)

    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
    })

    describe('a record moved to another region', () => {
      it('takes its dependent rows along: the new region receives them whole, the old one a notice, and later edits land in the new stream', async () => {
        const id = (p: string) => `${p}-${randomUUID()}`
        const customerId = id('cust')
        const contactId = id('contact')
        const visitId = id('visit')
        const dealId = id('deal')
        const stageId = id('stage')
        const recordingId = id('rec')
        // Fresh per run: a reused PostgreSQL database keeps the file's regions from earlier runs.
        const sha = randomUUID().replaceAll('-', '').repeat(2)
        const transcriptId = id('tr')
        const commentId = id('comment')
        // An old laptop's library mark (a comment on the pseudo table): the hub stores it as its kind.
        const legacyMarkId = id('mark')
        const libraryMark = libraryMarkId(recordingId, '开场')
        const seed = await push(fx, fx.tokens.repA, [
          op('customers', customerId, { ...customerFields(fx.teamA), name: '杭州钢铁', city: '杭州' }),
          op('contacts', contactId, { customerId, name: '王芳', title: 'CFO', seniority: 4 }),
          op('activities', visitId, { kind: 'visit', customerId, dealId: null, userId: fx.users.repA, at: 1_763_800_000_000, body: '第一次拜访' }),
          op('deals', dealId, dealFields(fx.teamA, customerId)),
          op('stageHistory', stageId, { dealId, fromStageId: null, toStageId: 's1', at: 1_763_800_000_000, byUserId: fx.users.repA }),
          op('recordings', recordingId, { sha256: sha, customerId, durationMs: 1000, channels: 1, codec: 'mp3', sizeBytes: 10, originalName: 'call.mp3', importedAt: 1 }),
          op('transcripts', transcriptId, { recordingId, segmentIds: [] }),
          op('comments', commentId, { targetTable: 'contacts', targetId: contactId, kind: 'comment', authorId: fx.users.repA, body: '关键人', createdAt: 1 }),
          op('comments', legacyMarkId, { targetTable: 'callLibrary', targetId: recordingId, kind: 'bookmark', authorId: fx.users.repA, body: '开场', createdAt: 2 })
        ])
        expect(seed.statusCode, seed.body).toBe(200)
        // A later edit of the contact, so the new region must get both of its clocks' values.
        expect((await push(fx, fx.tokens.managerA, [op('contacts', contactId, { title: 'CFO & VP' }, { node: 'manager-a' })])).statusCode).toBe(200)
        const headA = (await pull(fx, fx.tokens.managerA, fx.regionA)).json().head as number
        const headB = (await pull(fx, fx.tokens.managerB, fx.regionB)).json().head as number

        // Someone in A uploaded the call's bytes: region A holds the file.
        await fx.store.query('INSERT INTO region_blobs (sha256, region) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sha, fx.regionA])
        // An administrator, who holds both regions, hands the customer to region B's team.
        const admin = await signInAs(fx, 'admin')
        const move = await push(fx, admin, [op('customers', customerId, { orgUnitId: fx.teamB }, { node: 'director' })])
        expect(move.statusCode, move.body).toBe(200)

        const streams = new Map(
          (await fx.store.query<{ row_id: string; stream: string }>('SELECT row_id, stream FROM row_streams WHERE row_id = ANY($1)', [
            [customerId, contactId, visitId, dealId, stageId, recordingId, transcriptId, commentId, libraryMark]
          ])).map((r) => [r.row_id, r.stream])
        )
        for (const moved of [customerId, contactId, visitId, recordingId, transcriptId, commentId, libraryMark]) expect([moved, streams.get(moved)]).toEqual([moved, fx.regionB])
        // The deal has its own team: it stays in A, with its stage history.
        expect([streams.get(dealId), streams.get(stageId)]).toEqual([fx.regionA, fx.regionA])

        // Region B's laptops receive every moved row whole, with its current values.
        const inB = (await pull(fx, fx.tokens.managerB, fx.regionB, headB)).json() as PulledOps
        const stateB = new Map<string, Record<string, unknown>>()
        for (const { op: o } of inB.ops) stateB.set(o.rowId, { ...stateB.get(o.rowId), ...o.fields })
        expect(stateB.get(customerId)).toMatchObject({ name: '杭州钢铁', city: '杭州', orgUnitId: fx.teamB })
        expect(stateB.get(contactId)).toMatchObject({ customerId, name: '王芳', title: 'CFO & VP', seniority: 4 })
        expect(stateB.get(visitId)).toMatchObject({ kind: 'visit', customerId, body: '第一次拜访' })
        expect(stateB.get(recordingId)).toMatchObject({ customerId, sha256: sha })
        expect(stateB.get(transcriptId)).toMatchObject({ recordingId })
        expect(stateB.get(commentId)).toMatchObject({ targetId: contactId, body: '关键人' })
        expect(stateB.get(libraryMark)).toMatchObject({ recordingId, skill: '开场', authorId: fx.users.repA, deleted: false })
        expect(stateB.has(legacyMarkId)).toBe(false)
        expect(stateB.has(dealId)).toBe(false)
        // The recording's file went along: region B may download it without uploading it again.
        expect(await fx.store.query('SELECT region FROM region_blobs WHERE sha256 = $1 ORDER BY region', [sha])).toEqual(
          [{ region: fx.regionA }, { region: fx.regionB }].sort((x, y) => (x.region < y.region ? -1 : 1))
        )
        // Region A's laptops are told only that the customer left (to purge it and what hangs off it).
        const inA = (await pull(fx, fx.tokens.managerA, fx.regionA, headA)).json() as PulledOps
        expect(inA.ops.map((o) => [o.op.table, o.op.rowId, o.op.fields])).toEqual([['_departed', customerId, { table: 'customers' }]])

        // Later edits: region B's manager edits the contact and the visit; they land in B's stream.
        const editB = await push(fx, fx.tokens.managerB, [op('contacts', contactId, { phone: '13800000000' }, { node: 'manager-b' }), op('activities', visitId, { body: '交接后回访' }, { node: 'manager-b' })])
        expect(editB.statusCode, editB.body).toBe(200)
        expect(Object.keys(editB.json().streams)).toEqual([fx.regionB])
        // The administrator's too; region A's manager no longer holds them.
        expect((await push(fx, admin, [op('contacts', contactId, { seniority: 5 }, { node: 'director' })])).json().streams).toEqual({ [fx.regionB]: expect.any(Number) })
        const editA = await push(fx, fx.tokens.managerA, [op('contacts', contactId, { title: 'stale' }, { node: 'manager-a' })])
        expect([editA.statusCode, (editA.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
        // The deal left behind in A is still A's to edit.
        expect((await push(fx, fx.tokens.managerA, [op('deals', dealId, { amount: 1_500_000 }, { node: 'manager-a' })])).statusCode).toBe(200)
        // Only the hub says that a record left: a laptop cannot push a departure to make a region's laptops purge one.
        const forged = await push(fx, fx.tokens.managerA, [op('_departed', dealId, { table: 'deals' }, { node: 'manager-a' })])
        expect([forged.statusCode, (forged.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.unknown-table'])
      })
    })

    describe('sign-in and scope answers', () => {
      it('a new password ends every session signed with the old one', async () => {
        const email = `pw-${randomUUID().slice(0, 8)}@example.com`
        const user = await createUser(fx.store, { email, name: 'Chen Jing', role: 'manager', orgUnitId: fx.teamA, password: PASSWORD })
        const login = async (password: string) => fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } })
        const old = ((await login(PASSWORD)).json() as { token: string }).token
        const auth = { authorization: `Bearer ${old}` }
        // Used once, so the hub has the scope cached (the hot paths check it without a read).
        expect((await pull(fx, old, fx.regionA)).statusCode).toBe(200)
        // Her laptop was stolen: the administrator sends a new invitation and she sets a new password.
        const { inviteUser } = await import('../../src/hub/org')
        const invite = await inviteUser(fx.store, fx.secret, email)
        fx.clock.now += 1_000
        const accepted = await fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', payload: { token: invite, password: 'a brand new password' } })
        expect(accepted.statusCode, accepted.body).toBe(200)
        for (const res of [
          await fx.hub.app.inject({ method: 'GET', url: '/auth/me', headers: auth }),
          await pull(fx, old, fx.regionA),
          await push(fx, old, [op('customers', randomUUID(), customerFields(fx.teamA))])
        ]) {
          expect([res.statusCode, res.json().code]).toEqual([401, 'auth.revoked'])
        }
        expect((await login(PASSWORD)).statusCode).toBe(401)
        const fresh = ((await login('a brand new password')).json() as { token: string; userId: string })
        expect(fresh.userId).toBe(user.id)
        expect((await pull(fx, fresh.token, fx.regionA)).statusCode).toBe(200)
      })

      it('an unknown invitation token is refused without hashing the password', async () => {
        const { scryptStats } = await import('../../src/hub/auth')
        const before = scryptStats.total
        const tries = await Promise.all(
          Array.from({ length: 8 }, () => fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', payload: { token: randomUUID(), password: 'a long enough password' } }))
        )
        expect(tries.map((r) => [r.statusCode, r.json().code])).toEqual(Array(8).fill([400, 'auth.invite-invalid']))
        expect(scryptStats.total).toBe(before)
      })

      it('answers the same for a parent in another region and one that does not exist', async () => {
        const customerA = randomUUID()
        const dealA = randomUUID()
        expect((await push(fx, fx.tokens.repA, [op('customers', customerA, customerFields(fx.teamA)), op('deals', dealA, dealFields(fx.teamA, customerA))])).statusCode).toBe(200)
        const answer = async (ops: unknown[]) => {
          const res = await push(fx, fx.tokens.managerB, ops)
          const r = (res.json() as Rejected).details?.rejected[0]
          // The reason names only what the caller sent, so it reads the same for both.
          return [res.statusCode, r?.code, r?.reason.replace(/[0-9a-f-]{36}/g, '<id>')]
        }
        const contact = (customerId: string) => [op('contacts', randomUUID(), { customerId, name: 'x', title: 'y', seniority: 1 })]
        const existing = await answer(contact(customerA))
        expect(existing[0]).toBe(422)
        expect(existing[1]).toBe('sync.out-of-scope')
        expect(await answer(contact(randomUUID()))).toEqual(existing)
        const edit = (dealId: string) => [op('deals', dealId, { amount: 1 })]
        expect(await answer(edit(dealA))).toEqual(await answer(edit(randomUUID())))
      })

      it('a deal\'s sheet record sheet:X is accepted only with deal X, never ahead of it from another region', async () => {
        const dealX = randomUUID()
        const customerB = randomUUID()
        const dealB = randomUUID()
        expect((await push(fx, fx.tokens.managerB, [op('customers', customerB, customerFields(fx.teamB)), op('deals', dealB, dealFields(fx.teamB, customerB))])).statusCode).toBe(200)
        const sheet = (dealId: string) => op('strategySheets', `sheet:${dealX}`, { dealId, createdAt: 1, createdBy: fx.users.managerB })
        // Region B tries to claim deal X's sheet before X exists (hung off its own deal, or off X itself).
        const underOwn = await push(fx, fx.tokens.managerB, [sheet(dealB)])
        expect([underOwn.statusCode, (underOwn.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.invalid-field'])
        const ahead = await push(fx, fx.tokens.managerB, [sheet(dealX)])
        expect([ahead.statusCode, (ahead.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
        // Region A creates deal X and opens its sheet: accepted, in A.
        const customerA = randomUUID()
        const own = await push(fx, fx.tokens.managerA, [op('customers', customerA, customerFields(fx.teamA)), op('deals', dealX, dealFields(fx.teamA, customerA)), op('strategySheets', `sheet:${dealX}`, { dealId: dealX, createdAt: 2, createdBy: fx.users.managerA })])
        expect(own.statusCode, own.body).toBe(200)
        expect(Object.keys(own.json().streams)).toEqual([fx.regionA])
      })
    })

    describe('poison text', () => {
      it('refuses NUL, control characters and lone surrogates in ids and string fields with a 4xx code, and keeps serving', async () => {
        const headBefore = (await pull(fx, fx.tokens.managerA, fx.regionA)).json().head as number
        const good = op('customers', randomUUID(), customerFields(fx.teamA))
        const poisoned: [string, unknown][] = [
          ['NUL in a row id', op('customers', `c-${randomUUID().slice(0, 8)}\u0000x`, customerFields(fx.teamA))],
          ['NUL in a name', op('customers', randomUUID(), { ...customerFields(fx.teamA), name: 'Hangzhou\u0000Steel' })],
          ['a lone high surrogate in a name', op('customers', randomUUID(), { ...customerFields(fx.teamA), name: 'Hangzhou \ud800 Steel' })],
          ['a lone low surrogate in a row id', op('customers', `c-\udc00-${randomUUID().slice(0, 8)}`, customerFields(fx.teamA))],
          ['a bell character in an industry', op('customers', randomUUID(), { ...customerFields(fx.teamA), industry: 'Steel\u0007' })],
          ['an escape character inside a list', op('territoryRules', randomUUID(), { orgUnitId: fx.teamA, priority: 1, cities: ['杭州', 'bad\u001b[31m'], industries: [] })]
        ]
        for (const [what, bad] of poisoned) {
          const res = await push(fx, fx.tokens.managerA, [good, bad])
          const body = res.json() as Rejected
          expect([what, res.statusCode, body.code]).toEqual([what, 422, 'sync.batch-rejected'])
          expect([what, body.details?.rejected.map((r) => [r.index, r.code])]).toEqual([what, [[1, 'sync.invalid-text']]])
        }
        // Nothing of those batches was applied; the hub keeps serving and the good op goes through alone.
        expect((await pull(fx, fx.tokens.managerA, fx.regionA)).json().head).toBe(headBefore)
        expect((await push(fx, fx.tokens.managerA, [good])).statusCode).toBe(200)
        // Ordinary text with tabs, line breaks, CJK and emoji (surrogate pairs) is untouched.
        const fine = op('customers', randomUUID(), { ...customerFields(fx.teamA), name: '上海瑞康\t医疗 🚀\r\nline two' })
        expect((await push(fx, fx.tokens.managerA, [fine])).statusCode).toBe(200)
        const back = (await pull(fx, fx.tokens.managerA, fx.regionA, headBefore)).json().ops.map((o: { op: { rowId: string; fields: { name: string } } }) => o.op)
        expect(back.find((o: { rowId: string }) => o.rowId === fine.rowId).fields.name).toBe('上海瑞康\t医疗 🚀\r\nline two')
      })

      it('refuses poison text in the batch envelope, a sign-in, a stream name and a sheet id with a 4xx, never a 500', async () => {
        const raw = (payload: unknown) => fx.hub.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization: `Bearer ${fx.tokens.managerA}` }, payload: payload as object })
        const envelope = await raw({ clientId: 'laptop\u0000', batchId: randomUUID(), ops: [op('customers', randomUUID(), customerFields(fx.teamA))] })
        expect([envelope.statusCode, envelope.json().code]).toEqual([400, 'sync.invalid-text'])
        const batch = await raw({ clientId: 'laptop', batchId: `b-\ud800`, ops: [op('customers', randomUUID(), customerFields(fx.teamA))] })
        expect([batch.statusCode, batch.json().code]).toEqual([400, 'sync.invalid-text'])
        const login = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'li.wei\u0000@example.com', password: 'whatever it is' } })
        expect([login.statusCode, login.json().code]).toEqual([400, 'auth.malformed'])
        const stream = await fx.hub.app.inject({ method: 'GET', url: `/sync/pull?stream=${encodeURIComponent('x\u0000y')}`, headers: { authorization: `Bearer ${fx.tokens.managerA}` } })
        expect([stream.statusCode, stream.json().code]).toEqual([400, 'sync.malformed'])
      })
    })
  })
}
