import { describe, expect, it } from 'vitest'
import type { Deal, User } from '../../model'
import { EXPORT_NOW, fixtureWorkspace } from '../../../../tests/fixtures/crm-export'
import { autoMap, detectEntity } from './fields'
import { fileShapeKey, guessFileCurrency, recallMapping } from './file-shape'
import type { ImportContext } from './types'
import { defaultNamePattern, previewDealNames, validateImport, validateSteps, VALIDATION_STEP, type ValidationProgress } from './validate'

/** The shapes real CRM histories come in, one rule at a time (the whole four-file story is tests/unit/import-public-crm.test.ts). */

const ws = fixtureWorkspace()
function context(over: Partial<ImportContext> = {}): ImportContext {
  let n = 0
  return {
    now: EXPORT_NOW,
    users: ws.users,
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
const table = (headers: string[], rows: string[][]) => ({ headers, rows, headerRow: 0 })

describe('column names real exports use', () => {
  it.each([
    [['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'], ['externalId', 'owner', 'product', 'account', 'stage', 'createdAt', 'closeDate', 'amount']],
    [['商机编号', '销售', '客户名称', '阶段', '创建日期', '合同额'], ['externalId', 'owner', 'account', 'stage', 'createdAt', 'amount']],
    [['ID', 'Rep', 'Company', 'Stage', 'Created', 'Deal Value', 'Expected Close Date', 'Won/Lost Date'], ['externalId', 'owner', 'account', 'stage', 'createdAt', 'amount', 'closeDate', 'closedAt']],
    [['负责人', '金额', '阶段', '输单阶段'], ['owner', 'amount', 'stage', 'lostAtStage']]
  ])('%j maps with no work', (headers, fields) => {
    expect(detectEntity(headers)).toBe('deals')
    expect(autoMap(headers, 'deals').columns).toEqual(fields)
  })

  it('recognises a teams file, an accounts file and a products file for what they are', () => {
    expect(detectEntity(['sales_agent', 'manager', 'regional_office'])).toBe('teams')
    expect(autoMap(['sales_agent', 'manager', 'regional_office'], 'teams').columns).toEqual(['name', 'manager', 'region'])
    expect(detectEntity(['account', 'sector', 'year_established', 'revenue', 'employees', 'office_location', 'subsidiary_of'])).toBe('customers')
    expect(autoMap(['account', 'sector', 'year_established', 'revenue', 'employees', 'office_location', 'subsidiary_of'], 'customers').columns).toEqual(['name', 'industry', null, null, 'size', 'city', 'parent'])
    expect(detectEntity(['product', 'series', 'sales_price'])).toBe('products')
    expect(detectEntity(['产品', '系列', '价格'])).toBe('products')
    expect(detectEntity(['销售', '经理', '大区'])).toBe('teams')
  })
})

describe('the file\'s currency', () => {
  it('comes from the amounts\' symbols, the header, a currency column, or else the workspace', () => {
    const guess = (headers: string[], rows: string[][]) => guessFileCurrency(table(headers, rows), autoMap(headers, 'deals'), 'CNY')
    expect(guess(['Deal ID', 'Rep', 'Stage', 'Deal Value'], [['1', 'a', 'Won', '€12,500'], ['2', 'b', 'Won', '€1,000']])).toEqual({ currency: 'EUR', source: 'values' })
    expect(guess(['ID', 'Owner', 'Stage', 'Amount (USD)'], [['1', 'a', 'Won', '12500']])).toEqual({ currency: 'USD', source: 'header' })
    expect(guess(['编号', '负责人', '阶段', '金额（万元）'], [['1', 'a', '赢单', '12']])).toEqual({ currency: 'CNY', source: 'header' })
    expect(guess(['ID', 'Owner', 'Stage', 'Amount', 'Currency'], [['1', 'a', 'Won', '12'], ['2', 'a', 'Won', '3']].map((r) => [...r, 'usd']))).toEqual({ currency: 'USD', source: 'column' })
    expect(guess(['opportunity_id', 'sales_agent', 'deal_stage', 'close_value'], [['1', 'a', 'Won', '1054']])).toEqual({ currency: 'CNY', source: 'default' })
  })

  it('amounts without a symbol are stored in the currency the user chose', () => {
    const headers = ['opportunity_id', 'sales_agent', 'deal_stage', 'close_value', 'close_date']
    const v = validateImport(table(headers, [['X1', '张伟', '赢单', '1054', '2017-03-01']]), autoMap(headers, 'deals'), context(), { defaultCurrency: 'USD' })
    expect(v.plan.deals[0]).toMatchObject({ amount: 105_400, currency: 'USD' })
  })
})

describe('deal names from a pattern', () => {
  const headers = ['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage']
  const rows = [
    ['A1', '张伟', 'GTXPro', 'Acme', '初步接触'],
    ['A2', '张伟', 'GTX Basic', '', '初步接触'],
    ['A3', '张伟', '', '', '初步接触']
  ]
  const mapping = autoMap(headers, 'deals')
  it('is "account · product" by default; an empty part drops out with its separator; nothing left → the id', () => {
    expect(defaultNamePattern(mapping)).toBe('{account} · {product}')
    const v = validateImport(table(headers, rows), mapping, context())
    expect(v.plan.deals.map((d) => d.name)).toEqual(['Acme · GTXPro', 'GTX Basic', 'A3'])
  })
  it('can be edited, and the preview spells products as the catalogue does', () => {
    const v = validateImport(table(headers, rows), mapping, context(), { namePattern: '{externalId}: {product}' })
    expect(v.plan.deals.map((d) => d.name)).toEqual(['A1: GTXPro', 'A2: GTX Basic', 'A3'])
    expect(previewDealNames(table(headers, rows), mapping, '{account} · {product}', 3, ['GTX Pro'])).toEqual(['Acme · GTX Pro', 'GTX Basic'])
  })
})

describe('closed deals without history and lost deals', () => {
  const headers = ['ID', 'Owner', 'Account', 'Stage', 'Lost at stage', 'Close Date', 'Amount']
  const rows = [
    ['L1', '张伟', 'Acme', '输单', '方案报价', '2017-05-01', '0'],
    ['L2', '张伟', 'Acme', '输单', '', '2017-05-02', '0'],
    ['W1', '张伟', 'Acme', '赢单', '', '2017-05-03', '100']
  ]
  const mapping = autoMap(headers, 'deals')
  const v = validateImport(table(headers, rows), mapping, context())
  const byId = new Map(v.plan.deals.map((d) => [d.externalId, d]))

  it('a lost deal stands in the stage it was lost from, else the first stage; no stage move is invented', () => {
    expect(byId.get('L1')).toMatchObject({ status: 'lost', stageId: 's-proposal', stagePathUnknown: true, forecastCategory: 'omitted' })
    expect(byId.get('L2')).toMatchObject({ status: 'lost', stageId: 's-contact', stagePathUnknown: true })
    expect(byId.get('W1')).toMatchObject({ status: 'won', stageId: 's-won', stagePathUnknown: true })
    expect(v.plan.stageHistory).toEqual([])
    expect(v.summary.closedWithoutHistory).toBe(3)
  })

  it('a deal the cockpit knew open and the file now says lost: the real move is recorded, from where it stood', () => {
    const open: Deal = { ...byId.get('L2')!, id: 'known', externalId: 'K1', status: 'open', stageId: 's-needs', stagePathUnknown: undefined, forecastCategory: 'pipeline', closedAt: undefined }
    delete open.stagePathUnknown
    const again = validateImport(table(headers, [['K1', '张伟', 'Acme', '输单', '', '2017-06-01', '0']]), mapping, context({ deals: [open], customers: v.plan.customers }))
    expect(again.plan.deals[0]).toMatchObject({ id: 'known', status: 'lost', stageId: 's-needs' })
    expect(again.plan.deals[0]!.stagePathUnknown).toBeUndefined()
    expect(again.plan.stageHistory).toEqual([expect.objectContaining({ dealId: 'known', fromStageId: 's-needs', toStageId: 's-lost' })])
  })
})

describe('a teams file after the deals', () => {
  it('moves each rep, with the deals and customers filed under their old team, into the team of their manager and office', () => {
    const rep = ws.users.find((u) => u.name === '张伟')!
    const deal: Deal = {
      id: 'd1', name: 'x', customerId: 'c1', ownerId: rep.id, orgUnitId: rep.orgUnitId, processId: ws.process.id, stageId: 's-won', stageEnteredAt: 1,
      amount: 1, currency: 'CNY', forecastCategory: 'closed', status: 'won', bigDeal: false, createdAt: 1, checkedCriteria: []
    }
    const customer = { id: 'c1', name: 'Acme', industry: '', size: 'medium' as const, channel: '', ownerId: rep.id, orgUnitId: rep.orgUnitId, tier: 'normal' as const, createdAt: 1 }
    const headers = ['sales_agent', 'manager', 'regional_office']
    const v = validateImport(
      table(headers, [['张伟', '钱经理', '华北大区'], ['新人', '钱经理', '华北大区']]),
      autoMap(headers, 'teams'),
      context({ deals: [deal], customers: [customer] }),
      { teamNamePattern: '{manager}团队' }
    )
    expect(v.summary.error).toBe(0)
    const region = v.plan.orgUnits.find((o) => o.kind === 'region')!
    const team = v.plan.orgUnits.find((o) => o.kind === 'team')!
    expect([region.name, team.name, team.parentId]).toEqual(['华北大区', '钱经理团队', region.id])
    const people = new Map(v.plan.users.map((u: User) => [u.name, u]))
    expect(people.get('张伟')).toMatchObject({ id: rep.id, orgUnitId: team.id })
    expect(people.get('新人')).toMatchObject({ role: 'rep', orgUnitId: team.id })
    // The manager already exists (钱经理, a manager): moved to lead the team, not created twice.
    expect(people.get('钱经理')).toMatchObject({ id: 'mgr-1', orgUnitId: team.id })
    expect(v.plan.deals).toEqual([{ ...deal, orgUnitId: team.id }])
    expect(v.plan.customers).toEqual([{ ...customer, orgUnitId: team.id }])
    expect(v.rows[0]!.messages.map((m) => m.code)).toContain('import.rep-moved')
  })
})

describe('progress on a large file', () => {
  it('reports each phase as it goes, forward only, each phase ending at 100%, and ends with the same result as validateImport', () => {
    const headers = ['opportunity_id', 'sales_agent', 'deal_stage', 'close_value']
    const rows = Array.from({ length: 2 * VALIDATION_STEP + 500 }, (_, i) => [`O${i}`, '张伟', i % 3 ? '初步接触' : '赢单', String(i)])
    const steps = validateSteps(table(headers, rows), autoMap(headers, 'deals'), context())
    const seen: ValidationProgress[] = []
    let r = steps.next()
    while (!r.done) {
      seen.push(r.value)
      r = steps.next()
    }
    // Each phase reports its end too (issue 17: every step of a 100k-row file reaches 100%).
    expect(seen.map((p) => `${p.phase}:${p.done}`)).toEqual(['check:1000', 'check:2000', 'check:2500', 'build:1000', 'build:2000', 'build:2500'])
    expect(seen.every((p) => p.total === rows.length)).toBe(true)
    const once = validateImport(table(headers, rows), autoMap(headers, 'deals'), context())
    expect(r.value.summary).toEqual(once.summary)
  })
})

describe('the mapping remembered per file shape', () => {
  it('fits the same export again (header case and spacing aside), and not a file of another shape', () => {
    const memo = { entity: 'deals' as const, columns: ['externalId', null, 'amount'] as ('externalId' | 'amount' | null)[], savedAt: 1 }
    expect(fileShapeKey(['Deal ID', 'Note', 'Value'])).toBe(fileShapeKey(['deal id', 'NOTE', ' Value ']))
    expect(recallMapping(memo, ['Deal ID', 'Note', 'Value'])).toEqual({ entity: 'deals', columns: ['externalId', null, 'amount'] })
    expect(recallMapping(memo, ['Deal ID', 'Value'])).toBeUndefined()
  })
})
