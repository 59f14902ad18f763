import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { databaseNote, hubConfig, PGLITE_LAPTOPS } from '../../src/hub/config'

/**
 * Whoever starts `npm run hub` on the embedded default learns from its first lines how many
 * laptops it serves and how to switch to PostgreSQL (issue 19): a team that outgrows PGlite
 * should not find out from slow syncs.
 */

const root = join(__dirname, '../..')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe("the hub's start-up log", () => {
  it('on the embedded default names the data folder, how many laptops it serves and the DATABASE_URL switch', async () => {
    const data = mkdtempSync(join(tmpdir(), 'cockpit-hub-startup-'))
    dirs.push(data)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts', '--port', '0', '--data', data], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', TSX_TSCONFIG_PATH: 'tsconfig.test.json' }
    })
    let out = ''
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no database line within 150 s: ${out}`)), 150_000)
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const hit = out.split('\n').find((l) => l.includes('database:'))
        if (hit) {
          clearTimeout(timer)
          resolve(hit)
        }
      })
      child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
    })
    child.kill('SIGTERM')
    const msg = (JSON.parse(line) as { msg: string }).msg
    expect(msg).toContain(`embedded PGlite in ${data}/db`)
    expect(msg).toContain(`sized for up to ${PGLITE_LAPTOPS} laptops`)
    expect(msg).toContain('set DATABASE_URL=postgres://')
  }, 200_000)

  it('on PostgreSQL says so and points at several instances with Redis', () => {
    const msg = databaseNote('postgres', '/srv/hub')
    expect(msg).toContain('PostgreSQL (DATABASE_URL)')
    expect(msg).toContain('REDIS_URL')
    expect(msg).not.toContain('PGlite')
  })

  it('refuses an unknown HUB_LOG_LEVEL instead of logging nothing', () => {
    expect(hubConfig([], { HUB_LOG_LEVEL: 'warn' }).config.logLevel).toBe('warn')
    expect(hubConfig([], {}).config.logLevel).toBe('info')
    expect(() => hubConfig([], { HUB_LOG_LEVEL: 'loud' })).toThrow(/HUB_LOG_LEVEL must be one of/)
  })
})
