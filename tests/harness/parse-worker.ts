import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import {
  isolatedTableParser,
  workerThreadSpawner,
  type TableParser,
  type TableParserOptions
} from '../../src/main/io/table-parser'

/**
 * The file-reading worker for Node (the browser harness, tests, benchmarks): the app builds
 * `src/main/io/parse-worker.ts` with electron-vite for a utility process; here esbuild bundles
 * it once per content into node_modules/.cache, npm packages left to Node's resolver, and
 * worker threads run it.
 */

const root = resolve(__dirname, '../..')
let file: Promise<string> | null = null

export function parseWorkerFile(): Promise<string> {
  file ??= (async () => {
    const out = await build({
      entryPoints: [join(root, 'src/main/io/parse-worker.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent'
    })
    const code = out.outputFiles[0]!.text
    const dir = join(root, 'node_modules/.cache/sales-cockpit')
    const path = join(dir, `parse-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`)
    if (!existsSync(path)) {
      mkdirSync(dir, { recursive: true })
      // Parallel test files may build the same bundle: write aside, then rename into place.
      const tmp = `${path}.${process.pid}.tmp`
      writeFileSync(tmp, code)
      renameSync(tmp, path)
    }
    return path
  })()
  return file
}

/** A table parser on worker threads, as the harness serves it. */
export async function workerTableParser(opts: TableParserOptions = {}): Promise<TableParser> {
  return isolatedTableParser(workerThreadSpawner(await parseWorkerFile()), opts)
}
