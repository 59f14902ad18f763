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

/** Keys written twice in one object: JSON.parse keeps only the last, silently hiding the first. */
function duplicateKeys(text: string): string[] {
  const dups: string[] = []
  const stack: Set<string>[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '{') stack.push(new Set())
    else if (c === '}') stack.pop()
    else if (c === '"') {
      let j = i + 1
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      const str = JSON.parse(text.slice(i, j + 1)) as string
      i = j
      let k = j + 1
      while (/\s/.test(text[k] ?? '')) k++
      if (text[k] === ':') {
        const keys = stack[stack.length - 1]!
        if (keys.has(str)) dups.push(str)
        keys.add(str)
      }
    }
  }
  return dups
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

    it(`${file}: no key is written twice (the second would silently replace the first)`, () => {
      for (const lang of ['zh-CN', 'en-US']) expect(duplicateKeys(readFileSync(join(dir, lang, file), 'utf8')), lang).toEqual([])
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
