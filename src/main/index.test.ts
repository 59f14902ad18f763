import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { channels } from '../shared/ipc'
import { osUserName } from './services/os-user'

/**
 * The main entry, started against a stand-in Electron: what a launch wires up, in order, and
 * how the app reacts to a second launch, a language change and the last window closing.
 */
const e = vi.hoisted(() => {
  type Fn = (...args: unknown[]) => unknown
  const listeners = new Map<string, Fn[]>()
  let resolveReady: () => void = () => {}
  const state = {
    lock: true,
    userData: '',
    ready: Promise.resolve(),
    quit: vi.fn(),
    menus: [] as { label?: string; submenu?: unknown }[][],
    privileged: [] as string[],
    protocols: [] as string[],
    ipc: new Map<string, Fn>(),
    windows: [] as { url: string; options: Record<string, unknown>; focused: number; events: Map<string, Fn[]>; webContents: object }[],
    sessionHardened: false
  }
  const app = {
    isPackaged: true,
    requestSingleInstanceLock: () => state.lock,
    quit: state.quit,
    getPath: () => state.userData,
    getVersion: () => '0.1.0',
    getName: () => 'Sales Cockpit',
    getPreferredSystemLanguages: () => ['zh-Hans-CN', 'en-US'],
    setAppUserModelId: vi.fn(),
    setAboutPanelOptions: vi.fn(),
    on: (event: string, fn: Fn) => listeners.set(event, [...(listeners.get(event) ?? []), fn]),
    whenReady: () => state.ready,
    emit: (event: string, ...args: unknown[]) => (listeners.get(event) ?? []).forEach((fn) => fn({}, ...args))
  }
  function reset(): void {
    listeners.clear()
    state.menus.length = 0
    state.privileged.length = 0
    state.protocols.length = 0
    state.ipc.clear()
    state.windows.length = 0
    state.quit.mockClear()
    state.ready = new Promise<void>((r) => (resolveReady = r))
  }
  class BrowserWindow {
    static all: BrowserWindow[] = []
    readonly events = new Map<string, Fn[]>()
    readonly webContents = { on: () => {}, send: vi.fn() }
    record: (typeof state.windows)[number]
    constructor(options: Record<string, unknown>) {
      this.record = { url: '', options, focused: 0, events: this.events, webContents: this.webContents }
      state.windows.push(this.record)
      BrowserWindow.all.push(this)
    }
    static fromWebContents(wc: unknown) {
      return BrowserWindow.all.find((w) => w.webContents === wc) ?? null
    }
    static getFocusedWindow() {
      return null
    }
    on(ev: string, fn: Fn) {
      this.events.set(ev, [...(this.events.get(ev) ?? []), fn])
      return this
    }
    once(ev: string, fn: Fn) {
      return this.on(ev, fn)
    }
    loadURL(url: string) {
      this.record.url = url
      return Promise.resolve()
    }
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    show() {}
    focus() {
      this.record.focused++
    }
  }
  return { app, state, reset, ready: () => resolveReady(), BrowserWindow }
})

vi.mock('electron', () => ({
  app: e.app,
  BrowserWindow: e.BrowserWindow,
  Menu: {
    buildFromTemplate: (t: { label?: string }[]) => t,
    setApplicationMenu: (m: { label?: string }[]) => e.state.menus.push(m)
  },
  protocol: {
    registerSchemesAsPrivileged: (list: { scheme: string }[]) => e.state.privileged.push(...list.map((s) => s.scheme)),
    handle: (scheme: string) => e.state.protocols.push(scheme)
  },
  ipcMain: { handle: (channel: string, fn: (...a: unknown[]) => unknown) => e.state.ipc.set(channel, fn), removeHandler: () => {} },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => (e.state.sessionHardened = true),
      setPermissionCheckHandler: () => {},
      setDevicePermissionHandler: () => {},
      webRequest: { onBeforeRequest: () => {}, onHeadersReceived: () => {} }
    }
  },
  shell: { openExternal: vi.fn(), openPath: vi.fn(() => Promise.resolve('')) },
  nativeTheme: { shouldUseDarkColors: false },
  screen: {
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
  }
}))
vi.mock('../../resources/icon.png?asset', () => ({ default: '/app/resources/icon.png' }))
// electron-vite hands main the built worker's path; here only the path matters (no file is read at launch).
vi.mock('./io/parse-worker?modulePath', () => ({ default: '/app/out/main/parse-worker.js' }))

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

