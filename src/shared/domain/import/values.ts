import { zoneOffsetMs } from '../calendar'
import { matchKey } from './normalise'

/**
 * Reading the values people put in CRM exports: amounts with symbols, separators and Chinese
 * units, dates in a dozen shapes, probabilities as "60%" or 0.6. Pure and cached by the caller.
 */

// ─── amounts ────────────────────────────────────────────────────────────────────────────────

export type AmountResult =
  | { kind: 'blank' }
  | { kind: 'invalid' }
  /** `minor` = integer minor units (fen for CNY); `currency` only when the value named one. */
  | { kind: 'amount'; minor: number; currency?: string }

/** Values that mean "no amount" in exports. */
const BLANK = new Set(['', '-', '--', '—', '——', '/', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', 'tbd', '无', '暂无', '待定', '未知', '空'])

export function isBlankValue(raw: string): boolean {
  const s = raw.trim()
  // Every blank marker is short; most cells are not, so skip the lower-casing for them.
  return s.length <= 4 && BLANK.has(s.toLowerCase())
}

/** Digits after the decimal point of a currency (ISO 4217); most have 2. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 }
export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2
}

// Longest tokens first, so "HK$" wins over "$" and "人民币" over "元".
const CURRENCY_TOKENS: [string, string][] = (
  [
    ['人民币', 'CNY'],
    ['RMB', 'CNY'],
    ['CNY', 'CNY'],
    ['¥', 'CNY'],
    ['￥', 'CNY'],
    ['元', 'CNY'],
    ['块', 'CNY'],
    ['HK$', 'HKD'],
    ['HKD', 'HKD'],
    ['港币', 'HKD'],
    ['港元', 'HKD'],
    ['US$', 'USD'],
    ['USD', 'USD'],
    ['美元', 'USD'],
    ['$', 'USD'],
    ['EUR', 'EUR'],
    ['€', 'EUR'],
    ['欧元', 'EUR'],
    ['GBP', 'GBP'],
    ['£', 'GBP'],
    ['英镑', 'GBP'],
    ['JPY', 'JPY'],
    ['日元', 'JPY'],
    ['円', 'JPY'],
    ['TWD', 'TWD'],
    ['NT$', 'TWD'],
    ['SGD', 'SGD'],
    ['S$', 'SGD'],
    ['AUD', 'AUD'],
    ['A$', 'AUD'],
    ['CAD', 'CAD'],
    ['C$', 'CAD'],
    ['KRW', 'KRW'],
    ['₩', 'KRW'],
    ['CHF', 'CHF']
  ] as [string, string][]
).sort((a, b) => b[0].length - a[0].length)

const CURRENCY_TOKENS_UPPER: [string, string][] = CURRENCY_TOKENS.map(([t, c]) => [t.toUpperCase(), c])
/** A value that starts or ends with something other than a digit may carry a currency. */
const NON_DIGIT_EDGE = /^[^\d.,]|[^\d.,]$/

// Magnitude words: 万 (10⁴) and 亿 (10⁸) are how Chinese sales people write amounts.
const UNIT_TOKENS: [string, number][] = (
  [
    ['千万', 7],
    ['百万', 6],
    ['万亿', 12],
    ['亿', 8],
    ['万', 4],
    ['千', 3],
    ['w', 4],
    ['bn', 9],
    ['mn', 6],
    ['m', 6],
    ['k', 3]
  ] as [string, number][]
).sort((a, b) => b[0].length - a[0].length)

/** Normalise a currency name/code a file gives in its own column ("人民币", "usd", "$"). */
export function parseCurrency(raw: string): string | null {
  const v = raw.normalize('NFKC').trim()
  if (!v) return null
  if (/^[A-Za-z]{3}$/.test(v)) return v.toUpperCase()
  for (const [token, code] of CURRENCY_TOKENS) if (v.toUpperCase() === token.toUpperCase()) return code
  return null
}

/**
 * "¥1,200,000.00", "120万", "1.2亿", "1,200 元", "$3,000", "(500)", "1.200,50 €" → minor units.
 * `scale` multiplies a bare number (a column headed "金额（万元）" holds 万); a unit written in
 * the value wins over it. Decimal arithmetic on digit strings, so no float noise creeps in.
 */
export function parseAmount(raw: string, opts: { scale?: number; currency?: string } = {}): AmountResult {
  let s = raw.normalize('NFKC').trim()
  if (isBlankValue(s)) return { kind: 'blank' }
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1).trim()
  }
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative
    s = s.slice(1).trim()
  } else if (s.endsWith('-')) {
    negative = !negative
    s = s.slice(0, -1).trim()
  } else if (s.startsWith('+')) s = s.slice(1).trim()

  let currency: string | undefined
  const takeCurrency = (): void => {
    if (!NON_DIGIT_EDGE.test(s)) return // plain numbers, the common case
    const upper = s.toUpperCase()
    for (const [token, code] of CURRENCY_TOKENS_UPPER) {
      if (upper.startsWith(token)) {
        currency ??= code
        s = s.slice(token.length).trim()
        return
      }
      if (upper.endsWith(token)) {
        currency ??= code
        s = s.slice(0, s.length - token.length).trim()
        return
      }
    }
  }
  const takeUnit = (): number | null => {
    const lower = s.toLowerCase()
    for (const [token, exp] of UNIT_TOKENS) {
      if (lower.endsWith(token)) {
        s = s.slice(0, s.length - token.length).trim()
        return exp
      }
    }
    return null
  }
  takeCurrency()
  if (s.startsWith('-')) {
    negative = !negative
    s = s.slice(1).trim()
  }
  let exponent = takeUnit()
  takeCurrency() // "120万元": the unit sits between the number and the currency
  if (exponent === null) exponent = takeUnit()

  const digits = splitNumber(s)
  if (!digits) return { kind: 'invalid' }
  const cur = currency ?? opts.currency ?? 'CNY'
  const scaleExp = exponent ?? Math.round(Math.log10(opts.scale ?? 1))
  const minor = shiftDecimal(digits.int, digits.frac, scaleExp + minorDigits(cur))
  if (!Number.isSafeInteger(minor) || Math.abs(minor) > 1e15) return { kind: 'invalid' }
  const signed = negative && minor !== 0 ? -minor : minor
  return currency ? { kind: 'amount', minor: signed, currency } : { kind: 'amount', minor: signed }
}

