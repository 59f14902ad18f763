import { beforeEach, describe, expect, it } from 'vitest'
import { autoMap, defaultCreateMissingOwners, validateImport } from '@shared/domain/import'
import { CockpitDb, getDb, useDb } from './database'
import { commitImport, loadImportContext } from './import-commit'
import { getWorkspaceMeta, startEmptyWorkspace } from './workspace'
import { setWriteClock } from './write'
import { loadMe, readSession } from '../session/session'
import { switchWorkspace } from '../session/switch'
import { startHubWorkspace } from '../sync/workspace'
import { setBridgeApi } from '../bridge'
import { createFakeCockpit } from '../bridge/fake'

let n = 0
beforeEach(() => {
  useDb(new CockpitDb(`workspace-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
})

describe('startEmptyWorkspace', () => {
  it.each([
    ['zh-CN', ['新客户销售流程', '大客户销售流程'], ['我的大区', '我的团队']],
    ['en-US', ['New Customer Sales Process', 'Key Account Sales Process'], ['My region', 'My team']]
  ] as const)(
    '%s: seeds the two sales processes and one region with one team, through the write path',
    async (locale, processes, org) => {
      await startEmptyWorkspace(locale, 1_800_000_000_000)
      const db = getDb()
      expect((await db.salesProcesses.toArray()).map((p) => p.name).sort()).toEqual([...processes].sort())
      const units = await db.orgUnits.toArray()
      const region = units.find((o) => o.kind === 'region')!
      const team = units.find((o) => o.kind === 'team')!
      expect([region.name, team.name]).toEqual(org)
      expect(region.parentId).toBeNull()
      expect(team.parentId).toBe(region.id)
      expect(await db.users.count()).toBe(0)
      // They are the user's own records: one local op each, to reach the team hub later.
      const ops = await db.outbox.toArray()
      expect(ops).toHaveLength(4)
      expect(ops.every((o) => o.origin === 'local')).toBe(true)
      expect(await getWorkspaceMeta()).toEqual({ kind: 'import', locale, openedAt: 1_800_000_000_000 })
    }
  )

  it('replaces what was there before', async () => {
    await startEmptyWorkspace('zh-CN')
    await startEmptyWorkspace('en-US')
    expect(await getDb().salesProcesses.count()).toBe(2)
    expect(await getDb().orgUnits.count()).toBe(2)
    expect(await getDb().outbox.count()).toBe(4)
  })

  it('a deal export imports into it: reps for the owners, the team for everyone', async () => {
    await startEmptyWorkspace('zh-CN')
    const headers = ['商机名称', '客户名称', '金额', '销售阶段', '预计成交日期', '负责人']
    const rows = [
      ['瑞康二期', '上海瑞康医疗器械有限公司', '100万', '方案呈现', '2026-11-15', '张伟'],
      ['华东集采', '杭州华东医药', '50万', '商务谈判', '2026-12-20', '王芳'],
      ['华东二期', '杭州华东医药', '30万', '线索确认', '2027-01-10', '张伟']
    ]
    const ctx = await loadImportContext({ now: Date.UTC(2026, 9, 1) })
    const team = (await getDb().orgUnits.toArray()).find((o) => o.kind === 'team')!
    expect(ctx.defaultOrgUnitId).toBe(team.id)
    expect(defaultCreateMissingOwners(ctx)).toBe(true)
    const v = validateImport({ headers, rows, headerRow: 0 }, autoMap(headers, 'deals'), ctx)
    expect(v.summary).toMatchObject({ error: 0, repsCreated: 2, customersCreated: 2 })
    await commitImport(v.plan)
    const db = getDb()
    expect((await db.users.toArray()).map((u) => [u.name, u.role, u.orgUnitId])).toEqual(
      expect.arrayContaining([
        ['张伟', 'rep', team.id],
        ['王芳', 'rep', team.id]
      ])
    )
    expect(await db.deals.count()).toBe(3)
    expect((await db.customers.toArray()).every((c) => c.orgUnitId === team.id)).toBe(true)
  })
})

describe('who uses a new workspace', () => {
  it('an import workspace starts with its person: a local profile in its own org, and the session names them', async () => {
    await startEmptyWorkspace('zh-CN', 1_800_000_000_000, { name: '王芳', role: 'regional_manager' })
    const db = getDb()
    const [me] = await db.users.toArray()
    const region = (await db.orgUnits.toArray()).find((u) => u.kind === 'region')!
    expect(me).toMatchObject({ name: '王芳', role: 'regional_manager', orgUnitId: region.id, active: true })
    expect((await db.meta.get('session'))?.value).toEqual({ kind: 'local', userId: me!.id })
    expect((await loadMe(db))?.can('data.import')).toBe(true)
  })

  it('switching workspace signs a hub workspace out and forgets whose it was, so the next never syncs as them', async () => {
    const calls: string[] = []
    setBridgeApi(createFakeCockpit({ 'sync.disconnect': () => (calls.push('disconnect'), { state: 'disconnected', pending: 0, heads: {} }) }))
    try {
      await startHubWorkspace('en-US', { kind: 'hub', userId: 'u-wang', hubUrl: 'http://hub.example.com', email: 'wang@example.com' })
      // What that workspace had refused, kept or pulled must not greet the next one.
      await getDb().meta.bulkPut([
        { key: 'sync.rejected', value: [{ code: 'sync.forbidden' }] },
        { key: 'sync.conflicts', value: [{ field: 'name' }] },
        { key: 'sync.cursors', value: { r1: 40 } }
      ])
      await switchWorkspace()
      expect(calls).toEqual(['disconnect'])
      expect(await getDb().meta.where('key').startsWith('sync.').count()).toBe(0)
      expect(await getWorkspaceMeta()).toBeUndefined()
      expect(await getDb().meta.get('session')).toBeUndefined()
      // A new import workspace starts with no one until its person is named.
      await startEmptyWorkspace('en-US')
      expect(await readSession(getDb())).toBeUndefined()
    } finally {
      setBridgeApi(undefined)
    }
  })
})
