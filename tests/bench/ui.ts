import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { execFileSync } from 'node:child_process'
import { join, relative, resolve, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { median, round, type Figure } from './figures'

/**
 * The board's and the timeline's browser figures (issues #3 and #4): the real PipelineBoard and
 * TimelineView, bundled with esbuild (production React, Mantine's CSS) and driven in headless
 * Chromium by tests/bench/browser/ui-bench.tsx. "Longest task" comes from a Chromium trace of the
 * renderer's main thread (a PerformanceObserver only sees tasks over 50 ms).
 */
const root = resolve(__dirname, '../..')

/** Vite's `import.meta.glob` of the locale files, spelled out as imports for esbuild. */
const localeGlob: Plugin = {
  name: 'locale-glob',
  setup(b) {
    b.onLoad({ filter: /app[\\/]i18n[\\/]index\.ts$/ }, async (args) => {
      const dir = join(args.path, '../locales')
      const files = readdirSync(dir).flatMap((lang) => readdirSync(join(dir, lang)).map((f) => `./locales/${lang}/${f}`))
      const imports = files.map((f, i) => `import f${i} from '${f}'`).join('\n')
      const table = `{${files.map((f, i) => `'${f}': { default: f${i} }`).join(', ')}}`
      const src = (await readFile(args.path, 'utf8')).replace(/import\.meta\.glob<.*?>\([^)]*\)/, `(${table} as Record<string, { default: Record<string, unknown> }>)`)
      return { contents: `${imports}\n${src}`, loader: 'ts' }
    })
  }
}

/**
 * BENCH_UI_BASELINE=1 bundles the committed (HEAD) board and timeline instead of the working
 * tree's, for before/after figures under the same machine load. Read-only `git show`.
 */
const baseline: Plugin = {
  name: 'baseline',
  setup(b) {
    b.onLoad({ filter: /features[\\/](pipeline[\\/]PipelineBoard|timeline[\\/]TimelineView)\.tsx$/ }, (args) => {
      const rel = relative(root, args.path).split(sep).join('/')
      return { contents: execFileSync('git', ['show', `HEAD:${rel}`], { cwd: root, encoding: 'utf8' }), loader: 'tsx' }
    })
  }
}

export async function bundle(minify: boolean, entry = 'browser/ui-bench.tsx'): Promise<{ js: string; css: string }> {
  const out = await build({
    entryPoints: [resolve(__dirname, entry)],
    bundle: true,
    write: false,
    outdir: join(root, '.tmp/bench-ui'),
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify,
    keepNames: !minify,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: { '@shared': resolve(root, 'src/shared'), '@renderer': resolve(root, 'src/renderer/src') },
    plugins: process.env.BENCH_UI_BASELINE ? [localeGlob, baseline] : [localeGlob]
  })
  const text = (ext: string): string => out.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? ''
  return { js: text('.js'), css: text('.css') }
}

