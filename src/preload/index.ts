import { contextBridge, ipcRenderer } from 'electron'
import { createCockpitApi } from './api'

// The only thing the page gets: no ipcRenderer, no Node. Channels are checked here and,
// with their zod schemas and the sender's frame, again in main.
const api = createCockpitApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on: (event, listener) => {
    const wrapped = (_e: Electron.IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  }
})

contextBridge.exposeInMainWorld('cockpit', api)
