import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentTypeFor, isRouteLikePath, resolveAppPath } from './app-path'

const root = '/opt/Sales Cockpit/resources/app.asar/out/renderer'

describe('resolveAppPath', () => {
  it('maps app://cockpit URLs to files under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://cockpit/index.html')).toBe(`${root}/index.html`)
    expect(resolveAppPath(root, 'app://cockpit/assets/index-Bx1.js')).toBe(`${root}/assets/index-Bx1.js`)
    expect(resolveAppPath(root, 'app://cockpit/')).toBe(`${root}/index.html`)
    expect(resolveAppPath(root, 'app://cockpit')).toBe(`${root}/index.html`)
  })

  it('ignores query and fragment', () => {
    expect(resolveAppPath(root, 'app://cockpit/index.html?x=1#/pipeline')).toBe(`${root}/index.html`)
  })

  it('decodes percent-encoded names (CJK file names, spaces)', () => {
    expect(resolveAppPath(root, 'app://cockpit/assets/%E5%9B%BE%20%E6%A0%87.svg')).toBe(`${root}/assets/图 标.svg`)
  })

  it('never escapes the root with dot segments, literal or encoded', () => {
    // Literal ../ is folded by the URL parser before we see it, so it stays inside.
    expect(resolveAppPath(root, 'app://cockpit/../../../etc/passwd')).toBe(`${root}/etc/passwd`)
    for (const url of [
      'app://cockpit/%2e%2e/%2e%2e/etc/passwd',
      'app://cockpit/..%2f..%2fetc%2fpasswd',
      'app://cockpit/assets/..%2F..%2F..%2Fmain%2Findex.js',
      'app://cockpit/%2E%2E%2F%2E%2E%2Fpackage.json',
      'app://cockpit/%252e%252e/%252e%252e/x' // double-encoded: decoded once, the name is literally "%2e%2e"
    ]) {
      const resolved = resolveAppPath(root, url)
      if (resolved !== null) expect(resolved.startsWith(`${root}/`), url).toBe(true)
    }
    expect(resolveAppPath(root, 'app://cockpit/..%2f..%2fetc%2fpasswd')).toBeNull()
  })

  it('refuses backslashes, drive letters, NUL bytes and bad encoding', () => {
    expect(resolveAppPath(root, 'app://cockpit/..%5c..%5cwindows%5cwin.ini')).toBeNull()
    expect(resolveAppPath(root, 'app://cockpit/C:%5CWindows%5Cwin.ini')).toBeNull()
    expect(resolveAppPath(root, 'app://cockpit/index.html%00.png')).toBeNull()
    expect(resolveAppPath(root, 'app://cockpit/%E0%A4%A')).toBeNull()
  })

  it('keeps absolute paths smuggled in as encoded slashes inside the root', () => {
    const r = resolveAppPath(root, 'app://cockpit/%2Fetc%2Fpasswd')
    expect(r).toBe(`${root}/etc/passwd`)
  })

  it('refuses other hosts, schemes, ports and credentials', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull()
    expect(resolveAppPath(root, 'app://cockpit:8080/index.html')).toBeNull()
    expect(resolveAppPath(root, 'app://u:p@cockpit/index.html')).toBeNull()
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull()
    expect(resolveAppPath(root, 'https://cockpit/index.html')).toBeNull()
    expect(resolveAppPath(root, 'nonsense')).toBeNull()
  })

  it('keeps Windows paths inside the root too', () => {
    const winRoot = 'C:\\Users\\li\\AppData\\Local\\Programs\\Sales Cockpit\\resources\\app.asar\\out\\renderer'
    expect(resolveAppPath(winRoot, 'app://cockpit/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`)
    expect(resolveAppPath(winRoot, 'app://cockpit/..%5C..%5Csecret.txt', path.win32)).toBeNull()
    expect(resolveAppPath(winRoot, 'app://cockpit/D:%2Fsecret.txt', path.win32)).toBeNull()
    expect(resolveAppPath(winRoot, 'app://cockpit/%2F%2Fserver%2Fshare%2Fx', path.win32)).toBe(`${winRoot}\\server\\share\\x`)
  })
})

describe('isRouteLikePath / contentTypeFor', () => {
  it('treats extension-less paths as router routes', () => {
    expect(isRouteLikePath('/r/pipeline')).toBe(true)
    expect(isRouteLikePath('/r/assets/index.js')).toBe(false)
  })

  it('gives module scripts a JavaScript type, which Chromium requires for type="module"', () => {
    expect(contentTypeFor('/r/assets/index.js')).toMatch(/^text\/javascript/)
    expect(contentTypeFor('/r/index.html')).toMatch(/^text\/html/)
    expect(contentTypeFor('/r/assets/x.WOFF2')).toBe('font/woff2')
    expect(contentTypeFor('/r/unknown.bin')).toBe('application/octet-stream')
  })
})
