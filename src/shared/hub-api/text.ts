import { z } from 'zod'
import type { Op } from '../sync/op'

/**
 * Text the hub can store and every replica reads back the same. PostgreSQL's `jsonb` refuses
 * `\u0000` and escaped lone surrogates (PGlite: "unsupported Unicode escape sequence"), its
 * `text` refuses NUL bytes, and a lone surrogate sent as a query parameter is silently turned
 * into U+FFFD — so such text is refused at the door with a code, never stored half-changed.
 * Control characters (Unicode Cc) have no meaning in CRM text; tab, line feed and carriage
 * return are ordinary in notes and stay allowed in values (not in ids).
 */
export type TextProblem = 'control-character' | 'lone-surrogate'

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const VALUE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why a value string cannot be stored, or undefined when it can. */
export function textProblem(s: string): TextProblem | undefined {
  if (VALUE_CONTROL.test(s)) return 'control-character'
  if (LONE_SURROGATE.test(s)) return 'lone-surrogate'
  return undefined
}

/** The same for an identifier (row id, batch id, clock, stream): no control character at all. */
export function idProblem(s: string): TextProblem | undefined {
  if (ANY_CONTROL.test(s)) return 'control-character'
  if (LONE_SURROGATE.test(s)) return 'lone-surrogate'
  return undefined
}

/** The first string (or object key) inside a JSON value that cannot be stored, with where it is. */
export function findTextProblem(value: unknown, path = ''): { path: string; problem: TextProblem } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    return problem ? { path, problem } : undefined
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findTextProblem(v, `${path}[${i}]`)
      if (found) return found
    }
    return undefined
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = idProblem(k)
      if (keyProblem) return { path: path ? `${path}.<key>` : '<key>', problem: keyProblem }
      const found = findTextProblem(v, path ? `${path}.${k}` : k)
      if (found) return found
    }
  }
  return undefined
}

/** A reason in words for a refused string: names the character, so a support person can find it. */
export function describeTextProblem(s: string, problem: TextProblem, asId = false): string {
  const re = problem === 'lone-surrogate' ? LONE_SURROGATE : asId ? ANY_CONTROL : VALUE_CONTROL
  const ch = re.exec(s)?.[0] ?? ''
  const code = ch ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ''
  return problem === 'control-character' ? `contains a control character (${code})` : `contains a broken character (lone surrogate ${code})`
}

/** A zod string for identifiers the hub stores or looks up (ids, emails, stream names). */
export const CleanId = z.string().refine((s) => idProblem(s) === undefined, { message: 'contains a control character or a broken character' })

/**
 * Text in an op that the hub refuses (`sync.invalid-text`): in its ids (`where: 'ids'`; the
 * reason then names them by position only, as echoing them could carry the character into logs)
 * or anywhere in its values. The hub and the laptop run the same check, so a laptop parks such
 * an op before sending it, even to a hub older than the check.
 */
export function opTextRefusal(op: Pick<Op, 'table' | 'rowId' | 'hlc' | 'fields'>): { where: 'ids' | 'fields'; reason: string } | undefined {
  for (const [name, id] of [['table', op.table], ['rowId', op.rowId], ['hlc', op.hlc]] as const) {
    const problem = idProblem(id)
    if (problem) return { where: 'ids', reason: `the op's ${name} ${describeTextProblem(id, problem, true)}` }
  }
  const found = findTextProblem(op.fields)
  if (!found) return undefined
  const top = found.path.split(/[.[]/)[0] ?? ''
  const value = top && top !== '<key>' ? op.fields[top] : undefined
  const detail =
    typeof value === 'string'
      ? describeTextProblem(value, found.problem)
      : found.problem === 'control-character'
        ? 'contains a control character'
        : 'contains a broken character (lone surrogate)'
  return { where: 'fields', reason: `${op.table}.${found.path} ${detail}` }
}
