import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/hub/org'
import { openPglite, type HubStore } from '../../src/hub/store'
import { territoryRuleKind } from '../../src/shared/model'
import { makeFixture, op, PASSWORD, pull, push, type Fixture } from './harness'

/**
 * Territory rules on a hub: the permission table decides who may change them (a regional
 * manager may, a team lead or a rep may not, and the hub says which permission it needed); a
 * whole rule pushed by a laptop still on v1 arrives with the v2 dimensions empty.
 */
describe('territory rules on a hub', () => {
  let dir: string
  let store: HubStore
  let fx: Fixture
  let lead = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cockpit-territories-'))
    store = await openPglite(join(dir, 'hub'))
    fx = await makeFixture(store)
    const email = `lead-${Date.now()}@example.com`
    await createUser(store, { email, name: 'lead', role: 'team_lead', orgUnitId: fx.teamA, password: PASSWORD })
    lead = ((await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })).json() as { token: string }).token
  }, 240_000)

  afterAll(async () => {
    await fx?.hub.app.close()
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const rule = (id: string, over: Record<string, unknown> = {}) =>
    op(
      'territoryRules',
      id,
      { name: 'Pudong', orgUnitId: fx.teamA, priority: 1, provinces: [], cities: ['上海'], districts: ['浦东新区'], industries: [], sizes: ['large'], customerIds: [], ...over },
      { schemaVersion: territoryRuleKind.version }
    )

  it('a regional manager changes territory rules; a team lead and a rep are refused with the permission, and nothing is stored', async () => {
    expect((await push(fx, fx.tokens.managerA, [rule('tr-manager')])).statusCode).toBe(200)
    for (const token of [lead, fx.tokens.repA]) {
      const res = await push(fx, token, [rule('tr-refused', { priority: 0 })])
      expect(res.statusCode).toBe(422)
      const [r] = (res.json() as { details: { rejected: { code: string; permission: string; reason: string }[] } }).details.rejected
      expect(r).toMatchObject({ code: 'sync.forbidden', permission: 'territory.edit' })
      expect(r!.reason).toMatch(/territory rules/)
      // Nor may they reorder the manager's rule.
      const reorder = await push(fx, token, [op('territoryRules', 'tr-manager', { priority: 50 }, { schemaVersion: 2 })])
      expect(reorder.statusCode).toBe(422)
    }
    const page = (await pull(fx, fx.tokens.managerA, fx.regionA)).json() as { ops: { op: { table: string; rowId: string; fields: Record<string, unknown> } }[] }
    const rows = page.ops.filter((o) => o.op.table === 'territoryRules')
    expect(rows.map((o) => o.op.rowId)).toEqual(['tr-manager'])
    expect(rows[0]!.op.fields).toMatchObject({ priority: 1, districts: ['浦东新区'], sizes: ['large'] })
  })

  it('a whole rule from a laptop still on v1 arrives with empty provinces, districts, sizes and named accounts', async () => {
    const old = op('territoryRules', 'tr-v1', { orgUnitId: fx.teamA, priority: 20, cities: ['杭州'], industries: ['医疗'] }, { schemaVersion: 1 })
    expect((await push(fx, fx.tokens.managerA, [old])).statusCode).toBe(200)
    const page = (await pull(fx, fx.tokens.managerA, fx.regionA)).json() as { ops: { op: { table: string; rowId: string; fields: Record<string, unknown> } }[] }
    const got = page.ops.find((o) => o.op.rowId === 'tr-v1')!.op.fields
    expect(got).toMatchObject({ cities: ['杭州'], industries: ['医疗'], provinces: [], districts: [], sizes: [], customerIds: [] })
  })
})