interface TraceEvent {
  name: string
  cat: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

export interface Traced<T> {
  result: T
  /** Per `bench-span:<label>` pair in the page, in order: wall-clock and main-thread CPU ms. */
  spans: Map<string, { wall: number; cpu: number }[]>
  /** The longest top-level task on the renderer main thread, wall-clock and CPU ms. */
  longest: { wall: number; cpu: number }
}

/**
 * Runs `fn` under a Chromium trace and reads the page's main thread from it: top-level tasks
 * (with their thread time) and the page's `bench-span:*` user-timing marks. A PerformanceObserver
 * would only see tasks over 50 ms, and wall-clock alone mostly measures the other engineers'
 * load on this machine's two cores.
 */
export async function traced<T>(browser: Browser, page: Page, fn: () => Promise<T>): Promise<Traced<T>> {
  if (process.env.BENCH_UI_PROFILE) return { result: await fn(), spans: new Map(), longest: { wall: NaN, cpu: NaN } }
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] })
  const result = await fn()
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  const main = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`)
  )
  const tasks = events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
    .map((e) => ({ ts: e.ts, dur: e.dur ?? 0, tdur: e.tdur ?? e.dur ?? 0 }))
  const longest = { wall: 0, cpu: 0 }
  for (const t of tasks) {
    longest.wall = Math.max(longest.wall, t.dur / 1000)
    longest.cpu = Math.max(longest.cpu, t.tdur / 1000)
  }
  const open = new Map<string, number>()
  const spans = new Map<string, { wall: number; cpu: number }[]>()
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('bench-span:')).sort((a, b) => a.ts - b.ts)
  for (const m of marks) {
    const [, label, edge] = m.name.split(':')
    if (edge === 'start') {
      open.set(label!, m.ts)
      continue
    }
    const from = open.get(label!)
    if (from === undefined) continue
    let cpu = 0
    for (const t of tasks) {
      const overlap = Math.min(t.ts + t.dur, m.ts) - Math.max(t.ts, from)
      if (overlap > 0 && t.dur > 0) cpu += (t.tdur * overlap) / t.dur
    }
    const list = spans.get(label!) ?? []
    list.push({ wall: (m.ts - from) / 1000, cpu: cpu / 1000 })
    spans.set(label!, list)
  }
  return { result, spans, longest }
}

interface CpuProfile {
  nodes: { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** With BENCH_UI_PROFILE=<phase>: the phase's top self-time functions (unminified bundle). */
async function profiled<T>(page: Page, phase: string, fn: () => Promise<T>): Promise<T> {
  if (!(process.env.BENCH_UI_PROFILE ?? '').split(',').includes(phase)) return fn()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  const out = await fn()
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
  const self = new Map<string, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  console.log(`\n  profile ${phase}: ${round(total)} ms sampled`)
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${round(v).toString().padStart(8)}  ${k}`)
  // Inclusive time of the bundle's own named functions (components, domain), to see which
  // component a Mantine or React frame belongs to.
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inclusive = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame
      if (!/^[A-Z]|^(use|merge|day|timeline|filter|search|toColumns|workspace)/.test(f.functionName)) continue
      const key = `${f.functionName} :${f.lineNumber + 1}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
    }
  })
  console.log('  inclusive:')
  for (const [k, v] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${round(v).toString().padStart(8)}  ${k}`)
  return out
}

const fmt = (xs: number[]): string => `median ${round(median(xs))}, min ${round(Math.min(...xs))}, max ${round(Math.max(...xs))}`

