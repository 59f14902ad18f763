import { CockpitError, type Channel, type ContractSlice } from '../../shared/ipc'
import type { Handlers } from './dispatch'

/** The handlers of one contract slice (e.g. `typeof syncContract`); `createHandlers` joins them. */
export type SliceHandlers<S extends ContractSlice> = Pick<Handlers, keyof S & Channel>

/**
 * A service a slice's handlers need but a process may lack (unit tests build no recording
 * store, no hub connection): the handler answers with `code` instead of crashing.
 */
export function required<T>(value: T | undefined, code: string, what: string): () => T {
  return () => {
    if (value === undefined) throw new CockpitError(code, `no ${what} in this process`)
    return value
  }
}