// The entry installs process-wide error handlers; in the test worker they would swallow failures.
const onProcess = vi.spyOn(process, 'on').mockImplementation(() => process)

async function launch(): Promise<void> {
  e.reset()
  e.state.userData = mkdtempSync(join(tmpdir(), 'cockpit-main-'))
  dirs.push(e.state.userData)
  vi.resetModules()
  await import('./index')
  e.ready()
  await e.state.ready
  await new Promise((r) => setTimeout(r, 0))
}

const topLabels = (): (string | undefined)[] => e.state.menus.at(-1)!.map((m) => m.label)
const ourFrame = () => ({ sender: e.state.windows[0]!.webContents, senderFrame: { url: 'app://cockpit/index.html' } })

beforeEach(() => onProcess.mockClear())

describe('main entry', () => {
  it('wires schemes, security, IPC, menu and one window on launch', async () => {
    await launch()
    expect(e.state.privileged).toEqual(['app', 'cockpit-media'])
    expect(onProcess).toHaveBeenCalledWith('uncaughtException', expect.any(Function))
    expect(onProcess).toHaveBeenCalledWith('unhandledRejection', expect.any(Function))
    expect(e.state.sessionHardened).toBe(true)
    expect(e.state.protocols).toContain('app')
    expect([...e.state.ipc.keys()].sort()).toEqual([...channels].sort())
    expect(e.state.windows).toHaveLength(1)
    expect(e.state.windows[0]!.url).toBe('app://cockpit/index.html')
    // A Chinese system gets a Chinese menu until the user picks a language.
    expect(topLabels()).toContain('视图')
  })

  it('answers app.info through IPC with the Electron facts', async () => {
    await launch()
    const res = await e.state.ipc.get('app.info')!(ourFrame(), {})
    expect(res).toEqual({
      ok: true,
      value: {
        name: 'Sales Cockpit',
        version: '0.1.0',
        platform: process.platform,
        systemLanguages: ['zh-Hans-CN', 'en-US'],
        // What a first local profile is called until its owner types a name.
        ...(osUserName() ? { userName: osUserName() } : {}),
        runtime: 'electron'
      }
    })
  })

  it('rebuilds the menu in the language the user chose', async () => {
    await launch()
    const before = e.state.menus.length
    const res = await e.state.ipc.get('app.setSettings')!(ourFrame(), { language: 'en-US' })
    expect(res).toMatchObject({ ok: true, value: { language: 'en-US' } })
    expect(e.state.menus.length).toBe(before + 1)
    expect(topLabels()).toContain('View')
  })

  it('focuses the existing window on a second launch instead of opening another', async () => {
    await launch()
    e.app.emit('second-instance', [], '/', {})
    expect(e.state.windows).toHaveLength(1)
    expect(e.state.windows[0]!.focused).toBe(1)
  })

  it('quits when the last window closes, except on macOS', async () => {
    await launch()
    e.app.emit('window-all-closed')
    if (process.platform === 'darwin') expect(e.state.quit).not.toHaveBeenCalled()
    else expect(e.state.quit).toHaveBeenCalled()
  })

  it('leaves at once when another instance holds the lock', async () => {
    e.state.lock = false
    try {
      await launch()
      expect(e.state.quit).toHaveBeenCalled()
      expect(e.state.windows).toHaveLength(0)
      expect(e.state.ipc.size).toBe(0)
    } finally {
      e.state.lock = true
    }
  })
})
