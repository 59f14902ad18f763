import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createCockpitApi } from './api'

// The only thing the page gets: no ipcRenderer, no Node. Channels are checked here and,
// with their zod schemas and the sender's frame, again in main.
const api = createCockpitApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on: (event, listener) => {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
  // '' for a file that is not on disk; the page then falls back to sending its bytes.
  pathForFile: (file) => Promise.resolve(webUtils.getPathForFile(file) || null)
})

contextBridge.exposeInMainWorld('cockpit', api)
