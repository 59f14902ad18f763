import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatHlc, parseHlc, receiveHlc, tickHlc, ClockError, type Hlc } from './hlc'

const hlcArb = fc.record({
  wallMs: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  counter: fc.integer({ min: 0, max: 1000 }),
  node: fc.constantFrom('a', 'b', 'node-7')
})

describe('hybrid logical clock', () => {
  it('string order equals clock order', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const byFields = a.wallMs - b.wallMs || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)
        const sa = formatHlc(a)
        const sb = formatHlc(b)
        const byString = sa < sb ? -1 : sa > sb ? 1 : 0
        expect(Math.sign(byString)).toBe(Math.sign(byFields))
        expect(parseHlc(sa)).toEqual(a)
      })
    )
  })

  it('ticks strictly forward even when the wall clock goes back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }), (nows) => {
        let h: Hlc = { wallMs: 5_000, counter: 0, node: 'n' }
        for (const now of nows) {
          const next = tickHlc(h, now)
          expect(formatHlc(next) > formatHlc(h)).toBe(true)
          h = next
        }
      })
    )
  })

  it('after receiving, the local clock is ahead of both', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, fc.integer({ min: 0, max: 4_000_000_000_000 }), (l, r, now) => {
        fc.pre(r.wallMs - now <= 5 * 60_000)
        const m = receiveHlc({ ...l, node: 'l' }, { ...r, node: 'r' }, now)
        expect(m.wallMs >= l.wallMs && m.wallMs >= r.wallMs).toBe(true)
        expect(formatHlc(m) > formatHlc({ ...l, node: 'l' })).toBe(true)
      })
    )
  })

  it('refuses a remote clock far in the future', () => {
    expect(() => receiveHlc({ wallMs: 0, counter: 0, node: 'l' }, { wallMs: 10 * 60_000, counter: 0, node: 'r' }, 0)).toThrow(
      ClockError
    )
  })
})
