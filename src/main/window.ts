/// <reference types="electron-vite/node" />
import { BrowserWindow, nativeTheme, screen, type WebContents } from 'electron'
import icon from '../../resources/icon.png?asset'
import type { Logger } from './services/logger'
import type { SettingsStore } from './services/settings-store'
import { APP_ENTRY_URL } from './security/app-path'
import { restoreBounds, MIN_SIZE, toWindowState } from './window-state'

export interface WindowOptions {
  settings: SettingsStore
  log: Logger
  preload: string
  /** The dev server's URL in `electron-vite dev`; absent when serving the built renderer. */
  devServerUrl?: string
  isDev: boolean
}

// The windows we opened. The IPC sender check accepts calls only from these.
const windows = new Set<BrowserWindow>()

export function isOwnWebContents(contents: WebContents): boolean {
  const win = BrowserWindow.fromWebContents(contents)
  return win !== null && windows.has(win)
}

/** The window a menu command or a second launch should go to: the focused one, else any of ours. */
export function targetWindow(): BrowserWindow | undefined {
  const focused = BrowserWindow.getFocusedWindow()
  if (focused && windows.has(focused)) return focused
  return [...windows].find((w) => !w.isDestroyed())
}

export function hasWindows(): boolean {
  return windows.size > 0
}

export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

export function createMainWindow(o: WindowOptions): BrowserWindow {
  const display = screen.getPrimaryDisplay()
  const bounds = restoreBounds(
    o.settings.window,
    screen.getAllDisplays().map((d) => d.workArea),
    display.workArea
  )
  const dark = o.settings.settings.theme === 'dark' || (o.settings.settings.theme === 'auto' && nativeTheme.shouldUseDarkColors)

  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: Math.min(MIN_SIZE.width, display.workArea.width),
    minHeight: Math.min(MIN_SIZE.height, display.workArea.height),
    title: 'Sales Cockpit',
    // Shown once the first frame is painted, in the page's own background colour, so the
    // user never sees a white flash or a half-drawn shell.
    show: false,
    backgroundColor: dark ? '#242424' : '#ffffff',
    // macOS and Windows take the icon from the app bundle; Linux window managers need it here.
    ...(process.platform === 'linux' ? { icon } : {}),
    // The security baseline, written out in full right here (not built by a helper) so that a
    // reviewer and Electronegativity both see every value where the window is made, and a
    // copied template (electron-vite's own sets `sandbox: false`) cannot loosen it unnoticed.
    webPreferences: {
      preload: o.preload,
      // The page and the preload live in separate JavaScript worlds; the page only sees the
      // frozen `window.cockpit` object the preload exposes.
      contextIsolation: true,
      // The renderer runs in Chromium's OS sandbox; the preload can use only `contextBridge`
      // and `ipcRenderer`, never Node.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click on a link would ask for a new window; there is never one to open.
      disableBlinkFeatures: 'Auxclick',
      // Dropping a file on the window must not navigate away from the app: imports handle drops.
      navigateOnDragDrop: false,
      // A page stuck in an alert() loop can be escaped.
      safeDialogs: true,
      // DevTools in a packaged build would hand anyone at the keyboard a console with the
      // page's privileges; support uses the log file instead.
      devTools: o.isDev
    }
  })
  windows.add(win)

  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize()
    win.show()
  })

  // Remember size and place on close; the normal bounds, so un-maximising later restores them.
  win.on('close', () => {
    try {
      o.settings.setWindow(toWindowState(win.getNormalBounds(), win.isMaximized()))
    } catch (e) {
      // A full or read-only disk must not keep the window from closing.
      o.log.warn('could not remember window state', { error: e instanceof Error ? e.message : String(e) })
    }
  })
  win.on('closed', () => windows.delete(win))
  win.webContents.on('unresponsive', () => o.log.warn('window unresponsive'))
  win.webContents.on('responsive', () => o.log.info('window responsive again'))

  const url = o.isDev && o.devServerUrl ? o.devServerUrl : APP_ENTRY_URL
  win.loadURL(url).catch((e: unknown) => {
    o.log.error('window failed to load', { url, error: e instanceof Error ? e.message : String(e) })
  })
  return win
}
