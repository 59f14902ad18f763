import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every reason the hub or the bridge can give for refusing sync work must reach the user in
 * words, in both languages: the status shows `sync:errors.<code>`. Codes are read from the
 * source, so a new refusal without a translation fails here rather than showing a raw code.
 */

const root = join(__dirname, '../../../..')
const sources = [
  ...readdirSync(join(root, 'src/hub'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(root, 'src/hub', f)),
  ...readdirSync(join(root, 'src/main/sync'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(root, 'src/main/sync', f)),
  ...readdirSync(join(root, 'src/shared/hub-api'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(root, 'src/shared/hub-api', f))
]

function codesInSource(): string[] {
  const codes = new Set<string>()
  for (const file of sources) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:HubError\(\d+, |CockpitError\(|code: |\| )'((?:auth|sync)\.[a-z-]+)'/g)) codes.add(m[1]!)
  }
  return [...codes].sort()
}

function has(tree: unknown, path: string[]): boolean {
  let cur = tree
  for (const p of path) {
    if (!cur || typeof cur !== 'object' || !(p in cur)) return false
    cur = (cur as Record<string, unknown>)[p]
  }
  return typeof cur === 'string' && cur.length > 0
}

describe('hub refusals in words', () => {
  const codes = codesInSource()

  it('finds the codes it checks (scope, rate limit, schema version, oversized among them)', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['sync.out-of-scope', 'auth.out-of-scope', 'sync.rate-limited', 'sync.future-schema', 'sync.body-too-large', 'sync.batch-too-large'])
    )
  })

  for (const locale of ['en-US', 'zh-CN']) {
    it(`has a sentence for every code in ${locale}`, () => {
      const json = JSON.parse(readFileSync(join(root, `src/renderer/src/app/i18n/locales/${locale}/sync.json`), 'utf8')) as Record<string, unknown>
      const missing = codes.filter((c) => !has(json, ['errors', ...c.split('.')]))
      expect(missing).toEqual([])
    })
  }
})
