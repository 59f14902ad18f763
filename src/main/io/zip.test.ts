import { describe, expect, it } from 'vitest'
import { deflatePart, writeZip } from '../../../tests/fixtures/hostile-imports'
import { inflateEntry, readZipDirectory, ZipFormatError } from './zip'

describe('zip: declared sizes and a bounded inflate', () => {
  it('lists the entries with their declared sizes and inflates them back', () => {
    const zip = writeZip([deflatePart('a.xml', '<a>'.repeat(1000)), deflatePart('b/c.txt', 'hello')])
    const entries = readZipDirectory(zip)
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['a.xml', 3000],
      ['b/c.txt', 5]
    ])
    expect(entries[0]!.compressedSize).toBeLessThan(100)
    expect(inflateEntry(zip, entries[1]!).toString()).toBe('hello')
  })

  it('refuses a part that inflates past what its header declared, without inflating it all', () => {
    const part = deflatePart('sheet.xml', 'x'.repeat(8 * 1024 * 1024))
    const zip = writeZip([{ ...part, declaredSize: 1024 }])
    const [entry] = readZipDirectory(zip)
    expect(entry!.size).toBe(1024)
    expect(() => inflateEntry(zip, entry!)).toThrow('sheet.xml: inflates past its declared 1024 bytes')
  })

  it('refuses a part that inflates to less than declared, and bytes that are no zip', () => {
    const zip = writeZip([{ ...deflatePart('a.xml', 'short'), declaredSize: 500 }])
    expect(() => inflateEntry(zip, readZipDirectory(zip)[0]!)).toThrow('a.xml: inflates to 5 bytes, declared 500')
    expect(() => readZipDirectory(new TextEncoder().encode('PK\u0003\u0004 not really a zip'))).toThrow(ZipFormatError)
  })
})
