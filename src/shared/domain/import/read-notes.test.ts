import { describe, expect, it } from 'vitest'
import { EXPORT_NOW, fixtureWorkspace } from '../../../../tests/fixtures/crm-export'
import { autoMap } from './fields'
import { validateImport } from './validate'

/**
 * What main noticed while reading the file (`ParsedTable.rowWarnings`: control characters
 * removed, bytes it could not decode) is said on that row in the preview, as a warning: the
 * row is still imported, and the user sees why to look at it (issue 13).
 */
describe('validateImport: notes from reading the file', () => {
  const ws = fixtureWorkspace()
  const headers = ['商机名称', '客户名称', '商机金额', '销售阶段', '预计成交日期', '负责人']
  const rows = [
    ['瑞康二期', '上海瑞康医疗器械有限公司', '100000', '方案报价', '2026-11-15', '张伟'],
    ['华东集采', '杭州华东医药', '200000', '方案报价', '2026-11-20', '张伟']
  ]
  const context = {
    now: EXPORT_NOW,
    users: ws.users,
    orgUnits: ws.orgUnits,
    customers: [],
    contacts: [],
    deals: [],
    processes: [ws.process],
    activityIdsByExternalId: new Map<string, string>(),
    defaultOrgUnitId: 'team-1'
  }

  it('puts each note on its row as a warning, and the row is still written', () => {
    const v = validateImport(
      {
        headers,
        rows,
        headerRow: 0,
        rowWarnings: [{ row: 1, code: 'import.control-characters-removed', params: { count: 2, column: '客户名称' } }]
      },
      autoMap(headers, 'deals'),
      context,
      { processId: 'proc-new' }
    )
    expect(v.rows[0]!.messages.map((m) => m.code)).not.toContain('import.control-characters-removed')
    expect(v.rows[1]).toMatchObject({ rowNumber: 3, status: 'warning', action: 'create' })
    expect(v.rows[1]!.messages).toContainEqual({
      code: 'import.control-characters-removed',
      params: { count: 2, column: '客户名称' },
      severity: 'warning'
    })
    expect(v.summary.byCode['import.control-characters-removed']).toBe(1)
    expect(v.plan.deals.map((d) => d.name)).toEqual(['瑞康二期', '华东集采'])
  })
})
