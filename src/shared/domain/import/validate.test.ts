import { describe, expect, it } from 'vitest'
import { Deal, type Customer } from '../../model'
import { EXPORT_NOW, fixtureWorkspace } from '../../../../tests/fixtures/crm-export'
import { autoMap } from './fields'
import type { ImportContext, ImportMessage, RowResult } from './types'
import { collectFileStages, validateImport, type TableInput } from './validate'
import { localDay } from './values'

const ws = fixtureWorkspace()

function context(over: Partial<ImportContext> = {}): ImportContext {
  let n = 0
  return {
    now: EXPORT_NOW,
    users: [...ws.users, { id: 'rep-left', name: '离职者', orgUnitId: 'team-1', active: false }],
    orgUnits: ws.orgUnits,
    customers: [],
    contacts: [],
    deals: [],
    processes: [ws.process],
    activityIdsByExternalId: new Map(),
    defaultOrgUnitId: 'team-1',
    newId: () => `id-${++n}`,
    ...over
  }
}

function table(rows: string[][], headers: string[], titleRows = 0): TableInput {
  return { headers, rows, headerRow: titleRows }
}

const codes = (r: RowResult): string[] => r.messages.map((m: ImportMessage) => m.code)

const DEAL_HEADERS = ['商机编号', '商机名称', '客户名称', '商机金额', '销售阶段', '赢率', '预计成交日期', '负责人', '创建时间', '产品']

