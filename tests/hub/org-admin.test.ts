import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/hub/org'
import { openPglite, type HubStore } from '../../src/hub/store'
import { makeFixture, PASSWORD, type Fixture } from './harness'

/**
 * The hub's org routes (Settings → Organisation on a hub workspace): an admin builds regions,
 * teams and people with invitations; a regional manager adds people below their own rank inside
 * their region; nobody changes what the permission table or their scope keeps from them.
 */

let dir: string
let store: HubStore
let fx: Fixture
let adminToken: string

const call = (token: string, method: 'POST' | 'PATCH', url: string, payload: unknown) =>
  fx.hub.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as Record<string, unknown> })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-org-admin-'))
  store = await openPglite(join(dir, 'hub'))
  fx = await makeFixture(store)
  const email = `admin-${Date.now()}@example.com`
  await createUser(store, { email, name: 'Zhou', role: 'admin', orgUnitId: fx.regionA, password: PASSWORD })
  adminToken = ((await fx.hub.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })).json() as { token: string }).token
}, 240_000)

afterAll(async () => {
  await fx?.hub.app.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('org routes', () => {
  it('an admin creates a region, a team in it and a person whose invitation signs them in', async () => {
    const region = await call(adminToken, 'POST', '/org/units', { name: 'South China', kind: 'region' })
    expect(region.statusCode).toBe(200)
    const regionId = (region.json() as { id: string }).id
    const team = await call(adminToken, 'POST', '/org/units', { name: 'Guangzhou team', kind: 'team', parentId: regionId })
    expect(team.json()).toMatchObject({ name: 'Guangzhou team', kind: 'team', parentId: regionId })
    const person = await call(adminToken, 'POST', '/org/people', { name: '陈静', email: ' Chen.Jing@Example.com ', role: 'regional_manager', orgUnitId: regionId })
    expect(person.statusCode).toBe(201)
    const { person: p, invitation } = person.json() as { person: { id: string; email: string }; invitation: { token: string; expiresAt: number } }
    expect(p.email).toBe('chen.jing@example.com')
    const accepted = await fx.hub.app.inject({ method: 'POST', url: '/auth/accept-invite', payload: { token: invitation.token, password: PASSWORD } })
    expect(accepted.json()).toMatchObject({ userId: p.id, email: 'chen.jing@example.com' })
    // The same email twice is refused in words.
    expect((await call(adminToken, 'POST', '/org/people', { name: 'X', email: 'chen.jing@example.com', role: 'rep', orgUnitId: regionId })).json()).toMatchObject({ code: 'org.email-taken' })
  })

  it('a regional manager adds a rep to a team of their region, not to another region, and gives no role at or above their own', async () => {
    const rep = await call(fx.tokens.managerA, 'POST', '/org/people', { name: 'Li Xiao', email: `li.${Date.now()}@example.com`, role: 'rep', orgUnitId: fx.teamA })
    expect(rep.statusCode).toBe(201)
    expect((await call(fx.tokens.managerA, 'POST', '/org/people', { name: 'Zhang', email: `z.${Date.now()}@example.com`, role: 'rep', orgUnitId: fx.teamB })).json()).toMatchObject({
      code: 'auth.out-of-scope'
    })
    const promoted = await call(fx.tokens.managerA, 'POST', '/org/people', { name: 'Wu', email: `wu.${Date.now()}@example.com`, role: 'director', orgUnitId: fx.teamA })
    expect(promoted.statusCode).toBe(403)
    expect(promoted.json()).toMatchObject({ code: 'sync.forbidden', details: { permission: 'people.manage', role: 'regional_manager' } })
    // Regions are the admin's; teams of one's own region are the regional manager's.
    expect((await call(fx.tokens.managerA, 'POST', '/org/units', { name: 'West', kind: 'region' })).json()).toMatchObject({ code: 'sync.forbidden', details: { permission: 'org.regions' } })
    expect((await call(fx.tokens.managerA, 'POST', '/org/units', { name: 'Hangzhou team', kind: 'team', parentId: fx.regionA })).statusCode).toBe(200)
    expect((await call(fx.tokens.managerA, 'POST', '/org/units', { name: 'Tianjin team', kind: 'team', parentId: fx.regionB })).json()).toMatchObject({ code: 'auth.out-of-scope' })
  })

  it('a rep changes nothing in the org; a manager changes a rep’s role and unit but not a director, nor their own role', async () => {
    expect((await call(fx.tokens.repA, 'POST', '/org/units', { name: 'Mine', kind: 'team', parentId: fx.regionA })).json()).toMatchObject({ code: 'sync.forbidden', details: { permission: 'org.teams' } })
    expect((await call(fx.tokens.repA, 'PATCH', `/org/people/${fx.users.repA}`, { name: 'Rep A' })).json()).toMatchObject({ code: 'sync.forbidden' })
    const lead = await call(fx.tokens.managerA, 'PATCH', `/org/people/${fx.users.repA}`, { role: 'team_lead' })
    expect(lead.json()).toMatchObject({ id: fx.users.repA, role: 'team_lead' })
    const [row] = await store.query<{ role: string }>('SELECT role FROM users WHERE id = $1', [fx.users.repA])
    expect(row?.role).toBe('team_lead')
    expect((await call(fx.tokens.managerA, 'PATCH', `/org/people/${fx.users.director}`, { name: 'Boss' })).statusCode).toBe(403)
    expect((await call(fx.tokens.managerA, 'PATCH', `/org/people/${fx.users.managerA}`, { role: 'director' })).statusCode).toBe(403)
    expect((await call(adminToken, 'PATCH', `/org/people/${fx.users.managerA}`, { active: false })).json()).toMatchObject({ active: false })
    // Switched off: that account's requests are refused at once.
    expect((await fx.hub.app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${fx.tokens.managerA}` } })).statusCode).toBe(401)
  })

  it('a team is renamed by those who may; the new name reaches the org every laptop pulls', async () => {
    const renamed = await call(fx.tokens.director, 'PATCH', `/org/units/${fx.teamA}`, { name: 'Shanghai team 1' })
    expect(renamed.json()).toMatchObject({ id: fx.teamA, name: 'Shanghai team 1' })
    const org = await fx.hub.app.inject({ method: 'GET', url: '/sync/org', headers: { authorization: `Bearer ${fx.tokens.repA}` } })
    expect((org.json() as { orgUnits: { id: string; name: string }[] }).orgUnits.find((u) => u.id === fx.teamA)?.name).toBe('Shanghai team 1')
    expect((await call(fx.tokens.director, 'POST', `/org/people/${fx.users.repA}/invite`, {})).json()).toMatchObject({ token: expect.any(String) })
  })
})
