import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../shared/ipc/app'
import { buildMenuTemplate, MENU_LABELS, MENU_SECTIONS, resolveLanguage, type MenuOptions } from './menu'

function build(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn<(c: MenuCommand) => void>()
  const openLogFolder = vi.fn()
  const template = buildMenuTemplate({
    language: 'en-US',
    theme: 'auto',
    platform: 'linux',
    isDev: false,
    send,
    openLogFolder,
    ...overrides
  })
  return { template, send, openLogFolder }
}

function children(item: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return Array.isArray(item.submenu) ? item.submenu : []
}

function walk(items: MenuItemConstructorOptions[], visit: (i: MenuItemConstructorOptions) => void): void {
  for (const item of items) {
    visit(item)
    walk(children(item), visit)
  }
}

/** The menu's shape without its words (or which language is ticked): identical in every language. */
function shape(items: MenuItemConstructorOptions[]): unknown[] {
  return items.map((i) => ({
    id: i.id,
    role: i.role,
    type: i.type ?? 'normal',
    accelerator: i.accelerator,
    submenu: shape(children(i))
  }))
}

function find(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  let found: MenuItemConstructorOptions | undefined
  walk(items, (i) => {
    if (i.id === id) found = i
  })
  if (!found) throw new Error(`no menu item ${id}`)
  return found
}

function click(item: MenuItemConstructorOptions): void {
  ;(item.click as unknown as () => void)()
}

const platforms: NodeJS.Platform[] = ['darwin', 'win32', 'linux']

describe('resolveLanguage', () => {
  it('prefers the saved choice', () => {
    expect(resolveLanguage('en-US', ['zh-CN'])).toBe('en-US')
    expect(resolveLanguage('zh-CN', ['en-GB'])).toBe('zh-CN')
  })

  it('follows the first system language: any Chinese → zh-CN, anything else → en-US', () => {
    expect(resolveLanguage(null, ['zh-Hans-CN', 'en-US'])).toBe('zh-CN')
    expect(resolveLanguage(null, ['zh-TW'])).toBe('zh-CN')
    expect(resolveLanguage(null, ['ZH'])).toBe('zh-CN')
    expect(resolveLanguage(null, ['en-US', 'zh-CN'])).toBe('en-US')
    expect(resolveLanguage(null, ['de-DE'])).toBe('en-US')
    expect(resolveLanguage(null, [])).toBe('en-US')
  })
})

describe('buildMenuTemplate', () => {
  it('has the same structure in Chinese and English on every platform', () => {
    for (const platform of platforms) {
      for (const isDev of [false, true]) {
        const zh = build({ language: 'zh-CN', platform, isDev }).template
        const en = build({ language: 'en-US', platform, isDev }).template
        expect(shape(zh), `${platform} dev=${isDev}`).toEqual(shape(en))
      }
    }
  })

  it('has no empty or untranslated label', () => {
    expect(Object.keys(MENU_LABELS['zh-CN']).sort()).toEqual(Object.keys(MENU_LABELS['en-US']).sort())
    for (const platform of platforms) {
      const zh = build({ language: 'zh-CN', platform, isDev: true }).template
      walk(zh, (item) => {
        if (item.type === 'separator') return
        expect(item.label?.trim(), JSON.stringify({ id: item.id, role: item.role })).toBeTruthy()
      })
    }
    // The Chinese menu really is Chinese (apart from the language names and the macOS app menu).
    const zhView = find(build({ language: 'zh-CN' }).template, 'view')
    expect(zhView.label).toBe('视图')
    expect(find(build({ language: 'zh-CN' }).template, 'section.pipeline').label).toBe('销售漏斗')
  })

  it('navigates to every section with its own accelerator', () => {
    const { template, send } = build()
    const accelerators = new Set<string>()
    for (const section of MENU_SECTIONS) {
      const item = find(template, `section.${section}`)
      expect(item.accelerator).toBeTruthy()
      accelerators.add(String(item.accelerator))
      click(item)
      expect(send).toHaveBeenLastCalledWith({ command: 'navigate', section })
    }
    expect(accelerators.size).toBe(MENU_SECTIONS.length)
    expect(find(template, 'section.cockpit').accelerator).toBe('CmdOrCtrl+1')
    expect(find(template, 'section.settings').accelerator).toBe('CmdOrCtrl+,')
  })

  it('never puts one accelerator on two items', () => {
    for (const platform of platforms) {
      const seen = new Map<string, string>()
      walk(build({ platform, isDev: true }).template, (item) => {
        if (!item.accelerator) return
        const key = String(item.accelerator).replace('CmdOrCtrl', platform === 'darwin' ? 'Cmd' : 'Ctrl')
        expect(seen.get(key), `${platform} ${key}`).toBeUndefined()
        seen.set(key, item.id ?? item.role ?? '')
      })
    }
  })

  it('opens the command palette with Ctrl/Cmd+K and the import wizard from File', () => {
    const { template, send } = build()
    const palette = find(template, 'palette')
    expect(palette.accelerator).toBe('CmdOrCtrl+K')
    click(palette)
    expect(send).toHaveBeenLastCalledWith({ command: 'palette' })
    click(find(template, 'import'))
    expect(send).toHaveBeenLastCalledWith({ command: 'navigate', section: 'import' })
  })

  it('checks the current language and theme and sends the chosen one', () => {
    const { template, send } = build({ language: 'zh-CN', theme: 'dark' })
    expect(find(template, 'language.zh-CN').checked).toBe(true)
    expect(find(template, 'language.en-US').checked).toBe(false)
    expect(find(template, 'theme.dark').checked).toBe(true)
    click(find(template, 'language.en-US'))
    expect(send).toHaveBeenLastCalledWith({ command: 'language', language: 'en-US' })
    click(find(template, 'theme.light'))
    expect(send).toHaveBeenLastCalledWith({ command: 'theme', theme: 'light' })
  })

  it('offers reload and DevTools only in development', () => {
    const roles = (isDev: boolean) => {
      const out: string[] = []
      walk(build({ isDev }).template, (i) => i.role && out.push(i.role))
      return out
    }
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(false)).not.toContain('reload')
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']))
  })

  it('follows platform conventions for Quit and Settings', () => {
    const mac = build({ platform: 'darwin' }).template
    expect(mac[0]?.submenu).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'quit' })]))
    expect(find(mac, 'preferences').accelerator).toBe('Cmd+,')
    expect(find(mac, 'section.settings').accelerator).toBeUndefined()
    expect(children(find(mac, 'file')).some((i) => i.role === 'quit')).toBe(false)

    const win = build({ platform: 'win32' }).template
    expect(win.map((i) => i.id)).toEqual(['file', 'edit', 'view', 'window', 'help'])
    expect(children(find(win, 'file')).some((i) => i.role === 'quit')).toBe(true)
  })

  it('opens the log folder from Help', () => {
    const { template, openLogFolder } = build()
    click(find(template, 'openLogs'))
    expect(openLogFolder).toHaveBeenCalledOnce()
  })
})
