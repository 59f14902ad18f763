import { describe, expect, it } from 'vitest'
import type { Deal } from '../model'
import { dataQuality } from './data-quality'

const deal = (id: string, over: Partial<Deal>): Deal => ({
  id,
  name: id,
  ownerId: 'u',
  orgUnitId: 't',
  processId: 'p',
  stageId: 's',
  stageEnteredAt: 0,
  amount: 100,
  currency: 'USD',
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: 0,
  checkedCriteria: [],
  customerId: 'c',
  expectedCloseAt: 1,
  ...over
})

describe('dataQuality', () => {
  const deals = [
    deal('a', { expectedCloseAt: undefined, product: 'GTXPro' }),
    deal('b', { customerId: undefined, product: 'gtx pro' }),
    deal('c', { status: 'won', expectedCloseAt: undefined, product: 'GTX Pro' }),
    deal('d', { product: 'GTXPro' }),
    deal('e', { product: 'Widget', deleted: true }),
    deal('f', { product: 'Gadget' })
  ]
  const q = dataQuality(deals, [{ name: 'GTX Pro' }, { name: 'MG Special' }])

  it('lists open deals without a close date (a closed one does not need one) and deals without a customer', () => {
    expect(q.withoutCloseDate.map((d) => d.id)).toEqual(['a'])
    expect(q.withoutCustomer.map((d) => d.id)).toEqual(['b'])
  })

  it('groups spellings of a catalogue product, and names the products the catalogue does not have', () => {
    expect(q.productVariants).toEqual([{ canonical: 'GTX Pro', variants: [{ value: 'GTXPro', count: 2 }, { value: 'gtx pro', count: 1 }], deals: 3 }])
    expect(q.unknownProducts).toEqual([{ value: 'Gadget', count: 1 }])
  })

  it('without a catalogue there is nothing to unify to', () => {
    expect(dataQuality(deals, [])).toMatchObject({ productVariants: [], unknownProducts: [] })
  })
})
