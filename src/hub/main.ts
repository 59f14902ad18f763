import { loadHubSecret } from './auth'
import { folderBlobs, s3Blobs } from './blobs'
import { databaseNote, hubConfig } from './config'
import { HubError } from './errors'
import { buildHub } from './server'
import { openStore } from './store'

/**
 * `npm run hub [-- --port 4780 --data ./hub-data]`: the team hub on loopback. PGlite in the
 * data folder by default; `DATABASE_URL` switches to PostgreSQL; `REDIS_URL` shares live pokes
 * with the other instances behind the same load balancer; `HUB_S3_*` keeps recording files in an
 * S3-compatible bucket they all share (see README.md).
 */
async function main(): Promise<void> {
  const { config } = hubConfig(process.argv.slice(2), process.env)
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  const secret = loadHubSecret(config.dataDir, config.secretHex)
  const blobs = config.s3 ? s3Blobs(config.s3) : folderBlobs(config.dataDir)
  // A wrong endpoint, key or bucket stops the hub here, not on someone's first upload.
  await blobs.check()
  const hub = await buildHub({ store, secret, logger: { level: config.logLevel }, redisUrl: config.redisUrl, dataDir: config.dataDir, blobs, trustProxy: config.trustProxy })
  // Loopback only: exposing the hub is a deployment decision (a TLS proxy in front), not a default.
  await hub.app.listen({ host: '127.0.0.1', port: config.port })
  hub.app.log.info(databaseNote(store.engine, config.dataDir))
  const stop = async (): Promise<void> => {
    await hub.app.close()
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

void main().catch((e: unknown) => {
  // A refusal in words (the data folder held by another process, a bad setting); anything else with its stack.
  console.error(e instanceof HubError ? `${e.code}: ${e.message}` : e)
  process.exit(1)
})
