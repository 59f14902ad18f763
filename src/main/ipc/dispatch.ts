import { contract, CockpitError, type Channel, type Envelope, type RequestOf, type ResponseOf } from '../../shared/ipc'

/** A handler receives a request already parsed by its zod schema. */
export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> }

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
  log?: DispatchLogger
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
    const handler = handlers[channel as Channel] as (r: unknown) => Promise<unknown>
    const value = await handler(parsed.data)
    return { ok: true, value }
  } catch (e) {
    if (e instanceof CockpitError) {
      return { ok: false, error: { code: e.code, message: e.message, params: e.params } }
    }
    log?.error('ipc handler failed', { channel, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    return { ok: false, error: { code: 'ipc.internal', message: e instanceof Error ? e.message : String(e) } }
  }
}
