import type { z } from 'zod'
import { MenuCommand } from './app'
import { ParseProgressEvent } from './io'
import { SheetEvent, SyncStatus } from './sync'

/**
 * Events main pushes to the page: event name → zod schema of its payload. Main sends only these
 * shapes (typed by `EventPayload`), the preload forwards only these names, and the renderer's
 * bridge parses each payload before a listener sees it.
 */
export const events = {
  /** A native menu item was chosen (navigation, palette, language, theme). */
  'menu.command': MenuCommand,
  /** The hub connection changed (state, heads, resets). */
  'sync.status': SyncStatus,
  /** Live traffic of a strategy sheet the page opened. */
  'sync.sheet': SheetEvent,
  /** How far main's worker has read an import file. */
  'io.parseProgress': ParseProgressEvent
} as const

export type Events = typeof events
export type EventName = keyof Events
/** What main sends on an event, and what a renderer listener receives once parsed. */
export type EventPayload<E extends EventName> = z.infer<Events[E]>
export const eventNames = Object.keys(events) as EventName[]
