import { describe, expect, it } from 'vitest'
import type { Collection, Contract, Customer, Deal, Instalment } from '../../model'
import { contractStates } from '../collections'
import { autoMap, detectEntity } from './fields'
import { parseCondition } from './post-sale'
import type { ImportContext, RowResult } from './types'
import { validateImport } from './validate'

const NOW = Date.parse('2026-06-15T10:00:00+08:00')
const TZ = 'Asia/Shanghai'

const customer = (id: string, name: string, externalId?: string): Customer => ({
  id,
  name,
  industry: '医疗',
  size: 'medium',
  channel: '展会',
  ownerId: 'rep-zw',
  orgUnitId: 'team-1',
  tier: 'key',
  createdAt: 0,
  ...(externalId ? { externalId } : {})
})
const deal: Deal = {
  id: 'deal-1',
  name: '瑞康二期',
  customerId: 'c-rk',
  ownerId: 'rep-zw',
  orgUnitId: 'team-1',
  processId: 'p',
  stageId: 'won',
  stageEnteredAt: 0,
  amount: 1_200_000_00,
  currency: 'CNY',
  expectedCloseAt: 0,
  forecastCategory: 'closed',
  status: 'won',
  bigDeal: false,
  createdAt: 0,
  checkedCriteria: [],
  externalId: 'OPP-1'
}

function context(postSale: ImportContext['postSale'] = { contracts: [], instalments: [], milestones: [], collections: [] }): ImportContext {
  let n = 0
  return {
    now: NOW,
    timeZone: TZ,
    users: [
      { id: 'rep-zw', name: '张伟', orgUnitId: 'team-1', active: true },
      { id: 'rep-ln', name: '李娜', orgUnitId: 'team-2', active: true }
    ],
    orgUnits: [],
    customers: [customer('c-rk', '上海瑞康医疗器械有限公司', 'ACC-1'), customer('c-hd', '杭州华东医药')],
    contacts: [],
    deals: [deal],
    processes: [],
    activityIdsByExternalId: new Map(),
    newId: () => `id-${++n}`,
    postSale
  }
}

const codes = (r: RowResult): string[] => r.messages.map((m) => m.code)
const table = (headers: string[], rows: string[][]) => ({ headers, rows, headerRow: 0 })

const CONTRACT_HEADERS = ['合同编号', '合同名称', '客户名称', '关联商机', '合同金额', '币种', '签约日期', '服务开始日期', '服务到期日', '回款负责人', '付款条件']
const contractRows = [
  ['HT-2026-001', '瑞康二期合同', '上海瑞康医疗器械有限公司', '瑞康二期', '¥1,200,000.00', 'CNY', '2026/03/10', '2026-04-01', '2027-03-31', '张伟', '30/70'], // ok, with its deal
  ['HT-2026-002', '', '杭州华东医药', '', '80万', '', '2026年5月8日', '', '', '李娜', ''], // ok, 万
  ['HT-2026-003', '', '不存在的公司', '', '1000', '', '2026-05-01', '', '', '张伟', ''], // error: customer
  ['HT-2026-004', '', '杭州华东医药', '', '1000', '', '2026-05-01', '', '', '赵六', ''], // error: owner
  ['HT-2026-005', '', '杭州华东医药', '', '1000', '', '', '', '', '张伟', ''], // error: signed date
  ['HT-2026-006', '', '杭州华东医药', '', '1000', '', '2026-05-01', '2026-06-01', '2026-01-01', '张伟', ''], // error: term
  ['HT-2026-007', '', '杭州华东医药', '无此商机', '1000', 'USD', '2026-05-01', '', '', '张伟', ''] // warning: deal unknown; USD
]

