/** Deal names from a pattern such as "{account} · {product}", for files without a name column. */
import { cleanText, matchKey } from './normalise'
import type { FieldKey, ImportMapping } from './types'
import { isBlankValue } from './values'
import { type TableInput } from './validate-row'

// ─── deal names from a pattern ──────────────────────────────────────────────────────────────

export type NamePart = { text: string } | { field: FieldKey }

/** The fields a name pattern may use, in the order a default pattern prefers them. */
export const NAME_PATTERN_FIELDS: FieldKey[] = ['account', 'product', 'externalId', 'owner', 'stage', 'accountExternalId']

/** "{account} · {product}" when the file has both, else what there is, else the deal's id. */
export function defaultNamePattern(mapping: ImportMapping): string {
  const has = (f: FieldKey): boolean => mapping.columns.includes(f)
  if (has('account') && has('product')) return '{account} · {product}'
  if (has('account')) return has('externalId') ? '{account} · {externalId}' : '{account}'
  if (has('product')) return has('externalId') ? '{product} · {externalId}' : '{product}'
  return '{externalId}'
}

export function parseNamePattern(pattern: string): NamePart[] {
  const parts: NamePart[] = []
  const re = /\{([A-Za-z]+)\}/g
  let last = 0
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) parts.push({ text: pattern.slice(last, m.index) })
    if ((NAME_PATTERN_FIELDS as string[]).includes(m[1]!)) parts.push({ field: m[1] as FieldKey })
    else parts.push({ text: m[0] })
    last = m.index + m[0].length
  }
  if (last < pattern.length) parts.push({ text: pattern.slice(last) })
  return parts
}

/**
 * Fills a pattern from a row. A field with no value drops out together with the text before
 * it (or after it, when it comes first), so "{account} · {product}" reads "GTX Basic" for a
 * row without an account, not " · GTX Basic".
 */
export function renderNamePattern(parts: NamePart[], value: (f: FieldKey) => string): string {
  const filled = parts.map((p) => {
    if (!('field' in p)) return { field: false, text: p.text }
    const v = cleanText(value(p.field))
    return { field: true, text: isBlankValue(v) ? '' : v }
  })
  const keep = filled.map(() => true)
  filled.forEach((p, i) => {
    if (!p.field || p.text) return
    keep[i] = false
    // Drop the separator on the side that still joins something.
    if (i > 0 && !filled[i - 1]!.field) keep[i - 1] = false
    else if (i + 1 < filled.length && !filled[i + 1]!.field) keep[i + 1] = false
  })
  let out = filled.filter((_, i) => keep[i]).map((p) => p.text).join('')
  // Nothing but separators left (every field empty).
  if (!filled.some((p, i) => p.field && keep[i])) out = ''
  return cleanText(out)
}

/**
 * The names a pattern gives the first rows of a file, for the mapping step's preview; products
 * in the catalogue's spelling, as the import will write them.
 */
export function previewDealNames(table: TableInput, mapping: ImportMapping, pattern: string, count = 3, catalogue: readonly string[] = []): string[] {
  const parts = parseNamePattern(pattern)
  const spelling = new Map(catalogue.map((n) => [matchKey(n), n]))
  const col = new Map<FieldKey, number>()
  mapping.columns.forEach((f, i) => {
    if (f && !col.has(f)) col.set(f, i)
  })
  const out: string[] = []
  for (const row of table.rows) {
    const v = renderNamePattern(parts, (f) => {
      const c = col.get(f)
      const raw = c === undefined ? '' : (row[c] ?? '')
      return f === 'product' ? (spelling.get(matchKey(raw)) ?? raw) : raw
    })
    if (v) out.push(v)
    if (out.length >= count) break
  }
  return out
}
