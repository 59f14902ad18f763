import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { median, round, type Figure } from './figures'

/**
 * `dexie.load.ratio`: loading the bench workspace's deals and activities through Dexie vs. a raw
 * IndexedDB getAll of the same rows, in the same headless Chromium run. Goal ≤ 1.3.
 */
export async function benchDexieLoad(runs = 7, factor = 1): Promise<Figure[]> {
  const root = resolve(__dirname, '../..')
  const bundle = await build({
    entryPoints: [resolve(__dirname, 'browser/dexie-load.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    alias: { '@shared': resolve(root, 'src/shared') }
  })
  const js = bundle.outputFiles[0]!.text
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/bench.js"></script>')
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as { port: number }).port
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(factor > 1 ? ['--js-flags=--max-old-space-size=8192'] : [])]
  })
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${port}/`)
    const r = await page.evaluate(([n, f]) => window.benchDexieLoad(n, f), [runs, factor] as const)
    const dexie = median(r.dexie)
    const raw = median(r.raw)
    if (factor > 1)
      return [{ name: `dexie.load.${factor}x.ms`, value: round(dexie, 0), unit: 'ms', goal: 3000 * factor, note: `${r.deals} deals + ${r.activities} activities; raw IndexedDB ${round(raw, 0)} ms; medians of ${runs}` }]
    return [
      { name: 'dexie.load.ratio', value: round(dexie / raw, 2), unit: 'ratio', goal: 1.3, note: `${r.deals} deals + ${r.activities} activities; medians of ${runs}` },
      { name: 'dexie.load.bench.ms', value: round(dexie, 0), unit: 'ms', goal: 3000, note: `raw IndexedDB ${round(raw, 0)} ms` }
    ]
  } finally {
    await browser.close()
    server.close()
  }
}
