import { z } from 'zod'
import { RecordBase, MinorUnits, Currency, defineKind } from './common'

/**
 * A product of the catalogue (a CRM's products file: name, series, list price). Deals name their
 * product as text; the catalogue is the spelling the data-quality view unifies variants to.
 */
export const Product = RecordBase.extend({
  name: z.string().min(1).max(80),
  /** Product line or series ("GTX", "MG", 旗舰系列). */
  series: z.string().max(60).optional(),
  listPrice: MinorUnits.optional(),
  /** Currency of `listPrice`. */
  currency: Currency.optional()
})
export type Product = z.infer<typeof Product>
export const productKind = defineKind({
  table: 'products',
  placement: { kind: 'global' },
  indexes: ['name', 'externalId'],
  schema: Product,
  version: 1,
  merge: 'record'
})
