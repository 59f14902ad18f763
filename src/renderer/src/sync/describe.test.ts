import { describe, expect, it } from 'vitest'
import { createI18n } from '../app/i18n'
import { fieldLabel, valueText, type DescribeContext } from './describe'

/** Fields and values the inbox and the refused edits show: the reader's words, never the code or an id. */
function ctx(language: 'zh-CN' | 'en-US'): DescribeContext {
  const i18n = createI18n(language)
  return {
    t: i18n.t.bind(i18n),
    locale: language,
    timeZone: 'Asia/Shanghai',
    userName: (id) => ({ u1: '王芳' })[id],
    unitName: (id) => ({ t1: '上海一组' })[id],
    processName: (id) => ({ p1: '新客户销售流程' })[id],
    stageName: (p, s) => (p === 'p1' && s === 's2' ? '需求挖掘' : undefined),
    recordName: (id) => ({ c1: '上海瑞康医疗' })[id]
  }
}

describe('a synced field in words', () => {
  it('zh-CN: field names, forecast codes, people, stages, money and dates', () => {
    const c = ctx('zh-CN')
    expect(fieldLabel(c.t, 'managerForecastCategory')).toBe('预测类别（经理）')
    expect(valueText(c, 'deals', 'managerForecastCategory', 'best_case')).toBe('最佳情况')
    expect(valueText(c, 'deals', 'forecastCategory', 'omitted')).toBe('不计入')
    expect(valueText(c, 'deals', 'ownerId', 'u1')).toBe('王芳')
    expect(valueText(c, 'deals', 'ownerId', 'u-gone')).toBe('组织外的人员')
    expect(valueText(c, 'deals', 'stageId', 's2', { processId: 'p1' })).toBe('需求挖掘')
    expect(valueText(c, 'deals', 'customerId', 'c1')).toBe('上海瑞康医疗')
    expect(valueText(c, 'deals', 'amount', 1_285_000_00, { currency: 'CNY' })).toBe('¥128.5万')
    expect(valueText(c, 'customers', 'tier', 'key')).not.toBe('key')
    expect(valueText(c, 'users', 'role', 'regional_manager')).toBe('区域经理')
    expect(valueText(c, 'deals', 'bigDeal', true)).toBe('是')
    expect(valueText(c, 'deals', 'nextStep', null)).toBe('（空）')
    expect(valueText(c, 'orgUnits', 'visitSplit', { newCustomer: 4, followUp: 2, closing: 2 })).toBe('新客户 4 · 跟进 2 · 促成 2')
    expect(valueText(c, 'deals', 'expectedCloseAt', Date.UTC(2027, 2, 15, 4))).toMatch(/2027年3月15日/)
  })

  it('en-US: the same codes read in English; unknown fields fall back to their name', () => {
    const c = ctx('en-US')
    expect(fieldLabel(c.t, 'managerForecastCategory')).toBe('Forecast category (manager)')
    expect(valueText(c, 'deals', 'managerForecastCategory', 'best_case')).toBe('Best case')
    expect(valueText(c, 'deals', 'status', 'lost')).toBe('lost')
    expect(valueText(c, 'contacts', 'seniority', 4)).toBe('vice-president')
    expect(fieldLabel(c.t, 'somethingNew')).toBe('somethingNew')
  })
})
