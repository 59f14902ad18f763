import { accountCoreKey, cleanText, matchKey } from './normalise'

/**
 * Groups spellings of one name that people typed differently: spaces, width, brackets and
 * case ("CRM专业版" / "CRM 专业版", "（上海）" / "(上海)"), a dropped legal form
 * ("上海瑞康医疗器械有限公司" / "上海瑞康医疗器械"), or a shortened name ("上海瑞康医疗" for
 * "上海瑞康医疗器械有限公司") when the short form extends to only that one longer name.
 */

export interface SpellingCount {
  value: string
  count: number
}

export interface SpellingGroup {
  canonical: string
  variants: SpellingCount[]
}

export interface GroupOptions {
  /** Legal-form suffixes and shortened names count as the same (accounts), not just spacing (products). */
  loose: boolean
  /** Names that already exist (workspace customers): when one is in a group it is the canonical name. */
  anchors?: string[]
  /** Shortest core (in characters) a shortened name may have; shorter ones are too generic. */
  minPrefix?: number
}

/** Count of every cleaned spelling, in first-seen order. */
export function countSpellings(values: Iterable<string>): SpellingCount[] {
  const counts = new Map<string, number>()
  for (const raw of values) {
    const v = cleanText(raw)
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  return [...counts].map(([value, count]) => ({ value, count }))
}

/**
 * Groups with more than one spelling. Returns every spelling's canonical form via `canonicalOf`
 * (spellings without variants map to themselves).
 */
export function groupSpellings(
  spellings: SpellingCount[],
  opts: GroupOptions
): { groups: SpellingGroup[]; canonicalOf: Map<string, string> } {
  const keyOf = opts.loose ? accountCoreKey : matchKey
  const minPrefix = opts.minPrefix ?? 4

  // Union–find over keys.
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r)!
    parent.set(k, r)
    return r
  }
  const union = (a: string, b: string): void => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent.set(rb, ra)
  }

  const byKey = new Map<string, SpellingCount[]>()
  const add = (s: SpellingCount): void => {
    const k = keyOf(s.value) || matchKey(s.value)
    if (!k) return
    if (!parent.has(k)) parent.set(k, k)
    const list = byKey.get(k)
    if (list) list.push(s)
    else byKey.set(k, [s])
  }
  // Existing names join as members with no rows, so a file spelling can resolve to them.
  const anchorKeys = new Map<string, string>()
  const inFile = new Set(spellings.map((s) => s.value))
  for (const a of opts.anchors ?? []) {
    const name = cleanText(a)
    const k = keyOf(name) || matchKey(name)
    if (!k || anchorKeys.has(k)) continue
    anchorKeys.set(k, name)
    if (!inFile.has(name)) add({ value: name, count: 0 })
  }
  for (const s of spellings) add(s)

  if (opts.loose) {
    // A shortened name joins the one longer name it is a prefix of; if it prefixes several
    // different names ("上海瑞康" → 瑞康医疗, 瑞康科技) it is ambiguous and stays alone.
    const keys = [...byKey.keys()]
    const set = new Set(keys)
    const extensions = new Map<string, string[]>()
    for (const k of keys) {
      for (let len = minPrefix; len < k.length; len++) {
        const p = k.slice(0, len)
        if (set.has(p)) {
          const list = extensions.get(p)
          if (list) list.push(k)
          else extensions.set(p, [k])
        }
      }
    }
    for (const [p, longer] of extensions) {
      // Nested chains (上海瑞康医疗 ⊂ 上海瑞康医疗器械 ⊂ …) count as one line of extensions.
      const sorted = [...longer].sort((a, b) => a.length - b.length)
      const chain = sorted.every((k, i) => i === 0 || k.startsWith(sorted[i - 1]!))
      if (chain) for (const k of longer) union(p, k)
    }
  }

  const members = new Map<string, SpellingCount[]>()
  for (const [k, list] of byKey) {
    const r = find(k)
    const m = members.get(r)
    if (m) m.push(...list)
    else members.set(r, [...list])
  }

  const groups: SpellingGroup[] = []
  const canonicalOf = new Map<string, string>()
  for (const all of members.values()) {
    const list = all.filter((s) => s.count > 0)
    if (list.length === 0) continue // only workspace names, none in the file
    let canonical: string | undefined
    // An existing name wins, so re-imports land on the customer the first import created.
    for (const s of all) {
      const k = keyOf(s.value) || matchKey(s.value)
      if (anchorKeys.get(k) === s.value) {
        canonical = s.value
        break
      }
    }
    if (!canonical) {
      // The spelling most rows use; on a tie the longer (fuller, usually the legal) name.
      const best = [...list].sort((a, b) => b.count - a.count || b.value.length - a.value.length || a.value.localeCompare(b.value))[0]!
      canonical = best.value
    }
    for (const s of list) canonicalOf.set(s.value, canonical)
    if (list.length > 1 || list[0]!.value !== canonical) {
      groups.push({ canonical, variants: [...list].sort((a, b) => b.count - a.count) })
    }
  }

  return { groups, canonicalOf }
}
