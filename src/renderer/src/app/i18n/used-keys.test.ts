import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * Every literal key the code passes to `t(...)` exists in both languages. Keys are resolved in
 * the namespace of the file's `useTranslation('ns')` or `TFunction<'ns'>` (default `common`) unless written `ns:key`.
 * Dynamic keys (template strings) are checked where their prefix is literal: every
 * `t(\`kinds.${x}\`)` needs a `kinds` object in both languages.
 */
const src = join(__dirname, '../..')
const locales = join(__dirname, 'locales')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) return f === 'locales' ? [] : walk(p)
    return /\.(tsx?|ts)$/.test(f) && !/\.test\./.test(f) ? [p] : []
  })
}

function lookup(lang: string, ns: string, key: string): unknown {
  let node: unknown
  try {
    node = JSON.parse(readFileSync(join(locales, lang, `${ns}.json`), 'utf8'))
  } catch {
    return undefined
  }
  for (const part of key.split('.')) {
    if (node && typeof node === 'object' && part in node) node = (node as Record<string, unknown>)[part]
    else return undefined
  }
  return node
}

describe('keys used in code', () => {
  const missing: string[] = []
  let checked = 0
  for (const file of walk(src)) {
    const code = readFileSync(file, 'utf8')
    // A helper without a hook that is handed its `t` (typed `TFunction<'ns'>`) speaks that namespace.
    const ns = /useTranslation\(\s*'([\w-]+)'/.exec(code)?.[1] ?? /TFunction<\s*'([\w-]+)'/.exec(code)?.[1] ?? 'common'
    for (const m of code.matchAll(/\bt\(\s*(['`])([^'`$]+)(\$\{)?[^'`]*\1/g)) {
      const dynamic = Boolean(m[3])
      let key = m[2]!
      let keyNs = ns
      if (key.includes(':')) [keyNs, key] = key.split(':') as [string, string]
      if (dynamic) key = key.replace(/\.$/, '')
      if (!key) continue
      for (const lang of ['zh-CN', 'en-US']) {
        checked++
        // i18next plurals: `key` used with {count} lives as key_one / key_other.
        const v = lookup(lang, keyNs, key) ?? lookup(lang, keyNs, `${key}_other`)
        const ok = dynamic ? v !== undefined : v !== undefined && (typeof v === 'string' || typeof v === 'object')
        if (!ok) missing.push(`${relative(src, file)}: ${lang} ${keyNs}:${key}`)
      }
    }
  }

  it('finds the keys it checks', () => {
    expect(checked).toBeGreaterThan(100)
  })

  it('has every key in both languages', () => {
    expect(missing).toEqual([])
  })
})
