/**
 * Text that is not text. A CRM export can carry NUL bytes (a C string cut short), other
 * control characters, stray byte-order marks and lone UTF-16 surrogates (an emoji cut in
 * half by a field limit). None of them is visible, all of them make two equal-looking names
 * differ, and some are refused downstream (PostgreSQL rejects NUL and lone surrogates, which
 * blocked a laptop's sync for good in issue 13). So they are removed when the file is read,
 * and the row says so.
 */

/**
 * Candidates for removal: C0 controls except tab, line feed and carriage return (kept: a
 * cell may hold several lines), DEL, C1 controls, U+FEFF, the noncharacters U+FFFE/U+FFFF,
 * and any surrogate (a valid pair is kept; only a lone half is removed).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufeff\ufffe\uffff]/

/** The replacement character a decoder leaves where bytes were not text in the encoding. */
const REPLACEMENT = '\ufffd'

export interface CleanText {
  text: string
  /** Characters removed. */
  removed: number
}

/** The text without characters that are not text; `removed` is 0 when nothing changed. */
export function cleanText(v: string): CleanText {
  if (!SUSPECT.test(v)) return { text: v, removed: 0 }
  let out = ''
  let removed = 0
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = v.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += v[i]! + v[i + 1]!
        i++
      } else removed++
      continue
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      removed++
      continue
    }
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0xfeff ||
      c === 0xfffe ||
      c === 0xffff
    ) {
      removed++
      continue
    }
    out += v[i]!
  }
  return { text: out, removed }
}

export function countUndecodable(v: string): number {
  let n = 0
  for (let i = v.indexOf(REPLACEMENT); i >= 0; i = v.indexOf(REPLACEMENT, i + 1)) n++
  return n
}

interface Note {
  count: number
  columns: number[]
}

/**
 * What cleaning found, per file row, so each affected row gets one warning naming the
 * columns (the preview lists it with the row's other problems).
 */
export class TextNotes {
  readonly removed = new Map<number, Note>()
  readonly undecodable = new Map<number, Note>()

  note(kind: 'removed' | 'undecodable', rowNumber: number, column: number, count: number): void {
    const map = this[kind]
    const n = map.get(rowNumber)
    if (!n) map.set(rowNumber, { count, columns: [column] })
    else {
      n.count += count
      if (!n.columns.includes(column)) n.columns.push(column)
    }
  }

  /**
   * A trimmed cell, cleaned and noted. `undecodable` marks replacement characters, for text
   * the reader decoded itself (CSV); an Excel cell holding one was typed that way.
   */
  cell(v: string, rowNumber: number, column: number, undecodable: boolean): string {
    let text = v
    const c = cleanText(text)
    if (c.removed > 0) {
      text = c.text.trim()
      this.note('removed', rowNumber, column, c.removed)
    }
    if (undecodable && text.includes(REPLACEMENT)) this.note('undecodable', rowNumber, column, countUndecodable(text))
    return text
  }
}
