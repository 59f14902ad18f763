import type { CockpitApi } from '../../../preload/api'
import { events, type Channel, type RequestOf, type ResponseOf, type EventName, type EventPayload, type WireError } from '@shared/ipc'

/**
 * The only door to main. Feature code calls `bridge.invoke(channel, request)` and gets the
 * value, or a `BridgeError` whose `code` is an i18n key under `errors.`.
 */
export class BridgeError extends Error {
  readonly code: string
  readonly params?: Record<string, string | number>
  constructor(error: WireError) {
    super(error.message)
    this.code = error.code
    this.params = error.params
  }
}

let api: CockpitApi | undefined

/** Tests (and Storybook-like harnesses) install a fake; the app uses window.cockpit. */
export function setBridgeApi(next: CockpitApi | undefined): void {
  api = next
}

function current(): CockpitApi {
  const a = api ?? (typeof window !== 'undefined' ? window.cockpit : undefined)
  if (!a) throw new BridgeError({ code: 'ipc.unavailable', message: 'window.cockpit is not available' })
  return a
}

export const bridge = {
  async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const envelope = await current().invoke(channel, request)
    if (!envelope.ok) throw new BridgeError(envelope.error)
    return envelope.value
  },
  /** Listen to an event from main; a payload that does not match its schema is dropped. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const schema = events[event]
    return current().on(event, (payload: unknown) => {
      const parsed = schema.safeParse(payload)
      if (parsed.success) listener(parsed.data as EventPayload<E>)
    })
  },
  /** Where main can read a dropped or chosen file from (null: it has no path; send its bytes). */
  pathForFile(file: File): Promise<string | null> {
    return current().pathForFile?.(file) ?? Promise.resolve(null)
  },
  get available(): boolean {
    return Boolean(api ?? (typeof window !== 'undefined' ? window.cockpit : undefined))
  }
}
