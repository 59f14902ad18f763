/**
 * Numbers and dates the way the reader reads them. zh-CN: 万 / 亿 for large amounts
 * (¥128.5万, ¥3.2亿); en-US: K / M / B. Week starts on Monday in both.
 */
// Relative, not @shared: Node-side tests import this file without the renderer's aliases.
import { calendarDaysBetween } from '../../../shared/domain/calendar'

export type Locale = 'zh-CN' | 'en-US'

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥', GBP: '£' }

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1')
}

/** Compact amount from integer minor units (fen). */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const major = minor / 100
  const sign = major < 0 ? '-' : ''
  const abs = Math.abs(major)
  const sym = symbols[currency] ?? `${currency} `
  if (locale === 'zh-CN') {
    if (abs >= 1e8) return `${sign}${sym}${trim(abs / 1e8, abs >= 1e10 ? 0 : 1)}亿`
    if (abs >= 1e4) return `${sign}${sym}${trim(abs / 1e4, abs >= 1e7 ? 0 : 1)}万`
    return `${sign}${sym}${trim(abs, 0)}`
  }
  if (abs >= 1e9) return `${sign}${sym}${trim(abs / 1e9, 1)}B`
  if (abs >= 1e6) return `${sign}${sym}${trim(abs / 1e6, 1)}M`
  if (abs >= 1e3) return `${sign}${sym}${trim(abs / 1e3, abs >= 1e5 ? 0 : 1)}K`
  return `${sign}${sym}${trim(abs, 0)}`
}

const exactFormats = new Map<string, Intl.NumberFormat>()

/** The exact figure, for the hover title. Formatters are cached: boards render hundreds of amounts. */
export function formatMoneyExact(minor: number, currency: string, locale: Locale): string {
  const key = `${locale}|${currency}`
  let f = exactFormats.get(key)
  if (!f) exactFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 })))
  return f.format(minor / 100)
}

const dayFormat = new Map<string, Intl.DateTimeFormat>()
function fmt(locale: Locale, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`
  let f = dayFormat.get(key)
  if (!f) dayFormat.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...opts })))
  return f
}

/** 11月22日 周日 / Sun 22 Nov */
export function formatDay(ms: number, locale: Locale, timeZone: string): string {
  if (locale === 'zh-CN') {
    const parts = fmt(locale, timeZone, { month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(ms)
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? ''
    return `${get('month')}月${get('day')}日 ${get('weekday')}`
  }
  const parts = fmt('en-US', timeZone, { month: 'short', day: 'numeric', weekday: 'short' }).formatToParts(ms)
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('weekday')} ${get('day')} ${get('month')}`
}

export function formatDate(ms: number, locale: Locale, timeZone: string): string {
  return fmt(locale, timeZone, { year: 'numeric', month: 'short', day: 'numeric' }).format(ms)
}

export function formatTime(ms: number, locale: Locale, timeZone: string): string {
  return fmt(locale, timeZone, { hour: '2-digit', minute: '2-digit', hour12: false }).format(ms)
}

/**
 * "3 天前" / "3 days ago" for the recent past; the date beyond a month. Minutes and hours only
 * within today; from yesterday on, calendar days in the user's zone — the count every other
 * view shows for the same instant (`calendarDaysBetween`, as `daysSince` in shared/domain/days).
 */
export function formatRelative(ms: number, now: number, locale: Locale, timeZone: string): string {
  const diff = now - ms
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const days = calendarDaysBetween(ms, now, timeZone)
  if (days === 0) {
    const minutes = Math.round(diff / 60_000)
    if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute')
    return rtf.format(-Math.round(diff / 3_600_000), 'hour')
  }
  if (Math.abs(days) <= 30) return rtf.format(-days, 'day')
  return formatDate(ms, locale, timeZone)
}

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n)
}

export function formatPercent(ratio: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio)
}
