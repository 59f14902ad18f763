import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { Customer, Deal, UsageReading } from '@shared/model'
import { contractStates, localDayReader, type ContractState } from '@shared/domain/collections'
import type { CurrencyRates } from '@shared/domain/currency'
import type { PostSaleRows } from '@shared/domain/post-sale-timeline'
import { getDb } from '../../db/database'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'
import { useWarmQuery, warmMemo } from '../../db/warm'

/**
 * The rates totals convert with. The workspace's rates setting (issue 17 adds it to Settings)
 * is read from `meta` under this key; until one is set, totals are in the base currency and a
 * foreign amount is named as "rate missing", never summed as if it were yuan.
 */
export const RATES_KEY = 'currency.rates'
const DEFAULT_RATES: CurrencyRates = { base: 'CNY', perUnit: {} }

export function useCurrencyRates(): CurrencyRates {
  const stored = useLiveQuery(async () => (await getDb().meta.get(RATES_KEY))?.value, [])
  return useMemo(() => {
    const v = stored as Partial<CurrencyRates> | undefined
    if (v && typeof v.base === 'string' && v.perUnit && typeof v.perUnit === 'object') return { base: v.base, perUnit: v.perUnit }
    return DEFAULT_RATES
  }, [stored])
}

export interface PostSaleWorkspace {
  rows: PostSaleRows
  /** Usage readings of every contract (renewals by usage). */
  usageReadings: UsageReading[]
  /** Live contracts in the chosen scope (by collector, else the collector's team). */
  states: ContractState[]
  stateById: Map<string, ContractState>
  customers: Map<string, Customer>
  deals: Map<string, Deal>
  today: number
  dayOf(ms: number): number
  timeZone: string
  rates: CurrencyRates
  now: number
}

/** Everything after the signature, read live, as contract states in the scope picker's scope. */
export function usePostSaleWorkspace(): PostSaleWorkspace | undefined {
  const { contains } = useScope()
  const { timeZone } = useLocale()
  const now = useNow()
  const rates = useCurrencyRates()
  const data = useWarmQuery('postSale', async () => {
    const db = getDb()
    const [contracts, instalments, milestones, collections, invoices, usageReadings] = await Promise.all([
      db.contracts.toArray(),
      db.instalments.toArray(),
      db.milestones.toArray(),
      db.collections.toArray(),
      db.invoices.toArray(),
      db.usageReadings.toArray()
    ])
    const customerIds = [...new Set(contracts.map((c) => c.customerId))]
    const dealIds = [...new Set(contracts.flatMap((c) => [c.dealId, c.renewalDealId]).filter((x): x is string => !!x))]
    const [customers, deals] = await Promise.all([db.customers.bulkGet(customerIds), db.deals.bulkGet(dealIds)])
    return {
      rows: { contracts, instalments, milestones, collections, invoices },
      usageReadings,
      customers: new Map(customers.filter((c): c is Customer => !!c).map((c) => [c.id, c])),
      deals: new Map(deals.filter((d): d is Deal => !!d).map((d) => [d.id, d]))
    }
  })
  const dayOf = useMemo(() => localDayReader(timeZone), [timeZone])
  const today = dayOf(now)
  const all = data ? warmMemo('contractStates', [data, timeZone], () => contractStates(data.rows, timeZone)) : undefined
  return useMemo(() => {
    if (!data || !all) return undefined
    const states = all.filter((s) => contains({ orgUnitId: s.contract.orgUnitId, ownerId: s.contract.collectorId }))
    return { ...data, states, stateById: new Map(states.map((s) => [s.contract.id, s])), today, dayOf, timeZone, rates, now }
  }, [data, all, contains, today, dayOf, timeZone, rates, now])
}
