import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { convertMinor, currenciesOf, sumMoney, type CurrencyRates } from './currency'

const rates: CurrencyRates = { base: 'CNY', perUnit: { USD: 7.1, EUR: 7.8 } }

describe('sumMoney', () => {
  it('keeps a one-currency total in that currency, without conversion, even when it is not the base', () => {
    const t = sumMoney([{ amount: 100_00, currency: 'USD' }, { amount: 50_00, currency: 'USD' }], rates)
    expect(t).toEqual({ amount: 150_00, currency: 'USD', converted: [], missing: [] })
  })

  it('converts a mixed total into the base and says which currencies were converted', () => {
    const t = sumMoney([{ amount: 100_00, currency: 'USD' }, { amount: 1000_00, currency: 'CNY' }], rates)
    expect(t).toEqual({ amount: 1710_00, currency: 'CNY', converted: ['USD'], missing: [] })
  })

  it('names the rate that is missing and leaves that currency out rather than adding it as if it were yuan', () => {
    const t = sumMoney([{ amount: 100_00, currency: 'GBP' }, { amount: 1000_00, currency: 'CNY' }], rates)
    expect(t.missing).toEqual(['GBP'])
    expect(t.amount).toBe(1000_00)
  })

  it('converts into a chosen target through the base', () => {
    expect(convertMinor(7800, 'EUR', 'USD', rates)).toBe(Math.round((7800 * 7.8) / 7.1))
    expect(convertMinor(5, 'JPY', 'CNY', rates)).toBeUndefined()
  })

  it('a total never depends on the order of its items', () => {
    const cur = fc.constantFrom('CNY', 'USD', 'EUR')
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.integer({ min: 0, max: 1e9 }), currency: cur })), (items) => {
        const a = sumMoney(items, rates)
        const b = sumMoney([...items].reverse(), rates)
        expect(b).toEqual(a)
        expect(currenciesOf(items).length <= 1 ? a.converted : []).toEqual([])
      })
    )
  })
})
