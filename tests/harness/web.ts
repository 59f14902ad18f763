import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startHarness } from './server'

/**
 * `npm run web -- --port 5174 [--data DIR] [--build]`: the cockpit in a browser on this machine,
 * with the real main-process services behind a loopback window.cockpit. Builds first if needed.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..')
  if (!existsSync(join(root, 'out/renderer/index.html')) || process.argv.includes('--build')) {
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  const port = Number(arg('port') ?? 5174)
  const harness = await startHarness({ port, dataDir: arg('data') })
  console.log(`Sales Cockpit harness: ${harness.url}  (data: ${harness.dataDir}; loopback only; Ctrl-C to stop)`)
  const stop = (): void => void harness.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
