import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { S3Config } from './blobs'

/** Command-line flags win over environment variables, which win over defaults. */
export interface HubConfig {
  port: number
  dataDir: string
  databaseUrl?: string
  /** Shares live pokes between hub instances (pub/sub); unset: one instance, pokes stay local. */
  redisUrl?: string
  secretHex?: string
  /** `HUB_S3_*`: recording files in an S3-compatible bucket (shared by every instance) instead of `<dataDir>/recordings`. */
  s3?: S3Config
  /** `HUB_TRUST_PROXY`: addresses of the proxies whose `X-Forwarded-For` names the caller (default loopback). */
  trustProxy?: string[]
  /** `HUB_LOG_LEVEL`: fastify's log level (default `info`: every request is logged). */
  logLevel: string
}

/**
 * How many laptops the embedded PGlite default is sized for within the sync goal (p99 ≤ 250 ms
 * with each laptop saving every 5 s on average and pulling after every save and poke), checked
 * by `npm run bench` (`hub.load.50clients.pglite.p99.ms` in bench/results.json). Said in the
 * hub's start-up log and the README, so a team knows when to switch to PostgreSQL.
 */
export const PGLITE_LAPTOPS = 50

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

const S3_REQUIRED = ['HUB_S3_ENDPOINT', 'HUB_S3_BUCKET', 'HUB_S3_ACCESS_KEY', 'HUB_S3_SECRET_KEY'] as const

const S3Env = z.object({
  HUB_S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'HUB_S3_ENDPOINT must be an http(s) URL such as http://127.0.0.1:9000' })
    .refine((u) => !URL.canParse(u) || (['', '/'].includes(new URL(u).pathname) && !new URL(u).search), 'HUB_S3_ENDPOINT is the server only (no path): the bucket goes in HUB_S3_BUCKET'),
  // S3's bucket naming rules, so a typo is caught at start and not on the first upload.
  HUB_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'HUB_S3_BUCKET must be 3-63 lowercase letters, digits, dots or hyphens'),
  HUB_S3_ACCESS_KEY: z.string().min(1),
  HUB_S3_SECRET_KEY: z.string().min(1),
  HUB_S3_REGION: z.string().regex(/^[a-z0-9-]{2,32}$/, 'HUB_S3_REGION looks like us-east-1').default('us-east-1')
})

/** None of `HUB_S3_*` set: recordings stay in the data folder. Some but not all: refuse to start, naming what is missing. */
export function s3Config(env: NodeJS.ProcessEnv): S3Config | undefined {
  // An empty variable counts as unset, as for DATABASE_URL: `HUB_S3_BUCKET=` in a unit file means "none".
  const given = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('HUB_S3_') && v !== undefined && v !== ''))
  if (S3_REQUIRED.every((k) => !(k in given))) {
    if (Object.keys(given).length > 0) throw new Error(`${Object.keys(given).join(', ')} set without ${S3_REQUIRED.join(', ')}: set all of them for S3 storage, or none`)
    return undefined
  }
  const missing = S3_REQUIRED.filter((k) => !(k in given))
  if (missing.length > 0) {
    throw new Error(`S3 storage for recordings is half-configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (set all of ${S3_REQUIRED.join(', ')}, or none to keep recordings in the data folder)`)
  }
  const parsed = S3Env.safeParse(given)
  if (!parsed.success) throw new Error(`S3 storage for recordings: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
  const e = parsed.data
  return { endpoint: e.HUB_S3_ENDPOINT, bucket: e.HUB_S3_BUCKET, accessKey: e.HUB_S3_ACCESS_KEY, secretKey: e.HUB_S3_SECRET_KEY, region: e.HUB_S3_REGION }
}

export function hubConfig(argv: string[], env: NodeJS.ProcessEnv): { config: HubConfig; rest: string[]; flags: Record<string, string | undefined> } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    // Every flag takes a value; undeclared ones would be parsed as booleans and lose their value.
    strict: true,
    options: Object.fromEntries(['port', 'data', 'name', 'kind', 'parent', 'email', 'role', 'org'].map((f) => [f, { type: 'string' as const }]))
  })
  const flags = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]))
  const port = Number(flags.port ?? env.HUB_PORT ?? 4780)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid port ${String(flags.port ?? env.HUB_PORT)}`)
  return {
    config: {
      port,
      dataDir: flags.data ?? env.HUB_DATA ?? join(homedir(), '.sales-cockpit-hub'),
      databaseUrl: env.DATABASE_URL || undefined,
      redisUrl: env.REDIS_URL || undefined,
      secretHex: env.HUB_SECRET || undefined,
      trustProxy: env.HUB_TRUST_PROXY ? env.HUB_TRUST_PROXY.split(',').map((a) => a.trim()).filter(Boolean) : undefined,
      s3: s3Config(env),
      logLevel: logLevel(env.HUB_LOG_LEVEL)
    },
    rest: positionals,
    flags
  }
}

function logLevel(value: string | undefined): string {
  if (!value) return 'info'
  if (!LOG_LEVELS.includes(value)) throw new Error(`HUB_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)
  return value
}

/** What the start-up log says about the database: how far the embedded default goes, and how to switch. */
export function databaseNote(engine: 'pglite' | 'postgres', dataDir: string): string {
  if (engine === 'postgres') return 'database: PostgreSQL (DATABASE_URL); more hub instances can share it behind a load balancer, with REDIS_URL for live pokes (docs/scaling.md)'
  return (
    `database: embedded PGlite in ${dataDir}/db — sized for up to ${PGLITE_LAPTOPS} laptops syncing at once (p99 ≤ 250 ms, see the README's performance table); ` +
    `for a larger team, or to run more than one hub instance, switch to PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db and restart`
  )
}
