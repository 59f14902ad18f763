import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { round, type Figure } from './figures'

/**
 * Gzipped size of the JavaScript the page loads before first paint: the entry script and every
 * module it preloads. Lazy chunks (charts, the audio player, the demo generator) don't count.
 */
export function benchInitialJs(): Figure {
  const dir = resolve(__dirname, '../../out/renderer')
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const srcs = new Set<string>()
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) srcs.add(m[1]!)
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) srcs.add(m[1]!)
  let bytes = 0
  for (const src of srcs) bytes += gzipSync(readFileSync(join(dir, src.replace(/^\.?\//, '')))).length
  return { name: 'renderer.initialJs.gzKB', value: round(bytes / 1024, 0), unit: 'KB', goal: 1500, note: `${srcs.size} file(s)` }
}
