import { Worker } from 'node:worker_threads'
import { CockpitError } from '../../shared/ipc/define'
import type { ParsedTable, ParseProgress } from '../../shared/ipc/io'
import { IMPORT_LIMITS, PARSE_BUDGET, refuseUnreadable, type ImportLimits, type ParseBudget } from './limits'
import { readReply, type ParseRequest } from './parse-protocol'

/**
 * Reading an import file, away from main. Main must answer the window, the menu and the sync
 * bridge while a file is read, and a hostile file can make any reader allocate gigabytes or
 * spin for minutes; so each file is read by a fresh worker with a heap limit and a deadline,
 * one at a time. A worker that runs out of memory, crashes or overruns is stopped and the
 * wizard gets a translated error; main only ever waits on a message.
 *
 * The worker is an Electron utility process in the app (`electron-table-parser.ts`) and a
 * worker thread in the browser harness and the tests (`workerThreadSpawner`), behind
 * `SpawnParseChild`.
 */

export interface ParseCall {
  fileName: string
  data: Uint8Array
  sheet?: string
}

export interface TableParser {
  parse(call: ParseCall, onProgress?: (p: ParseProgress) => void): Promise<ParsedTable>
  /** Stops a running worker (app quit). */
  close(): void
}

/** How a runtime's worker looks to the runner. */
export interface ParseChild {
  /** Sends the one request; its bytes may be handed over (detached) rather than copied. */
  post(request: ParseRequest): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once when the worker is gone for any reason; `outOfMemory` when the runtime says so. A later call replaces the listener. */
  onExit(listener: (exit: { outOfMemory: boolean; detail: string }) => void): void
  kill(): void
}

export type SpawnParseChild = (budget: ParseBudget) => ParseChild

export interface TableParserOptions {
  budget?: Partial<ParseBudget>
  limits?: ImportLimits
  log?: { warn(message: string, context?: Record<string, unknown>): void }
}

export function isolatedTableParser(spawn: SpawnParseChild, opts: TableParserOptions = {}): TableParser {
  const budget: ParseBudget = { ...PARSE_BUDGET, ...opts.budget }
  const limits = opts.limits ?? IMPORT_LIMITS
  // One file at a time: two hostile files at once would double what a worker may take.
  let queue: Promise<unknown> = Promise.resolve()
  const running = new Set<ParseChild>()
  let closed = false
  // A worker takes a moment to start and load its readers; after a file is read the next
  // one is started ahead, so a second file (or another sheet) does not wait. Each worker
  // still reads one file only.
  let standby: ParseChild | null = null
  const startStandby = (): void => {
    if (closed || standby) return
    const child = spawn(budget)
    standby = child
    child.onExit(() => {
      if (standby === child) standby = null
    })
  }
  const take = (): ParseChild => {
    const child = standby ?? spawn(budget)
    standby = null
    return child
  }

  const runOne = (call: ParseCall, onProgress?: (p: ParseProgress) => void): Promise<ParsedTable> =>
    new Promise<ParsedTable>((resolve, reject) => {
      const child = take()
      running.add(child)
      let settled = false
      const finish = (outcome: { table: ParsedTable } | { error: CockpitError }): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        running.delete(child)
        child.kill()
        startStandby()
        if ('table' in outcome) resolve(outcome.table)
        else reject(outcome.error)
      }
      const timer = setTimeout(() => {
        opts.log?.warn('import parse timed out', { fileName: call.fileName, ms: budget.timeoutMs })
        finish({
          error: new CockpitError('import.parse-timeout', `${call.fileName}: over ${budget.timeoutMs} ms`, {
            seconds: Math.ceil(budget.timeoutMs / 1000)
          })
        })
      }, budget.timeoutMs)

      child.onMessage((message) => {
        if (settled) return
        const r = readReply(message)
        if (!r) finish({ error: new CockpitError('import.parse-failed', `${call.fileName}: malformed worker reply`) })
        else if (r.kind === 'progress') onProgress?.(r.progress)
        else if (r.kind === 'done') finish({ table: r.table })
        else finish({ error: new CockpitError(r.error.code, r.error.message, r.error.params) })
      })
      child.onExit(({ outOfMemory, detail }) => {
        if (settled) return
        opts.log?.warn('import parse worker died', { fileName: call.fileName, outOfMemory, detail })
        finish({
          error: outOfMemory
            ? new CockpitError('import.parse-out-of-memory', `${call.fileName}: ${detail}`, { maxMb: budget.heapMb })
            : new CockpitError('import.parse-failed', `${call.fileName}: ${detail}`)
        })
      })
      const request: ParseRequest = { kind: 'parse', fileName: call.fileName, data: call.data, limits }
      if (call.sheet !== undefined) request.sheet = call.sheet
      child.post(request)
    })

  return {
    parse(call, onProgress) {
      if (closed) return Promise.reject(new CockpitError('import.unavailable', 'file reader closed'))
      try {
        // Empty or over the size cap: said at once, no worker needed.
        refuseUnreadable(call.fileName, call.data)
      } catch (e) {
        return Promise.reject(e as Error)
      }
      const run = queue.then(() => runOne(call, onProgress))
      queue = run.catch(() => undefined)
      return run
    },
    close() {
      closed = true
      standby?.kill()
      standby = null
      for (const child of running) child.kill()
      running.clear()
    }
  }
}

/**
 * Worker threads (Node, the browser harness, tests): `resourceLimits` caps the heap, and a
 * thread over it is stopped by V8 with ERR_WORKER_OUT_OF_MEMORY while the process lives on.
 * `workerFile` is the built worker (`parse-worker.ts` bundled as CommonJS).
 */
export function workerThreadSpawner(workerFile: string): SpawnParseChild {
  return (budget) => {
    const worker = new Worker(workerFile, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: budget.heapMb }
    })
    let exitListener: ((exit: { outOfMemory: boolean; detail: string }) => void) | null = null
    let gone = false
    const exited = (exit: { outOfMemory: boolean; detail: string }): void => {
      if (gone) return
      gone = true
      exitListener?.(exit)
    }
    // The error comes before the exit; the first says why.
    worker.on('error', (e: Error & { code?: string }) =>
      exited({ outOfMemory: e.code === 'ERR_WORKER_OUT_OF_MEMORY', detail: e.message })
    )
    worker.on('exit', (code) => exited({ outOfMemory: false, detail: `exit ${code}` }))
    // An idle or busy reader never keeps the process alive by itself; a pending parse has its deadline timer.
    worker.unref()
    return {
      // Hand the bytes over rather than copy them: a 150 MB copy takes main a noticeable
      // moment. Only a buffer the view has to itself can go (never a slice of Node's pool).
      post: (request) => {
        const d = request.data
        const own = d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.buffer instanceof ArrayBuffer
        worker.postMessage(request, own ? [d.buffer as ArrayBuffer] : [])
      },
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => {
        exitListener = listener
      },
      kill: () => void worker.terminate()
    }
  }
}
