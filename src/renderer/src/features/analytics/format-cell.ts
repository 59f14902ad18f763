import type { Locale } from '../../ui/format'
import { formatMoney, formatMoneyExact } from '../../ui/format'
import type { Cell, ColumnKind } from './table-model'

// Formatters are built once per locale: a table formats hundreds of cells, and building an
// Intl.NumberFormat costs more than formatting with it.
const counts = new Map<Locale, Intl.NumberFormat>()
const percents = new Map<Locale, Intl.NumberFormat>()
function formatCount(n: number, locale: Locale): string {
  let f = counts.get(locale)
  if (!f) counts.set(locale, (f = new Intl.NumberFormat(locale)))
  return f.format(n)
}
export function formatPercent(ratio: number, locale: Locale): string {
  let f = percents.get(locale)
  if (!f) percents.set(locale, (f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })))
  return f.format(ratio)
}

/** A cell as the reader reads it (万/亿 or K/M, percentages, signed changes); '—' for no figure. */
export function formatCell(kind: ColumnKind, v: Cell, locale: Locale, currency = 'CNY'): string {
  if (v === null || v === '') return '—'
  if (typeof v === 'string') return v
  switch (kind) {
    case 'money':
      return formatMoney(v, currency, locale)
    case 'count':
      return formatCount(v, locale)
    case 'percent':
      return formatPercent(v, locale)
    case 'change':
      return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatPercent(Math.abs(v), locale)}`
    case 'points': {
      const pts = Math.round(Math.abs(v) * 1000) / 10
      return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${pts}${locale === 'zh-CN' ? '个百分点' : ' pts'}`
    }
    case 'days':
      return v.toFixed(v < 10 ? 1 : 0)
    case 'decimal':
      return v < 0.001 && v > 0 ? v.toExponential(1) : String(Math.round(v * 1000) / 1000)
    default:
      return String(v)
  }
}

/** The exact figure for a hover title, where the compact one rounds. */
export function exactCell(kind: ColumnKind, v: Cell, locale: Locale, currency = 'CNY'): string | undefined {
  if (kind === 'money' && typeof v === 'number') return formatMoneyExact(v, currency, locale)
  return undefined
}

/** Green for growth, red for decline; nothing for no change or no figure. */
export function changeColor(kind: ColumnKind, v: Cell): string | undefined {
  if ((kind !== 'change' && kind !== 'points') || typeof v !== 'number' || v === 0) return undefined
  return v > 0 ? 'teal.8' : 'red.7'
}
