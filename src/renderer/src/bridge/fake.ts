import type { CockpitApi } from '../../../preload/api'
import type { Channel, Envelope, RequestOf, ResponseOf } from '@shared/ipc'

type FakeHandlers = Partial<{ [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> }>

/**
 * A `window.cockpit` for component tests: give it the handlers a test needs (often the real
 * main-process functions, which run fine under Node). Errors thrown with a `code` come back
 * as error envelopes, like the real boundary.
 */
export function createFakeCockpit(handlers: FakeHandlers): CockpitApi & { emit(event: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  return {
    async invoke(channel, request) {
      const h = handlers[channel] as ((r: unknown) => unknown) | undefined
      if (!h) return { ok: false, error: { code: 'ipc.unknown-channel', message: channel } } as Envelope<never>
      try {
        return { ok: true, value: await h(request) } as Envelope<never>
      } catch (e) {
        const err = e as { code?: string; message?: string; params?: Record<string, string | number> }
        return { ok: false, error: { code: err.code ?? 'ipc.internal', message: err.message ?? String(e), params: err.params } }
      }
    },
    // `emit` plays the wire: the payload is whatever a test sends, checked by the bridge like main's.
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const l = listener as (p: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
    // Component tests import by bytes, as a file dragged out of a browser would be.
    pathForFile: () => Promise.resolve(null),
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload)
    }
  }
}
