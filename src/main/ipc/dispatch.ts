import { contract, CockpitError, type Channel, type Envelope, type EventName, type EventPayload, type RequestOf, type ResponseOf } from '../../shared/ipc'

/**
 * The page that made a call, for the few handlers that answer to it rather than to the app:
 * printing the window that asked, sending a strategy sheet's live updates back to it.
 */
export interface CallSender {
  /** Stable while the page lives (Electron's webContents id). */
  id: number
  send<E extends EventName>(event: E, payload: EventPayload<E>): void
  isDestroyed(): boolean
  /** Electron's WebContents; absent in the harness, which has no window in main. */
  contents?: unknown
}

export interface CallContext {
  sender?: CallSender
}

/** A handler receives a request already parsed by its zod schema, and who sent it. */
export type Handlers = { [C in Channel]: (request: RequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>> | ResponseOf<C> }

export interface DispatchLogger {
  error(message: string, context?: Record<string, unknown>): void
}

/**
 * The boundary every call from the page passes, in Electron and in the browser harness alike:
 * unknown channel → refused; request not matching its schema → `ipc.invalid-request` naming
 * the field; handler errors → their code; anything unexpected → `ipc.internal`, logged.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  raw: unknown,
  log?: DispatchLogger,
  ctx: CallContext = {}
): Promise<Envelope<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(contract, channel)) {
    return { ok: false, error: { code: 'ipc.unknown-channel', message: `unknown channel ${channel.slice(0, 80)}` } }
  }
  const spec = contract[channel as Channel]
  const parsed = spec.request.safeParse(raw ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || '(request)'
    return {
      ok: false,
      error: { code: 'ipc.invalid-request', message: `${channel}: ${field}: ${issue?.message ?? 'invalid'}`, params: { field } }
    }
  }
  try {
    const handler = handlers[channel as Channel] as (r: unknown, c: CallContext) => Promise<unknown>
    const value = await handler(parsed.data, ctx)
    return { ok: true, value }
  } catch (e) {
    if (e instanceof CockpitError) {
      return { ok: false, error: { code: e.code, message: e.message, params: e.params } }
    }
    log?.error('ipc handler failed', { channel, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    return { ok: false, error: { code: 'ipc.internal', message: e instanceof Error ? e.message : String(e) } }
  }
}