describe('post-sale import: contracts', () => {
  it('recognises a contracts sheet by its headers and maps every column', () => {
    expect(detectEntity(CONTRACT_HEADERS)).toBe('contracts')
    expect(autoMap(CONTRACT_HEADERS, 'contracts').columns).toEqual(['contractNumber', 'name', 'account', 'deal', 'amount', 'currency', 'signedAt', 'startDate', 'endDate', 'owner', 'terms'])
  })

  const v = validateImport(table(CONTRACT_HEADERS, contractRows), autoMap(CONTRACT_HEADERS, 'contracts'), context())

  it('names the reason of every bad row and writes only the good ones', () => {
    expect(v.rows.map(codes)).toEqual([
      [],
      [],
      ['import.customer-unknown'],
      ['import.owner-unknown'],
      ['import.required-missing'],
      ['import.term-invalid'],
      ['import.deal-unknown']
    ])
    expect([v.summary.ok, v.summary.warning, v.summary.error, v.plan.errorRows]).toEqual([2, 1, 4, 4])
    const [a, b, c] = v.plan.contracts!
    expect(a).toMatchObject({ number: 'HT-2026-001', externalId: 'HT-2026-001', customerId: 'c-rk', dealId: 'deal-1', collectorId: 'rep-zw', orgUnitId: 'team-1', amount: 1_200_000_00, currency: 'CNY', startDate: '2026-04-01', endDate: '2027-03-31', terms: '30/70' })
    expect(b).toMatchObject({ number: 'HT-2026-002', amount: 800_000_00, collectorId: 'rep-ln', orgUnitId: 'team-2' })
    expect(new Date(b!.signedAt).toISOString()).toBe('2026-05-08T04:00:00.000Z') // local noon in Shanghai
    expect(c).toMatchObject({ number: 'HT-2026-007', currency: 'USD', amount: 1000_00 })
    expect(c!.dealId).toBeUndefined()
  })

  it('re-importing updates the same contracts in place', () => {
    const again = validateImport(table(CONTRACT_HEADERS, contractRows), autoMap(CONTRACT_HEADERS, 'contracts'), context({ contracts: v.plan.contracts!, instalments: [], milestones: [], collections: [] }))
    expect(again.plan.contracts!.map((c) => c.id)).toEqual(v.plan.contracts!.map((c) => c.id))
    expect(again.summary.updates).toBe(3)
  })
})

const contracts: Contract[] = [
  { id: 'k1', number: 'HT-2026-001', externalId: 'HT-2026-001', customerId: 'c-rk', collectorId: 'rep-zw', orgUnitId: 'team-1', amount: 1_000_000, currency: 'CNY', signedAt: NOW - 90 * 86_400_000, status: 'active', createdAt: 0, createdBy: 'rep-zw' },
  { id: 'k2', number: 'HT-2026-002', customerId: 'c-hd', collectorId: 'rep-ln', orgUnitId: 'team-2', amount: 500_000, currency: 'USD', signedAt: NOW - 60 * 86_400_000, status: 'active', createdAt: 0, createdBy: 'rep-ln' }
]

describe('post-sale import: payment plans', () => {
  const HEADERS = ['合同编号', '期次', '款项名称', '比例', '计划回款金额', '计划回款日期', '回款条件']
  const rows = [
    ['HT-2026-001', '1', '首付款', '30%', '', '2026-04-01', ''],
    ['HT-2026-001', '2', '验收款', '60%', '', '2026-07-30', '验收后30天'], // creates acceptance on 30 June
    ['HT-2026-001', '3', '质保金', '10%', '', '2027-06-30', ''],
    ['HT-2026-002', '1', '首付款', '', '3000', '2026-05-01', ''],
    ['HT-2026-002', '2', '尾款', '', '3000', '2026-08-01', ''], // 6,000 > 5,000: both rows refused
    ['HT-9999', '1', '', '50%', '', '2026-05-01', ''], // error: contract
    ['HT-2026-001', '4', '', '', '', '2026-05-01', ''], // error: no share
    ['HT-2026-001', '5', '', '120%', '', '', ''] // error: percent, no due
  ]
  const v = validateImport(table(HEADERS, rows), autoMap(HEADERS, 'instalments'), context({ contracts, instalments: [], milestones: [], collections: [] }))

  it('is recognised as a plan and maps its columns', () => {
    expect(detectEntity(HEADERS)).toBe('instalments')
    expect(autoMap(HEADERS, 'instalments').columns).toEqual(['contractNumber', 'seq', 'label', 'percent', 'amount', 'dueDate', 'condition'])
  })

  it('reads shares and conditions, creates the acceptance the condition waits for, and refuses a plan beyond its contract', () => {
    expect(v.rows.map(codes)).toEqual([
      [],
      ['import.milestone-created'],
      [],
      ['import.plan-exceeds'],
      ['import.plan-exceeds'],
      ['import.contract-unknown'],
      ['import.share-missing'],
      ['import.percent-invalid', 'import.due-missing']
    ])
    expect(v.rows[3]!.messages[0]!.params).toMatchObject({ contract: 'HT-2026-002', excess: '1000.00' })
    expect(v.plan.milestones).toEqual([{ id: expect.any(String), contractId: 'k1', kind: 'acceptance', seq: 1, plannedDate: '2026-06-30' }])
    const acc = v.plan.milestones![0]!
    expect(v.plan.instalments!.map((i) => [i.seq, i.percentBp, i.dueDate, i.milestoneId === acc.id, i.daysAfter])).toEqual([
      [1, 3000, '2026-04-01', false, undefined],
      [2, 6000, undefined, true, 30],
      [3, 1000, '2027-06-30', false, undefined]
    ])
    // The imported plan resolves to the contract amount exactly.
    const s = contractStates({ contracts: [contracts[0]!], instalments: v.plan.instalments!, milestones: v.plan.milestones!, collections: [] }, TZ)[0]!
    expect(s.problems).toEqual([])
    expect(s.lines.map((l) => l.amount)).toEqual([300_000, 600_000, 100_000])
  })

  it('reads conditions the way contracts write them', () => {
    expect(parseCondition('验收合格后30个工作日内')).toEqual({ kind: 'acceptance', daysAfter: 30 })
    expect(parseCondition('30 days after acceptance')).toEqual({ kind: 'acceptance', daysAfter: 30 })
    expect(parseCondition('到货后付款')).toEqual({ kind: 'delivery', daysAfter: 0 })
    expect(parseCondition('系统上线后15天')).toEqual({ kind: 'go_live', daysAfter: 15 })
    expect(parseCondition('月底')).toBeNull()
  })
})

