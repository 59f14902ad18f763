/**
 * Text keys for matching what people type in CRMs: headers, owner names, account names,
 * stage names. NFKC folds full-width letters, digits and brackets (（上海） → (上海)), so a
 * spelling typed with a Chinese IME matches the same spelling typed in English mode.
 */

const PUNCT_AND_SPACE = /[\s\p{P}\p{S}\u00a0\u3000]+/gu
const SPACES = /[\s\u00a0\u3000]+/gu

/** Trim, NFKC, collapse inner whitespace: the form a value is stored in. */
export function cleanText(s: string): string {
  return s.normalize('NFKC').replace(SPACES, ' ').trim()
}

/** Case-, width-, space- and punctuation-insensitive key: "CRM 专业版" ≡ "crm专业版" ≡ "ＣＲＭ专业版". */
export function matchKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(PUNCT_AND_SPACE, '')
}

/** A person's name as typed ("张伟 ", "Zhang  Wei") → key for matching users. */
export function personKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(SPACES, ' ').trim()
}

// Legal-form suffixes that people drop when they type an account name from memory. Longest first.
const LEGAL_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份有限公司',
  '有限公司',
  '总公司',
  '分公司',
  '公司',
  '集团',
  'corporation',
  'company',
  'limited',
  'corp',
  'gmbh',
  'inc',
  'llc',
  'ltd',
  'plc',
  'co',
  'sa',
  'ag'
].sort((a, b) => b.length - a.length)

/** The name without its legal form: "上海瑞康医疗器械有限公司" → "上海瑞康医疗器械". */
export function accountCoreKey(name: string): string {
  let key = matchKey(name)
  for (let changed = true; changed; ) {
    changed = false
    for (const suffix of LEGAL_SUFFIXES) {
      if (key.length > suffix.length + 1 && key.endsWith(suffix)) {
        key = key.slice(0, -suffix.length)
        changed = true
        break
      }
    }
  }
  return key
}

/** Dice coefficient over character bigrams: works for Chinese (no word breaks) and English. */
export function similarity(a: string, b: string): number {
  const x = matchKey(a)
  const y = matchKey(b)
  if (x === y) return 1
  if (x.length < 2 || y.length < 2) return 0
  const grams = new Map<string, number>()
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2)
    grams.set(g, (grams.get(g) ?? 0) + 1)
  }
  let shared = 0
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2)
    const n = grams.get(g) ?? 0
    if (n > 0) {
      shared++
      grams.set(g, n - 1)
    }
  }
  return (2 * shared) / (x.length - 1 + (y.length - 1))
}
