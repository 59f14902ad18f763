import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { amountScaleFromHeader, autoMap, detectEntity } from './fields'
import type { FieldKey } from './types'

const mapped = (headers: string[], entity: Parameters<typeof autoMap>[1]): Record<string, FieldKey | null> =>
  Object.fromEntries(headers.map((h, i) => [h, autoMap(headers, entity).columns[i]!]))

describe('autoMap: real export headers map with no manual work', () => {
  it('Salesforce opportunity report', () => {
    const headers = [
      'Opportunity Owner',
      'Account Name',
      'Opportunity Name',
      'Stage',
      'Fiscal Period',
      'Amount',
      'Probability (%)',
      'Age',
      'Close Date',
      'Created Date',
      'Next Step',
      'Lead Source',
      'Type',
      'Opportunity ID',
      'Account ID',
      'Forecast Category',
      'Description'
    ]
    expect(detectEntity(headers)).toBe('deals')
    expect(mapped(headers, 'deals')).toEqual({
      'Opportunity Owner': 'owner',
      'Account Name': 'account',
      'Opportunity Name': 'name',
      Stage: 'stage',
      'Fiscal Period': null,
      Amount: 'amount',
      'Probability (%)': 'probability',
      Age: null,
      'Close Date': 'closeDate',
      'Created Date': 'createdAt',
      'Next Step': 'nextStep',
      'Lead Source': null,
      Type: null,
      'Opportunity ID': 'externalId',
      'Account ID': 'accountExternalId',
      'Forecast Category': 'forecastCategory',
      Description: 'description'
    })
  })

  it('HubSpot deals', () => {
    const headers = ['Record ID', 'Deal Name', 'Deal Stage', 'Close Date', 'Deal owner', 'Amount', 'Create Date', 'Pipeline', 'Associated Company']
    expect(detectEntity(headers)).toBe('deals')
    expect(autoMap(headers, 'deals').columns).toEqual(['externalId', 'name', 'stage', 'closeDate', 'owner', 'amount', 'createdAt', null, 'account'])
  })

  it('纷享销客 / 销售易 opportunity exports', () => {
    const fx = ['商机编号', '商机名称', '客户名称', '商机金额(元)', '销售阶段', '赢率', '预计成交日期', '负责人', '所属部门', '创建时间', '备注']
    expect(detectEntity(fx)).toBe('deals')
    expect(autoMap(fx, 'deals').columns).toEqual(['externalId', 'name', 'account', 'amount', 'stage', 'probability', 'closeDate', 'owner', null, 'createdAt', 'description'])
    const xsy = ['商机名称', '客户', '销售金额', '商机阶段', '结单日期', '所有人', '创建日期']
    expect(autoMap(xsy, 'deals').columns).toEqual(['name', 'account', 'amount', 'stage', 'closeDate', 'owner', 'createdAt'])
  })

  it('detects customers, contacts and activities', () => {
    expect(detectEntity(['Account ID', 'Account Name', 'Industry', 'Billing City', 'Account Owner', 'Employees', 'Rating'])).toBe('customers')
    expect(detectEntity(['客户名称', '所属行业', '客户级别', '负责人', '详细地址', '客户来源'])).toBe('customers')
    expect(detectEntity(['First Name', 'Last Name', 'Title', 'Account Name', 'Email', 'Phone'])).toBe('contacts')
    expect(detectEntity(['姓名', '职务', '客户名称', '手机', '邮箱'])).toBe('contacts')
    expect(detectEntity(['跟进类型', '跟进时间', '跟进人', '客户名称', '跟进内容', '联系人'])).toBe('activities')
    expect(detectEntity(['Subject', 'Type', 'Date', 'Assigned', 'Company / Account', 'Comments', 'Status'])).toBe('activities')
  })

  it('does not take a header that only starts like a field ("Owner Role")', () => {
    expect(autoMap(['Opportunity Owner', 'Owner Role', 'Stage Duration', 'Stage'], 'deals').columns).toEqual(['owner', null, null, 'stage'])
  })

  it('reads a unit in the amount header', () => {
    expect(amountScaleFromHeader('金额（万元）')).toBe(1e4)
    expect(amountScaleFromHeader('Amount (K)')).toBe(1e3)
    expect(amountScaleFromHeader('商机金额(元)')).toBe(1)
    expect(amountScaleFromHeader('Amount')).toBe(1)
  })

  it('is insensitive to case, spacing, punctuation and full width', () => {
    const base = ['Opportunity Name', 'Account Name', 'Amount', 'Stage', 'Close Date', 'Opportunity Owner', '商机编号']
    const expected = autoMap(base, 'deals').columns
    const toFullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000')
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('upper', 'lower', 'full', 'spaces', 'underscore', 'pad'), { minLength: base.length, maxLength: base.length }),
        (styles) => {
          const headers = base.map((h, i) => {
            switch (styles[i]) {
              case 'upper':
                return h.toUpperCase()
              case 'lower':
                return h.toLowerCase()
              case 'full':
                return toFullWidth(h)
              case 'spaces':
                return h.replace(/ /g, '  ')
              case 'underscore':
                return h.replace(/ /g, '_')
              default:
                return `  ${h} `
            }
          })
          expect(autoMap(headers, 'deals').columns).toEqual(expected)
        }
      )
    )
  })
})
