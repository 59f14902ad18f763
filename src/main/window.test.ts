import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindowConstructorOptions } from 'electron'
import type { Logger } from './services/logger'
import { SettingsStore } from './services/settings-store'

// A stand-in BrowserWindow that records what it was created with and what was done to it.
const fake = vi.hoisted(() => {
  const created: FakeWindow[] = []
  class FakeWindow {
    static focused: FakeWindow | null = null
    readonly events = new Map<string, (() => void)[]>()
    readonly webContents = { on: () => {}, send: () => {} }
    loaded = ''
    maximized = false
    shown = false
    normalBounds = { x: 0, y: 0, width: 0, height: 0 }
    constructor(readonly options: Record<string, unknown>) {
      created.push(this)
      this.normalBounds = { x: options.x as number, y: options.y as number, width: options.width as number, height: options.height as number }
    }
    static fromWebContents(wc: unknown): FakeWindow | null {
      return created.find((w) => w.webContents === wc) ?? null
    }
    static getFocusedWindow(): FakeWindow | null {
      return FakeWindow.focused
    }
    on(event: string, fn: () => void): this {
      this.events.set(event, [...(this.events.get(event) ?? []), fn])
      return this
    }
    once(event: string, fn: () => void): this {
      return this.on(event, fn)
    }
    emit(event: string): void {
      for (const fn of this.events.get(event) ?? []) fn()
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url
      return Promise.resolve()
    }
    maximize(): void {
      this.maximized = true
    }
    isMaximized(): boolean {
      return this.maximized
    }
    show(): void {
      this.shown = true
    }
    getNormalBounds() {
      return this.normalBounds
    }
    isDestroyed(): boolean {
      return false
    }
  }
  return { created, FakeWindow }
})

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeWindow,
  nativeTheme: { shouldUseDarkColors: false },
  screen: {
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
  }
}))
vi.mock('../../resources/icon.png?asset', () => ({ default: '/app/resources/icon.png' }))

const { createMainWindow, isOwnWebContents, targetWindow } = await import('./window')

const dir = mkdtempSync(join(tmpdir(), 'cockpit-window-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() } as unknown as Logger

function open(settings: SettingsStore, isDev = false) {
  createMainWindow({ settings, log, preload: '/app/out/preload/index.js', isDev, devServerUrl: isDev ? 'http://localhost:5173' : undefined })
  const win = fake.created.at(-1)!
  return { win, options: win.options as BrowserWindowConstructorOptions }
}

beforeEach(() => {
  // Close what the previous test opened, so each test starts with no windows of ours.
  for (const w of fake.created) w.emit('closed')
  fake.created.length = 0
  fake.FakeWindow.focused = null
})

describe('createMainWindow', () => {
  it('opens every window with the security baseline', () => {
    const { options } = open(new SettingsStore(join(dir, 'a')))
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false
    })
  })

  it('loads the built renderer over app://, or the dev server in development', () => {
    expect(open(new SettingsStore(join(dir, 'b'))).win.loaded).toBe('app://cockpit/index.html')
    const dev = open(new SettingsStore(join(dir, 'c')), true)
    expect(dev.win.loaded).toBe('http://localhost:5173')
    expect(dev.options.webPreferences?.devTools).toBe(true)
  })

  it('shows only when painted, maximised again if it was', () => {
    const settings = new SettingsStore(join(dir, 'd'))
    settings.setWindow({ x: 100, y: 50, width: 1300, height: 850, maximized: true })
    const { win, options } = open(settings)
    expect(options).toMatchObject({ show: false, x: 100, y: 50, width: 1300, height: 850 })
    expect(win.shown).toBe(false)
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
    expect(win.maximized).toBe(true)
  })

  it('remembers size, place and maximised state on close, for the next launch', () => {
    const settings = new SettingsStore(join(dir, 'e'))
    const { win } = open(settings)
    win.normalBounds = { x: 40, y: 30, width: 1280, height: 820 }
    win.maximized = true
    win.emit('close')
    expect(new SettingsStore(join(dir, 'e')).window).toEqual({ x: 40, y: 30, width: 1280, height: 820, maximized: true })
  })

  it('knows its own windows, and forgets them once closed', () => {
    const { win } = open(new SettingsStore(join(dir, 'f')))
    expect(isOwnWebContents(win.webContents as never)).toBe(true)
    expect(isOwnWebContents({} as never)).toBe(false)
    expect(targetWindow()).toBe(win)
    // A menu command goes to the focused window when there are several.
    const second = open(new SettingsStore(join(dir, 'g'))).win
    fake.FakeWindow.focused = second
    expect(targetWindow()).toBe(second)
    win.emit('closed')
    expect(isOwnWebContents(win.webContents as never)).toBe(false)
  })
})
