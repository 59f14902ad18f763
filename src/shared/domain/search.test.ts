import { describe, expect, it } from 'vitest'
import { prepareSearch, searchEntries } from './search'

const entries = prepareSearch([
  { id: '1', kind: 'customer', label: '上海瑞康医疗器械有限公司' },
  { id: '2', kind: 'customer', label: '杭州瑞康科技有限公司' },
  { id: '3', kind: 'deal', label: '瑞康 CRM 专业版采购', detail: '上海瑞康医疗器械有限公司' },
  { id: '4', kind: 'person', label: 'Zhang Wei' },
  { id: '5', kind: 'customer', label: 'ＡＢＣ（上海）贸易' }
])

describe('global search', () => {
  it('finds Chinese by substring, not by words', () => {
    expect(searchEntries(entries, '瑞康').map((e) => e.id)).toEqual(['3', '2', '1'])
    expect(searchEntries(entries, '医疗器械').map((e) => e.id)).toEqual(['1', '3'])
  })
  it('ignores case and full-width forms', () => {
    expect(searchEntries(entries, 'zhang').map((e) => e.id)).toEqual(['4'])
    expect(searchEntries(entries, 'abc(上海)').map((e) => e.id)).toEqual(['5'])
  })
  it('an empty query finds nothing', () => {
    expect(searchEntries(entries, '  ')).toEqual([])
  })
})
