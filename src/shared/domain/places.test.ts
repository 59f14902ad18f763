import { describe, expect, it } from 'vitest'
import { placeOf } from './places'
import { ruleMatches } from './territories'

const names = (p: { names: string[] } | undefined): string[] => p?.names ?? []

describe('placing an address outside the demo cities (national division list)', () => {
  it('reads province, city and district from a Chinese address', () => {
    const p = placeOf({ address: '四川省成都市武侯区人民南路四段1号' })
    expect(names(p.province)).toContain('四川')
    expect(names(p.city)).toContain('成都')
    expect(names(p.district)).toContain('武侯区')
    expect(p.from).toBe('address')
  })

  it('finds the province from the city alone, and takes the first city named (a 长春路 in 大连 is in 大连)', () => {
    const p = placeOf({ address: '大连市西岗区长春路 18 号' })
    expect(names(p.province)).toContain('辽宁')
    expect(names(p.city)).toContain('大连')
    expect(names(p.district)).toContain('西岗区')
  })

  it('a municipality outside the demo is its own city, with its districts', () => {
    const p = placeOf({ address: '重庆市渝中区解放碑' })
    expect(names(p.city)).toContain('重庆')
    expect(names(p.district)).toContain('渝中区')
  })

  it('an autonomous prefecture answers to its short name', () => {
    const p = placeOf({ address: '恩施州恩施市舞阳大街' })
    expect(names(p.province)).toContain('湖北')
    expect(names(p.city)).toContain('恩施')
  })

  it('a province named without a known city still places the province', () => {
    const p = placeOf({ address: '云南省某工业园区' })
    expect(names(p.province)).toContain('云南')
    expect(p.city).toBeUndefined()
  })

  it('the demo cities still come first (their English spellings and coordinates stay)', () => {
    expect(names(placeOf({ address: '杭州市西湖区文三路90号' }).province)).toContain('浙江')
  })

  it('a province rule takes a customer whose address names only the city', () => {
    const sichuan = { provinces: ['四川省'], cities: [], districts: [], industries: [], sizes: [], customerIds: [] }
    expect(ruleMatches(sichuan as never, { id: 'c', address: '成都市高新区天府大道', industry: '制造', size: 'medium', city: undefined } as never)).toBe(true)
    expect(ruleMatches(sichuan as never, { id: 'd', address: '昆明市五华区', industry: '制造', size: 'medium', city: undefined } as never)).toBe(false)
  })
})
