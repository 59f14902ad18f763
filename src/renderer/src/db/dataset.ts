import { CockpitError } from '@shared/ipc/define'
import { currencyRateId, WORKSPACE_SETTINGS_ID } from '@shared/model'
import { matchKey } from '@shared/domain/import/normalise'
import { getDb } from './database'
import { write } from './write'

/**
 * Repairs a manager makes after importing a real CRM history (the data page): attach a customer
 * to a deal that came without one, set a close date, unify product-name variants to the
 * catalogue's spelling, and the exchange rates totals convert with. Each is one `write()`.
 */

/** Attach a customer to a deal imported without an account; the deal moves to nothing else. */
export async function attachCustomer(dealId: string, customerId: string): Promise<void> {
  await write(async (tx) => {
    const db = getDb()
    const [deal, customer] = await Promise.all([db.deals.get(dealId), db.customers.get(customerId)])
    if (!deal || deal.deleted) throw new CockpitError('dataset.deal-missing', `deal ${dealId} not found`)
    if (!customer || customer.deleted) throw new CockpitError('dataset.customer-missing', `customer ${customerId} not found`)
    await tx.update('deals', dealId, { customerId })
  })
}

/** Set (or change) an open deal's expected close date. */
export async function setExpectedClose(dealId: string, at: number): Promise<void> {
  await write(async (tx) => {
    const deal = await getDb().deals.get(dealId)
    if (!deal || deal.deleted) throw new CockpitError('dataset.deal-missing', `deal ${dealId} not found`)
    await tx.update('deals', dealId, { expectedCloseAt: at })
  })
}

/**
 * Set the amount of a deal imported without one ("amount not set"), in minor units of the deal's
 * currency. From then on it counts in every total like any other deal.
 */
export async function setDealAmount(dealId: string, minor: number): Promise<void> {
  if (!(Number.isInteger(minor) && minor >= 0 && minor <= 1e15)) throw new CockpitError('dataset.amount-invalid', `amount ${minor} is not a non-negative whole number of minor units`)
  await write(async (tx) => {
    const deal = await getDb().deals.get(dealId)
    if (!deal || deal.deleted) throw new CockpitError('dataset.deal-missing', `deal ${dealId} not found`)
    await tx.update('deals', dealId, { amount: minor })
  })
}

/**
 * Every deal whose product is spelled like `canonical` up to spacing, case and width ("GTXPro",
 * "gtx pro") takes the catalogue's spelling. Returns how many deals changed.
 */
export async function unifyProductName(canonical: string): Promise<number> {
  const key = matchKey(canonical)
  return write(async (tx) => {
    const deals = await getDb()
      .deals.filter((d) => !d.deleted && d.product !== undefined && d.product !== canonical && matchKey(d.product) === key)
      .toArray()
    for (const d of deals) await tx.update('deals', d.id, { product: canonical })
    return deals.length
  })
}

/** One unit of `currency` is worth `rate` units of `base`; shared with the team through sync. */
export async function setCurrencyRate(currency: string, base: string, rate: number, opts: { now?: number; userId?: string } = {}): Promise<void> {
  if (!(Number.isFinite(rate) && rate > 0)) throw new CockpitError('currency.rate-invalid', `rate ${rate} is not a positive number`)
  if (currency === base) throw new CockpitError('currency.rate-same', 'a currency has no rate to itself')
  const id = currencyRateId(currency, base)
  await write(async (tx) => {
    await tx.upsert('currencyRates', {
      id,
      // A rate set again after it was cleared comes back (deletion is a field like any other).
      deleted: false,
      currency,
      base,
      rate,
      setAt: opts.now ?? Date.now(),
      ...(opts.userId ? { setBy: opts.userId } : {})
    })
  })
}

/** Forget a rate (totals then name the currency as missing instead of converting it). */
export async function clearCurrencyRate(currency: string, base: string): Promise<void> {
  const id = currencyRateId(currency, base)
  await write(async (tx) => {
    const row = await getDb().currencyRates.get(id)
    if (row && !row.deleted) await tx.remove('currencyRates', id)
  })
}

/** The currency totals are shown in when deals come in several; rates are entered against it. */
export async function setTotalsCurrency(currency: string): Promise<void> {
  if (!/^[A-Z]{3}$/.test(currency)) throw new CockpitError('currency.code-invalid', `${currency} is not a currency code`)
  await write(async (tx) => {
    await tx.upsert('workspaceSettings', { id: WORKSPACE_SETTINGS_ID, deleted: false, totalsCurrency: currency })
  })
}
