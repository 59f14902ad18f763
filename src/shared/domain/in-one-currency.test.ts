import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inOneCurrency, sumMoney, type CurrencyRates } from './currency'

const rates: CurrencyRates = { base: 'CNY', perUnit: { USD: 7.1, EUR: 7.8 } }

describe('inOneCurrency', () => {
  it('leaves a one-currency set as it is, in its own currency ($ stays $, not ¥)', () => {
    const deals = [{ id: 'a', amount: 100_00, currency: 'USD' }]
    const r = inOneCurrency(deals, rates)
    expect(r).toEqual({ items: deals, currency: 'USD', converted: [], missing: [] })
    expect(r.items[0]).toBe(deals[0])
  })

  it('converts a mixed set into the base, keeps every other field, and names the converted currency', () => {
    const r = inOneCurrency([{ id: 'a', amount: 100_00, currency: 'USD' }, { id: 'b', amount: 5_00, currency: 'CNY' }], rates)
    expect(r.currency).toBe('CNY')
    expect(r.items).toEqual([{ id: 'a', amount: 710_00, currency: 'CNY' }, { id: 'b', amount: 5_00, currency: 'CNY' }])
    expect(r.converted).toEqual(['USD'])
  })

  it('a currency without a rate counts 0 and is named missing, never added as if it were the base', () => {
    const r = inOneCurrency([{ amount: 100_00, currency: 'GBP' }, { amount: 5_00, currency: 'CNY' }], rates)
    expect(r.items.map((i) => i.amount)).toEqual([0, 5_00])
    expect(r.missing).toEqual(['GBP'])
  })

  it('adding the converted items gives sumMoney\'s total to within a cent per item', () => {
    const item = fc.record({ amount: fc.integer({ min: 0, max: 1e10 }), currency: fc.constantFrom('CNY', 'USD', 'EUR') })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const one = inOneCurrency(items, rates)
        const total = sumMoney(items, rates)
        expect(one.currency).toBe(total.currency)
        const added = one.items.reduce((s, i) => s + i.amount, 0)
        expect(Math.abs(added - total.amount)).toBeLessThanOrEqual(items.length)
      })
    )
  })
})
