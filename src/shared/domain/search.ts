/**
 * Global search over names. Chinese has no word boundaries, so matching is by substring, never
 * by word split; latin text matches case-insensitively, and full-width forms match their
 * half-width equivalents (ＡＢＣ, （）).
 */
export interface SearchEntry {
  id: string
  kind: string
  label: string
  /** Extra text that matches but ranks lower (customer of a deal, a rep's team…). */
  detail?: string
}

export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

export interface PreparedEntry extends SearchEntry {
  key: string
  detailKey: string
}

export function prepareSearch(entries: readonly SearchEntry[]): PreparedEntry[] {
  return entries.map((e) => ({ ...e, key: normalizeForSearch(e.label), detailKey: normalizeForSearch(e.detail ?? '') }))
}

/** Best matches first: label prefix, then label substring, then detail; shorter labels first. */
export function searchEntries(prepared: readonly PreparedEntry[], query: string, limitPerKind = 6): PreparedEntry[] {
  const q = normalizeForSearch(query)
  if (!q) return []
  const scored: { e: PreparedEntry; score: number }[] = []
  for (const e of prepared) {
    let score: number
    if (e.key.startsWith(q)) score = 0
    else if (e.key.includes(q)) score = 1
    else if (e.detailKey.includes(q)) score = 2
    else continue
    scored.push({ e, score })
  }
  scored.sort((a, b) => a.score - b.score || a.e.label.length - b.e.label.length || a.e.label.localeCompare(b.e.label))
  const perKind = new Map<string, number>()
  const out: PreparedEntry[] = []
  for (const { e } of scored) {
    const n = perKind.get(e.kind) ?? 0
    if (n >= limitPerKind) continue
    perKind.set(e.kind, n + 1)
    out.push(e)
  }
  return out
}
