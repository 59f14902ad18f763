import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { cpus, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { parseTable } from '../../src/main/io/parse-table'
import { generatePublicCrm } from '../fixtures/public-crm'
import { median, round, type Figure } from './figures'

/** CPU ms (user + system) used so far by a process's descendants (not itself), from /proc. */
function childrenCpuMs(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8')
      // Fields after the command (which may hold spaces) start after the last ')'.
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) })
    } catch {
      // The process ended between listing and reading.
    }
  }
  let ticks = 0
  const stack = [rootPid]
  const seen = new Set<number>()
  while (stack.length) {
    const pid = stack.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    if (pid !== rootPid) ticks += stats.get(pid)?.ticks ?? 0
    for (const [child, s] of stats) if (s.ppid === pid) stack.push(child)
  }
  return (ticks * 1000) / 100 // USER_HZ is 100 on Linux
}

/**
 * `import.browser.10k.ms` (issue 17): committing a 10,000-deal CRM history in the browser, into
 * real IndexedDB, through the wizard's own commit path — headless Chromium, the page bundled
 * with esbuild as in the other browser benches. Parsing happens in main in the app, so the
 * tables are parsed here in Node and handed to the page.
 *
 * The figure is the CPU time all of Chromium's processes spend on the commit (page JS, the
 * browser process's IndexedDB backend, LevelDB): what the commit costs, whatever else the shared
 * machine is doing. The wall-clock time is in the note with the machine's load; on an idle
 * machine they are close. Goal ≤ 5 s; median of 3.
 */
export async function benchImportBrowser(runs = 3): Promise<Figure> {
  const root = resolve(__dirname, '../..')
  const crm = generatePublicCrm({ style: 'chinese', rows: 10_000 })
  const files = [crm.files.teams, crm.files.products, crm.files.accounts, crm.files.pipeline]
  const tables = await Promise.all(
    files.map(async (f) => {
      const t = await parseTable(f.name, f.bytes)
      return { headers: t.headers, rows: t.rows, headerRow: t.headerRow }
    })
  )
  const bundle = await build({
    entryPoints: [resolve(__dirname, 'browser/import-browser.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: { '@shared': resolve(root, 'src/shared'), '@renderer': resolve(root, 'src/renderer/src') }
  })
  const js = bundle.outputFiles[0]!.text
  const server = createServer((req, res) => {
    // UTF-8 said out loud: the import rules hold Chinese in their patterns (年/月/日, 万/亿), and a
    // script read as Latin-1 reads every date as invalid.
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js)
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><script src="/bench.js"></script>')
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as { port: number }).port
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  // playwright-core launches Chromium as a child of this process: its descendants are the browser.
  const chromiumCpu = (): number => childrenCpuMs(process.pid)
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${port}/`)
    const cpu: number[] = []
    const wall: number[] = []
    const validate: number[] = []
    const loads: number[] = []
    let last = { deals: 0, ops: 0, progressCalls: 0 }
    for (let i = 0; i < runs; i++) {
      const p = await page.evaluate(([t, n, c]) => window.benchImportPrepare(t, n, c), [tables, i, crm.currency] as const)
      validate.push(p.validateMs)
      const before = chromiumCpu()
      const r = await page.evaluate(() => window.benchImportCommit())
      cpu.push(chromiumCpu() - before)
      wall.push(r.ms)
      loads.push(loadavg()[0]!)
      last = r
    }
    return {
      name: 'import.browser.10k.ms',
      value: round(median(cpu), 0),
      unit: 'ms',
      goal: 5000,
      note:
        `CPU ms of all Chromium processes while ${last.deals} deals commit through the wizard's path into IndexedDB (${last.ops} ops with their rows, one clock record per bulk insert of 500 rows, one transaction, ${last.progressCalls} progress reports); ` +
        `wall-clock median ${round(median(wall), 0)} ms at load average ${round(median(loads), 1)} on ${cpus().length} cores; checking the file first ${round(median(validate), 0)} ms; median of ${runs} (CPU ${cpu.map((x) => round(x, 0)).join(', ')})`
    }
  } finally {
    await browser.close()
    server.close()
  }
}
