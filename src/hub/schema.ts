import type { Sql } from './store'

/**
 * The hub's tables. Steps are append-only: a released step is never edited, a change is a new
 * step, so every hub upgrades the same way whatever version it starts from.
 */
const steps: string[] = [
  `
  CREATE TABLE org_units (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('region', 'team')),
    name text NOT NULL,
    parent_id text REFERENCES org_units(id),
    created_at bigint NOT NULL
  );
  CREATE TABLE users (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    role text NOT NULL,
    org_unit_id text NOT NULL REFERENCES org_units(id),
    password_hash text,
    invite_hash text,
    invite_expires_at bigint,
    active boolean NOT NULL DEFAULT true,
    created_at bigint NOT NULL
  );
  -- One row per region stream, locked by UPDATE in the pushing transaction: sequence numbers
  -- are handed out in commit order, which a bare SEQUENCE does not guarantee.
  CREATE TABLE stream_counters (
    stream text PRIMARY KEY,
    seq bigint NOT NULL DEFAULT 0
  );
  CREATE TABLE op_log (
    stream text NOT NULL,
    seq bigint NOT NULL,
    tbl text NOT NULL,
    row_id text NOT NULL,
    hlc text NOT NULL,
    schema_version integer NOT NULL,
    fields jsonb NOT NULL,
    batch_id text NOT NULL,
    user_id text NOT NULL,
    received_at bigint NOT NULL,
    PRIMARY KEY (stream, seq),
    UNIQUE (tbl, row_id, hlc)
  );
  -- Which stream a row lives in, fixed by its first accepted op (or moved by an orgUnitId change).
  CREATE TABLE row_streams (
    tbl text NOT NULL,
    row_id text NOT NULL,
    stream text NOT NULL,
    PRIMARY KEY (tbl, row_id)
  );
  CREATE TABLE cells (
    tbl text NOT NULL,
    row_id text NOT NULL,
    field text NOT NULL,
    value jsonb NOT NULL,
    hlc text NOT NULL,
    PRIMARY KEY (tbl, row_id, field)
  );
  CREATE TABLE conflicts (
    id bigserial PRIMARY KEY,
    stream text NOT NULL,
    tbl text NOT NULL,
    row_id text NOT NULL,
    field text NOT NULL,
    value jsonb NOT NULL,
    hlc text NOT NULL,
    winning_hlc text NOT NULL,
    found_at bigint NOT NULL,
    UNIQUE (tbl, row_id, field, hlc)
  );
  CREATE TABLE batches (
    batch_id text PRIMARY KEY,
    client_id text NOT NULL,
    user_id text NOT NULL,
    result jsonb,
    received_at bigint NOT NULL
  );
  `
]

export async function migrate(db: { query: Sql['query']; transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> }): Promise<void> {
  await db.transaction(async (tx) => {
    // Two hubs starting against one PostgreSQL must not both run a step.
    await tx.query('SELECT pg_advisory_xact_lock(4780)')
    await tx.query('CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)')
    const rows = await tx.query<{ version: number }>('SELECT version FROM hub_schema')
    let version = rows[0]?.version ?? 0
    if (rows.length === 0) await tx.query('INSERT INTO hub_schema (version) VALUES (0)')
    for (; version < steps.length; version++) {
      for (const stmt of steps[version]!.split(';').map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, '').trim())) {
        await tx.query(stmt)
      }
      await tx.query('UPDATE hub_schema SET version = $1', [version + 1])
    }
  })
}
