import { randomUUID } from 'node:crypto'
import pg from 'pg'

/**
 * A new database on the server `url` points at, for one bench run: figures from a database that
 * earlier runs filled (thousands of org units and users) would measure the leftovers.
 */
export async function freshDatabase(url: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  return {
    url: target.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name}`)
      await c.end()
    }
  }
}
