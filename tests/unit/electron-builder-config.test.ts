import { existsSync, readFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Configuration } from 'electron-builder'

// js-yaml and app-builder-lib come with electron-builder (a devDependency); they are loaded
// the way electron-builder itself loads them, so this test reads the file exactly as it will.
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Configuration>
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

const root = resolve(__dirname, '../..')
const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Configuration
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  main: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** Libraries Vite bundles into the renderer: shipping them again in node_modules only bloats the installer. */
const RENDERER_ONLY = [
  /^react$/,
  /^react-dom$/,
  /^react-router/,
  /^react-i18next$/,
  /^i18next/,
  /^@mantine\//,
  /^@tabler\//,
  /^@tanstack\//,
  /^@testing-library\//,
  /^dexie/,
  /^y-dexie$/,
  /^echarts/,
  /^wavesurfer\.js$/
]

describe('electron-builder.yml', () => {
  it('identifies the app', () => {
    expect(config.appId).toBe('com.salescockpit.app')
    expect(config.productName).toBe('Sales Cockpit')
    expect(config.directories?.output).toBe('release')
    expect(config.asar).toBe(true)
  })

  it('builds a dmg, a per-user assisted NSIS installer, an AppImage and a deb', () => {
    expect(config.mac?.target).toBe('dmg')
    expect(config.mac?.category).toBe('public.app-category.business')
    expect(config.win?.target).toBe('nsis')
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false })
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.linux?.category).toBe('Office')
    expect(config.linux?.maintainer).toMatch(/\S+ <\S+@\S+>/)
  })

  it('packs only the built app, never sources or tests', () => {
    const files = config.files as string[]
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json']))
    for (const pattern of files) {
      expect(pattern, pattern).toMatch(/^(out\/\*\*|package\.json|resources\/icon\.png)$/)
    }
    expect(pkg.main.startsWith('./out/') || pkg.main.startsWith('out/')).toBe(true)
  })

  it('points at icons that exist and are what each platform needs', () => {
    const png = readFileSync(resolve(root, config.linux!.icon as string))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])

    const ico = readFileSync(resolve(root, config.win!.icon as string))
    expect(ico.readUInt16LE(2)).toBe(1) // type 1: icon
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))

    const icns = readFileSync(resolve(root, config.mac!.icon as string))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)

    expect(existsSync(resolve(root, 'resources/icon.svg'))).toBe(true)
  })

  it('switches off the Electron fuses that would let a local user run the binary as Node', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true
    })
  })

  it("passes electron-builder's own configuration schema", async () => {
    const loaded = await getConfig(root, null, null)
    expect(loaded.appId).toBe('com.salescockpit.app')
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator really checks: a misspelt option is refused.
    await expect(validateConfiguration({ ...loaded, nsis: { oneClik: false } } as Configuration, new DebugLogger(false))).rejects.toThrow()
  })
})

describe('package.json dependencies', () => {
  it('keeps renderer-only libraries out of dependencies (Vite bundles them)', () => {
    const shipped = Object.keys(pkg.dependencies ?? {})
    const offenders = shipped.filter((name) => RENDERER_ONLY.some((re) => re.test(name)))
    expect(offenders).toEqual([])
    expect(shipped).not.toContain('electron')
  })

  it('ships every package the built main process requires', () => {
    const bundle = resolve(root, 'out/main/index.js')
    if (!existsSync(bundle)) return // not built yet: `npm run build` first
    const required = new Set(
      [...readFileSync(bundle, 'utf8').matchAll(/require\("([^"./][^"]*)"\)/g)]
        .map((m) => m[1]!)
        .filter((id) => id !== 'electron' && !id.startsWith('node:') && !builtinModules.includes(id))
        .map((id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!))
    )
    const missing = [...required].filter((name) => !(name in (pkg.dependencies ?? {})))
    expect(missing).toEqual([])
  })
})
