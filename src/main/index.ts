import { app, Menu, session, shell, type WebContents } from 'electron'
import { dirname, join } from 'node:path'
import { createHandlers } from './ipc/handlers'
import { registerIpc, sendEvent } from './ipc/electron'
import { buildMenuTemplate, resolveLanguage } from './menu'
import { APP_ORIGIN } from './security/app-path'
import { hardenSession, hardenWebContents } from './security/harden'
import { originOf } from './security/origin'
import { registerPrivilegedSchemes, serveMedia, serveRenderer } from './security/protocol'
import { RecordingStore } from './recordings/store'
import { localRecordingsOf } from './sync/bridge-recordings'
import { electronPdfExporter } from './export/electron-pdf'
import { utilityProcessSpawner } from './io/electron-table-parser'
import { isolatedTableParser } from './io/table-parser'
import { Logger } from './services/logger'
import { SettingsStore } from './services/settings-store'
import { SyncBridge } from './sync/bridge'
import { SafeStorageTokenStore } from './sync/token-store'
import { osUserName } from './services/os-user'
import { createMainWindow, focusWindow, hasWindows, isOwnWebContents, targetWindow } from './window'

const APP_ID = 'com.salescockpit.app'

// Before anything else: custom schemes can only be made privileged before the app is ready.
registerPrivilegedSchemes()

// One cockpit per user: two instances would write the same IndexedDB and recordings folder.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  start()
}

function start(): void {
  const log = new Logger(app.getPath('userData'))
  const errorContext = (e: unknown): Record<string, unknown> => ({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  // Logged rather than shown: Electron's default dialog means nothing to a sales manager, and
  // the log file is what support asks for.
  process.on('uncaughtException', (e) => log.error('uncaught exception', errorContext(e)))
  process.on('unhandledRejection', (e) => log.error('unhandled rejection', errorContext(e)))

  // electron-vite sets this in `dev` only; a packaged app never takes its page from a URL in the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const isDev = !app.isPackaged
  const devOrigin = devServerUrl ? originOf(devServerUrl) : null
  const allowedOrigins = devOrigin ? [devOrigin] : [APP_ORIGIN]
  const guard = { allowedOrigins, log }

  log.info('startup', {
    version: app.getVersion(),
    electron: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
    packaged: app.isPackaged,
    origin: allowedOrigins[0]
  })

  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)

  app.on('web-contents-created', (_event, contents: WebContents) => hardenWebContents(contents, guard))

  const lastCrashReload = new WeakMap<WebContents, number>()
  app.on('render-process-gone', (_event, contents, details) => {
    log.error('render process gone', { reason: details.reason, exitCode: details.exitCode })
    // Reload after a crash or out-of-memory, but not in a loop: a page that dies again within
    // a minute stays down, and the log tells why.
    const now = Date.now()
    if ((details.reason === 'crashed' || details.reason === 'oom') && now - (lastCrashReload.get(contents) ?? 0) > 60_000) {
      lastCrashReload.set(contents, now)
      if (!contents.isDestroyed()) contents.reload()
    }
  })
  app.on('child-process-gone', (_event, details) => {
    log.warn('child process gone', { type: details.type, reason: details.reason, exitCode: details.exitCode })
  })

  app.whenReady().then(
    () => {
      const settings = new SettingsStore(app.getPath('userData'))

      const refreshMenu = (): void => {
        const current = settings.settings
        const template = buildMenuTemplate({
          language: resolveLanguage(current.language, app.getPreferredSystemLanguages()),
          theme: current.theme,
          platform: process.platform,
          isDev,
          send: (command) => sendEvent(targetWindow()?.webContents, 'menu.command', command),
          openLogFolder: () => void shell.openPath(dirname(log.file))
        })
        Menu.setApplicationMenu(Menu.buildFromTemplate(template))
      }

      const recordings = new RecordingStore({ dir: join(app.getPath('userData'), 'recordings') })
      // The team hub: credentials encrypted by the OS; status changes are pushed to the page.
      const sync = new SyncBridge({ store: new SafeStorageTokenStore(join(app.getPath('userData'), 'hub-credentials.bin')), log, recordings: localRecordingsOf(recordings) })
      sync.onStatus((status) => sendEvent(targetWindow()?.webContents, 'sync.status', status))
      void sync.resume()
      app.on('before-quit', () => sync.close())
      // Import files are read in a utility process with a heap cap and a deadline (issue 13).
      const tables = isolatedTableParser(utilityProcessSpawner(), { log })
      app.on('before-quit', () => tables.close())
      const handlers = createHandlers({
        info: {
          name: app.getName(),
          version: app.getVersion(),
          platform: process.platform,
          systemLanguages: app.getPreferredSystemLanguages(),
          userName: osUserName(),
          runtime: 'electron'
        },
        settings,
        log,
        onSettingsChanged: refreshMenu,
        recordings,
        sync,
        tables,
        pdf: electronPdfExporter({ targetWindow, documentsDir: app.getPath('documents') })
      })

      hardenSession(session.defaultSession, guard)
      serveRenderer(join(__dirname, '../renderer'))
      serveMedia(recordings)
      registerIpc({ handlers, log, allowedOrigins, isOwnWebContents })
      app.setAboutPanelOptions({ applicationName: 'Sales Cockpit', applicationVersion: app.getVersion() })
      refreshMenu()

      const openWindow = (): void => {
        createMainWindow({ settings, log, preload: join(__dirname, '../preload/index.js'), devServerUrl, isDev })
      }
      openWindow()

      // A second launch (double-clicked again, or from the taskbar) brings ours to the front.
      app.on('second-instance', () => {
        const win = targetWindow()
        if (win) focusWindow(win)
        else openWindow()
      })
      // macOS keeps the app alive without windows; clicking the dock icon opens one again.
      app.on('activate', () => {
        if (!hasWindows()) openWindow()
      })
    },
    (e: unknown) => log.error('startup failed', errorContext(e))
  )

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
