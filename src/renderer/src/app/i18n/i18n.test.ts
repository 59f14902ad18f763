import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveLanguage } from './index'

const dir = join(__dirname, 'locales')

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv)
    else out.set(key, String(v))
  }
  return out
}

const load = (lang: string, file: string): Map<string, string> =>
  flatten(JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>)

describe('translations', () => {
  const zh = readdirSync(join(dir, 'zh-CN')).sort()
  const en = readdirSync(join(dir, 'en-US')).sort()

  it('both languages have the same namespaces', () => {
    expect(zh).toEqual(en)
  })

  for (const file of zh) {
    it(`${file}: every key exists in both languages, none empty`, () => {
      const a = load('zh-CN', file)
      const b = load('en-US', file)
      expect([...a.keys()].filter((k) => !b.has(k)), 'missing in en-US').toEqual([])
      expect([...b.keys()].filter((k) => !a.has(k)), 'missing in zh-CN').toEqual([])
      expect([...a].filter(([, v]) => v.trim() === '').map(([k]) => k), 'empty zh-CN').toEqual([])
      expect([...b].filter(([, v]) => v.trim() === '').map(([k]) => k), 'empty en-US').toEqual([])
    })

    it(`${file}: placeholders match between languages`, () => {
      const a = load('zh-CN', file)
      const b = load('en-US', file)
      const vars = (s: string): string[] => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!).sort()
      for (const [k, v] of a) if (b.has(k)) expect(vars(v), k).toEqual(vars(b.get(k)!))
    })
  }

  it('follows the system language', () => {
    expect(resolveLanguage(['zh-Hans-CN', 'en-US'])).toBe('zh-CN')
    expect(resolveLanguage(['zh-TW'])).toBe('zh-CN')
    expect(resolveLanguage(['en-GB'])).toBe('en-US')
    expect(resolveLanguage(['de-DE'])).toBe('en-US')
  })
})
