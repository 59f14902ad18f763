import { randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { signToken, TOKEN_TTL_MS } from '../../src/hub/auth'
import { POKE_WINDOW_MS } from '../../src/hub/live'
import { inviteUser } from '../../src/hub/org'
import type { HubStore } from '../../src/hub/store'
import { customerFields, dealFields, liveSocket, recordingFields, makeFixture, op, PASSWORD, pull, push, type Fixture } from './harness'
import { commentRevisionId, libraryMarkId, taskCompletionId } from '../../src/shared/model'

interface Rejected {
  code: string
  details?: { rejected: { index: number; code: string; reason: string }[] }
}

/** The hub's behaviour, run once per storage engine (PGlite always, PostgreSQL when configured). */
export function hubSuite(label: string, open: () => Promise<HubStore>): void {
  describe(`team hub records (${label})`, () => {
    let fx: Fixture

    beforeAll(async () => {
      fx = await makeFixture(await open())
    }, 400_000)

    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
    })

    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

    describe('auth', () => {
      it('signs in with the right password only, without telling which emails exist', async () => {
        const me = await fx.hub.app.inject({ method: 'GET', url: '/auth/me', headers: bearer(fx.tokens.managerA) })
        expect(me.json()).toMatchObject({ userId: fx.users.managerA, role: 'regional_manager', regions: [fx.regionA] })
        const [wrong, unknown] = await Promise.all([
          fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: fx.emails.managerA, password: 'not the password' } }),
          fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nobody@example.com', password: PASSWORD } })
        ])
        expect(wrong.statusCode).toBe(401)
        expect(unknown.statusCode).toBe(401)
        expect(wrong.json().code).toBe('auth.bad-credentials')
        expect(unknown.json().code).toBe('auth.bad-credentials')
      })

      it('refuses missing, expired, forged and tampered tokens', async () => {
        const me = (token?: string) =>
          fx.hub.app.inject({ method: 'GET', url: '/auth/me', headers: token === undefined ? {} : bearer(token) }).then((r) => [r.statusCode, r.json().code])
        expect(await me()).toEqual([401, 'auth.missing'])
        const expired = signToken(fx.secret, { sub: fx.users.managerA, exp: fx.clock.now - 1 })
        expect(await me(expired)).toEqual([401, 'auth.expired'])
        const forged = signToken(randomBytes(32), { sub: fx.users.managerA, exp: fx.clock.now + TOKEN_TTL_MS })
        expect(await me(forged)).toEqual([401, 'auth.bad-signature'])
        // Manager B rewrites the payload of their own token to become manager A.
        const [, mac] = fx.tokens.managerB.split('.')
        const body = Buffer.from(JSON.stringify({ sub: fx.users.managerA, exp: fx.clock.now + TOKEN_TTL_MS })).toString('base64url')
        expect(await me(`${body}.${mac}`)).toEqual([401, 'auth.bad-signature'])
        expect(await me('garbage')).toEqual([401, 'auth.malformed'])
      })

      it('expires a token after 15 minutes', async () => {
        const saved = fx.clock.now
        try {
          fx.clock.now = saved + TOKEN_TTL_MS + 1
          const res = await pull(fx, fx.tokens.managerA, fx.regionA)
          expect(res.statusCode).toBe(401)
          expect(res.json().code).toBe('auth.expired')
        } finally {
          fx.clock.now = saved
        }
      })

      it('an invitation sets the password once', async () => {
        const email = `new-${randomUUID().slice(0, 8)}@example.com`
        const { createUser } = await import('../../src/hub/org')
        await createUser(fx.store, { email, name: 'New rep', role: 'rep', orgUnitId: fx.teamA })
        const token = await inviteUser(fx.store, fx.secret, email)
        const accept = () => fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', payload: { token, password: 'a new long password' } })
        expect((await accept()).statusCode).toBe(200)
        const again = await accept()
        expect([again.statusCode, again.json().code]).toEqual([400, 'auth.invite-invalid'])
        const login = await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'a new long password' } })
        expect(login.statusCode).toBe(200)
      })
    })

    describe('push and pull', () => {
      it('round-trips a batch in order and serves it to others in the region', async () => {
        const customerId = randomUUID()
        const dealId = randomUUID()
        const ops = [
          op('customers', customerId, customerFields(fx.teamA)),
          op('deals', dealId, dealFields(fx.teamA, customerId)),
          op('contacts', randomUUID(), { customerId, name: 'Ms Li', title: 'CFO', seniority: 4 }),
          op('activities', randomUUID(), { kind: 'visit', customerId, dealId, userId: fx.users.repA, at: 1_763_800_000_000 })
        ]
        const res = await push(fx, fx.tokens.repA, ops)
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ accepted: 4, duplicates: 0 })
        const head = res.json().streams[fx.regionA] as number

        const pulled = await pull(fx, fx.tokens.managerA, fx.regionA, head - 4)
        expect(pulled.statusCode).toBe(200)
        const body = pulled.json()
        expect(body.ops.map((o: { seq: number }) => o.seq)).toEqual([head - 3, head - 2, head - 1, head])
        expect(body.ops.map((o: { op: unknown }) => o.op)).toEqual(ops)
        expect(body).toMatchObject({ head, more: false })

        // Paging by cursor gives the same ops.
        const page = await pull(fx, fx.tokens.managerA, fx.regionA, head - 4, 2)
        expect(page.json().ops).toHaveLength(2)
        expect(page.json().more).toBe(true)
      })

      it('a device replacing its own earlier value is an edit, not a conflict', async () => {
        const customerId = randomUUID()
        const t = Date.now()
        await push(fx, fx.tokens.repA, [op('customers', customerId, customerFields(fx.teamA), { wallMs: t - 2_000, node: 'rep-laptop' })])
        const again = await push(fx, fx.tokens.repA, [op('customers', customerId, { name: 'Hangzhou Steel Group' }, { wallMs: t, node: 'rep-laptop' })])
        expect(again.json().conflicts).toBe(0)
        expect(await fx.store.query('SELECT 1 FROM conflicts WHERE row_id = $1', [customerId])).toEqual([])
        // The same change from another laptop of the same person is one.
        const other = await push(fx, fx.tokens.repA, [op('customers', customerId, { name: 'HZ Steel' }, { wallMs: t + 1_000, node: 'rep-phone' })])
        expect(other.json().conflicts).toBe(1)
      })

      it('keeps the later write per field and the losing value as a conflict', async () => {
        const customerId = randomUUID()
        const dealId = randomUUID()
        const t = Date.now()
        await push(fx, fx.tokens.repA, [op('customers', customerId, customerFields(fx.teamA)), op('deals', dealId, dealFields(fx.teamA, customerId), { wallMs: t - 10_000 })])
        const newer = await push(fx, fx.tokens.managerA, [op('deals', dealId, { amount: 900_000 }, { wallMs: t, node: 'manager-laptop' })])
        // The rep's offline edit arrives later but was made earlier: it loses, and is kept.
        const older = await push(fx, fx.tokens.repA, [op('deals', dealId, { amount: 1_500_000 }, { wallMs: t - 5_000, node: 'rep-laptop' })])
        expect(newer.json().conflicts).toBe(1)
        expect(older.json().conflicts).toBe(1)
        const cells = await fx.store.query<{ value: unknown }>("SELECT value FROM cells WHERE tbl = 'deals' AND row_id = $1 AND field = 'amount'", [dealId])
        expect(cells[0]!.value).toBe(900_000)
        const lost = await fx.store.query<{ value: unknown }>("SELECT value FROM conflicts WHERE tbl = 'deals' AND row_id = $1 AND field = 'amount' ORDER BY value", [
          dealId
        ])
        expect(lost.map((r) => r.value)).toEqual([1_200_000, 1_500_000])
        // Pull pages name the stream's newest conflict, so laptops know to ask for the inbox.
        const [top] = await fx.store.query<{ id: number | string }>('SELECT max(id) AS id FROM conflicts WHERE stream = $1', [fx.regionA])
        expect((await pull(fx, fx.tokens.managerA, fx.regionA, 0, 1)).json().conflictTop).toBe(Number(top!.id))
      })

      it('concurrent edits of one field leave the newest on the hub and keep every other as a losing value', async () => {
        const customerId = randomUUID()
        const dealId = randomUUID()
        const t = Date.now() - 60_000
        await push(fx, fx.tokens.repA, [op('customers', customerId, customerFields(fx.teamA)), op('deals', dealId, dealFields(fx.teamA, customerId), { wallMs: t })])
        const sent: { amount: number; hlc: string }[] = []
        for (let round = 1; round <= 25; round++) {
          // Four laptops save the same field at once; their clocks are shuffled against arrival order.
          const edits = [3, 1, 4, 2].map((k) => {
            const amount = round * 10 + k
            const o = op('deals', dealId, { amount }, { wallMs: t + round * 100 + k, node: `laptop-${k}-${round}` })
            sent.push({ amount, hlc: o.hlc })
            return o
          })
          const results = await Promise.all(edits.map((o) => push(fx, fx.tokens.repA, [o])))
          expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200])
        }
        const newest = sent.reduce((a, b) => (b.hlc > a.hlc ? b : a))
        const [cell] = await fx.store.query<{ value: unknown; hlc: string }>("SELECT value, hlc FROM cells WHERE tbl = 'deals' AND row_id = $1 AND field = 'amount'", [dealId])
        expect(cell).toEqual({ value: newest.amount, hlc: newest.hlc })
        const lost = await fx.store.query<{ hlc: string }>("SELECT hlc FROM conflicts WHERE tbl = 'deals' AND row_id = $1 AND field = 'amount'", [dealId])
        const kept = new Set(lost.map((r) => r.hlc))
        // Every edit but the newest is kept as a losing value (the deal's first amount too).
        expect(sent.filter((s) => s !== newest && !kept.has(s.hlc)).map((s) => s.amount)).toEqual([])
        expect(kept.has(newest.hlc)).toBe(false)
      })

      it('answers a replayed batch with its first result and applies nothing again', async () => {
        const batchId = randomUUID()
        const customerId = randomUUID()
        const ops = [op('customers', customerId, customerFields(fx.teamA))]
        const first = await push(fx, fx.tokens.repA, ops, batchId)
        const again = await push(fx, fx.tokens.repA, ops, batchId)
        expect(again.statusCode).toBe(200)
        expect(again.json()).toEqual({ ...first.json(), replayed: true })
        // The same op inside a new batch (the client lost the answer and rebuilt its batch).
        const rebuilt = await push(fx, fx.tokens.repA, ops)
        expect(rebuilt.json()).toMatchObject({ accepted: 0, duplicates: 1 })
        const rows = await fx.store.query("SELECT seq FROM op_log WHERE tbl = 'customers' AND row_id = $1", [customerId])
        expect(rows).toHaveLength(1)
        // Someone else cannot read another sender's result by reusing the batch id.
        const stolen = await push(fx, fx.tokens.managerB, ops, batchId)
        expect([stolen.statusCode, stolen.json().code]).toEqual([409, 'sync.batch-id-taken'])
      })

      it('takes a real export\'s deals: no customer, no close date, closed with its stage path unknown (deals v2)', async () => {
        const dealId = randomUUID()
        const { name, orgUnitId, amount, currency } = dealFields(fx.teamA, 'unused')
        const imported = op('deals', dealId, { name, orgUnitId, amount, currency, status: 'lost', stageId: 's-contact', stagePathUnknown: true }, { schemaVersion: 2 })
        const res = await push(fx, fx.tokens.repA, [imported])
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ accepted: 1 })
        // A manager attaches a customer, then clears a close date that was wrong: optional fields may be cleared.
        const customerId = randomUUID()
        await push(fx, fx.tokens.repA, [op('customers', customerId, customerFields(fx.teamA))])
        const edits = await push(fx, fx.tokens.managerA, [op('deals', dealId, { customerId, expectedCloseAt: null }, { schemaVersion: 2 })])
        expect(edits.statusCode).toBe(200)
        const cells = await fx.store.query<{ field: string; value: unknown }>("SELECT field, value FROM cells WHERE tbl = 'deals' AND row_id = $1 ORDER BY field", [dealId])
        expect(Object.fromEntries(cells.map((c) => [c.field, c.value]))).toMatchObject({ customerId, stagePathUnknown: true, status: 'lost' })
        // The marker is a literal: anything else is refused, naming the field.
        const wrong = await push(fx, fx.tokens.repA, [op('deals', dealId, { stagePathUnknown: 'maybe' }, { schemaVersion: 2 })])
        expect((wrong.json() as Rejected).details?.rejected[0]?.code).toBe('sync.invalid-field')
      })

      it('takes an open deal imported without an amount ("amount not set", deals v3) and the amount the manager sets later', async () => {
        const dealId = randomUUID()
        const { name, orgUnitId, currency } = dealFields(fx.teamA, 'unused')
        const res = await push(fx, fx.tokens.repA, [op('deals', dealId, { name, orgUnitId, currency, status: 'open', stageId: 's-contact' }, { schemaVersion: 3 })])
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ accepted: 1 })
        const set = await push(fx, fx.tokens.managerA, [op('deals', dealId, { amount: 12_500_00 }, { schemaVersion: 3 })])
        expect(set.statusCode).toBe(200)
        const cells = await fx.store.query<{ field: string; value: unknown }>("SELECT field, value FROM cells WHERE tbl = 'deals' AND row_id = $1 AND field = 'amount'", [dealId])
        expect(cells.map((c) => c.value)).toEqual([12_500_00])
        // Still a whole number of minor units when it is set.
        const wrong = await push(fx, fx.tokens.managerA, [op('deals', dealId, { amount: 'about 10k' }, { schemaVersion: 3 })])
        expect((wrong.json() as Rejected).details?.rejected[0]?.code).toBe('sync.invalid-field')
      })

      it('hands out gap-free, ordered sequence numbers to 20 concurrent pushes', async () => {
        const fresh = await makeFixture(fx.store)
        try {
          const batches = Array.from({ length: 20 }, () => {
            const customerId = randomUUID()
            return [
              op('customers', customerId, customerFields(fresh.teamA)),
              op('contacts', randomUUID(), { customerId, name: 'Mr Wang', title: 'Buyer', seniority: 2 }),
              op('deals', randomUUID(), dealFields(fresh.teamA, customerId))
            ]
          })
          const results = await Promise.all(batches.map((ops) => push(fresh, fresh.tokens.repA, ops)))
          expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
          const body = (await pull(fresh, fresh.tokens.managerA, fresh.regionA)).json()
          expect(body.ops.map((o: { seq: number }) => o.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
          expect(body.head).toBe(60)
          // Every batch got one contiguous range, so a customer always precedes its contact and deal.
          for (const ops of batches) {
            const seqs = ops.map((o) => body.ops.find((p: { op: { hlc: string } }) => p.op.hlc === o.hlc).seq as number)
            expect(seqs).toEqual([seqs[0]!, seqs[0]! + 1, seqs[0]! + 2])
          }
        } finally {
          await fresh.hub.app.close()
        }
      })
    })

    describe('scope', () => {
      it('a manager of region B can neither write nor read region A by any request', async () => {
        const customerId = randomUUID()
        const dealId = randomUUID()
        await push(fx, fx.tokens.repA, [op('customers', customerId, customerFields(fx.teamA)), op('deals', dealId, dealFields(fx.teamA, customerId))])
        const headBefore = (await pull(fx, fx.tokens.managerA, fx.regionA)).json().head

        const ownCustomer = randomUUID()
        await push(fx, fx.tokens.managerB, [op('customers', ownCustomer, customerFields(fx.teamB))])
        const attempts: [string, unknown[]][] = [
          ['a new deal in A', [op('deals', randomUUID(), dealFields(fx.teamA, customerId))]],
          ['a partial edit of A deal', [op('deals', dealId, { amount: 1 })]],
          ['a contact under A customer', [op('contacts', randomUUID(), { customerId, name: 'x', title: 'y', seniority: 1 })]],
          ['an activity on A customer', [op('activities', randomUUID(), { kind: 'note', customerId, dealId: null, userId: fx.users.managerB, at: 1 })]],
          ['moving A deal to B team', [op('deals', dealId, { orgUnitId: fx.teamB })]],
          ['moving own customer into A', [op('customers', ownCustomer, { orgUnitId: fx.teamA })]],
          ['a team under region A', [op('orgUnits', randomUUID(), { kind: 'team', name: 'Mine', parentId: fx.regionA })]],
          ['a comment on A deal', [op('comments', randomUUID(), { targetTable: 'deals', targetId: dealId, kind: 'comment', authorId: fx.users.managerB, body: 'hi', createdAt: 1 })]],
          ['a target for A rep', [op('targets', randomUUID(), { scopeKind: 'user', scopeId: fx.users.repA, period: 'month', periodStart: '2025-01-01', metric: 'visits', objective: 1 })]]
        ]
        for (const [what, ops] of attempts) {
          const res = await push(fx, fx.tokens.managerB, ops)
          expect([what, res.statusCode, (res.json() as Rejected).details?.rejected[0]?.code]).toEqual([what, 422, 'sync.out-of-scope'])
        }
        expect((await pull(fx, fx.tokens.managerA, fx.regionA)).json().head).toBe(headBefore)

        const read = await pull(fx, fx.tokens.managerB, fx.regionA)
        expect([read.statusCode, read.json().code]).toEqual([403, 'auth.out-of-scope'])
        // The director of region A sees A, not B.
        expect((await pull(fx, fx.tokens.director, fx.regionA)).statusCode).toBe(200)
        expect((await pull(fx, fx.tokens.director, fx.regionB)).statusCode).toBe(403)
      })

      it('marks on a record (task done, call in the library, comment edit) travel with the record, and only in scope', async () => {
        const customerId = randomUUID()
        const taskId = randomUUID()
        const commentId = randomUUID()
        const recordingId = randomUUID()
        const mark = (targetTable: string, targetId: string, authorId: string): unknown =>
          op('comments', randomUUID(), { targetTable, targetId, kind: 'bookmark', authorId, body: '', createdAt: 2 })
        await push(fx, fx.tokens.repA, [
          op('customers', customerId, customerFields(fx.teamA)),
          op('activities', taskId, { kind: 'task', customerId, dealId: null, userId: fx.users.repA, at: 1 }),
          op('comments', commentId, { targetTable: 'activities', targetId: taskId, kind: 'comment', authorId: fx.users.repA, body: 'call back', createdAt: 1 })
        ])
        // As an old laptop sends them (comments on pseudo tables) and as a new one does (their kinds).
        const ownMarks = [
          mark('taskDone', taskId, fx.users.repA),
          mark('commentEdits', commentId, fx.users.repA),
          op('libraryMarks', libraryMarkId(recordingId, '开场'), { recordingId, skill: '开场', authorId: fx.users.repA, markedAt: 3, deleted: false })
        ]
        const headBefore = (await pull(fx, fx.tokens.managerA, fx.regionA)).json().head as number
        const placed = await push(fx, fx.tokens.repA, [op('recordings', recordingId, recordingFields(customerId)), ...ownMarks])
        expect(placed.statusCode, placed.body).toBe(200)
        const seen = (await pull(fx, fx.tokens.managerA, fx.regionA, headBefore)).json().ops.map((o: { op: { table: string; rowId: string } }) => `${o.op.table}/${o.op.rowId}`)
        for (const m of [`taskCompletions/${taskCompletionId(taskId)}`, `commentRevisions/${commentRevisionId(commentId, fx.users.repA)}`, `libraryMarks/${libraryMarkId(recordingId, '开场')}`]) {
          expect(seen).toContain(m)
        }
        for (const m of [
          mark('taskDone', taskId, fx.users.managerB),
          mark('commentEdits', commentId, fx.users.managerB),
          mark('callLibrary', recordingId, fx.users.managerB),
          op('taskCompletions', taskCompletionId(taskId), { taskId, doneAt: 4, byUserId: fx.users.managerB, deleted: false })
        ]) {
          const res = await push(fx, fx.tokens.managerB, [m])
          expect([res.statusCode, (res.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
        }
      })

      it('a move to another region applies to the very next push and pull, with scopes cached', async () => {
        const moved = await makeFixture(fx.store)
        try {
          const customerB = randomUUID()
          // Warm the cache: manager B reads and writes region B.
          expect((await pull(moved, moved.tokens.managerB, moved.regionB)).statusCode).toBe(200)
          expect((await push(moved, moved.tokens.managerB, [op('customers', customerB, customerFields(moved.teamB))])).statusCode).toBe(200)
          await moved.store.query('UPDATE users SET org_unit_id = $1 WHERE id = $2', [moved.teamA, moved.users.managerB])
          expect((await pull(moved, moved.tokens.managerB, moved.regionB)).statusCode).toBe(403)
          expect((await pull(moved, moved.tokens.managerB, moved.regionA)).statusCode).toBe(200)
          const edit = await push(moved, moved.tokens.managerB, [op('customers', customerB, { name: 'Renamed' })])
          expect((edit.json() as Rejected).details?.rejected[0]?.code).toBe('sync.out-of-scope')
          await moved.store.query('UPDATE users SET active = false WHERE id = $1', [moved.users.managerB])
          expect((await pull(moved, moved.tokens.managerB, moved.regionA)).json().code).toBe('auth.unknown-user')
        } finally {
          await moved.hub.app.close()
        }
      })

      it('org-wide settings are read by all and written only by directors and admins', async () => {
        const process = op('salesProcesses', randomUUID(), { name: 'Standard', deleted: false })
        const byRep = await push(fx, fx.tokens.repA, [process])
        // Global rows are in everyone's scope; roles v2's permission table refuses the write.
        expect(byRep.json().details.rejected[0]).toMatchObject({ code: 'sync.forbidden', permission: 'process.edit' })
        expect((await push(fx, fx.tokens.director, [process])).statusCode).toBe(200)
        const read = await pull(fx, fx.tokens.managerB, 'global')
        expect(read.json().ops.map((o: { op: { hlc: string } }) => o.op.hlc)).toContain(process.hlc)
        // The analytics bands and unit costs are one org-wide row, placed like the processes.
        const bands = op('analyticsSettings', 'analytics-settings', { smallBelow: 5_000_000, bigFrom: 30_000_000 })
        expect((await push(fx, fx.tokens.managerA, [bands])).json().details.rejected[0]).toMatchObject({ code: 'sync.forbidden', permission: 'analytics.settings' })
        expect((await push(fx, fx.tokens.director, [bands])).statusCode).toBe(200)
        const again = await pull(fx, fx.tokens.repA, 'global')
        expect(again.json().ops.map((o: { op: { hlc: string } }) => o.op.hlc)).toContain(bands.hlc)
      })

      it('pokes live sockets only for streams in scope', async () => {
        await fx.hub.app.listen({ host: '127.0.0.1', port: 0 })
        const port = (fx.hub.app.server.address() as AddressInfo).port
        const connect = (token: string) => liveSocket(port, token)
        const a = await connect(fx.tokens.managerA)
        const b = await connect(fx.tokens.managerB)
        const res = await push(fx, fx.tokens.repA, [op('customers', randomUUID(), customerFields(fx.teamA))])
        const seq = res.json().streams[fx.regionA]
        // (A poke folded from an earlier test's saves may come first: look for this save's.)
        await expect.poll(() => a.messages.some((m) => m.type === 'poke' && m.stream === fx.regionA && m.seq === seq)).toBe(true)
        expect(b.messages.filter((m) => m.type === 'poke' && m.stream === fx.regionA)).toEqual([])

        const forged = new WebSocket(`ws://127.0.0.1:${port}/sync/live`)
        await new Promise((r) => forged.once('open', r))
        const closed = new Promise<number>((r) => forged.once('close', (code) => r(code)))
        forged.send(JSON.stringify({ type: 'auth', token: signToken(randomBytes(32), { sub: fx.users.managerA, exp: Date.now() + 60_000 }) }))
        expect(await closed).toBe(4401)

        // A burst of saves in the region: the laptop is poked at most once per window, never
        // once per save, and the last poke names the newest seq (so its pull gets everything).
        const pokesOfA = () => a.messages.filter((m) => m.type === 'poke' && m.stream === fx.regionA)
        // Let the window of the save above close first.
        await new Promise((r) => setTimeout(r, POKE_WINDOW_MS + 50))
        const before = pokesOfA().length
        const t0 = Date.now()
        const burst = await Promise.all(Array.from({ length: 20 }, () => push(fx, fx.tokens.repA, [op('customers', randomUUID(), customerFields(fx.teamA))])))
        const elapsed = Date.now() - t0
        const head = Math.max(...burst.map((r) => r.json().streams[fx.regionA] as number))
        await expect.poll(() => pokesOfA().at(-1)?.seq, { timeout: 3_000 }).toBe(head)
        const pokes = pokesOfA().slice(before)
        expect(pokes.length).toBeLessThanOrEqual(Math.ceil(elapsed / POKE_WINDOW_MS) + 1)
        expect(pokes.length).toBeLessThan(20)
        expect(pokes.map((m) => m.seq)).toEqual([...pokes.map((m) => m.seq!)].sort((x, y) => x - y))
        a.ws.close()
        b.ws.close()
      })
    })

    describe('bad input', () => {
      it('refuses a batch with bad ops, with a reason per op, and applies none of it', async () => {
        const customerId = randomUUID()
        const headBefore = (await pull(fx, fx.tokens.managerA, fx.regionA)).json().head
        const ops = [
          op('customers', customerId, customerFields(fx.teamA)),
          // A table no model kind has (invoices became one with collections, issue 22).
          op('expenseClaims', randomUUID(), { total: 1 }),
          op('customers', customerId, { shoeSize: 44 }),
          op('customers', customerId, { tier: 'platinum' }),
          op('customers', customerId, { name: 'Later' }, { schemaVersion: 99 }),
          op('customers', customerId, { name: 'Future' }, { wallMs: Date.now() + 3_600_000 }),
          { table: 'customers', rowId: customerId, hlc: 'not-a-clock-at-all-nope', schemaVersion: 1, fields: {} },
          op('deals', randomUUID(), { amount: 1 })
        ]
        const res = await push(fx, fx.tokens.managerA, ops)
        expect(res.statusCode).toBe(422)
        const body = res.json() as Rejected
        expect(body.code).toBe('sync.batch-rejected')
        expect(body.details!.rejected.map((r) => [r.index, r.code])).toEqual([
          [1, 'sync.unknown-table'],
          [2, 'sync.unknown-field'],
          [3, 'sync.invalid-field'],
          [4, 'sync.future-schema'],
          [5, 'sync.clock-drift'],
          [6, 'sync.malformed']
        ])
        for (const r of body.details!.rejected) expect(r.reason.length).toBeGreaterThan(5)
        expect((await pull(fx, fx.tokens.managerA, fx.regionA)).json().head).toBe(headBefore)

        // An op whose row the hub cannot place is refused too, in the words used for another region's row (no oracle).
        const orphan = await push(fx, fx.tokens.managerA, [op('deals', randomUUID(), { amount: 1 })])
        expect((orphan.json() as Rejected).details!.rejected[0]!.code).toBe('sync.out-of-scope')

        // The hub keeps serving: the good op alone goes through.
        expect((await push(fx, fx.tokens.managerA, [ops[0]])).statusCode).toBe(200)
      })

      it('refuses malformed and oversized bodies with a code', async () => {
        const raw = (payload: string) =>
          fx.hub.app.inject({ method: 'POST', url: '/sync/push', headers: { ...bearer(fx.tokens.managerA), 'content-type': 'application/json' }, payload })
        const notJson = await raw('{"ops": [')
        expect(notJson.statusCode).toBe(400)
        const noOps = await raw(JSON.stringify({ clientId: 'c', batchId: 'b', ops: 'all of them' }))
        expect([noOps.statusCode, noOps.json().code]).toEqual([400, 'sync.malformed'])
        const many = Array.from({ length: 1001 }, () => op('customers', randomUUID(), { name: 'x' }))
        const tooMany = await push(fx, fx.tokens.managerA, many)
        expect([tooMany.statusCode, tooMany.json().code]).toEqual([413, 'sync.batch-too-large'])
        const huge = await push(fx, fx.tokens.managerA, [op('customers', randomUUID(), { name: 'x'.repeat(5 * 1024 * 1024) })])
        expect([huge.statusCode, huge.json().code]).toEqual([413, 'sync.body-too-large'])
        const badCursor = await fx.hub.app.inject({ method: 'GET', url: `/sync/pull?stream=${fx.regionA}&after=-3`, headers: bearer(fx.tokens.managerA) })
        expect([badCursor.statusCode, badCursor.json().code]).toEqual([400, 'sync.malformed'])
        expect((await pull(fx, fx.tokens.managerA, fx.regionA)).statusCode).toBe(200)
      })
    })
  })
}
