import type { OpRefusalCode } from '../shared/hub-api/errors'

/** Every error the hub answers with carries a code the client translates (see STYLE.md §5). */
export class HubError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown
  ) {
    super(message)
  }
}

/** One refused op of a push, by its index in the batch. */
export interface OpRejection {
  index: number
  table?: string
  rowId?: string
  code: OpRefusalCode
  reason: string
  /** `sync.forbidden`: the permission the write needs and who holds it (shared/domain/permissions). */
  permission?: string
  role?: string
  allowed?: readonly string[]
}
