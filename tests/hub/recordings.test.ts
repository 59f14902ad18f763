import { recordingsSuite } from './recordings-suite'
import { folderStorage, s3Storage } from './recordings-storage'

// The same cases on both storages: the data folder (the default) and an S3-compatible bucket (s3rver, in-process).
recordingsSuite('data folder', async () => folderStorage())
recordingsSuite('S3-compatible bucket', s3Storage)
