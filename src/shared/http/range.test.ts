import { describe, expect, it } from 'vitest'
import { mediaHead, parseRange } from './range'

describe('parseRange', () => {
  it('reads the ranges an <audio> element sends', () => {
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 })
    expect(parseRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 })
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
  })
  it('no header, malformed or multi-range → whole file; past the end → unsatisfiable', () => {
    expect(parseRange(undefined, 1000)).toBeNull()
    expect(parseRange('items=0-1', 1000)).toBeNull()
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull()
    expect(parseRange('bytes=5-1', 1000)).toBeNull()
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable')
  })
})

describe('mediaHead', () => {
  it('206 with content-range for a range, 200 without, 416 past the end', () => {
    const partial = mediaHead('bytes=10-19', 100, 'audio/ogg')
    expect(partial.status).toBe(206)
    expect(partial.headers['content-range']).toBe('bytes 10-19/100')
    expect(partial.headers['content-length']).toBe('10')
    expect(mediaHead(null, 100, 'audio/ogg')).toMatchObject({ status: 200, range: { start: 0, end: 99 } })
    expect(mediaHead('bytes=200-', 100, 'audio/ogg')).toMatchObject({ status: 416, headers: { 'content-range': 'bytes */100' } })
  })
})
