import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { s3Blobs } from '../../src/hub/blobs'
import { hubConfig, s3Config } from '../../src/hub/config'
import { s3Storage } from './recordings-storage'

/** Pointing the hub at S3-compatible storage: all of HUB_S3_* or none, and a wrong one stops the hub at start. */
describe('recordings storage configuration', () => {
  const full = {
    HUB_S3_ENDPOINT: 'http://127.0.0.1:9000',
    HUB_S3_BUCKET: 'cockpit-recordings',
    HUB_S3_ACCESS_KEY: 'hub',
    HUB_S3_SECRET_KEY: 'secret-key'
  }

  it('keeps recordings in the data folder when no HUB_S3_* is set (or set empty)', () => {
    expect(hubConfig([], {}).config.s3).toBeUndefined()
    expect(s3Config({ HUB_S3_ENDPOINT: '', HUB_S3_BUCKET: '' })).toBeUndefined()
  })

  it('uses the bucket when all are set, in us-east-1 unless told otherwise', () => {
    expect(hubConfig([], full).config.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'cockpit-recordings',
      accessKey: 'hub',
      secretKey: 'secret-key',
      region: 'us-east-1'
    })
    expect(s3Config({ ...full, HUB_S3_REGION: 'eu-central-1' })?.region).toBe('eu-central-1')
  })

  it('refuses a half-configured S3, naming what is missing', () => {
    expect(() => hubConfig([], { HUB_S3_ENDPOINT: full.HUB_S3_ENDPOINT, HUB_S3_BUCKET: full.HUB_S3_BUCKET })).toThrow(
      'S3 storage for recordings is half-configured: HUB_S3_ACCESS_KEY, HUB_S3_SECRET_KEY are missing'
    )
    expect(() => s3Config({ ...full, HUB_S3_SECRET_KEY: '' })).toThrow('HUB_S3_SECRET_KEY is missing')
    expect(() => s3Config({ HUB_S3_REGION: 'eu-central-1' })).toThrow('HUB_S3_REGION set without HUB_S3_ENDPOINT')
  })

  it('refuses an endpoint that is not a server URL, and a bucket name S3 would refuse', () => {
    expect(() => s3Config({ ...full, HUB_S3_ENDPOINT: '127.0.0.1:9000' })).toThrow('HUB_S3_ENDPOINT must be an http(s) URL')
    expect(() => s3Config({ ...full, HUB_S3_ENDPOINT: 'http://127.0.0.1:9000/cockpit-recordings' })).toThrow('no path')
    expect(() => s3Config({ ...full, HUB_S3_BUCKET: 'Recordings_2024' })).toThrow('HUB_S3_BUCKET must be')
  })

  describe('at start', () => {
    let storage: Awaited<ReturnType<typeof s3Storage>>
    beforeAll(async () => {
      storage = await s3Storage()
    })
    afterAll(async () => storage?.close())

    it('starts on a bucket that exists, and stops with the reason on one that does not', async () => {
      await expect(storage.blobs().check()).resolves.toBeUndefined()
      await expect(s3Blobs({ ...storage.config, bucket: 'no-such-bucket' }).check()).rejects.toThrow(
        'there is no bucket no-such-bucket at'
      )
    })
  })
})
