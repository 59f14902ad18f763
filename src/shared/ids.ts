import { v7 } from 'uuid'

/** Time-ordered UUIDv7, so ids sort roughly by creation and index well. */
export function newId(): string {
  return v7()
}
