import { setup, teardown } from '../setup/services'

/**
 * The servers the hub benches compare against, as the test suites get them (tests/setup/services.ts):
 * `DATABASE_URL` / `REDIS_URL_TEST` when the caller set them, else a throwaway PostgreSQL and Redis
 * on loopback for this run, stopped when the bench process exits. So `npm run bench` measures the
 * embedded PGlite default and PostgreSQL side by side on any machine that has PostgreSQL installed.
 */
let started: Promise<void> | undefined

export async function benchServices(): Promise<{ databaseUrl?: string; redisUrl?: string }> {
  started ??= setup().then(() => {
    process.once('exit', teardown)
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))
  })
  await started
  return { databaseUrl: process.env.DATABASE_URL || undefined, redisUrl: process.env.REDIS_URL_TEST || undefined }
}
