import { describe, expect, it } from 'vitest'
import { findTextProblem, idProblem, opTextRefusal, textProblem } from './text'

describe('text the hub can store', () => {
  it('keeps ordinary text: CJK, emoji (surrogate pairs), tabs and line breaks in values', () => {
    for (const s of ['上海瑞康医疗器械有限公司', 'Fix 🚀 today', 'line one\r\nline two\tcolumn', '', '€ 1,200 — ok']) expect(textProblem(s)).toBeUndefined()
  })

  it('refuses NUL, other control characters (C0, DEL, C1) and lone surrogates', () => {
    expect(textProblem('a\u0000b')).toBe('control-character')
    expect(textProblem('bell\u0007')).toBe('control-character')
    expect(textProblem('esc\u001b[31m')).toBe('control-character')
    expect(textProblem('del\u007f')).toBe('control-character')
    expect(textProblem('c1\u0085')).toBe('control-character')
    expect(textProblem('high \ud800 alone')).toBe('lone-surrogate')
    expect(textProblem('\udc00 low first')).toBe('lone-surrogate')
    expect(textProblem('reversed \udc00\ud800 pair')).toBe('lone-surrogate')
    expect(textProblem('ends high \ud83d')).toBe('lone-surrogate')
  })

  it('an id may not hold even a tab or a line break', () => {
    expect(idProblem('row\t1')).toBe('control-character')
    expect(idProblem('row\n1')).toBe('control-character')
    expect(idProblem('0198a4c2-7f00-7000-8000-000000000001')).toBeUndefined()
  })

  it('finds a bad string deep inside a value, and in object keys', () => {
    expect(findTextProblem({ cities: ['杭州', 'bad\u0000'] })).toEqual({ path: 'cities[1]', problem: 'control-character' })
    expect(findTextProblem({ evidence: { 'k\u0001': 1 } })).toEqual({ path: 'evidence.<key>', problem: 'control-character' })
    expect(findTextProblem({ n: 1, b: true, z: null, s: 'fine' })).toBeUndefined()
  })

  it('an op is refused with a reason naming the field and the character, or its id by position', () => {
    const op = { table: 'customers', rowId: 'c1', hlc: '000001763800000000:00000:n', fields: { name: 'Hangzhou\u0000Steel' } }
    expect(opTextRefusal(op)).toEqual({ where: 'fields', reason: 'customers.name contains a control character (U+0000)' })
    expect(opTextRefusal({ ...op, fields: { name: 'ok' }, rowId: 'c\ud800' })).toEqual({ where: 'ids', reason: "the op's rowId contains a broken character (lone surrogate U+D800)" })
    expect(opTextRefusal({ ...op, fields: { name: 'tab\tok' } })).toBeUndefined()
  })
})
