/** Product catalogue rows. */
import { Product } from '../../model'
import { matchKey } from './normalise'
import { parseCurrency } from './values'
import { RowState, clip, limit, compact, type Draft, type Drafter, type Env, requireText, optionalText, check } from './validate-row'

// ─── products ───────────────────────────────────────────────────────────────────────────────

/** A products file: the catalogue (name, series, list price), matched by id or by name. */
export function productDrafts(env: Env): Drafter {
  const { reader, context } = env
  const byExternal = new Map<string, Product>()
  const byKey = new Map<string, Product>()
  for (const p of context.products ?? []) {
    if (p.deleted) continue
    if (p.externalId) byExternal.set(p.externalId, p)
    byKey.set(matchKey(p.name), p)
  }
  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const name = limit(requireText(env, row, st, 'name'), 80, 'name', st)
    const series = optionalText(env, row, st, 'series', 60)
    let currency = reader.defaultCurrency
    const curRaw = reader.text(row, 'currency')
    if (curRaw) {
      const c = parseCurrency(curRaw)
      if (c) currency = c
      else st.warn('import.currency-unknown', { value: clip(curRaw) })
    }
    const price = reader.amount(row, st, currency, 'listPrice')
    const listPrice = price && price !== 'blank' ? price.minor : undefined
    if (price && price !== 'blank') currency = price.currency
    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : name ? `n:${matchKey(name)}` : null, label: externalId ?? name }
    if (st.hasError) return draft
    draft.materialise = (out) => {
      const existing = (externalId && byExternal.get(externalId)) || byKey.get(matchKey(name))
      const p = compact(
        existing
          ? { ...existing, externalId: externalId ?? existing.externalId, name, series: series ?? existing.series, listPrice: listPrice ?? existing.listPrice, currency: listPrice !== undefined ? currency : existing.currency }
          : { id: out.newId(), externalId, name, series, listPrice, currency: listPrice !== undefined ? currency : undefined }
      ) as Product
      if (!check(Product, p, st)) return undefined
      out.plan.products.push(p)
      return { record: p, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}
