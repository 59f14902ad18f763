import { amountScaleFromHeader } from './fields'
import { matchKey } from './normalise'
import type { FieldKey, ImportMapping } from './types'
import { isBlankValue, parseAmount, parseCurrency } from './values'

/**
 * What a file says about itself before any row is checked: the currency its amounts are in,
 * and its "shape" (the headers), by which the wizard recognises the next export of the same
 * kind and offers the mapping chosen last time.
 */

export type CurrencySource = 'column' | 'values' | 'header' | 'default'

export interface CurrencyGuess {
  currency: string
  source: CurrencySource
}

/** Rows read for the guess: enough to see the symbols, quick on a 100,000-row file. */
const SAMPLE_ROWS = 2000

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined
  let n = 0
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c]
  return best
}

/**
 * The file's currency: from a currency column if mapped, else the symbols or codes its amounts
 * carry ("$1,200", "€", "120万元"), else its amount header ("Amount (USD)", "金额（元）"),
 * else `fallback` (the workspace's).
 */
export function guessFileCurrency(
  table: { headers: string[]; rows: string[][] },
  mapping: ImportMapping,
  fallback: string
): CurrencyGuess {
  const col = (f: FieldKey): number => mapping.columns.indexOf(f)
  const sample = table.rows.length > SAMPLE_ROWS ? table.rows.slice(0, SAMPLE_ROWS) : table.rows
  const cc = col('currency')
  if (cc >= 0) {
    const counts = new Map<string, number>()
    for (const r of sample) {
      const c = parseCurrency(r[cc] ?? '')
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    const c = mostCommon(counts)
    if (c) return { currency: c, source: 'column' }
  }
  const amountCols = (['amount', 'listPrice'] as FieldKey[]).map(col).filter((c) => c >= 0)
  const counts = new Map<string, number>()
  for (const c of amountCols) {
    for (const r of sample) {
      const v = r[c] ?? ''
      if (!v || isBlankValue(v)) continue
      const a = parseAmount(v)
      if (a.kind === 'amount' && a.currency) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1)
    }
  }
  const fromValues = mostCommon(counts)
  if (fromValues) return { currency: fromValues, source: 'values' }
  for (const c of amountCols) {
    const header = (table.headers[c] ?? '').normalize('NFKC')
    // "Amount (USD)", "金额（元）", "Close Value $"; a unit word (万元) also names the currency.
    const bracket = /[(（[【]\s*([^)）\]】]*)[)）\]】]/.exec(header)?.[1]
    for (const part of [bracket, ...header.split(/[\s_/-]+/)]) {
      if (!part) continue
      const code = parseCurrency(part.replace(/^[万亿千]/, ''))
      if (code) return { currency: code, source: 'header' }
    }
    if (amountScaleFromHeader(header) !== 1 && /元/.test(header)) return { currency: 'CNY', source: 'header' }
  }
  return { currency: fallback, source: 'default' }
}

/** The headers as the matching sees them: the same export with its columns renamed in case or spacing is the same shape. */
export function fileShapeKey(headers: string[]): string {
  return headers.map((h) => matchKey(h)).join('|')
}

/** What the wizard remembers per file shape and offers on the next import of the same export. */
export interface RememberedMapping {
  entity: ImportMapping['entity']
  columns: ImportMapping['columns']
  currency?: string
  namePattern?: string
  stageMap?: Record<string, string | null>
  processId?: string
  savedAt: number
}

/** A remembered mapping, if it still fits the file (same number of columns, fields it knows). */
export function recallMapping(remembered: RememberedMapping | undefined, headers: string[]): ImportMapping | undefined {
  if (!remembered || remembered.columns.length !== headers.length) return undefined
  return { entity: remembered.entity, columns: [...remembered.columns] }
}
