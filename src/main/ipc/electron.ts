import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { channels, type Envelope, type EventName, type EventPayload } from '../../shared/ipc'
import type { Logger } from '../services/logger'
import { isAllowedSender } from '../security/sender'
import { dispatch, type CallSender, type Handlers } from './dispatch'

export interface IpcOptions {
  handlers: Handlers
  log: Logger
  /** `scheme://host[:port]` of our renderer: the dev server, or `app://cockpit`. */
  allowedOrigins: readonly string[]
  /** Whether a web contents belongs to one of the windows we opened. */
  isOwnWebContents: (contents: WebContents) => boolean
}

/**
 * Who may call main: a frame showing our own renderer, inside one of our windows. A frame
 * that navigated elsewhere (it cannot, but defence in depth), an iframe of foreign content or
 * a DevTools page never reaches a handler.
 */
function senderProblem(event: IpcMainInvokeEvent, o: IpcOptions): string | null {
  let url: string
  try {
    // Reading a frame that navigated or closed mid-call throws ("Render frame was disposed").
    const frame = event.senderFrame
    if (!frame) return 'frame gone'
    url = frame.url
  } catch {
    return 'frame gone'
  }
  if (!isAllowedSender(url, o.allowedOrigins)) return 'foreign origin'
  if (!o.isOwnWebContents(event.sender)) return 'not one of our windows'
  return null
}

function frameUrlForLog(event: IpcMainInvokeEvent): string {
  try {
    return (event.senderFrame?.url ?? '').split(/[?#]/, 1)[0]!.slice(0, 200)
  } catch {
    return ''
  }
}

/** Push an event to a page, typed by the event map; a closed (or absent) page gets nothing. */
export function sendEvent<E extends EventName>(contents: WebContents | undefined, event: E, payload: EventPayload<E>): void {
  if (contents && !contents.isDestroyed()) contents.send(event, payload)
}

/** The calling page as handlers see it; events to a closed page are dropped. */
function callSender(contents: WebContents): CallSender {
  return {
    id: contents.id,
    send: (event, payload) => sendEvent(contents, event, payload),
    isDestroyed: () => contents.isDestroyed(),
    contents
  }
}

/** Register every channel of the contract; each call is sender-checked, then `dispatch`ed. */
export function registerIpc(o: IpcOptions): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, request: unknown): Promise<Envelope<unknown>> => {
      const problem = senderProblem(event, o)
      if (problem) {
        o.log.warn('ipc call refused', { channel, problem, url: frameUrlForLog(event) })
        return { ok: false, error: { code: 'ipc.forbidden-sender', message: `${channel}: ${problem}` } }
      }
      return dispatch(o.handlers, channel, request, o.log, { sender: callSender(event.sender) })
    })
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
