import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { lockDataFolder } from './data-lock'
import { migrate } from './schema'

/**
 * The hub's storage seam: plain SQL with `$n` parameters, run on PGlite (embedded, one data
 * folder) or on PostgreSQL (`DATABASE_URL`). Both speak the same dialect, so every query is
 * written once; tests run the same suite on both.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
}

export interface HubStore extends Sql {
  readonly engine: 'pglite' | 'postgres'
  /**
   * Calls `onChange` when org units or users change (the `cockpit_org` notification), delivered
   * before the changing statement's promise settles. Only PGlite offers it: there every writer
   * shares this process, so caches need no per-request version check.
   */
  watchOrg?(onChange: () => void): Promise<void>
  /** Runs `fn` in one transaction; retried when PostgreSQL reports a deadlock or serialization failure. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  /**
   * Runs `fn`, which reads and then writes everything in its last statement (a push). On
   * PostgreSQL that statement is its own transaction, so no BEGIN/COMMIT round trips and no lock
   * held across the network; `fn` runs again from its reads on the same errors `transaction`
   * retries. On PGlite it is a transaction: there they queue, and a push stays serialised.
   */
  singleWrite<T>(fn: (db: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * PGlite runs PostgreSQL single-user, without the autovacuum worker, so nothing ever ANALYZEs:
 * the planner keeps guessing a few hundred rows per stream and plans a pull page as "fetch
 * every op after the cursor, then sort" instead of walking the (stream, seq) key. Each page then
 * costs the whole rest of the stream: a first pull of 260k ops took 20-66 s instead of 5 s.
 * So the store does autovacuum's analyze part itself: a table that grew by a fifth (and at
 * least 64 kB) since its last ANALYZE is analyzed again. Checked at open, then at most once a
 * second after statements run, between them (PGlite queues everything on one connection).
 * Measured on the 267k-op bench log: the check is a ~3 ms catalog read; ANALYZE op_log takes
 * ~270 ms (it samples, so it stays bounded as the log grows) and comes once per fifth of growth.
 */
const ANALYZE_CHECK_MS = 1_000
const GROWN_TABLES = `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r'
    AND pg_relation_size(c.oid) > (greatest(c.relpages, 0) * 1.2 + 8) * current_setting('block_size')::bigint`

export async function openPglite(dataDir: string | undefined): Promise<HubStore> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // One process per folder (data-lock.ts): refused here, before PGlite reads anything.
  const lock = dataDir ? lockDataFolder(dataDir) : undefined
  let db: PGlite
  try {
    db = await PGlite.create(dataDir)
  } catch (e) {
    lock?.release()
    throw e
  }
  const analyzeGrown = async (): Promise<void> => {
    for (const { name } of (await db.query<{ name: string }>(GROWN_TABLES)).rows) await db.query(`ANALYZE ${name}`)
  }
  // No check while opening: the migration's statements are followed by one below.
  let checkedAt = Number.POSITIVE_INFINITY
  let checking: Promise<void> | undefined
  let closed = false
  const afterStatements = (): void => {
    if (closed || checking || performance.now() - checkedAt < ANALYZE_CHECK_MS) return
    checkedAt = performance.now()
    // Statistics only steer plans: a failed check leaves the old ones, the next check retries.
    checking = analyzeGrown()
      .catch(() => undefined)
      .finally(() => {
        checking = undefined
      })
  }
  const store: HubStore = {
    engine: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      try {
        return (await db.query<T>(text, params)).rows
      } finally {
        afterStatements()
      }
    },
    // PGlite is one connection and queues transactions behind a mutex, so they never interleave.
    transaction: async <T>(fn: (tx: Sql) => Promise<T>) => {
      try {
        return await db.transaction(async (tx) => fn({ query: async <R>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows }))
      } finally {
        afterStatements()
      }
    },
    singleWrite: <T>(fn: (db: Sql) => Promise<T>) => store.transaction(fn),
    watchOrg: async (onChange) => {
      await db.listen('cockpit_org', onChange)
    },
    close: async () => {
      closed = true
      await checking
      try {
        await db.close()
      } finally {
        lock?.release()
      }
    }
  }
  try {
    await migrate(store)
    // A hub folder written before this check may never have been analyzed.
    await analyzeGrown()
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
  checkedAt = performance.now()
  return store
}

// Deadlock, serialization failure, and a unique violation from a concurrent batch carrying the
// same op: a retry sees the other batch committed and counts the op as a duplicate.
const RETRYABLE = new Set(['40P01', '40001', '23505'])
/** A push that lost a race for a cell re-reads and runs again; ten lost races in a row would be a hot spot, not bad luck. */
const SINGLE_WRITE_ATTEMPTS = 10

/**
 * Every query is a named prepared statement: the hub runs a handful of texts millions of times,
 * so each connection parses and plans them once. The name is derived from the text; DDL and
 * other parameterless statements stay unnamed.
 */
const statementNames = new Map<string, string>()
function statementName(text: string): string {
  let name = statementNames.get(text)
  if (!name) {
    name = 'h' + createHash('sha1').update(text).digest('hex').slice(0, 20)
    statementNames.set(text, name)
  }
  return name
}

/** Kept well below records.ts CONFLICT_SETTLE_MS (120 s). */
const STATEMENT_TIMEOUT_MS = 60_000

/** Connections per hub instance; `HUB_PG_POOL` overrides it (several instances share one server's max_connections). */
const DEFAULT_POOL = 16

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<HubStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? (Number(process.env.HUB_PG_POOL) || DEFAULT_POOL),
    // No statement runs longer than this: the conflict inbox's settle window (records.ts
    // CONFLICT_SETTLE_MS) relies on a push having committed or failed by then.
    statement_timeout: STATEMENT_TIMEOUT_MS
  })
  // int8 columns (sequence numbers) come back as strings by default; they stay far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')
  }
  const store: HubStore = {
    engine: 'postgres',
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query({ name: params.length ? statementName(text) : undefined, text, values: params, types })).rows as T[]
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          const result = await fn({ query: async <R>(text: string, params: unknown[] = []) => (await client.query({ name: params.length ? statementName(text) : undefined, text, values: params, types })).rows as R[] })
          await client.query('COMMIT')
          return result
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined)
          const code = (e as { code?: string }).code
          if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue
          throw e
        } finally {
          client.release()
        }
      }
    },
    async singleWrite<T>(fn: (db: Sql) => Promise<T>) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await fn(store)
        } catch (e) {
          const code = (e as { code?: string }).code
          if (attempt < SINGLE_WRITE_ATTEMPTS && code !== undefined && RETRYABLE.has(code)) {
            // Pushes racing for one cell: a short random pause lets one of them win outright.
            if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
            continue
          }
          throw e
        }
      }
    },
    close: () => pool.end()
  }
  await migrate(store)
  return store
}

/** PostgreSQL when `DATABASE_URL` is set, otherwise PGlite in the data folder. */
export function openStore(env: { databaseUrl?: string; dataDir?: string }): Promise<HubStore> {
  return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite(env.dataDir ? `${env.dataDir}/db` : undefined)
}