export async function benchUi(runs = 7): Promise<Figure[]> {
  const profile = process.env.BENCH_UI_PROFILE
  const { js, css } = await bundle(!profile)
  // Profiles name bundle lines; keep the bundle they refer to.
  if (profile) {
    mkdirSync(join(root, '.tmp/bench-ui'), { recursive: true })
    writeFileSync(join(root, '.tmp/bench-ui/bench.js'), js)
  }
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
    await page.goto(`http://127.0.0.1:${port}/`)
    const ready = await page.evaluate(() => window.benchUiReady).catch((e: unknown) => {
      throw new Error(`bench page failed: ${String(e)} ${errors.join(' | ')}`)
    })
    const verbose = process.argv.includes('--verbose')
    const log = (what: string, v: unknown): void => {
      if (verbose) console.log(`\n  ${what}: ${JSON.stringify(v)}`)
    }
    log('ready', ready)

    const phase = async <T>(name: string, fn: () => Promise<T>): Promise<Traced<T>> => {
      const r = await traced(browser, page, () => profiled(page, name, fn))
      log(name, { result: r.result, spans: Object.fromEntries(r.spans), longest: r.longest })
      return r
    }
    const cpu = (r: Traced<unknown>, label: string): number[] => (r.spans.get(label) ?? []).map((s) => s.cpu)
    const wall = (r: Traced<unknown>, label: string): number[] => (r.spans.get(label) ?? []).map((s) => s.wall)

    const boardRender = await phase('board-render', () => page.evaluate((n) => window.benchBoardRender(n), runs)).catch(async (e: unknown) => {
      await page.screenshot({ path: join(root, '.tmp/bench-ui/fail.png') })
      throw new Error(`${String(e)} ${errors.join(' | ')}`)
    })
    const boardFilter = await phase('board-filter', () => page.evaluate((n) => window.benchBoardFilter(n), runs))
    await page.evaluate(() => window.benchBoardDragStart())
    const drag = await phase('board-drag', () => page.evaluate(() => window.benchBoardDrag(90)))
    // The timeline in a fresh page load: the board's synthetic drag leaves listeners behind that
    // swallowed the timeline's chip clicks.
    await page.reload()
    await page.evaluate(() => window.benchUiReady)
    const tlRender = await phase('timeline-render', () => page.evaluate((n) => window.benchTimelineRender(n), runs))
    const tlFilter = await phase('timeline-filter', () => page.evaluate((n) => window.benchTimelineFilter(n), Math.max(3, Math.ceil(runs / 2))))
    await page.evaluate(() => window.benchTimelineScrollStart())
    const scroll = await phase('timeline-scroll', () => page.evaluate(() => window.benchTimelineScroll(400)))
    if (errors.length) throw new Error(`bench page errors: ${errors.join(' | ')}`)

    const how = 'main-thread CPU ms (Chromium trace) of the span; wall-clock'
    const searchCold = cpu(tlFilter, 'timeline-search-cold')
    const chip = cpu(tlFilter, 'timeline-chip')
    return [
      {
        name: 'board.firstRender.10k.ms',
        value: round(median(cpu(boardRender, 'board-render'))),
        unit: 'ms',
        goal: 150,
        note: `${ready.openDeals} open deals in one process, data in memory → first frame painted; ${how} ${fmt(wall(boardRender, 'board-render'))}; headless Chromium`
      },
      {
        name: 'board.filter.10k.ms',
        value: round(median(cpu(boardFilter, 'board-filter-apply'))),
        unit: 'ms',
        goal: 50,
        note: `minimum-amount filter set → painted; ${how} ${fmt(wall(boardFilter, 'board-filter-apply'))}; clearing it ${round(median(cpu(boardFilter, 'board-filter-clear')))} CPU`
      },
      {
        name: 'board.drag.maxFrame.ms',
        value: round(drag.longest.cpu),
        unit: 'ms',
        goal: 16.7,
        note: `longest main-thread task (CPU, Chromium trace) while a card is dragged over every column, ${drag.result.moves} column changes in ${drag.result.frames} frames; wall-clock ${round(drag.longest.wall)}, worst rAF gap ${round(drag.result.maxFrame)}`
      },
      {
        name: 'timeline.firstRender.50k.ms',
        value: round(median(cpu(tlRender, 'timeline-render'))),
        unit: 'ms',
        goal: 100,
        note: `one customer, ${ready.events} events, data in memory → first frame painted; ${how} ${fmt(wall(tlRender, 'timeline-render'))}`
      },
      {
        name: 'timeline.filter.50k.ms',
        value: round(Math.max(median(searchCold), median(chip))),
        unit: 'ms',
        goal: 50,
        note: `worse of the first Chinese search after mount (builds the search texts; CPU ${fmt(searchCold)}) and the calls chip (CPU ${fmt(chip)}); a further keystroke ${round(median(cpu(tlFilter, 'timeline-search-warm')))} CPU; wall-clock ${fmt(wall(tlFilter, 'timeline-search-cold'))}`
      },
      {
        name: 'timeline.scroll.maxLongTask.ms',
        value: round(scroll.longest.cpu),
        unit: 'ms',
        goal: 50,
        note: `longest main-thread task (CPU, Chromium trace) scrolling top → bottom in ${scroll.result.frames} one-frame steps; wall-clock ${round(scroll.longest.wall)}; PerformanceObserver long tasks: ${scroll.result.longTasks.length}; worst rAF gap ${round(scroll.result.maxFrame)}`
      }
    ]
  } finally {
    await browser.close()
    server.close()
  }
}

if (require.main === module) {
  void benchUi(Number(process.env.BENCH_RUNS ?? 7))
    .then((figures) => console.table(figures.map(({ name, value, goal, note }) => ({ name, value, goal, note }))))
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
