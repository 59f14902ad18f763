import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelTables, type ModelTable } from '../../src/shared/model'
import { ROLES, type UserRole } from '../../src/shared/model/user'
import { FIELD_PERMISSIONS } from '../../src/shared/domain/permissions'
import { permissionRefusal } from '../../src/hub/permissions'
import type { Scope } from '../../src/hub/org'
import { meOf } from '../../src/renderer/src/session/session'
import { createUser } from '../../src/hub/org'
import { openPglite, type HubStore } from '../../src/hub/store'
import { makeFixture, op, PASSWORD, pull, push, type Fixture } from './harness'

/**
 * One permission table, two readers: what the app offers a role (`useMe().mayWrite`) and what
 * the hub accepts from it (`permissionRefusal` on the push path) are the same answer for every
 * role, table and guarded field; and on a real hub a refused push says which permission it needed.
 */

const scopeOf = (role: UserRole): Scope => ({
  user: { id: 'u', email: 'u@example.com', name: 'U', role, org_unit_id: 't', active: true },
  regions: new Set(['r'])
})

describe('the app and the hub read the same permission table', () => {
  it('for every role, table and guarded field, the hub refuses exactly what the app does not offer', () => {
    let checked = 0
    for (const role of ROLES) {
      const me = meOf({ kind: 'local', userId: 'u' }, { id: 'u', name: 'U', role, orgUnitId: 't' })
      for (const table of modelTables) {
        const fieldSets: string[][] = [['name'], ...Object.keys(FIELD_PERMISSIONS[table] ?? {}).map((f) => [f])]
        for (const fields of fieldSets) {
          const hub = permissionRefusal(scopeOf(role), op(table, 'x', Object.fromEntries(fields.map((f) => [f, 'v']))), {})
          expect(hub === undefined, `${role} ${table}.${fields.join()}`).toBe(me.mayWrite(table as ModelTable, fields))
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(ROLES.length * modelTables.length)
  })

  it('a person is given only a role below one’s own, in the app and on the hub alike', () => {
    for (const actor of ROLES) {
      const me = meOf({ kind: 'local', userId: 'u' }, { id: 'u', name: 'U', role: actor, orgUnitId: 't' })
      for (const given of ROLES) {
        const hub = permissionRefusal(scopeOf(actor), op('users', 'p', { name: 'P', role: given, orgUnitId: 't', active: true }), {})
        expect(hub === undefined, `${actor} gives ${given}`).toBe(me.canGiveRole(given))
      }
    }
  })
})

describe('a hub refuses a write the role may not make, and says which permission', () => {
  let dir: string
  let store: HubStore
  let fx: Fixture
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cockpit-permissions-'))
    store = await openPglite(join(dir, 'hub'))
    fx = await makeFixture(store)
    for (const [key, role, unit] of [
      ['coach', 'coach', fx.regionA],
      ['admin', 'admin', fx.regionA],
      ['lead', 'team_lead', fx.teamA]
    ] as const) {
      const email = `${key}-${Date.now()}@example.com`
      await createUser(store, { email, name: key, role, orgUnitId: unit, password: PASSWORD })
      tokens[key] = ((await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })).json() as { token: string }).token
    }
    // Generous: the fixture's sign-ins each cost a scrypt, and the machine is shared.
  }, 240_000)

  afterAll(async () => {
    await fx?.hub.app.close()
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const template = (id: string) => op('scorecardTemplates', id, { name: 'Discovery call', questions: [{ id: 'q1', label: 'Asked about budget', type: 'yes_no', weight: 10 }] })

  it('a scorecard template saved by a coach or a regional manager is accepted; by a team lead or a rep it is refused with the permission', async () => {
    expect((await push(fx, tokens.coach!, [template('tpl-coach')])).statusCode).toBe(200)
    expect((await push(fx, fx.tokens.managerA, [template('tpl-manager')])).statusCode).toBe(200)
    for (const token of [tokens.lead!, fx.tokens.repA]) {
      const res = await push(fx, token, [template('tpl-refused')])
      expect(res.statusCode).toBe(422)
      const [r] = (res.json() as { details: { rejected: { code: string; permission: string; reason: string }[] } }).details.rejected
      expect(r).toMatchObject({ code: 'sync.forbidden', permission: 'scorecardTemplate.edit' })
      expect(r!.reason).toMatch(/may not change scorecard templates; only admin, director, regional manager, coach may/)
    }
  })

  it('a keyword tracker a team lead adds reaches the other region too; a rep’s is refused with the permission', async () => {
    const tracker = (id: string, word: string) => op('keywordTrackers', id, { word, createdAt: 1_700_000_000_000 })
    expect((await push(fx, tokens.lead!, [tracker('kw-lead', '折扣')])).statusCode).toBe(200)
    const refused = await push(fx, fx.tokens.repA, [tracker('kw-rep', '预算')])
    expect(refused.json()).toMatchObject({ details: { rejected: [{ code: 'sync.forbidden', permission: 'keywordTracker.edit' }] } })
    // Shared settings travel in the global stream: a manager of another region receives the word.
    const page = (await pull(fx, fx.tokens.managerB, 'global')).json() as { ops: { op: { table: string; rowId: string; fields: Record<string, unknown> } }[] }
    const words = page.ops.filter((o) => o.op.table === 'keywordTrackers').map((o) => [o.op.rowId, o.op.fields.word])
    expect(words).toEqual([['kw-lead', '折扣']])
  })

  it('a rep may not change a sales process, nor make the manager’s forecast call; a rep’s own deal edits go through', async () => {
    const process = op('salesProcesses', 'proc-1', { name: 'New customers', revision: 2 })
    const res = await push(fx, fx.tokens.repA, [process])
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'sync.batch-rejected', details: { rejected: [{ code: 'sync.forbidden', permission: 'process.edit' }] } })
    expect((await push(fx, tokens.admin!, [process])).statusCode).toBe(200)

    const customer = op('customers', 'cust-p', { name: 'Hangzhou Steel', orgUnitId: fx.teamA, ownerId: null })
    const deal = op('deals', 'deal-p', { name: 'Line 3', customerId: 'cust-p', orgUnitId: fx.teamA, amount: 100, currency: 'CNY', status: 'open' })
    expect((await push(fx, fx.tokens.repA, [customer, deal])).statusCode).toBe(200)
    const call = await push(fx, fx.tokens.repA, [op('deals', 'deal-p', { managerForecastCategory: 'commit' })])
    expect(call.json()).toMatchObject({ details: { rejected: [{ permission: 'forecast.call' }] } })
    expect((await push(fx, tokens.lead!, [op('deals', 'deal-p', { managerForecastCategory: 'commit' })])).statusCode).toBe(200)
  })

  it('a team lead sets the team’s visit split but may not rename the team; people get only roles below the giver’s', async () => {
    expect((await push(fx, tokens.lead!, [op('orgUnits', fx.teamA, { visitSplit: { newCustomer: 3, followUp: 3, closing: 2 } })])).statusCode).toBe(200)
    expect((await push(fx, tokens.lead!, [op('orgUnits', fx.teamA, { name: 'Renamed' })])).json()).toMatchObject({ details: { rejected: [{ permission: 'org.teams' }] } })
    const promote = await push(fx, fx.tokens.managerA, [op('users', 'imported-rep', { name: 'Li', role: 'director', orgUnitId: fx.teamA, active: true }, { schemaVersion: 2 })])
    expect(promote.json()).toMatchObject({ details: { rejected: [{ permission: 'people.manage' }] } })
    expect((await push(fx, fx.tokens.managerA, [op('users', 'imported-rep', { name: 'Li', role: 'rep', orgUnitId: fx.teamA, active: true }, { schemaVersion: 2 })])).statusCode).toBe(200)
  })

  it('a person pushed by an older laptop as `manager` is stored in today’s roles', async () => {
    expect((await push(fx, fx.tokens.director, [op('users', 'old-laptop-person', { name: 'Wu', role: 'manager', orgUnitId: fx.teamA, active: true }, { schemaVersion: 1 })])).statusCode).toBe(200)
    const [cell] = await store.query<{ value: unknown }>("SELECT value FROM cells WHERE tbl = 'users' AND row_id = 'old-laptop-person' AND field = 'role'")
    expect(cell?.value).toBe('team_lead')
  })
})
