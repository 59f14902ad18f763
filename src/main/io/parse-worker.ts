import { parentPort } from 'node:worker_threads'
import { CockpitError } from '../../shared/ipc/define'
import type { ParseProgress } from '../../shared/ipc/io'
import { parseTable } from './parse-table'
import type { ParseRequest, WorkerReply } from './parse-protocol'

/**
 * Entry of the process that reads an import file: an Electron utility process in the app
 * (`process.parentPort`), a worker thread in the browser harness and the tests. It reads one
 * file and answers once; main stops it afterwards, or when it takes too long.
 */

interface Channel {
  onRequest(handler: (req: ParseRequest) => void): void
  reply(msg: WorkerReply): void
}

/** Electron's utility-process port, typed here so this file needs no `electron` import. */
interface UtilityParentPort {
  once(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

function channel(): Channel {
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort
  if (utility) {
    return {
      onRequest: (handler) => utility.once('message', (e) => handler(e.data as ParseRequest)),
      reply: (msg) => utility.postMessage(msg)
    }
  }
  const port = parentPort
  if (!port) throw new Error('parse-worker must run as a utility process or a worker thread')
  return {
    onRequest: (handler) => port.once('message', (m: unknown) => handler(m as ParseRequest)),
    reply: (msg) => port.postMessage(msg)
  }
}

/** At most ten progress messages a second: each costs main a little. */
function throttled(reply: Channel['reply']): (p: ParseProgress) => void {
  let last = 0
  let phase = ''
  return (p) => {
    const now = Date.now()
    if (p.phase === phase && now - last < 100) return
    last = now
    phase = p.phase
    reply({ kind: 'progress', progress: p })
  }
}

const port = channel()
port.onRequest((req) => {
  parseTable(req.fileName, req.data, { sheet: req.sheet, limits: req.limits, onProgress: throttled(port.reply) }).then(
    (table) => port.reply({ kind: 'done', table }),
    (e: unknown) => {
      const error =
        e instanceof CockpitError
          ? { code: e.code, message: e.message, ...(e.params ? { params: e.params } : {}) }
          : { code: 'import.parse-failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }
      port.reply({ kind: 'failed', error })
    }
  )
})
