import { channels, eventNames, type Channel, type EventName, type EventPayload, type RequestOf, type ResponseOf, type Envelope } from '../shared/ipc'

/** How `window.cockpit` reaches main: Electron IPC in the app, HTTP on loopback in the harness. */
export interface CockpitTransport {
  invoke(channel: string, request: unknown): Promise<Envelope<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
  /** Where main can read a file the user dropped or chose; null when it has no path (see CockpitApi). */
  pathForFile(file: File): Promise<string | null>
}

export interface CockpitApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>
  /** The payload is typed by the event map but arrives unchecked; the renderer's bridge parses it. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * A path main can import a dropped or chosen file from, so its bytes never cross IPC. Electron:
   * the file's own path (`webUtils.getPathForFile`); the harness: a streamed upload to a temporary
   * file. Null when the file lives nowhere on disk (dragged out of a browser). Optional so a test's
   * fake need not offer it (the page then sends bytes).
   */
  pathForFile?(file: File): Promise<string | null>
}

/** The one object the page gets. It only forwards known channels and events. */
export function createCockpitApi(transport: CockpitTransport): CockpitApi {
  const allowedChannels = new Set<string>(channels)
  const allowedEvents = new Set<string>(eventNames)
  return Object.freeze({
    invoke: ((channel: string, request: unknown) => {
      if (!allowedChannels.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'ipc.unknown-channel', message: channel } })
      }
      return transport.invoke(channel, request)
    }) as CockpitApi['invoke'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      if (!allowedEvents.has(event)) throw new Error(`unknown event ${event}`)
      return transport.on(event, listener)
    }) as CockpitApi['on'],
    pathForFile: (file: File) => transport.pathForFile(file)
  })
}
