import { z } from 'zod'
import { Id, EpochMs, Currency, defineKind } from './common'

/**
 * An exchange rate a manager entered in Settings: one unit of `currency` is worth `rate` units
 * of `base` (USD → CNY 7.1). Synced, so the whole team's totals convert the same way. One row
 * per pair with a fixed id (`currencyRateId`), so two managers setting the same rate edit one
 * row and the later edit wins field by field.
 */
export const CurrencyRate = z.object({
  id: Id,
  deleted: z.boolean().optional(),
  currency: Currency,
  base: Currency,
  rate: z.number().positive().max(1e9),
  setAt: EpochMs,
  setBy: Id.optional()
})
export type CurrencyRate = z.infer<typeof CurrencyRate>
export const currencyRateKind = defineKind({
  table: 'currencyRates',
  placement: { kind: 'global' },
  indexes: ['currency'],
  schema: CurrencyRate,
  version: 1,
  merge: 'record'
})

export function currencyRateId(currency: string, base: string): string {
  return `rate-${currency}-${base}`
}
