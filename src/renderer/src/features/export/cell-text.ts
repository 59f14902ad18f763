import type { ExportCell, ExportColumn } from '@shared/export/table'
import { formatDate, formatMoney, formatTime, type Locale } from '../../ui/format'

const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: Locale, style: 'decimal' | 'percent', decimals: number | undefined): Intl.NumberFormat {
  const key = `${locale}|${style}|${decimals ?? ''}`
  let f = numberFormats.get(key)
  if (!f) {
    const digits = decimals ?? (style === 'percent' ? 0 : undefined)
    f = new Intl.NumberFormat(locale, {
      style,
      ...(digits !== undefined ? { minimumFractionDigits: digits, maximumFractionDigits: digits } : { maximumFractionDigits: 1 })
    })
    numberFormats.set(key, f)
  }
  return f
}

/**
 * A cell as the print view shows it: the way the screen writes the same figure — amounts in
 * 万/亿 or K/M with their currency, dates in the reader's zone, percentages whole.
 */
export function cellText(column: ExportColumn, cell: ExportCell | undefined, locale: Locale, timeZone: string): string {
  if (cell === null || cell === undefined || cell === '') return '—'
  switch (column.kind) {
    case 'text':
      return String(cell)
    case 'number':
      return numberFormat(locale, 'decimal', column.decimals).format(cell as number)
    case 'percent':
      return numberFormat(locale, 'percent', column.decimals).format(cell as number)
    case 'money':
      return typeof cell === 'object' ? formatMoney(cell.minor, cell.currency, locale) : formatMoney(cell as number, column.currency ?? 'CNY', locale)
    case 'date':
      return formatDate(cell as number, locale, timeZone)
    case 'datetime':
      return `${formatDate(cell as number, locale, timeZone)} ${formatTime(cell as number, locale, timeZone)}`
  }
}

/** Numbers read down a column right-aligned; text left. */
export function alignOf(column: ExportColumn): 'left' | 'right' {
  return column.kind === 'text' || column.kind === 'date' || column.kind === 'datetime' ? 'left' : 'right'
}
