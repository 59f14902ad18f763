import type { Deal, Product } from '../model'
import { byAmountDesc } from './deal-amount'
import { matchKey } from './import/normalise'

/**
 * What an imported history leaves for the manager to complete: open deals without a close date,
 * deals without an amount, deals without a customer, and product names that differ from the catalogue's only in spacing,
 * case or width ("GTXPro" for "GTX Pro"), each group one click from unified.
 */
export interface ProductVariant {
  /** The catalogue's spelling. */
  canonical: string
  /** Other spellings deals use, with how many deals use each. */
  variants: { value: string; count: number }[]
  deals: number
}

export interface DataQuality {
  withoutCloseDate: Deal[]
  /** Deals whose amount is not set ("amount not set"): left out of every total until the manager sets it. */
  withoutAmount: Deal[]
  withoutCustomer: Deal[]
  productVariants: ProductVariant[]
  /** Product names on deals that match nothing in the catalogue (when there is a catalogue). */
  unknownProducts: { value: string; count: number }[]
}

export function dataQuality(deals: readonly Deal[], catalogue: readonly Pick<Product, 'name' | 'deleted'>[]): DataQuality {
  const live = deals.filter((d) => !d.deleted)
  const names = catalogue.filter((p) => !p.deleted).map((p) => p.name)
  const byKey = new Map(names.map((n) => [matchKey(n), n]))
  const exact = new Set(names)
  const variants = new Map<string, Map<string, number>>()
  const unknown = new Map<string, number>()
  for (const d of live) {
    if (!d.product || exact.has(d.product)) continue
    const canonical = byKey.get(matchKey(d.product))
    if (canonical) {
      const m = variants.get(canonical) ?? new Map<string, number>()
      m.set(d.product, (m.get(d.product) ?? 0) + 1)
      variants.set(canonical, m)
    } else if (names.length > 0) unknown.set(d.product, (unknown.get(d.product) ?? 0) + 1)
  }
  const byAmount = (a: Deal, b: Deal): number => byAmountDesc(a, b) || (a.id < b.id ? -1 : 1)
  return {
    withoutCloseDate: live.filter((d) => d.status === 'open' && d.expectedCloseAt === undefined).sort(byAmount),
    withoutAmount: live.filter((d) => d.amount === undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    withoutCustomer: live.filter((d) => d.customerId === undefined).sort(byAmount),
    productVariants: [...variants]
      .map(([canonical, m]) => {
        const list = [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count)
        return { canonical, variants: list, deals: list.reduce((s, v) => s + v.count, 0) }
      })
      .sort((a, b) => b.deals - a.deals),
    unknownProducts: [...unknown].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count)
  }
}
