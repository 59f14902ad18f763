import { beforeEach, describe, expect, it } from 'vitest'
import type { Customer, User } from '@shared/model'
import { autoMap, detectEntity, validateImport } from '@shared/domain/import'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { commitImport, loadImportContext } from './import-commit'

/** Contracts, plans and collections through the wizard's commit: all or nothing, idempotent. */
const NOW = Date.parse('2026-06-15T10:00:00+08:00')
let n = 0

beforeEach(async () => {
  useDb(new CockpitDb(`import-post-sale-${++n}`))
  let t = NOW
  setWriteClock(() => t++)
  const rep: User = { id: 'rep', name: '张伟', role: 'rep', orgUnitId: 't1', active: true }
  const c: Customer = { id: 'c1', name: '上海瑞康医疗器械有限公司', industry: '医疗', size: 'medium', channel: '展会', ownerId: 'rep', orgUnitId: 't1', tier: 'key', createdAt: 0 }
  await write(async (tx) => {
    await tx.insert('users', rep)
    await tx.insert('customers', c)
  })
  await getDb().outbox.clear()
})

async function importSheet(headers: string[], rows: string[][], entity: 'contracts' | 'instalments' | 'collections' | 'usageReadings', skip = false) {
  const ctx = await loadImportContext({ now: NOW, timeZone: 'Asia/Shanghai' })
  const v = validateImport({ headers, rows, headerRow: 0 }, autoMap(headers, entity), ctx)
  return { v, commit: () => commitImport(v.plan, { skipErrorRows: skip }) }
}

describe('post-sale import commit', () => {
  it('writes contracts, then their plan, then collections; the same files again write nothing', async () => {
    const contracts = await importSheet(['合同编号', '客户名称', '合同金额', '签约日期', '回款负责人'], [['HT-1', '上海瑞康医疗器械有限公司', '100000', '2026-03-01', '张伟']], 'contracts')
    expect((await contracts.commit()).created).toBe(1)
    const plan = await importSheet(
      ['合同编号', '期次', '比例', '计划回款日期'],
      [
        ['HT-1', '1', '40%', '2026-04-01'],
        ['HT-1', '2', '60%', '2026-08-01']
      ],
      'instalments'
    )
    expect((await plan.commit()).created).toBe(2)
    const money = await importSheet(['回款单号', '合同编号', '回款金额', '到账日期'], [['SK-1', 'HT-1', '30000', '2026-04-10']], 'collections')
    expect((await money.commit()).created).toBe(1)
    const ops = await getDb().outbox.count()
    expect(ops).toBe(4)

    for (const again of [
      await importSheet(['合同编号', '客户名称', '合同金额', '签约日期', '回款负责人'], [['HT-1', '上海瑞康医疗器械有限公司', '100000', '2026-03-01', '张伟']], 'contracts'),
      await importSheet(['回款单号', '合同编号', '回款金额', '到账日期'], [['SK-1', 'HT-1', '30000', '2026-04-10']], 'collections')
    ]) {
      const r = await again.commit()
      expect([r.created, r.updated, r.unchanged]).toEqual([0, 0, 1])
    }
    expect(await getDb().outbox.count()).toBe(ops)
  })

  it('a file with a bad row writes nothing unless the rows are skipped', async () => {
    await (await importSheet(['合同编号', '客户名称', '合同金额', '签约日期', '回款负责人'], [['HT-1', '上海瑞康医疗器械有限公司', '100000', '2026-03-01', '张伟']], 'contracts')).commit()
    const bad = await importSheet(
      ['回款单号', '合同编号', '回款金额', '到账日期'],
      [
        ['SK-1', 'HT-1', '30000', '2026-04-10'],
        ['SK-2', 'HT-404', '100', '2026-04-11']
      ],
      'collections'
    )
    await expect(bad.commit()).rejects.toMatchObject({ code: 'import.has-errors' })
    expect(await getDb().collections.count()).toBe(0)
    const skipping = await importSheet(
      ['回款单号', '合同编号', '回款金额', '到账日期'],
      [
        ['SK-1', 'HT-1', '30000', '2026-04-10'],
        ['SK-2', 'HT-404', '100', '2026-04-11']
      ],
      'collections',
      true
    )
    expect((await skipping.commit()).created).toBe(1)
  })

  it('a usage file (detected by its headers) is refused whole for one bad row, with the row and its reason; fixed, it writes and re-imports as nothing new', async () => {
    await (await importSheet(['合同编号', '客户名称', '合同金额', '签约日期', '回款负责人'], [['HT-9', '上海瑞康医疗器械有限公司', '300000', '2026-01-05', '张伟']], 'contracts')).commit()
    const headers = ['合同编号', '用量指标', '计量方式', '统计日期', '已用', '授权数量']
    const rows = [
      ['HT-9', '用户席位', '在用', '2026-05-01', '41', '50'],
      ['HT-9', '用户席位', '在用', '2026-06-01', '四十六', '50'],
      ['HT-9', 'API 调用', '累计消耗', '2026-06-01', '1.2万', '2万']
    ]
    expect(detectEntity(headers)).toBe('usageReadings')
    const bad = await importSheet(headers, rows, 'usageReadings')
    expect(bad.v.rows.map((r) => [r.rowNumber, r.status, r.messages.map((m) => m.code)])).toEqual([
      [2, 'ok', []],
      [3, 'error', ['import.quantity-invalid']],
      [4, 'ok', []]
    ])
    expect(bad.v.rows[1]!.messages[0]!.params).toEqual({ field: 'used', value: '四十六' })
    await expect(bad.commit()).rejects.toMatchObject({ code: 'import.has-errors' })
    expect(await getDb().usageReadings.count()).toBe(0)

    rows[1]![4] = '46'
    const good = await importSheet(headers, rows, 'usageReadings')
    expect((await good.commit()).created).toBe(3)
    const stored = (await getDb().usageReadings.toArray()).sort((a, b) => a.date.localeCompare(b.date) || a.metric.localeCompare(b.metric))
    expect(stored.map((r) => [r.metric, r.measure, r.date, r.used, r.entitled, r.recordedBy])).toEqual([
      ['用户席位', 'level', '2026-05-01', 41, 50, 'rep'],
      ['API 调用', 'cumulative', '2026-06-01', 12_000, 20_000, 'rep'],
      ['用户席位', 'level', '2026-06-01', 46, 50, 'rep']
    ])
    const ops = await getDb().outbox.count()
    const again = await importSheet(headers, rows, 'usageReadings')
    expect((await again.commit()).unchanged).toBe(3)
    expect(await getDb().outbox.count()).toBe(ops)
  })
})
