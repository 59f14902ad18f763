import { rowSections, type RowSection, type RowTypes, type StrategySheetContent } from './strategy-sheet'

/**
 * A readable difference between two versions of a strategy sheet, for the history: which rows
 * were added, removed or changed in each section, and which fields changed from what to what.
 * Rows are matched by id, so a row edited in place reads as "changed", not removed-and-added.
 */

export type FieldValue = string | number | boolean | null

export interface FieldChange {
  field: string
  from: FieldValue
  to: FieldValue
}

export interface RowChange<S extends RowSection = RowSection> {
  kind: 'added' | 'removed' | 'changed'
  id: string
  /** The row as it reads now (or last read, for a removed row): what the UI names it by. */
  row: RowTypes[S]
  /** For `changed` rows only. */
  fields: FieldChange[]
}

export interface SheetDiff {
  /** Objective, adequacy, reorganisation, TAS and diagnostic answers. */
  fields: FieldChange[]
  sections: { [S in RowSection]: RowChange<S>[] }
  /** Nothing differs (editors are not content and don't count). */
  empty: boolean
}

const plain = (v: unknown): FieldValue => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null)

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, skip: ReadonlySet<string>): FieldChange[] {
  const out: FieldChange[] = []
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const k of keys) {
    if (skip.has(k)) continue
    const from = plain(before[k])
    const to = plain(after[k])
    if (from !== to) out.push({ field: k, from, to })
  }
  return out
}

/** Ids and the task link are bookkeeping, not something a reader needs told. */
const ROW_SKIP = new Set(['id', 'taskId'])

function sectionDiff<S extends RowSection>(before: RowTypes[S][], after: RowTypes[S][]): RowChange<S>[] {
  const old = new Map(before.map((r) => [r.id, r]))
  const out: RowChange<S>[] = []
  const seen = new Set<string>()
  for (const row of after) {
    seen.add(row.id)
    const prev = old.get(row.id)
    if (!prev) out.push({ kind: 'added', id: row.id, row, fields: [] })
    else {
      const fields = fieldChanges(prev as unknown as Record<string, unknown>, row as unknown as Record<string, unknown>, ROW_SKIP)
      if (fields.length) out.push({ kind: 'changed', id: row.id, row, fields })
    }
  }
  for (const row of before) if (!seen.has(row.id)) out.push({ kind: 'removed', id: row.id, row, fields: [] })
  return out
}

function flatFields(s: StrategySheetContent): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = { objective: s.objective, adequacy: s.adequacy, reorganisation: s.reorganisation }
  for (const [q, a] of Object.entries(s.tas)) out[`tas.${q}`] = a
  for (const [q, a] of Object.entries(s.diagnostic)) out[`diagnostic.${q}`] = a
  return out
}

/** What changed from `before` (e.g. a snapshot) to `after` (e.g. the sheet now). */
export function diffSheets(before: StrategySheetContent, after: StrategySheetContent): SheetDiff {
  const fields = fieldChanges(flatFields(before), flatFields(after), new Set())
  const sections = Object.fromEntries(rowSections.map((s) => [s, sectionDiff(before[s] as never[], after[s] as never[])])) as SheetDiff['sections']
  const empty = fields.length === 0 && rowSections.every((s) => sections[s].length === 0)
  return { fields, sections, empty }
}

export type TextPart = { kind: 'same' | 'added' | 'removed'; text: string }

/**
 * A word-level difference of two texts (Chinese has no spaces, so each CJK character counts as a
 * word), by longest common subsequence — objectives are a sentence or two, so O(n·m) is fine;
 * beyond that we fall back to "all removed, all added" rather than stall the UI.
 */
export function diffText(before: string, after: string): TextPart[] {
  const tok = (s: string): string[] => s.match(/[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g) ?? []
  const a = tok(before)
  const b = tok(after)
  const parts: TextPart[] = []
  const push = (kind: TextPart['kind'], text: string): void => {
    const last = parts[parts.length - 1]
    if (last && last.kind === kind) last.text += text
    else parts.push({ kind, text })
  }
  if (a.length * b.length > 250_000) {
    if (before) push('removed', before)
    if (after) push('added', after)
    return parts
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  }
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!)
    else push('added', b[j++]!)
  }
  while (i < a.length) push('removed', a[i++]!)
  while (j < b.length) push('added', b[j++]!)
  return parts
}
