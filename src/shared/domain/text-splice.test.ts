import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { textSplice } from './text-splice'

describe('the one changed stretch between two texts', () => {
  it('finds a typed character, a deletion and a replacement in the middle', () => {
    expect(textSplice('预算待确认', '预算已确认')).toEqual({ start: 2, endPrev: 3, endNext: 3 })
    expect(textSplice('abc', 'abxc')).toEqual({ start: 2, endPrev: 2, endNext: 3 })
    expect(textSplice('abxc', 'abc')).toEqual({ start: 2, endPrev: 3, endNext: 2 })
    expect(textSplice('same', 'same')).toEqual({ start: 4, endPrev: 4, endNext: 4 })
  })

  it('property: replacing the stretch of prev by that of next gives next', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prev, next) => {
        const { start, endPrev, endNext } = textSplice(prev, next)
        expect(prev.slice(0, start) + next.slice(start, endNext) + prev.slice(endPrev)).toBe(next)
      })
    )
  })
})
