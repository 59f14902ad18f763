import { moveLegacyMarks } from './legacy-marks'
import type { Sql } from './store'

/**
 * The hub's tables. Steps are append-only: a released step is never edited, a change is a new
 * step, so every hub upgrades the same way whatever version it starts from.
 */
/** A step: statements, or a list of statements and data migrations written in TypeScript. */
type Step = string | (string | ((tx: Sql) => Promise<void>))[]

const steps: Step[] = [
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
  `,
  // Step 2 is a list of whole statements: a plpgsql body holds semicolons, so it cannot be split.
  [
    // Bumped by any change to org units or users, so a hub instance can cache scopes and the
    // org tree and still see a change made by the admin tool or another instance at once.
    'CREATE TABLE org_version (v bigint NOT NULL)',
    'INSERT INTO org_version (v) VALUES (1)',
    `CREATE FUNCTION bump_org_version() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN UPDATE org_version SET v = v + 1; PERFORM pg_notify('cockpit_org', ''); RETURN NULL; END $$`,
    'CREATE TRIGGER org_units_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_units FOR EACH STATEMENT EXECUTE FUNCTION bump_org_version()',
    'CREATE TRIGGER users_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_org_version()',
    // Recording files the hub holds, by content hash; the bytes live in the data folder.
    'CREATE TABLE blobs (sha256 text PRIMARY KEY, size bigint NOT NULL, stored_at bigint NOT NULL)',
    // Finds which recording rows name a file, for the per-region download check.
    "CREATE INDEX cells_recording_sha ON cells ((value #>> '{}')) WHERE tbl = 'recordings' AND field = 'sha256'"
  ],
  [
    // Proof of possession: a region may download a file only once someone in it uploaded the
    // bytes (or was served them through a region that held them). Knowing a hash is not enough.
    'CREATE TABLE region_blobs (sha256 text NOT NULL, region text NOT NULL, PRIMARY KEY (sha256, region))',
    // Files stored before this step stay with the regions whose recordings named them then.
    `INSERT INTO region_blobs (sha256, region)
     SELECT DISTINCT b.sha256, r.stream FROM blobs b
     JOIN cells c ON c.tbl = 'recordings' AND c.field = 'sha256' AND (c.value #>> '{}') = b.sha256
     JOIN row_streams r ON r.tbl = 'recordings' AND r.row_id = c.row_id
     ON CONFLICT DO NOTHING`
  ],
  [
    // A push's write statement asserts that it wrote every cell over the version it read; when
    // a concurrent push got there first, this fails the statement as a serialization failure
    // (40001), which the store retries from the push's reads.
    `CREATE FUNCTION hub_retry_unless(ok boolean) RETURNS boolean LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT ok THEN RAISE EXCEPTION 'a cell changed under this push' USING ERRCODE = '40001'; END IF;
       RETURN true;
     END $$`
  ],
  [
    // A pull page names its stream's newest conflict, so a laptop asks for the inbox when there
    // is something new rather than on every round.
    'CREATE INDEX conflicts_stream_id ON conflicts (stream, id)'
  ],
  [
    // Roles v2: the one `manager` role becomes the region's manager on a region and the team
    // lead on a team (shared/model/user.ts migrateRole); the same for people laptops pushed.
    `UPDATE users u SET role = CASE WHEN o.kind = 'region' THEN 'regional_manager' ELSE 'team_lead' END
     FROM org_units o WHERE o.id = u.org_unit_id AND u.role = 'manager'`,
    `UPDATE cells c SET value = CASE WHEN EXISTS (
        SELECT 1 FROM cells unit JOIN org_units o ON o.id = unit.value #>> '{}'
        WHERE unit.tbl = 'users' AND unit.row_id = c.row_id AND unit.field = 'orgUnitId' AND o.kind = 'region'
      ) THEN '"regional_manager"'::jsonb ELSE '"team_lead"'::jsonb END
     WHERE c.tbl = 'users' AND c.field = 'role' AND c.value = '"manager"'::jsonb`,
    // "What this laptop had seen" of each field an op changed (shared/sync/op.ts `seen`), so an
    // edit made after seeing the other side's is an edit, not a conflict; pulls carry it on.
    'ALTER TABLE op_log ADD COLUMN seen jsonb'
  ],
  [
    // A row moved to another region takes its dependents along, and the new region's stream
    // gets their current values as copies of ops (`moved`): an op is unique among the originals,
    // while its copies may sit in other streams too.
    'ALTER TABLE op_log ADD COLUMN moved boolean NOT NULL DEFAULT false',
    'ALTER TABLE op_log DROP CONSTRAINT op_log_tbl_row_id_hlc_key',
    'CREATE UNIQUE INDEX op_log_op ON op_log (tbl, row_id, hlc) WHERE NOT moved',
    // Finds the rows hanging off a moved row (records.ts carryDependents names the same fields).
    "CREATE INDEX cells_parent ON cells (tbl, field, value) WHERE field IN ('customerId', 'dealId', 'activityId', 'recordingId', 'targetId', 'orgUnitId', 'parentId', 'scopeId')",
    // Tokens signed before this time are refused: set when the password changes, so a new
    // password ends every session of the old one (auth.ts `iat`).
    'ALTER TABLE users ADD COLUMN tokens_after bigint NOT NULL DEFAULT 0'
  ],
  [
    // Library marks, task completions and comment edits become kinds of their own (issue 16):
    // their placing fields join the ones a moved row's dependents are found by (records.ts
    // PARENT_FIELDS_SQL), and the marks stored as comments move into them (legacy-marks.ts).
    'DROP INDEX cells_parent',
    "CREATE INDEX cells_parent ON cells (tbl, field, value) WHERE field IN ('customerId', 'dealId', 'activityId', 'recordingId', 'targetId', 'orgUnitId', 'parentId', 'scopeId', 'taskId', 'commentId')",
    moveLegacyMarks
  ]
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
      const step = steps[version]!
      const stmts = Array.isArray(step) ? step : step.split(';').map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, '').trim())
      for (const stmt of stmts) {
        if (typeof stmt === 'function') await stmt(tx)
        else await tx.query(stmt)
      }
      await tx.query('UPDATE hub_schema SET version = $1', [version + 1])
    }
  })
}
