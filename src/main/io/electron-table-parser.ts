/// <reference types="electron-vite/node" />
import { utilityProcess } from 'electron'
import parseWorkerPath from './parse-worker?modulePath'
import type { SpawnParseChild } from './table-parser'

/**
 * The app's file reader: `parse-worker.ts` in an Electron utility process (a Chromium-managed
 * child with Node), its V8 heap capped by `--max-old-space-size`. A process over the cap
 * dies with a V8 fatal error ("Reached heap limit"), which Electron reports as an `error`
 * event before `exit`; main itself never holds the file's cells while they are built.
 */
export function utilityProcessSpawner(): SpawnParseChild {
  return (budget) => {
    const child = utilityProcess.fork(parseWorkerPath, [], {
      serviceName: 'Sales Cockpit file reader',
      execArgv: [`--max-old-space-size=${budget.heapMb}`],
      stdio: 'ignore'
    })
    let fatal = ''
    let exitListener: ((exit: { outOfMemory: boolean; detail: string }) => void) | null = null
    let gone = false
    child.on('error', (_type, location) => {
      fatal = location
    })
    child.on('exit', (code) => {
      if (gone) return
      gone = true
      exitListener?.({
        outOfMemory: /heap|allocation failed|out of memory/i.test(fatal),
        detail: `exit ${code}${fatal ? `: ${fatal}` : ''}`
      })
    })
    return {
      post: (request) => child.postMessage(request),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        exitListener = listener
      },
      kill: () => void child.kill()
    }
  }
}
