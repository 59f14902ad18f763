import type { Deal, OrgUnit } from '../model'
import { sumMoney, type CurrencyRates, type MoneyItem, type MoneyTotal } from './currency'

/**
 * Win rate (赢单率): won ÷ (won + lost) over closed deals. Open deals are not in it, nor are
 * deleted ones. A deal imported closed without its stage history counts like any other: the
 * rate needs only how it ended. Documented in docs/metrics.md.
 */
export interface WinRate {
  won: number
  lost: number
  /** won / (won + lost); null when nothing closed. */
  rate: number | null
}

export function winRate(deals: Iterable<Pick<Deal, 'status' | 'deleted'>>): WinRate {
  let won = 0
  let lost = 0
  for (const d of deals) {
    if (d.deleted) continue
    if (d.status === 'won') won++
    else if (d.status === 'lost') lost++
  }
  return { won, lost, rate: won + lost > 0 ? won / (won + lost) : null }
}

/** Win rate per group (a rep, a team, an office…); deals whose key is undefined are left out. */
export function winRatesBy<D extends Pick<Deal, 'status' | 'deleted'>>(deals: Iterable<D>, keyOf: (d: D) => string | undefined): Map<string, WinRate> {
  const groups = new Map<string, D[]>()
  for (const d of deals) {
    const k = keyOf(d)
    if (k === undefined) continue
    const list = groups.get(k)
    if (list) list.push(d)
    else groups.set(k, [d])
  }
  return new Map([...groups].map(([k, list]) => [k, winRate(list)]))
}

/** The region (office) above an org unit: itself if it is a region, else its nearest region ancestor. */
export function regionOf(orgUnits: readonly Pick<OrgUnit, 'id' | 'kind' | 'parentId'>[]): (unitId: string) => string | undefined {
  const byId = new Map(orgUnits.map((o) => [o.id, o]))
  return (unitId) => {
    let u = byId.get(unitId)
    for (let depth = 0; u && depth < 32; depth++) {
      if (u.kind === 'region') return u.id
      u = u.parentId ? byId.get(u.parentId) : undefined
    }
    return undefined
  }
}

/** What was won, added up in one currency (converted with the manager's rates when mixed). */
export function wonAmount(deals: Iterable<Pick<Deal, 'status' | 'deleted' | 'amount' | 'currency'>>, rates: CurrencyRates, target?: string): MoneyTotal {
  const items: MoneyItem[] = []
  for (const d of deals) if (!d.deleted && d.status === 'won') items.push({ amount: d.amount, currency: d.currency })
  return sumMoney(items, rates, target)
}
