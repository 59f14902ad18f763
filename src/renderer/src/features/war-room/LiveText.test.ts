import { describe, expect, it } from 'vitest'
import { mapCaret } from './LiveText'

describe('the caret when a colleague’s edit arrives', () => {
  const prev = '客户预算待确认'
  it('stays put when the edit is after it', () => {
    expect(mapCaret(prev, '客户预算待确认，下周复核', 2)).toBe(2)
  })
  it('shifts with the text when the edit is before it', () => {
    expect(mapCaret(prev, '大客户预算待确认', 4)).toBe(5)
  })
  it('goes to the end of the changed part when the edit covers it', () => {
    expect(mapCaret(prev, '客户预算已经确认', 5)).toBe(6)
  })
})
