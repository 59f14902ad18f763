/**
 * Codes of the hub's answers that the laptop acts on (and the page translates under
 * `sync:errors.<code>`). Issue 16 moves the rest of the wire contract next to these.
 */

/** Why one op of a push was refused (`sync.batch-rejected` lists one per refused op). */
export type OpRefusalCode =
  | 'sync.malformed'
  | 'sync.unknown-table'
  | 'sync.unknown-field'
  | 'sync.invalid-field'
  | 'sync.invalid-text'
  | 'sync.future-schema'
  | 'sync.clock-drift'
  | 'sync.unknown-parent'
  | 'sync.out-of-scope'
  | 'sync.forbidden'

/**
 * Answers that refuse a whole push for what it carries (not for who sent it or when): the same
 * body would be refused again, so the laptop splits the batch to find the op that causes it and
 * sends the others (see the bridge's `push`).
 */
export const CONTENT_REFUSALS: ReadonlySet<string> = new Set(['sync.malformed', 'sync.invalid-text', 'sync.body-too-large', 'sync.batch-too-large', 'request.invalid', 'request.too-deep'])
