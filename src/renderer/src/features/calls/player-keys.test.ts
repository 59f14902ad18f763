import { describe, expect, it } from 'vitest'
import { actionForKey, silenceJump, stepSpeed } from './player-keys'

describe('player keys', () => {
  it('maps the documented shortcuts', () => {
    expect(actionForKey({ key: ' ', shiftKey: false })).toEqual({ kind: 'toggle' })
    expect(actionForKey({ key: 'ArrowLeft', shiftKey: false })).toEqual({ kind: 'skip', seconds: -5 })
    expect(actionForKey({ key: 'ArrowRight', shiftKey: true })).toEqual({ kind: 'skip', seconds: 15 })
    expect(actionForKey({ key: ']', shiftKey: false })).toEqual({ kind: 'speed', dir: 1 })
    expect(actionForKey({ key: '?', shiftKey: true })).toEqual({ kind: 'help' })
    expect(actionForKey({ key: 'a', shiftKey: false })).toBeNull()
    expect(actionForKey({ key: 'c', shiftKey: false })).toEqual({ kind: 'note', note: 'comment' })
    expect(actionForKey({ key: 'b', shiftKey: false })).toEqual({ kind: 'note', note: 'bookmark' })
  })
  it('steps speed within 0.5×–3×', () => {
    expect(stepSpeed(1, 1)).toBe(1.25)
    expect(stepSpeed(3, 1)).toBe(3)
    expect(stepSpeed(0.5, -1)).toBe(0.5)
    expect(stepSpeed(1.1, -1)).toBe(1)
  })
  it('jumps to the end of the silence the playhead is in', () => {
    const s: [number, number][] = [[3250, 5750]]
    expect(silenceJump(s, 3.5)).toBe(5.75)
    expect(silenceJump(s, 2)).toBeNull()
    expect(silenceJump(s, 5.75)).toBeNull()
  })
})
