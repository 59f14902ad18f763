import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from './csp'

// Electron's protocol module, reduced to what serveRenderer and registerPrivilegedSchemes use.
const captured = vi.hoisted(() => ({
  handlers: new Map<string, (req: Request) => Promise<Response>>(),
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[]
}))
vi.mock('electron', () => ({
  protocol: {
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => captured.handlers.set(scheme, fn),
    registerSchemesAsPrivileged: (list: typeof captured.privileged) => captured.privileged.push(...list)
  }
}))

const { registerPrivilegedSchemes, serveRenderer } = await import('./protocol')

describe('app:// protocol', () => {
  let serve: (url: string, method?: string) => Promise<Response>

  const base = mkdtempSync(join(tmpdir(), 'cockpit-out-'))
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  beforeAll(() => {
    const root = join(base, 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Sales Cockpit</title>')
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)')
    // A file beside the renderer folder, where main's bundle sits in the real app.
    writeFileSync(join(base, 'secret.txt'), 'secret')
    serveRenderer(root)
    const handler = captured.handlers.get('app')!
    serve = (url, method = 'GET') => handler(new Request(url, { method }))
  })

  it('serves the page and its assets with their types and our CSP', async () => {
    const page = await serve('app://cockpit/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('Sales Cockpit')

    const script = await serve('app://cockpit/assets/index.js')
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
  })

  it('answers a router path with the page, and a missing asset with 404', async () => {
    expect(await (await serve('app://cockpit/pipeline')).text()).toContain('Sales Cockpit')
    expect((await serve('app://cockpit/assets/missing.js')).status).toBe(404)
  })

  it('refuses traversal and foreign hosts with 403', async () => {
    expect((await serve('app://cockpit/..%2f..%2fetc%2fpasswd')).status).toBe(403)
    expect((await serve('app://cockpit/..%5csecret.txt')).status).toBe(403)
    expect((await serve('app://elsewhere/index.html')).status).toBe(403)
  })

  it('is read-only', async () => {
    expect((await serve('app://cockpit/index.html', 'POST')).status).toBe(405)
  })

  it('registers app and cockpit-media in one call, secure and standard, without bypassing CSP', () => {
    registerPrivilegedSchemes()
    expect(captured.privileged.map((s) => s.scheme)).toEqual(['app', 'cockpit-media'])
    for (const { privileges } of captured.privileged) {
      expect(privileges).toMatchObject({ standard: true, secure: true })
      expect(privileges.bypassCSP).toBeFalsy()
    }
    // Our own files must not be readable from another origin.
    expect(captured.privileged[0]!.privileges.corsEnabled).toBeFalsy()
  })
})
