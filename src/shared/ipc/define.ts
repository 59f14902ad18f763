import type { z } from 'zod'

/** One IPC channel: the zod schemas of its request and response. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req
  response: Res
}

export type ContractSlice = Record<string, ChannelSpec>

/**
 * Merge the slices each domain exports into the one contract. Refuses a channel name that two
 * slices both define, so a copy-paste cannot silently shadow a handler.
 */
export function mergeContracts<const S extends ContractSlice[]>(...slices: S): UnionToIntersection<S[number]> {
  const out: ContractSlice = {}
  for (const slice of slices) {
    for (const [name, spec] of Object.entries(slice)) {
      if (name in out) throw new Error(`duplicate IPC channel "${name}"`)
      out[name] = spec
    }
  }
  return out as UnionToIntersection<S[number]>
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

/** What travels back over IPC: errors are values with a code the UI translates. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError }

export interface WireError {
  /** Stable code, also the i18n key under `errors.` (e.g. `import.encoding-unknown`). */
  code: string
  /** Developer-facing detail, logged; never shown untranslated. */
  message: string
  /** Values interpolated into the translated message. */
  params?: Record<string, string | number>
}

/** Thrown by handlers; turned into a `WireError` at the boundary. */
export class CockpitError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly params?: Record<string, string | number>
  ) {
    super(message)
  }
}