/** "1,234,567.89" / "1 234 567,89" / "1.234.567,89" / "1'234.5" → integer and fraction digits. */
function splitNumber(s: string): { int: string; frac: string } | null {
  const t = s.replace(/[\s\u00a0'’_]/g, '').replace(/，/g, ',')
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return null
  const lastDot = t.lastIndexOf('.')
  const lastComma = t.lastIndexOf(',')
  let decimal: '.' | ',' | null = null
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ','
  else if (lastDot >= 0) decimal = (t.match(/\./g)!.length === 1 ? '.' : null)
  else if (lastComma >= 0) {
    // One comma with 1–2 digits after it is a decimal comma ("12,5"); "1,200" is thousands.
    decimal = t.match(/,/g)!.length === 1 && /,\d{1,2}$/.test(t) ? ',' : null
  }
  const group = decimal === '.' ? ',' : decimal === ',' ? '.' : t.includes(',') ? ',' : '.'
  const [intPart, fracPart = '', extra] = decimal ? t.split(decimal) : [t]
  if (extra !== undefined) return null
  if (fracPart.includes(group) || /[.,]/.test(fracPart)) return null
  if (intPart!.includes(group)) {
    // Thousands groups must be 3 digits, else "1,2,3" is not a number.
    const groups = intPart!.split(group)
    if (groups.some((g, i) => (i === 0 ? g.length < 1 || g.length > 3 : g.length !== 3))) return null
  }
  const int = intPart!.split(group).join('') || '0'
  if (!/^\d+$/.test(int) || !/^\d*$/.test(fracPart)) return null
  return { int, frac: fracPart }
}

/** int.frac × 10^exp, rounded half away from zero, as a Number. */
function shiftDecimal(int: string, frac: string, exp: number): number {
  const digits = int + frac
  // Where the decimal point lands inside `digits` after multiplying by 10^exp.
  const at = int.length + exp
  if (at >= digits.length) return Number(digits + '0'.repeat(at - digits.length))
  if (at < 0) return 0
  const whole = at === 0 ? 0 : Number(digits.slice(0, at))
  return Number(digits[at]) >= 5 ? whole + 1 : whole
}

/** Format minor units back as a plain decimal ("1200000.00"); tests and previews use it. */
export function formatMinor(minor: number, currency = 'CNY'): string {
  const d = minorDigits(currency)
  const sign = minor < 0 ? '-' : ''
  const abs = String(Math.abs(minor)).padStart(d + 1, '0')
  return d === 0 ? sign + abs : `${sign}${abs.slice(0, -d)}.${abs.slice(-d)}`
}

// ─── dates ──────────────────────────────────────────────────────────────────────────────────

export type DateOrder = 'dmy' | 'mdy'

export type DateResult = { kind: 'blank' } | { kind: 'invalid' } | { kind: 'date'; ms: number; hasTime: boolean }

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12
}

const TIME = String.raw`(?:[T\s]+(上午|下午|晚上)?\s*(\d{1,2})[:：时点](\d{1,2})(?:[:：分](\d{1,2})(?:[.,]\d+)?)?秒?\s*(am|pm)?)?\s*(Z|[+-]\d{2}:?\d{2})?`
const Y_FIRST = new RegExp(String.raw`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?` + TIME + '$', 'i')
const Y_LAST = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})` + TIME + '$', 'i')
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
const SERIAL = /^\d{5}(?:\.\d+)?$/
const D_MON_Y = new RegExp(String.raw`^(\d{1,2})[-\s]([a-z]{3,9})\.?[-\s,]+(\d{2}|\d{4})` + TIME + '$', 'i')
const MON_D_Y = new RegExp(String.raw`^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` + TIME + '$', 'i')

/** Reads dd/mm/yyyy vs mm/dd/yyyy from a column's values: a part above 12 decides. */
export function detectDateOrder(values: Iterable<string>): DateOrder | null {
  let dmy = false
  let mdy = false
  for (const v of values) {
    const m = Y_LAST.exec(v.trim())
    if (!m) continue
    const a = Number(m[1])
    const b = Number(m[2])
    if (a > 12 && b <= 12) dmy = true
    if (b > 12 && a <= 12) mdy = true
    if (dmy && mdy) return null
  }
  if (dmy) return 'dmy'
  if (mdy) return 'mdy'
  return null
}

/** True if the value is a slashed date whose day and month could be swapped (03/01/2026). */
export function isAmbiguousDate(raw: string): boolean {
  const m = Y_LAST.exec(raw.trim())
  return !!m && Number(m[1]) <= 12 && Number(m[2]) <= 12 && m[1] !== m[2]
}

export interface DateOptions {
  order?: DateOrder
  timeZone?: string
}

/**
 * A date or date-time → UTC epoch ms. A date without a time becomes local noon in the time
 * zone, so it stays on the same calendar day wherever it is later displayed.
 */
export function parseDate(raw: string, opts: DateOptions = {}): DateResult {
  const s = raw.normalize('NFKC').trim()
  if (isBlankValue(s)) return { kind: 'blank' }
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE
  let m = Y_FIRST.exec(s)
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m.slice(4), tz)
  m = Y_LAST.exec(s)
  if (m) {
    const [a, b] = [+m[1]!, +m[2]!]
    const order: DateOrder = a > 12 ? 'dmy' : b > 12 ? 'mdy' : (opts.order ?? 'mdy')
    return order === 'dmy' ? build(+m[3]!, b, a, m.slice(4), tz) : build(+m[3]!, a, b, m.slice(4), tz)
  }
  m = COMPACT.exec(s)
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, [], tz)
  if (SERIAL.test(s)) {
    // Excel serial day numbers (1900 system): day 25569 is 1970-01-01. Only 1970–2100 is plausible.
    const serial = Number(s)
    if (serial < 25569 || serial > 73051) return { kind: 'invalid' }
    const day = Math.floor(serial)
    const dayMs = (day - 25569) * 86_400_000
    const d = new Date(dayMs)
    const frac = serial - day
    if (frac > 0) {
      const secs = Math.round(frac * 86_400)
      const t = [undefined, String(Math.floor(secs / 3600)), String(Math.floor(secs / 60) % 60), String(secs % 60)]
      return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), t, tz)
    }
    return build(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), [], tz)
  }
  m = D_MON_Y.exec(s)
  if (m && MONTHS[m[2]!.toLowerCase()]) return build(fullYear(+m[3]!), MONTHS[m[2]!.toLowerCase()]!, +m[1]!, m.slice(4), tz)
  m = MON_D_Y.exec(s)
  if (m && MONTHS[m[1]!.toLowerCase()]) return build(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!, m.slice(4), tz)
  return { kind: 'invalid' }
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y
}

function build(y: number, mo: number, d: number, time: (string | undefined)[], tz: string): DateResult {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return { kind: 'invalid' }
  const [half, hh, mm, ss, ampm, zone] = time
  if (hh === undefined) return { kind: 'date', ms: zonedToUtc(y, mo, d, 12, 0, 0, tz), hasTime: false }
  let h = Number(hh)
  const mi = Number(mm ?? 0)
  const sec = Number(ss ?? 0)
  const pm = ampm?.toLowerCase() === 'pm' || half === '下午' || half === '晚上'
  const am = ampm?.toLowerCase() === 'am' || half === '上午'
  if (pm && h < 12) h += 12
  if (am && h === 12) h = 0
  if (h > 23 || mi > 59 || sec > 59) return { kind: 'invalid' }
  if (zone) {
    const offsetMin = zone.toUpperCase() === 'Z' ? 0 : Number(zone.slice(0, 3)) * 60 + Math.sign(Number(zone.slice(0, 3)) || 1) * Number(zone.replace(':', '').slice(3))
    return { kind: 'date', ms: Date.UTC(y, mo - 1, d, h, mi, sec) - offsetMin * 60_000, hasTime: true }
  }
  return { kind: 'date', ms: zonedToUtc(y, mo, d, h, mi, sec, tz), hasTime: true }
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

const offsetAt = (utcMs: number, tz: string): number => zoneOffsetMs(utcMs, tz)

/** Wall-clock time in `tz` → UTC epoch ms. */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s)
  const first = offsetAt(guess, tz)
  const second = offsetAt(guess - first, tz)
  return guess - second
}

/** UTC ms → "YYYY-MM-DD" in `tz` (for messages and tests). */
export function localDay(ms: number, tz = DEFAULT_TIME_ZONE): string {
  const d = new Date(ms + offsetAt(ms, tz))
  return d.toISOString().slice(0, 10)
}

// ─── probabilities and small enums ─────────────────────────────────────────────────────────

export type ProbabilityResult = { kind: 'blank' } | { kind: 'invalid' } | { kind: 'probability'; percent: number }

/**
 * "60%", "60", "0.6" → 60. `fractions` says the column holds 0–1 values (decided from all of
 * its values by the caller), so a lone "1" there means 100 %, not 1 %.
 */
export function parseProbability(raw: string, fractions = false): ProbabilityResult {
  const s = raw.normalize('NFKC').trim()
  if (isBlankValue(s)) return { kind: 'blank' }
  const m = /^(\d+(?:\.\d+)?)\s*(%)?$/.exec(s)
  if (!m) return { kind: 'invalid' }
  let v = Number(m[1])
  if (!m[2] && fractions) v *= 100
  v = Math.round(v * 100) / 100
  if (v < 0 || v > 100) return { kind: 'invalid' }
  return { kind: 'probability', percent: v }
}

/** A probability column holds fractions when every number in it is ≤ 1 and none has a %. */
export function probabilityColumnIsFraction(values: Iterable<string>): boolean {
  let any = false
  for (const raw of values) {
    const s = raw.trim()
    if (!s) continue
    if (s.includes('%')) return false
    const n = Number(s)
    if (!Number.isFinite(n)) continue
    if (n > 1) return false
    any = true
  }
  return any
}

type Dict<T extends string> = [T, string[]][]

function lookup<T extends string>(dict: Dict<T>, raw: string): T | null {
  const key = matchKey(raw)
  if (!key) return null
  for (const [value, words] of dict) if (words.some((w) => matchKey(w) === key)) return value
  for (const [value, words] of dict) if (words.some((w) => matchKey(w).length >= 2 && key.includes(matchKey(w)))) return value
  return null
}

export type CustomerSizeValue = 'micro' | 'small' | 'medium' | 'large' | 'enterprise'

const SIZE_WORDS: Dict<CustomerSizeValue> = [
  ['micro', ['micro', '微型', '微型企业', '个体']],
  ['small', ['small', '小型', '小型企业', '小']],
  ['medium', ['medium', 'mid', 'midsize', 'mid-market', '中型', '中型企业', '中']],
  ['enterprise', ['enterprise', '超大型', '集团', '特大型', 'ka']],
  ['large', ['large', '大型', '大型企业', '大']]
]

/** "中型", "Large", "250", "100-499", "1000+" → a size band. */
export function parseCustomerSize(raw: string): CustomerSizeValue | null {
  const s = raw.normalize('NFKC').trim()
  if (!s) return null
  const m = /^(\d[\d,]*)\s*(?:[-~～至到]\s*(\d[\d,]*))?\s*(\+|人|人以上|以上|employees)?/i.exec(s)
  if (m) {
    const lo = Number(m[1]!.replace(/,/g, ''))
    const hi = m[2] ? Number(m[2].replace(/,/g, '')) : lo
    const n = (lo + hi) / 2
    // Bands after the usual Chinese SME classification by headcount.
    if (n < 10) return 'micro'
    if (n < 100) return 'small'
    if (n < 500) return 'medium'
    if (n < 2000) return 'large'
    return 'enterprise'
  }
  return lookup(SIZE_WORDS, s)
}

export type CustomerTierValue = 'normal' | 'key' | 'strategic'
const TIER_WORDS: Dict<CustomerTierValue> = [
  ['strategic', ['strategic', '战略', '战略客户', 'a+', 's', 'sss']],
  ['key', ['key', 'key account', 'vip', 'hot', '重点', '重点客户', '大客户', 'a', 'a类', '重要']],
  ['normal', ['normal', 'standard', 'warm', 'cold', '普通', '一般', '普通客户', 'b', 'c', 'b类', 'c类']]
]
export function parseCustomerTier(raw: string): CustomerTierValue | null {
  return lookup(TIER_WORDS, raw)
}

export type DecisionRoleValue = 'economic' | 'user' | 'technical' | 'coach' | 'unknown'
const ROLE_WORDS: Dict<DecisionRoleValue> = [
  ['economic', ['economic', 'economic buyer', 'decision maker', '决策者', '决策人', '拍板人', '经济决策者']],
  ['technical', ['technical', 'technical buyer', 'evaluator', '技术', '技术把关', '技术评估']],
  ['user', ['user', 'user buyer', 'end user', '使用者', '用户', '使用部门']],
  ['coach', ['coach', 'champion', '教练', '内线', '支持者']]
]
export function parseDecisionRole(raw: string): DecisionRoleValue | null {
  return lookup(ROLE_WORDS, raw)
}

/**
 * Seniority from a job title, for contacts imported without a level: the fake-visit rule
 * compares it with what reps record, so a rough reading is better than none.
 */
export function seniorityFromTitle(title: string): number {
  const t = title.normalize('NFKC').toLowerCase()
  if (/董事长|总裁|总经理|创始人|老板|ceo|president|founder|owner|chairman|managing director|院长|校长|局长/.test(t) && !/副/.test(t)) return 5
  if (/副总|副总裁|副院长|vp|vice president|cfo|cto|cio|coo|chief/.test(t)) return 4
  if (/总监|主任|director|head of|处长|部长/.test(t)) return 3
  if (/经理|主管|manager|lead|科长|组长/.test(t)) return 2
  return 1
}

export type ActivityKindValue =
  | 'visit'
  | 'call'
  | 'sms'
  | 'email'
  | 'wechat'
  | 'task'
  | 'quote'
  | 'requirement'
  | 'proposal'
  | 'contract'
  | 'delivery'
  | 'payment'
  | 'note'
  | 'ride_along'
  | 'role_play'

const KIND_WORDS: Dict<ActivityKindValue> = [
  ['ride_along', ['ride along', 'ride-along', '陪访', '协访']],
  ['role_play', ['role play', 'role-play', '角色扮演', '演练']],
  ['visit', ['visit', 'meeting', 'event', 'onsite', 'on-site', 'face to face', '拜访', '上门', '上门拜访', '面访', '会面', '见面', '会议', '现场拜访', '陌拜']],
  ['call', ['call', 'phone', 'phone call', 'log a call', '电话', '通话', '电话沟通', '电话拜访', '致电', '来电']],
  ['sms', ['sms', 'text', 'text message', '短信']],
  ['email', ['email', 'e-mail', 'mail', '邮件', '电子邮件']],
  ['wechat', ['wechat', 'weixin', '微信', '企业微信', '企微']],
  ['quote', ['quote', 'quotation', '报价', '报价单']],
  ['requirement', ['requirement', 'requirements', '需求', '需求调研']],
  ['proposal', ['proposal', 'solution', 'demo', '方案', '方案演示', '演示', '解决方案']],
  ['contract', ['contract', '合同', '签约', '签合同']],
  ['delivery', ['delivery', 'implementation', '交付', '实施', '发货']],
  ['payment', ['payment', 'invoice', '回款', '付款', '收款', '开票']],
  ['task', ['task', 'todo', 'to-do', 'follow up', 'follow-up', '任务', '待办']],
  ['note', ['note', 'notes', 'comment', 'other', '备注', '笔记', '其他', '记录']]
]
export function parseActivityKind(raw: string): ActivityKindValue | null {
  return lookup(KIND_WORDS, raw)
}

export type ActivityStatusValue = 'planned' | 'done' | 'cancelled'
const STATUS_WORDS: Dict<ActivityStatusValue> = [
  ['cancelled', ['cancelled', 'canceled', 'deferred', '取消', '已取消']],
  ['done', ['done', 'completed', 'complete', 'held', 'closed', '完成', '已完成', '已拜访', '已执行', '已结束']],
  ['planned', ['planned', 'not started', 'open', 'in progress', 'scheduled', 'waiting', '计划', '计划中', '未开始', '进行中', '待拜访', '未完成']]
]
export function parseActivityStatus(raw: string): ActivityStatusValue | null {
  return lookup(STATUS_WORDS, raw)
}

export type ForecastCategoryValue = 'pipeline' | 'best_case' | 'commit' | 'omitted' | 'closed'
const FORECAST_WORDS: Dict<ForecastCategoryValue> = [
  ['best_case', ['best case', 'bestcase', 'upside', '最佳', '最佳情况', '乐观']],
  ['commit', ['commit', 'committed', '承诺', '确定', '把握']],
  ['omitted', ['omitted', 'omit', '忽略', '排除']],
  ['closed', ['closed', 'closed won', '已关闭', '已成交']],
  ['pipeline', ['pipeline', '渠道', '管道', '储备', '一般']]
]
export function parseForecastCategory(raw: string): ForecastCategoryValue | null {
  return lookup(FORECAST_WORDS, raw)
}

/** "90", "1:30", "00:01:30", "90s", "2分30秒", "5 min" → seconds. */
export function parseDurationSec(raw: string): number | null {
  const s = raw.normalize('NFKC').trim().toLowerCase()
  if (!s) return null
  let m = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|秒)?$/.exec(s)
  if (m) return Math.round(Number(m[1]))
  m = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|分钟|分)$/.exec(s)
  if (m) return Math.round(Number(m[1]) * 60)
  m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(s)
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3])
  m = /^(?:(\d+)\s*(?:小时|h))?\s*(?:(\d+)\s*(?:分钟|分|m))?\s*(?:(\d+)\s*(?:秒|s))?$/.exec(s)
  if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
  return null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export function isEmail(raw: string): boolean {
  return EMAIL.test(raw.trim())
}