describe('post-sale import: collections', () => {
  const HEADERS = ['回款单号', '合同编号', '回款金额', '到账日期', '回款方式', '对应期次', '备注']
  const plan: Instalment[] = [
    { id: 'i1', contractId: 'k1', seq: 1, label: '首付款', percentBp: 3000, dueDate: '2026-04-01' },
    { id: 'i2', contractId: 'k1', seq: 2, label: '尾款', percentBp: 7000, dueDate: '2026-06-01' }
  ]
  const rows = [
    ['SK-001', 'HT-2026-001', '2000', '2026-04-03', '银行转账', '首付款', ''], // partial of 3,000
    ['', 'HT-2026-001', '1500', '2026-05-20', '承兑汇票', '2', '6个月期'], // no receipt number: a stable hash
    ['SK-003', 'HT-2026-002', 'USD 100', '2026-05-02', '电汇', '', ''],
    ['SK-004', 'HT-2026-002', '¥100', '2026-05-02', '', '', ''], // error: currency
    ['SK-005', 'HT-2026-001', '100', '2026-07-01', '', '', ''], // error: future
    ['SK-006', 'HT-2026-001', '100', '2026-05-03', '以物抵债', '第9期', ''] // warnings: method, instalment
  ]
  const ctx = context({ contracts, instalments: plan, milestones: [], collections: [] })
  const v = validateImport(table(HEADERS, rows), autoMap(HEADERS, 'collections'), ctx)

  it('is recognised and mapped', () => {
    expect(detectEntity(HEADERS)).toBe('collections')
    expect(autoMap(HEADERS, 'collections').columns).toEqual(['externalId', 'contractNumber', 'amount', 'receivedAt', 'method', 'instalment', 'note'])
  })

  it('reads amounts, methods and the instalment meant; refuses another currency and a future day', () => {
    expect(v.rows.map(codes)).toEqual([[], [], [], ['import.currency-mismatch'], ['import.received-in-future'], ['import.method-unknown', 'import.instalment-unknown']])
    const [a, b, c, d] = v.plan.collections!
    expect(a).toMatchObject({ externalId: 'SK-001', contractId: 'k1', amount: 2000_00, currency: 'CNY', method: 'bank_transfer', instalmentId: 'i1', recordedBy: 'rep-zw' })
    expect(b).toMatchObject({ amount: 1500_00, method: 'acceptance_bill', instalmentId: 'i2', note: '6个月期' })
    expect(b!.externalId).toMatch(/^h:/)
    expect(c).toMatchObject({ contractId: 'k2', amount: 100_00, currency: 'USD', method: 'bank_transfer' })
    expect(d).toMatchObject({ method: 'other' })
    expect(d!.instalmentId).toBeUndefined()
  })

  it('the same file again updates the same rows (none doubled), and the money allocates as recorded', () => {
    const again = validateImport(table(HEADERS, rows), autoMap(HEADERS, 'collections'), { ...ctx, postSale: { ...ctx.postSale!, collections: v.plan.collections! } })
    expect(again.plan.collections!.map((c) => c.id)).toEqual(v.plan.collections!.map((c) => c.id))
    const s = contractStates({ contracts, instalments: plan, milestones: [], collections: v.plan.collections as Collection[] }, TZ)[0]!
    expect(s.collected).toBe(2000_00 + 1500_00 + 100_00)
    expect(s.collected + s.outstanding).toBe(contracts[0]!.amount)
  })
})