describe('validateImport: deals', () => {
  // Hand-checked: each row's expected outcome is written beside it.
  const rows = [
    ['OPP-1', '瑞康二期', '上海瑞康医疗器械有限公司', '¥1,200,000.00', '方案报价', '60%', '2026/11/15', '张伟', '2026-03-01', 'CRM专业版'], // ok
    ['OPP-2', '瑞康耗材', '上海瑞康医疗', '120万', '谈判中', '80%', '2026年12月1日', '王芳 ', '2026-04-01', 'CRM 专业版'], // variant account + product
    ['OPP-3', '华东集采', '杭州华东医药', '', '赢单', '100%', '2026-09-01', '李娜', '2026-01-10', ''], // blank amount
    ['OPP-4', '坏金额', '杭州华东医药', '约100万', '初步接触', '10%', '2026-12-01', '张伟', '2026-05-01', ''], // error: amount
    ['OPP-5', '坏日期', '杭州华东医药', '5000', '初步接触', '10%', '2026-02-30', '张伟', '2026-05-01', ''], // error: date
    ['OPP-6', '无名销售', '杭州华东医药', '5000', '初步接触', '10%', '2026-12-01', '赵离职', '2026-05-01', ''], // error: owner
    ['OPP-7', '暂停的', '杭州华东医药', '5000', '暂停', '', '2026-12-01', '张伟', '2026-05-01', ''], // error: stage
    ['OPP-1', '瑞康二期', '上海瑞康医疗器械有限公司', '¥1,300,000.00', '商务谈判', '80%', '2026/11/20', '张伟', '2026-03-01', 'CRM专业版'], // duplicate: wins
    ['OPP-8', '老单子', '杭州华东医药', '0', '需求确认', '30%', '2025-01-15', '离职者', '2026-12-25', ''], // warnings
    ['', '', '杭州华东医药', '100', '初步接触', '', '2026-12-01', '张伟', '', ''] // no id, no name: named from the pattern
  ]
  const t = table(rows, DEAL_HEADERS, 1)
  const mapping = autoMap(DEAL_HEADERS, 'deals')
  const v = validateImport(t, mapping, context(), { processId: 'proc-new' })
  const byRow = new Map(v.rows.map((r) => [r.rowNumber, r]))
  // Title row (row 1), header (row 2): data starts on row 3.
  const row = (i: number): RowResult => byRow.get(i + 3)!

  it('numbers rows as the file does', () => {
    expect(v.rows.map((r) => r.rowNumber)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  it('accepts a clean row and builds a full deal', () => {
    const first = row(0)
    // Superseded by the later OPP-1, so it writes nothing (and creates no customer).
    expect(codes(first)).toEqual(['import.duplicate-row'])
    expect(first.record).toBeUndefined()
    const later = row(7)
    expect(later.status).toBe('warning')
    expect(later.messages).toContainEqual({ code: 'import.duplicate-row', params: { key: 'OPP-1', rows: '3' }, severity: 'warning' })
    const deal = later.record as Deal
    expect(deal).toMatchObject({
      externalId: 'OPP-1',
      name: '瑞康二期',
      ownerId: 'rep-1',
      orgUnitId: 'team-1',
      processId: 'proc-new',
      stageId: 's-negotiation',
      amount: 130_000_000,
      currency: 'CNY',
      status: 'open',
      forecastCategory: 'commit',
      bigDeal: false,
      checkedCriteria: [],
      product: 'CRM专业版'
    })
    expect(deal.probability).toBeUndefined() // 80 % is the stage's own default
    expect(localDay(deal.expectedCloseAt!)).toBe('2026-11-20')
    expect(deal.stageEnteredAt).toBe(deal.createdAt)
    expect(localDay(deal.createdAt)).toBe('2026-03-01')
  })

  it('merges account and product spellings, creating the customer once', () => {
    const r = row(1)
    expect(r.status).toBe('warning')
    expect(r.messages).toContainEqual({
      code: 'import.spelling-variant',
      params: { field: 'account', value: '上海瑞康医疗', canonical: '上海瑞康医疗器械有限公司' },
      severity: 'warning'
    })
    expect(r.messages).toContainEqual({
      code: 'import.spelling-variant',
      params: { field: 'product', value: 'CRM 专业版', canonical: 'CRM专业版' },
      severity: 'warning'
    })
    // OPP-1's first row was superseded, so this row is the first to need the customer.
    expect(r.messages).toContainEqual({ code: 'import.customer-created', params: { account: '上海瑞康医疗器械有限公司' }, severity: 'warning' })
    const deal = r.record as Deal
    expect(deal.ownerId).toBe('rep-2') // "王芳 " with a trailing space
    expect(deal.amount).toBe(120_000_000)
    const ruikang = v.plan.customers.filter((c) => c.name === '上海瑞康医疗器械有限公司')
    expect(ruikang).toHaveLength(1)
    expect(deal.customerId).toBe(ruikang[0]!.id)
    expect(v.plan.customers.map((c) => c.name).sort()).toEqual(['上海瑞康医疗器械有限公司', '杭州华东医药'])
    expect(v.summary.customersCreated).toBe(2)
    expect(v.summary.variantGroups.map((g) => [g.field, g.canonical])).toEqual([
      ['account', '上海瑞康医疗器械有限公司'],
      ['product', 'CRM专业版']
    ])
  })

  it('leaves a blank amount unset ("amount not set", never 0) with a warning, not an error, and a won stage as closed', () => {
    const r = row(2)
    expect(codes(r)).toContain('import.amount-missing')
    expect(r.messages.filter((m) => m.severity === 'error')).toEqual([])
    expect(r.record).toMatchObject({ status: 'won', forecastCategory: 'closed' })
    expect(r.record).not.toHaveProperty('amount')
    expect(Deal.safeParse(r.record).success).toBe(true)
    expect((r.record as Deal).closedAt).toBe((r.record as Deal).expectedCloseAt)
  })

  it('refuses rows with a bad amount, bad date, unknown owner or unmapped stage', () => {
    expect(row(3).messages).toEqual([{ code: 'import.amount-invalid', params: { value: '约100万' }, severity: 'error' }])
    expect(row(4).messages).toEqual([{ code: 'import.date-invalid', params: { field: 'closeDate', value: '2026-02-30' }, severity: 'error' }])
    expect(row(5).messages).toEqual([{ code: 'import.owner-unknown', params: { owner: '赵离职' }, severity: 'error' }])
    expect(row(6).messages).toEqual([{ code: 'import.stage-unmapped', params: { stage: '暂停' }, severity: 'error' }])
    for (const i of [3, 4, 5, 6]) {
      expect(row(i).status).toBe('error')
      expect(row(i).record).toBeUndefined()
    }
    expect(v.plan.errorRows).toBe(4)
    expect(v.plan.skippedRows).toBe(5) // + the superseded duplicate
  })

  it('a row without a name is named from its account and product (the default pattern), not refused', () => {
    expect(row(9).record).toMatchObject({ name: '杭州华东医药', stageId: 's-contact', status: 'open' })
  })

  it('a row without any date is dated to the newest date of the file (not today), and says so', () => {
    // The newest date on or before "now" in the file: OPP-3's close on 2026-09-01 (OPP-8's future creation does not count).
    expect(localDay((row(9).record as Deal).createdAt)).toBe('2026-09-01')
    expect(row(9).messages).toEqual([{ code: 'import.created-missing', params: { date: '2026-09-01' }, severity: 'warning' }])
  })

  it('warns about an old close date, a zero amount, a future creation date and a rep who left', () => {
    expect(codes(row(8)).sort()).toEqual(
      ['import.amount-not-positive', 'import.close-date-past', 'import.created-in-future', 'import.owner-inactive'].sort()
    )
    expect(row(8).status).toBe('warning')
  })

  it('summarises and plans one stage-history row per new deal', () => {
    expect(v.summary).toMatchObject({ total: 10, ok: 0, error: 4, warning: 6, creates: 5, updates: 0, closedWithoutHistory: 1 })
    expect(v.plan.deals).toHaveLength(5)
    // The won deal (OPP-3) came closed without its path: no stage move is invented for it.
    expect(v.plan.stageHistory).toHaveLength(4)
    expect(v.plan.stageHistory.map((h) => h.dealId)).not.toContain(row(2).record!.id)
    expect(row(2).record).toMatchObject({ stagePathUnknown: true })
    expect(v.plan.stageHistory[0]).toMatchObject({ fromStageId: null })
    expect(v.summary.byCode['import.duplicate-row']).toBe(2)
  })

  it('a mapped stage clears the error', () => {
    const fixed = validateImport(t, mapping, context(), {
      processId: 'proc-new',
      stageMap: { ...Object.fromEntries(collectFileStages(t, mapping).map((s) => [s.value, null])), 方案报价: 's-proposal', 谈判中: 's-negotiation', 赢单: 's-won', 初步接触: 's-contact', 需求确认: 's-needs', 商务谈判: 's-negotiation', 暂停: 's-contact' }
    })
    expect(fixed.rows.find((r) => r.rowNumber === 9)!.status).toBe('ok')
  })

  it('re-validating against what the first import wrote updates in place, keeping ids', () => {
    const customers = v.plan.customers as Customer[]
    const again = validateImport(t, mapping, context({ customers, deals: v.plan.deals }), { processId: 'proc-new' })
    expect(again.summary).toMatchObject({ creates: 0, updates: 5, customersCreated: 0 })
    expect(again.plan.customers).toHaveLength(0)
    expect(again.plan.stageHistory).toHaveLength(0)
    expect(again.plan.deals.map((d) => d.id)).toEqual(v.plan.deals.map((d) => d.id))
    expect(again.plan.deals).toEqual(v.plan.deals)
  })

  it('without customer creation an unknown account is an error', () => {
    const strict = validateImport(t, mapping, context(), { processId: 'proc-new', createMissingCustomers: false })
    expect(codes(strict.rows[0]!)).toContain('import.customer-unknown')
  })

  it('names unmapped required fields and a missing process', () => {
    const partial = validateImport(t, { entity: 'deals', columns: mapping.columns.map((c) => (c === 'stage' ? null : c)) }, context({ processes: [] }))
    expect(partial.summary.fileMessages.map((m) => m.code)).toEqual(['import.field-unmapped', 'import.no-process'])
    expect(partial.summary.fileMessages[0]!.params).toEqual({ field: 'stage' })
  })
})

describe('validateImport: customers, contacts, activities', () => {
  it('imports customers with owner, team and size, into the pool when no owner', () => {
    const headers = ['Account ID', 'Account Name', 'Industry', 'Employees', 'Account Owner', 'Rating', 'Billing City']
    const t = table(
      [
        ['A-1', 'ACME Co., Ltd.', 'Manufacturing', '250', '张伟', 'Hot', 'Shanghai'],
        ['A-2', 'Foo Retail', 'Retail', '', '', 'weird', ''],
        ['A-3', 'Bar Ltd', 'Retail', 'huge', 'Nobody', '', '']
      ],
      headers
    )
    const v = validateImport(t, autoMap(headers, 'customers'), context())
    expect(v.rows[0]!.record).toMatchObject({ externalId: 'A-1', name: 'ACME Co., Ltd.', size: 'medium', ownerId: 'rep-1', orgUnitId: 'team-1', tier: 'key', city: 'Shanghai' })
    // No owner: the customer goes to the pool of the importing manager's team.
    expect(v.rows[1]!.record).toMatchObject({ ownerId: null, orgUnitId: 'team-1', tier: 'normal' })
    expect(codes(v.rows[1]!)).toEqual(['import.tier-unknown'])
    expect(codes(v.rows[2]!)).toEqual(['import.owner-unknown', 'import.size-unknown'])
    expect(v.rows[2]!.status).toBe('error')
  })

  it('imports contacts onto known customers by name variant, reading seniority from the title', () => {
    const customer: Customer = {
      id: 'c-1',
      name: '上海瑞康医疗器械有限公司',
      industry: '医疗',
      size: 'medium',
      channel: '',
      ownerId: 'rep-1',
      orgUnitId: 'team-1',
      tier: 'normal',
      createdAt: 1
    }
    const headers = ['姓', '名', '职务', '客户名称', '手机', '邮箱']
    const t = table(
      [
        ['陈', '明', '副总经理', '上海瑞康医疗', '13800000000', 'chen@ruikang.cn'],
        ['李', '', '采购', '不存在的公司', '', 'bad-email']
      ],
      headers
    )
    const v = validateImport(t, autoMap(headers, 'contacts'), context({ customers: [customer] }))
    expect(v.rows[0]!.record).toMatchObject({ name: '陈明', customerId: 'c-1', title: '副总经理', seniority: 4, email: 'chen@ruikang.cn' })
    expect(codes(v.rows[0]!)).toEqual(['import.spelling-variant'])
    expect(codes(v.rows[1]!).sort()).toEqual(['import.customer-unknown', 'import.email-invalid'])
  })

  it('imports activities idempotently even without ids', () => {
    const customer: Customer = { id: 'c-1', name: '杭州华东医药', industry: '', size: 'small', channel: '', ownerId: 'rep-1', orgUnitId: 'team-1', tier: 'normal', createdAt: 1 }
    const headers = ['跟进类型', '跟进时间', '跟进人', '客户名称', '跟进内容', '通话时长']
    const t = table(
      [
        ['上门拜访', '2026-09-01 10:00', '张伟', '杭州华东医药', '见了采购总监', ''],
        ['电话', '2026-09-02 15:30', '张伟', '杭州华东医药', '确认预算', '2分30秒'],
        ['飞鸽传书', '2026-09-03', '张伟', '杭州华东医药', '', '']
      ],
      headers
    )
    const mapping = autoMap(headers, 'activities')
    const v = validateImport(t, mapping, context({ customers: [customer] }))
    expect(v.rows[0]!.record).toMatchObject({ kind: 'visit', customerId: 'c-1', userId: 'rep-1', dealId: null })
    expect(v.rows[1]!.record).toMatchObject({ kind: 'call', durationSec: 150, connected: true })
    expect(v.rows[2]!.record).toMatchObject({ kind: 'note' })
    expect(codes(v.rows[2]!)).toEqual(['import.activity-kind-unknown'])
    const ids = new Map(v.plan.activities.map((a) => [a.externalId!, a.id]))
    const again = validateImport(t, mapping, context({ customers: [customer], activityIdsByExternalId: ids }))
    expect(again.summary).toMatchObject({ creates: 0, updates: 3 })
    expect(again.plan.activities.map((a) => a.id)).toEqual(v.plan.activities.map((a) => a.id))
  })
})

describe('validateImport: reps for unknown owners', () => {
  const headers = ['商机名称', '客户名称', '商机金额', '销售阶段', '预计成交日期', '负责人']
  const rows = [
    ['瑞康二期', '上海瑞康医疗器械有限公司', '100万', '方案报价', '2026-11-15', '张伟'],
    ['瑞康耗材', '上海瑞康医疗器械有限公司', '20万', '商务谈判', '2026-12-01', '张伟 '], // same owner, trailing space
    ['华东集采', '杭州华东医药', '50万', '初步接触', '2026-12-20', '王 芳'],
    ['华东二期', '杭州华东医药', '30万', '需求确认', '2027-01-10', '王芳'], // same owner, spacing differs
    ['坏日期', '杭州华东医药', '30万', '需求确认', '2026-02-30', '刘洋'] // error: only this row names 刘洋
  ]
  const t = table(rows, headers)
  const mapping = autoMap(headers, 'deals')
  // A fresh import workspace: one team, no users at all.
  const fresh = (): ImportContext => context({ users: [], orgUnits: ws.orgUnits, defaultOrgUnitId: 'team-2' })

  it('creates one rep per distinct owner, and every row of theirs points at them', () => {
    const v = validateImport(t, mapping, fresh(), { processId: 'proc-new', createMissingOwners: true })
    const all = v.rows.flatMap((r) => r.messages.map((m) => m.code))
    expect(all).not.toContain('import.owner-unknown')
    expect(v.plan.users.map((u) => u.name)).toEqual(['张伟', '王 芳'])
    for (const u of v.plan.users) expect(u).toMatchObject({ role: 'rep', active: true, orgUnitId: 'team-2' })
    const [zhang, wang] = v.plan.users
    expect(v.plan.deals.map((d) => d.ownerId)).toEqual([zhang!.id, zhang!.id, wang!.id, wang!.id])
    expect(v.plan.deals.every((d) => d.orgUnitId === 'team-2')).toBe(true)
    // The customers the deals create belong to the new reps too.
    expect(v.plan.customers.map((c) => c.ownerId)).toEqual([zhang!.id, wang!.id])
    // Said once per rep, on the first row written for them.
    expect(v.rows.map((r) => codes(r).filter((c) => c === 'import.rep-created').length)).toEqual([1, 0, 1, 0, 0])
    expect(v.rows[0]!.messages.find((m) => m.code === 'import.rep-created')).toMatchObject({ params: { owner: '张伟' }, severity: 'warning' })
    // 刘洋's only row has an error, so no rep is created for them.
    expect(v.rows[4]!.status).toBe('error')
    expect(v.summary).toMatchObject({ repsCreated: 2, unknownOwners: 3, error: 1 })
  })

  it('is on by default in a workspace without reps, off once reps exist', () => {
    const v = validateImport(t, mapping, fresh(), { processId: 'proc-new' })
    expect(v.plan.users).toHaveLength(2)
    const known = validateImport(t, mapping, context(), { processId: 'proc-new' })
    expect(known.plan.users).toHaveLength(0)
    // 张伟 and 王芳 exist in the fixture; 刘洋 too, so only the bad date remains.
    expect(known.summary.unknownOwners).toBe(0)
  })

  it('off: unknown owners are errors as before, and nothing is created', () => {
    const v = validateImport(t, mapping, fresh(), { processId: 'proc-new', createMissingOwners: false })
    expect(v.plan.users).toEqual([])
    expect(v.plan.deals).toEqual([])
    expect(v.rows.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'error'])
    expect(codes(v.rows[0]!)).toContain('import.owner-unknown')
    expect(v.summary).toMatchObject({ repsCreated: 0, unknownOwners: 3 })
  })

  it('without any team there is nowhere to put a new rep: the owner stays unknown', () => {
    const teamless = context({ users: [], orgUnits: [], defaultOrgUnitId: undefined })
    const v = validateImport(t, mapping, teamless, { processId: 'proc-new', createMissingOwners: true })
    expect(v.plan.users).toEqual([])
    expect(codes(v.rows[0]!)).toContain('import.owner-unknown')
  })
})
