import type { RecordingStore } from '../recordings/store'
import { recordingsHandlers } from '../recordings/handlers'
import type { TableParser } from '../io/table-parser'
import { ioHandlers } from '../io/handlers'
import type { SyncBridge } from '../sync/bridge'
import { orgHandlers, syncHandlers } from '../sync/handlers'
import type { PdfExporter } from '../export/pdf'
import { exportHandlers } from '../export/handlers'
import { appHandlers, type AppServices } from './app-handlers'
import type { Handlers } from './dispatch'

export interface MainServices extends AppServices {
  /** Optional so callers that do not deal with audio (unit tests) need not build a store. */
  recordings?: RecordingStore
  /** The team hub connection; absent where no hub can be reached (unit tests). */
  sync?: SyncBridge
  /** Export: prints a window and asks where to save in Electron; absent in the harness (the page downloads). */
  pdf?: PdfExporter
  /** Reads import files in a worker: a utility process in Electron, a worker thread in the harness. */
  tables?: TableParser
}

/**
 * Every channel's handler, built from the main-process services. Each slice's handlers live
 * next to their domain (`sync/handlers.ts`, `recordings/handlers.ts`, …); the `Handlers` type
 * makes a channel without a handler a compile error. The Electron app and the browser harness
 * both serve exactly this map.
 */
export function createHandlers(s: MainServices): Handlers {
  return {
    ...appHandlers(s),
    ...syncHandlers(s.sync),
    ...orgHandlers(s.sync),
    ...ioHandlers(s.tables),
    ...exportHandlers(s.pdf),
    ...recordingsHandlers(s.recordings, s.info.runtime)
  }
}
