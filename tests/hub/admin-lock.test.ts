import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createOrgUnit, createUser } from '../../src/hub/org'
import { openStore, type HubStore } from '../../src/hub/store'

/**
 * The admin tool and a hub on the same PGlite data folder: PGlite is one process's database, so
 * a second process writing it loses its change when the first one writes back. The tool must
 * refuse while a hub holds the folder, not report success (issue 13: `move-user` exited 0 and
 * the running hub kept the user's old scope, which defeats revoking access).
 */

const root = join(__dirname, '../..')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function admin(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/admin.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', TSX_TSCONFIG_PATH: 'tsconfig.test.json' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

async function seed(store: HubStore): Promise<{ teamA: string; teamB: string; email: string }> {
  const regionA = (await createOrgUnit(store, { name: 'East', kind: 'region' })).id
  const regionB = (await createOrgUnit(store, { name: 'North', kind: 'region' })).id
  const teamA = (await createOrgUnit(store, { name: 'East team', kind: 'team', parentId: regionA })).id
  const teamB = (await createOrgUnit(store, { name: 'North team', kind: 'team', parentId: regionB })).id
  const email = 'li.wei@example.com'
  await createUser(store, { email, name: 'Li Wei', role: 'manager', orgUnitId: teamA })
  return { teamA, teamB, email }
}

async function unitOf(store: HubStore, email: string): Promise<string | undefined> {
  return (await store.query<{ org_unit_id: string }>('SELECT org_unit_id FROM users WHERE email = $1', [email]))[0]?.org_unit_id
}

describe('the admin tool and a running PGlite hub', () => {
  let data = ''

  it('refuses with a message while the hub holds the data folder, and works once it is stopped', async () => {
    data = mkdtempSync(join(tmpdir(), 'cockpit-admin-lock-'))
    dirs.push(data)
    // This test process plays the running hub: it holds the data folder open.
    let hub = await openStore({ dataDir: data })
    const { teamA, teamB, email } = await seed(hub)

    const refused = await admin(['move-user', '--email', email, '--org', teamB, '--data', data])
    expect(refused.code).not.toBe(0)
    expect(refused.err).toMatch(/store\.folder-in-use: this data folder is held by a running hub/)
    expect(refused.err).toContain(String(process.pid))
    // The running hub still sees the user where they were, and so does the folder after a restart.
    expect(await unitOf(hub, email)).toBe(teamA)
    await hub.close()
    hub = await openStore({ dataDir: data })
    expect(await unitOf(hub, email)).toBe(teamA)
    await hub.close()

    // Stopped: the tool applies the move, and the next hub start has it.
    const moved = await admin(['move-user', '--email', email, '--org', teamB, '--data', data])
    expect(moved.code, moved.err).toBe(0)
    hub = await openStore({ dataDir: data })
    try {
      expect(await unitOf(hub, email)).toBe(teamB)
      // A second opener in the same process is refused too (two PGlite instances on one folder corrupt it).
      await expect(openStore({ dataDir: data })).rejects.toThrow(/held by a running hub/)
    } finally {
      await hub.close()
    }
  }, 120_000)

  it('takes over a lock left by a hub that died without closing', async () => {
    const dead = spawn(process.execPath, ['-e', '0'])
    const pid = dead.pid!
    await new Promise((r) => dead.on('close', r))
    writeFileSync(join(data, 'db.lock'), JSON.stringify({ pid, host: (await import('node:os')).hostname(), since: Date.now() - 60_000 }))
    const store = await openStore({ dataDir: data })
    expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
    await store.close()
  }, 60_000)
})
