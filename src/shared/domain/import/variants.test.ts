import { describe, expect, it } from 'vitest'
import { accountCoreKey, matchKey } from './normalise'
import { countSpellings, groupSpellings } from './variants'

describe('spelling variants', () => {
  it('groups the ways people type one account and picks the most used spelling', () => {
    const names = [
      '上海瑞康医疗器械有限公司',
      '上海瑞康医疗器械有限公司',
      '上海瑞康医疗器械有限公司 ',
      '上海瑞康医疗',
      '上海瑞康医疗器械',
      '瑞康医疗（上海）有限公司',
      '瑞康医疗(上海)有限公司',
      '杭州华东医药'
    ]
    const { groups, canonicalOf } = groupSpellings(countSpellings(names), { loose: true })
    expect(canonicalOf.get('上海瑞康医疗')).toBe('上海瑞康医疗器械有限公司')
    expect(canonicalOf.get('上海瑞康医疗器械')).toBe('上海瑞康医疗器械有限公司')
    // Full-width brackets fold to ASCII when the value is cleaned, so these two are one spelling.
    expect(canonicalOf.get('瑞康医疗(上海)有限公司')).toBe('瑞康医疗(上海)有限公司')
    expect(canonicalOf.get('杭州华东医药')).toBe('杭州华东医药')
    expect(groups).toHaveLength(1)
    expect(groups[0]!.variants[0]).toEqual({ value: '上海瑞康医疗器械有限公司', count: 3 })
    expect(groups[0]!.variants.map((v) => v.value).sort()).toEqual(['上海瑞康医疗', '上海瑞康医疗器械', '上海瑞康医疗器械有限公司'])
  })

  it('leaves an ambiguous short name alone', () => {
    const { canonicalOf } = groupSpellings(countSpellings(['上海瑞康', '上海瑞康医疗', '上海瑞康科技', '上海瑞康科技']), { loose: true })
    expect(canonicalOf.get('上海瑞康')).toBe('上海瑞康')
    expect(canonicalOf.get('上海瑞康医疗')).toBe('上海瑞康医疗')
  })

  it('prefers the name that already exists in the workspace', () => {
    const { canonicalOf } = groupSpellings(countSpellings(['上海瑞康医疗', '上海瑞康医疗', '上海瑞康医疗器械']), {
      loose: true,
      anchors: ['上海瑞康医疗器械有限公司']
    })
    expect(canonicalOf.get('上海瑞康医疗')).toBe('上海瑞康医疗器械有限公司')
  })

  it('products only merge on spacing, case and width', () => {
    const { groups, canonicalOf } = groupSpellings(countSpellings(['CRM专业版', 'CRM 专业版', 'crm专业版', 'CRM专业版', 'CRM旗舰版']), { loose: false })
    expect(canonicalOf.get('CRM 专业版')).toBe('CRM专业版')
    expect(canonicalOf.get('CRM旗舰版')).toBe('CRM旗舰版')
    expect(groups).toHaveLength(1)
  })

  it('core keys drop legal forms in both languages', () => {
    expect(accountCoreKey('上海瑞康医疗器械有限公司')).toBe('上海瑞康医疗器械')
    expect(accountCoreKey('ACME Co., Ltd.')).toBe('acme')
    expect(matchKey('ＣＲＭ　专业版')).toBe('crm专业版')
  })
})
