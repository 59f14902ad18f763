import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'minio'
import S3rver from 's3rver'
import { folderBlobs, s3Blobs, type BlobStorage, type S3Config } from '../../src/hub/blobs'

/**
 * A recordings storage under test, with a look inside it that does not go through the hub: what
 * the tests check is what a second instance (or an operator) would find there.
 */
export interface StorageUnderTest {
  /** A storage on the same place: another hub instance gets its own object, sharing the bytes. */
  blobs(): BlobStorage
  /** The stored file's bytes, or undefined. */
  file(sha: string): Promise<Buffer | undefined>
  /** Partial uploads (folder: files, S3: part objects) still lying around. */
  partials(): Promise<string[]>
  close(): Promise<void>
}

export function folderStorage(): StorageUnderTest {
  const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-rec-folder-'))
  const root = join(dataDir, 'recordings')
  return {
    blobs: () => folderBlobs(dataDir),
    async file(sha) {
      const path = join(root, sha.slice(0, 2), sha)
      return existsSync(path) ? readFileSync(path) : undefined
    },
    async partials() {
      return existsSync(join(root, '.partial')) ? readdirSync(join(root, '.partial')) : []
    },
    async close() {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** An in-process S3 (s3rver) on loopback with one bucket, in a temporary folder. */
export async function s3Storage(): Promise<StorageUnderTest & { config: S3Config }> {
  const directory = mkdtempSync(join(tmpdir(), 'cockpit-rec-s3-'))
  const bucket = 'recordings-test'
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const { port } = await server.run()
  const config: S3Config = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    region: 'us-east-1'
  }
  const client = new Client({
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    pathStyle: true,
    region: 'us-east-1'
  })
  const names = async (prefix: string): Promise<string[]> => {
    const out: string[] = []
    for await (const item of client.listObjectsV2(bucket, prefix, true)) out.push((item as { name: string }).name)
    return out
  }
  return {
    config,
    blobs: () => s3Blobs(config),
    async file(sha) {
      const key = `recordings/${sha.slice(0, 2)}/${sha}`
      if (!(await names(key)).includes(key)) return undefined
      const parts: Buffer[] = []
      for await (const c of await client.getObject(bucket, key)) parts.push(c as Buffer)
      return Buffer.concat(parts)
    },
    partials: () => names('partial/'),
    async close() {
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    }
  }
}
