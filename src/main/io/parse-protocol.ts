import { z } from 'zod'
import { ImportWarning, ParsedTable, ParseProgress } from '../../shared/ipc/io'
import type { ImportLimits } from './limits'

/**
 * What main and the worker reading a file say to each other. Main sends one request; the
 * worker answers with progress, then the table or a coded error, and is then stopped. Main
 * checks every answer's shape: the worker just read a hostile file, so main trusts nothing
 * it says beyond the shape.
 */

export interface ParseRequest {
  kind: 'parse'
  fileName: string
  data: Uint8Array
  sheet?: string
  limits?: ImportLimits
}

const Small = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('progress'), progress: ParseProgress }),
  z.object({ kind: z.literal('done'), table: ParsedTable }),
  z.object({
    kind: z.literal('failed'),
    error: z.object({
      code: z.string().max(100),
      message: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
    })
  })
])
export type WorkerReply = z.infer<typeof Small>

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === 'string')

/**
 * The reply, or null when it is not one. zod checks everything but the grid; the grid (a
 * 9,000-row file is 180,000 cells, which zod takes ~300 ms of main's time to walk) is
 * checked by plain loops, as are the row warnings, which can be one per row.
 */
export function readReply(message: unknown): WorkerReply | null {
  if (message && typeof message === 'object' && (message as { kind?: unknown }).kind === 'done') {
    const table = (message as { table?: unknown }).table
    if (!table || typeof table !== 'object') return null
    const { rows, headers, rowNumbers, rowWarnings, ...rest } = table as Record<string, unknown>
    if (!Array.isArray(rows) || !rows.every(isStrings) || !isStrings(headers)) return null
    if (rowNumbers !== undefined && !(Array.isArray(rowNumbers) && rowNumbers.every((n) => Number.isInteger(n)))) return null
    if (rowWarnings !== undefined && !(Array.isArray(rowWarnings) && rowWarnings.every(isRowWarning))) return null
    const head = Small.safeParse({ kind: 'done', table: { ...rest, rows: [], headers: [] } })
    if (!head.success || head.data.kind !== 'done') return null
    const out: ParsedTable = { ...head.data.table, rows, headers }
    if (rowNumbers !== undefined) out.rowNumbers = rowNumbers as number[]
    if (rowWarnings !== undefined) out.rowWarnings = rowWarnings as ParsedTable['rowWarnings']
    return { kind: 'done', table: out }
  }
  const r = Small.safeParse(message)
  return r.success ? r.data : null
}

function isRowWarning(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false
  const w = v as { row?: unknown }
  return Number.isInteger(w.row) && (w.row as number) >= 0 && ImportWarning.safeParse(v).success
}
