import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HubStore } from '../../src/hub/store'
import { customerFields, makeFixture, op, pull, push, type Fixture } from './harness'

interface Rejected {
  code: string
  details?: { rejected: { index: number; code: string; reason: string }[] }
}

/**
 * Issue 13's hostile inputs against the hub, once per storage engine (PGlite always, PostgreSQL
 * when DATABASE_URL is set): they differ exactly where text reaches the database.
 */
export function hardeningSuite(label: string, open: () => Promise<HubStore>): void {
  describe(`team hub hardening (${label})`, () => {
    let fx: Fixture

    beforeAll(async () => {
      fx = await makeFixture(await open())
    }, 60_000)

    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
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
        expect(stream.statusCode).toBeGreaterThanOrEqual(400)
        expect(stream.statusCode).toBeLessThan(500)
      })
    })
  })
}
