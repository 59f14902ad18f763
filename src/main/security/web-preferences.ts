import type { WebPreferences } from 'electron'

/**
 * The security baseline of every window we open. Spelled out even where it equals Electron's
 * default, so a future default change or a copy-pasted template (electron-vite's own sets
 * `sandbox: false`) cannot loosen it unnoticed; a unit test pins each value.
 */
export function secureWebPreferences(preload: string, opts: { devTools: boolean }): WebPreferences {
  return {
    preload,
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
    // Dropping a file on the window must not navigate away from the app: imports handle drops.
    navigateOnDragDrop: false,
    // A page stuck in an alert() loop can be escaped.
    safeDialogs: true,
    // DevTools in a packaged build would hand anyone at the keyboard a console inside the
    // page's privileges; support uses the log file instead.
    devTools: opts.devTools
  }
}
