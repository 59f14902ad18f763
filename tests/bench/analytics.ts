import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { median, round, type Figure } from './figures'
import { bundle, traced } from './ui'
import { AUDIENCES } from '../../src/renderer/src/features/analytics/saved-view'

/**
 * `analytics.dashboard.bench.ms` (issue #18): each audience's analytics view on the bench
 * workspace in headless Chromium, data ready → painted (figures, tables and charts drawn), as
 * main-thread CPU of the span from a Chromium trace (tests/bench/ui.ts); the figure is the
 * slowest audience's median, the others are in the note.
 */
const root = resolve(__dirname, '../..')

export async function benchAnalytics(runs = 5): Promise<Figure> {
  const { js, css } = await bundle(!process.env.BENCH_ANALYTICS_PROFILE, 'browser/analytics-bench.tsx')
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
    else if (req.url === '/bench.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css)
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="/bench.css"></head><body><script src="/bench.js"></script></body></html>')
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as { port: number }).port
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    // The bundle generates the bench workspace on load: give a loaded machine time.
    await page.goto(`http://127.0.0.1:${port}/`, { timeout: 300_000 })
    const ready = await page.evaluate(() => window.benchAnalyticsReady).catch((e: unknown) => {
      throw new Error(`bench page failed: ${String(e)} ${errors.join(' | ')}`)
    })
    const verbose = process.argv.includes('--verbose')
    if (verbose) console.log(`\n  ready: ${JSON.stringify(ready)}`)
    const profile = process.env.BENCH_ANALYTICS_PROFILE
    if (profile) {
      // Where the time goes for one audience (unminified bundle with BENCH_ANALYTICS_PROFILE=<audience>).
      await page.evaluate((a) => window.benchAnalyticsRender(a, 1), profile)
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
      await page.evaluate((a) => window.benchAnalyticsRender(a, 3), profile)
      const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as {
        profile: { nodes: { id: number; children?: number[]; callFrame: { functionName: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] }
      }
      const byId = new Map(p.nodes.map((n) => [n.id, n]))
      const parent = new Map<number, number>()
      for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
      const self = new Map<string, number>()
      const incl = new Map<string, number>()
      p.samples.forEach((id, i) => {
        const dt = (p.timeDeltas[i] ?? 0) / 1000
        const f = byId.get(id)!.callFrame
        self.set(`${f.functionName || '(anon)'}:${f.lineNumber + 1}`, (self.get(`${f.functionName || '(anon)'}:${f.lineNumber + 1}`) ?? 0) + dt)
        const seen = new Set<string>()
        for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
          const cf = byId.get(n)!.callFrame
          if (!/^[A-Z]|^(use|visit|conversion|funnel|outcomes|loss|scoped|deals|complet|monthly|detect|channel|pipeline|change|actuals|rank|rep|format)/.test(cf.functionName)) continue
          const k = `${cf.functionName}:${cf.lineNumber + 1}`
          if (seen.has(k)) continue
          seen.add(k)
          incl.set(k, (incl.get(k) ?? 0) + dt)
        }
      })
      for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  self ${round(v).toString().padStart(8)}  ${k}`)
      for (const [k, v] of [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  incl ${round(v).toString().padStart(8)}  ${k}`)
      return { name: 'analytics.profile', value: 0, unit: 'ms', goal: 0 }
    }
    const per: { audience: string; cpu: number; wall: number }[] = []
    const only = process.env.BENCH_AUDIENCES?.split(',')
    for (const audience of AUDIENCES.filter((a) => !only || only.includes(a))) {
      // One unmeasured run warms the code paths and ECharts, as a second visit would find them.
      await page.evaluate((a) => window.benchAnalyticsRender(a, 1), audience)
      const r = await traced(browser, page, () => page.evaluate(([a, n]) => window.benchAnalyticsRender(a as string, n as number), [audience, runs] as const)).catch(
        async (e: unknown) => {
          mkdirSync(join(root, '.tmp/bench-ui'), { recursive: true })
          await page.screenshot({ path: join(root, `.tmp/bench-ui/analytics-${audience}.png`) })
          throw new Error(`${String(e)} ${errors.join(' | ')}`)
        }
      )
      const spans = r.spans.get(`analytics-${audience}`) ?? []
      per.push({ audience, cpu: median(spans.map((s) => s.cpu)), wall: median(spans.map((s) => s.wall)) })
      if (verbose) console.log(`  ${audience}: cpu ${spans.map((s) => round(s.cpu)).join(', ')}; wall ${spans.map((s) => round(s.wall)).join(', ')}`)
    }
    if (errors.length) throw new Error(`bench page errors: ${errors.join(' | ')}`)
    const worst = per.reduce((a, b) => (b.cpu > a.cpu ? b : a))
    return {
      name: 'analytics.dashboard.bench.ms',
      value: round(worst.cpu),
      unit: 'ms',
      goal: 300,
      note: `slowest audience (${worst.audience}) of 7, ${ready.deals} deals + ${ready.activities} follow-ups in memory → figures, tables and charts painted; main-thread CPU ms (Chromium trace), median of ${runs}; per audience CPU/wall: ${per.map((p) => `${p.audience} ${round(p.cpu)}/${round(p.wall)}`).join(', ')}; headless Chromium`
    }
  } finally {
    await browser.close()
    server.close()
  }
}

if (require.main === module) {
  void benchAnalytics(Number(process.env.BENCH_RUNS ?? 5))
    .then((f) => console.log(f))
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
