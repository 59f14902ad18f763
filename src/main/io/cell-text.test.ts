import { describe, expect, it } from 'vitest'
import { cleanText, TextNotes } from './cell-text'

describe('cleanText: characters that are not text', () => {
  it('removes NUL, other C0 and C1 controls, DEL and stray byte-order marks', () => {
    expect(cleanText('上海\u0000瑞康')).toEqual({ text: '上海瑞康', removed: 1 })
    expect(cleanText('\u0007ACME\u001b\u007f\u0085 GmbH\ufeff')).toEqual({ text: 'ACME GmbH', removed: 5 })
  })

  it('keeps tabs and line breaks inside a cell, and leaves clean text untouched', () => {
    expect(cleanText('Line 1\r\nLine 2\tend')).toEqual({ text: 'Line 1\r\nLine 2\tend', removed: 0 })
    expect(cleanText('杭州华东医药')).toEqual({ text: '杭州华东医药', removed: 0 })
  })

  it('removes lone surrogates but keeps whole emoji', () => {
    expect(cleanText('赢单🎉')).toEqual({ text: '赢单🎉', removed: 0 })
    // A field limit cut the emoji in half: the high surrogate is left alone at the end.
    expect(cleanText('赢单\ud83c')).toEqual({ text: '赢单', removed: 1 })
    expect(cleanText('\udf89赢单')).toEqual({ text: '赢单', removed: 1 })
    expect(cleanText('a\ud83c\ud83c\udf89b')).toEqual({ text: 'a🎉b', removed: 1 })
    expect(cleanText('a\ud83cb').text).toBe('ab')
  })

  it('notes the rows and columns it touched, and replacement characters when asked', () => {
    const notes = new TextNotes()
    expect(notes.cell('A\u0000', 7, 0, false)).toBe('A')
    expect(notes.cell('\u0001B\u0002', 7, 2, false)).toBe('B')
    expect(notes.cell('caf\ufffd', 9, 1, true)).toBe('caf\ufffd')
    expect(notes.cell('caf\ufffd', 10, 1, false)).toBe('caf\ufffd')
    expect(notes.removed.get(7)).toEqual({ count: 3, columns: [0, 2] })
    expect(notes.undecodable.get(9)).toEqual({ count: 1, columns: [1] })
    expect(notes.undecodable.has(10)).toBe(false)
  })
})
