import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

/** Command-line flags win over environment variables, which win over defaults. */
export interface HubConfig {
  port: number
  dataDir: string
  databaseUrl?: string
  /** Shares live pokes between hub instances (pub/sub); unset: one instance, pokes stay local. */
  redisUrl?: string
  secretHex?: string
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
      secretHex: env.HUB_SECRET || undefined
    },
    rest: positionals,
    flags
  }
}
