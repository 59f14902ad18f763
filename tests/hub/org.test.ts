import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgUnit, moveUser, type OrgView } from '../../src/hub/org'
import { openPglite, type HubStore } from '../../src/hub/store'
import { makeFixture, pull, type Fixture } from './harness'

/** `/sync/org`: the hub sends each user their own part of the org, computed from its tables. */

let dir: string
let store: HubStore
let fx: Fixture

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-org-'))
  store = await openPglite(join(dir, 'hub'))
  fx = await makeFixture(store)
}, 400_000)

afterAll(async () => {
  await fx.hub.app.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function orgOf(token: string): Promise<OrgView> {
  const res = await fx.hub.app.inject({ method: 'GET', url: '/sync/org', headers: { authorization: `Bearer ${token}` } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('/sync/org', () => {
  it('a team manager gets their region, its teams and its people — nothing of another region', async () => {
    const extraTeam = await createOrgUnit(store, { name: 'Ningbo team', kind: 'team', parentId: fx.regionA })
    const org = await orgOf(fx.tokens.managerA)
    expect(org.regions).toEqual([fx.regionA])
    expect(org.orgUnits.map((u) => u.id).sort()).toEqual([fx.regionA, fx.teamA, extraTeam.id].sort())
    expect(org.orgUnits.find((u) => u.id === fx.teamA)).toMatchObject({ kind: 'team', parentId: fx.regionA })
    expect(org.users.map((u) => u.id).sort()).toEqual([fx.users.managerA, fx.users.repA, fx.users.director].sort())
    expect(org.users.find((u) => u.id === fx.users.repA)).toMatchObject({ role: 'rep', orgUnitId: fx.teamA, active: true })
    expect(JSON.stringify(org)).not.toContain(fx.regionB)
  })

  it('refuses a request without a valid token', async () => {
    const res = await fx.hub.app.inject({ method: 'GET', url: '/sync/org', headers: { authorization: 'Bearer forged.token' } })
    expect(res.statusCode).toBe(401)
  })

  it('follows a move at once: new region in, old region out (its stream refused too)', async () => {
    await moveUser(store, fx.emails.repA, fx.teamB)
    const org = await orgOf(fx.tokens.repA)
    expect(org.regions).toEqual([fx.regionB])
    expect(org.orgUnits.map((u) => u.id).sort()).toEqual([fx.regionB, fx.teamB].sort())
    expect((await pull(fx, fx.tokens.repA, fx.regionA)).statusCode).toBe(403)
    await expect(moveUser(store, fx.emails.repA, 'no-such-unit')).rejects.toMatchObject({ code: 'org.unknown-unit' })
  })
})
