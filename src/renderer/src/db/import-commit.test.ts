import { beforeEach, describe, expect, it } from 'vitest'
import { autoMap, validateImport, type ImportPlan, type TableInput } from '@shared/domain/import'
import type { Deal } from '@shared/model'
import { CockpitError } from '@shared/ipc/define'
import { EXPORT_NOW, fixtureWorkspace } from '../../../../tests/fixtures/crm-export'
import { CockpitDb, getDb, useDb } from './database'
import { commitImport, loadImportContext, type CommitProgress } from './import-commit'
import { setWriteClock, write } from './write'
import { setSession } from '../session/session'

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`import-commit-test-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
  const ws = fixtureWorkspace()
  await write(async (tx) => {
    for (const o of ws.orgUnits) await tx.insert('orgUnits', o)
    for (const u of ws.users) await tx.insert('users', u)
    await tx.insert('salesProcesses', ws.process)
  })
})

const HEADERS = ['商机编号', '商机名称', '客户名称', '商机金额', '销售阶段', '预计成交日期', '负责人', '创建时间', '备注']
const ROWS = [
  ['OPP-1', '瑞康二期', '上海瑞康医疗器械有限公司', '¥1,200,000.00', '方案报价', '2026/11/15', '张伟', '2026-03-01', '客户关注报价'],
  ['OPP-2', '瑞康耗材', '上海瑞康医疗', '120万', '商务谈判', '2026年12月1日', '王芳', '2026-04-01', ''],
  ['OPP-3', '华东集采', '杭州华东医药', '50000', '赢单', '2026-09-01', '李娜', '2026-01-10', '']
]

async function validate(rows: string[][]): Promise<ReturnType<typeof validateImport>> {
  const table: TableInput = { headers: HEADERS, rows, headerRow: 0 }
  const ctx = await loadImportContext({ now: EXPORT_NOW })
  return validateImport(table, autoMap(HEADERS, 'deals'), ctx, { processId: 'proc-new' })
}

async function snapshot(): Promise<Record<string, number>> {
  const db = getDb()
  return {
    customers: await db.customers.count(),
    deals: await db.deals.count(),
    stageHistory: await db.stageHistory.count(),
    activities: await db.activities.count(),
    outbox: await db.outbox.count()
  }
}

describe('commitImport', () => {
  it('writes customers, deals, stage history and notes in one go, with ops marked as import', async () => {
    const v = await validate(ROWS)
    const progress: CommitProgress[] = []
    const result = await commitImport(v.plan, { onProgress: (p) => progress.push(p) })
    expect(result).toMatchObject({ entity: 'deals', created: 3, updated: 0, unchanged: 0, skipped: 0 })
    expect(result.byTable.customers.created).toBe(2)
    // The won deal came closed without its path: no stage move for it, the marker instead.
    expect(await snapshot()).toMatchObject({ customers: 2, deals: 3, stageHistory: 2, activities: 1 })
    expect(await getDb().deals.where('externalId').equals('OPP-3').first()).toMatchObject({ status: 'won', stagePathUnknown: true })
    // One op per new row: 2 customers, 3 deals, 2 stage moves, 1 note from the description.
    expect(result.ops).toBe(8)
    expect(await getDb().outbox.filter((o) => o.origin === 'import').count()).toBe(8)
    expect(progress.at(-1)).toMatchObject({ done: 8, total: 8 })
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b))
  })

  it('re-importing the same file changes nothing and writes no op', async () => {
    await commitImport((await validate(ROWS)).plan)
    const before = await snapshot()
    const again = await commitImport((await validate(ROWS)).plan)
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, ops: 0 })
    // The customers exist now, so the deal rows resolve to them and leave them alone.
    expect(again.byTable.customers).toEqual({ created: 0, updated: 0, unchanged: 0 })
    expect(await snapshot()).toEqual(before)
  })

  it('re-importing with one amount changed updates just that field', async () => {
    await commitImport((await validate(ROWS)).plan)
    const deal = (await getDb().deals.where('externalId').equals('OPP-2').first())!
    const outboxBefore = await getDb().outbox.count()
    const changed = ROWS.map((r) => (r[0] === 'OPP-2' ? r.map((c, i) => (i === 3 ? '130万' : c)) : r))
    const again = await commitImport((await validate(changed)).plan)
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 2, ops: 1 })
    const ops = await getDb().outbox.where('seq').above(0).offset(outboxBefore).toArray()
    expect(ops).toHaveLength(1)
    expect(ops[0]).toMatchObject({ table: 'deals', rowId: deal.id, fields: { amount: 130_000_000 } })
    expect((await getDb().deals.get(deal.id))!.amount).toBe(130_000_000)
  })

  it('a stage change on re-import moves the deal and records the move', async () => {
    await commitImport((await validate(ROWS)).plan)
    const moved = ROWS.map((r) => (r[0] === 'OPP-1' ? r.map((c, i) => (i === 4 ? '商务谈判' : c)) : r))
    await commitImport((await validate(moved)).plan)
    const deal = (await getDb().deals.where('externalId').equals('OPP-1').first())!
    expect(deal.stageId).toBe('s-negotiation')
    const history = await getDb().stageHistory.where('dealId').equals(deal.id).sortBy('at')
    expect(history.map((h) => [h.fromStageId, h.toStageId])).toEqual([
      [null, 's-proposal'],
      ['s-proposal', 's-negotiation']
    ])
  })

  it('refuses a plan with errors unless the user skips them', async () => {
    const v = await validate([...ROWS, ['OPP-9', '坏的', '杭州华东医药', '约100万', '方案报价', '2026-12-01', '张伟', '', '']])
    const err = await commitImport(v.plan).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CockpitError)
    expect((err as CockpitError).code).toBe('import.has-errors')
    expect((await snapshot()).deals).toBe(0)
    const ok = await commitImport(v.plan, { skipErrorRows: true })
    expect(ok).toMatchObject({ created: 3, skipped: 1 })
  })

  it('a row that fails the schema in the middle leaves the database untouched', async () => {
    const v = await validate(ROWS)
    const before = await snapshot()
    const broken: ImportPlan = {
      ...v.plan,
      // A fractional amount cannot be minor units: the write path's schema refuses it.
      deals: v.plan.deals.map((d, i): Deal => (i === 1 ? { ...d, amount: 1.5 } : d))
    }
    const err = await commitImport(broken).catch((e: unknown) => e)
    expect((err as CockpitError).code).toBe('import.commit-failed')
    expect((err as CockpitError).params).toMatchObject({ table: 'deals' })
    expect(await snapshot()).toEqual(before)
  })
})

describe('commitImport: reps for unknown owners', () => {
  it('writes the new reps before the deals that point at them, in the same transaction', async () => {
    // Owners nobody in the workspace is called.
    const rows = ROWS.map((r, i) => r.map((c, j) => (j === 6 ? ['赵新', '钱新', '赵新'][i]! : c)))
    const table: TableInput = { headers: HEADERS, rows, headerRow: 0 }
    const ctx = await loadImportContext({ now: EXPORT_NOW })
    const off = validateImport(table, autoMap(HEADERS, 'deals'), ctx, { processId: 'proc-new' })
    // The workspace has reps, so creating more is off unless chosen.
    expect(off.summary).toMatchObject({ error: 3, unknownOwners: 2, repsCreated: 0 })

    const v = validateImport(table, autoMap(HEADERS, 'deals'), ctx, { processId: 'proc-new', createMissingOwners: true })
    expect(v.summary).toMatchObject({ error: 0, repsCreated: 2 })
    const result = await commitImport(v.plan)
    expect(result.byTable.users).toEqual({ created: 2, updated: 0, unchanged: 0 })
    expect(result).toMatchObject({ created: 3, skipped: 0 })

    const db = getDb()
    const reps = await db.users.where('id').anyOf(v.plan.users.map((u) => u.id)).toArray()
    expect(reps.map((u) => u.name).sort()).toEqual(['赵新', '钱新'])
    const repByName = new Map(reps.map((u) => [u.name, u]))
    const deals = await db.deals.orderBy('externalId').toArray()
    const [zhao, qian] = [repByName.get('赵新')!.id, repByName.get('钱新')!.id]
    expect(deals.map((d) => d.ownerId)).toEqual([zhao, qian, zhao])
    // The reps are synced like every imported row.
    expect(await db.outbox.filter((o) => o.table === 'users' && o.origin === 'import').count()).toBe(2)

    // Importing the file again finds them by name and creates nobody.
    const ctxAfter = await loadImportContext({ now: EXPORT_NOW })
    const again = validateImport(table, autoMap(HEADERS, 'deals'), ctxAfter, { processId: 'proc-new', createMissingOwners: true })
    expect(again.plan.users).toEqual([])
    expect((await commitImport(again.plan)).ops).toBe(0)
  })
})

describe('commitImport: the signed-in role', () => {
  it('a role that may not add people gets the permission in words and nothing is written', async () => {
    // A rep signed in: the file's unknown owners would become new reps, which only managers may add.
    await getDb().users.put({ id: 'me', name: 'Me', role: 'rep', orgUnitId: 'team-1', active: true })
    await setSession(getDb(), { kind: 'local', userId: 'me' })
    const rows = ROWS.map((r, i) => r.map((c, j) => (j === 6 ? ['赵新', '钱新', '赵新'][i]! : c)))
    const table: TableInput = { headers: HEADERS, rows, headerRow: 0 }
    const ctx = await loadImportContext({ now: EXPORT_NOW })
    const v = validateImport(table, autoMap(HEADERS, 'deals'), ctx, { processId: 'proc-new', createMissingOwners: true })
    const before = await snapshot()
    const err = await commitImport(v.plan).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CockpitError)
    expect((err as CockpitError).code).toBe('import.forbidden')
    expect((err as CockpitError).params).toMatchObject({ role: 'rep' })
    expect((err as CockpitError).params?.permission).toBe('people.manage')
    expect(await snapshot()).toEqual(before)
  })
})
