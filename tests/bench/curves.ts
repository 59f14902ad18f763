import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { benchDexieLoad } from './dexie-load'
import { benchHealthForecast } from './domain-health-forecast'
import { median, round, type Figure } from './figures'
import { benchInitialPull } from './initial-pull'
import { benchServices } from './services'
import { bundle, traced, type Traced } from './ui'

/**
 * `npm run bench -- curves`: how cost grows with the workspace. The board filter and the
 * timeline filter (headless Chromium, as tests/bench/ui.ts), the Dexie load, health + forecast
 * and the hub's initial pull (PostgreSQL when DATABASE_URL is set) at 1×, 3× and 10× the bench
 * workspace (tests/bench/scaled.ts: 10× = 100,000 deals, ~2,000,000 activities). Writes a
 * `curves` object to bench/results.json, the 10× goal figures, docs/performance-curves.svg and
 * the curves table in docs/performance.md.
 *
 * The Node measures run in a child process per scale (its own heap, raised to 8 GiB there only,
 * and given back when it exits); the browsers get the same heap limit at 3× and 10×.
 * BENCH_CURVES_SCALES=1,3 runs a subset; BENCH_CURVES_STEPS=board,health… a subset of series.
 * At 10× the initial pull seeds ~2.7M op rows first: the whole step takes ~15–30 min here.
 */

const root = resolve(__dirname, '../..')

export interface CurvePoint {
  scale: number
  value: number
  /** What was measured at this scale (rows, events…). */
  size: string
}

export interface Curve {
  unit: string
  /** How the value was timed. */
  clock: string
  points: CurvePoint[]
  /** Log-log slope from the smallest to the largest scale: 1 is linear, 2 quadratic, < 1 sub-linear. */
  exponent: number | null
  note: string
}

type Series = { id: string; step: string; label: string; unit: string; clock: string; note: string }

/** The curves, in the order of the table. */
const SERIES: Series[] = [
  { id: 'board.filter', step: 'board', label: 'Board filter', unit: 'ms', clock: 'main-thread CPU (Chromium trace)', note: 'minimum-amount filter set → painted, N×10,000 open deals in one process; median' },
  { id: 'timeline.filter', step: 'timeline', label: 'Timeline filter', unit: 'ms', clock: 'main-thread CPU (Chromium trace)', note: 'worse of the first Chinese search and the calls chip on one customer with N×50,000 events; median' },
  { id: 'dexie.load', step: 'dexie', label: 'Dexie load', unit: 'ms', clock: 'wall-clock', note: 'deals + activities read back through Dexie from IndexedDB (toArray); median' },
  { id: 'domain.healthForecast', step: 'health', label: 'Health + forecast', unit: 'ms', clock: 'process CPU', note: 'workspaceHealth for every deal + the month forecast, Node; median' },
  { id: 'domain.dealHistory.prepare', step: 'health', label: 'Stage history prepare', unit: 'ms', clock: 'process CPU', note: 'moves grouped by deal + stage medians, Node; median' },
  { id: 'domain.activitySignals', step: 'health', label: 'Activity signals', unit: 'ms', clock: 'process CPU', note: 'last touch, pushes, economic buyers met over every activity, Node; median' },
  { id: 'sync.initialPull', step: 'pull', label: 'Initial pull', unit: 'ms', clock: 'wall-clock', note: 'new laptop signs in and pulls every op through the main-process bridge' }
]

type Measured = Record<string, { value: number; size: string }>

function scales(): number[] {
  return (process.env.BENCH_CURVES_SCALES ?? '1,3,10').split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 1)
}

function wanted(step: string): boolean {
  const only = process.env.BENCH_CURVES_STEPS
  return !only || only.split(',').includes(step)
}

/** Fewer runs as the scale grows: the 10× runs take seconds each. */
const runsAt = (factor: number, base: number): number => (factor >= 10 ? Math.max(3, Math.round(base / 3)) : factor >= 3 ? Math.max(3, Math.round(base / 2)) : base)

/** Node measures in a child process with its own (raised) heap: prints one JSON line. */
function inChild(task: 'health' | 'pull', factor: number, timeoutMs: number): Promise<Measured> {
  return new Promise((ok, fail) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['--tsconfig', 'tsconfig.test.json', 'tests/bench/curves.ts', '--curves-worker', task, String(factor)], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('CURVES_RESULT '))
      if (code === 0 && line) ok(JSON.parse(line.slice('CURVES_RESULT '.length)) as Measured)
      else fail(new Error(`curves ${task} ${factor}×: exit ${code ?? signal}${signal === 'SIGKILL' ? ` (over ${timeoutMs / 60_000} min)` : ''}\n${out.slice(-2000)}`))
    })
  })
}

async function worker(task: string, factor: number): Promise<Measured> {
  if (task === 'health') {
    const [hf, prep, sig] = benchHealthForecast(runsAt(factor, 15), factor, 'cpu')
    const deals = /(\d+) deals/.exec(hf!.note ?? '')?.[1]
    const moves = /(\d+) stage moves/.exec(hf!.note ?? '')?.[1]
    const acts = /over (\d+) activities/.exec(sig!.note ?? '')?.[1]
    return {
      'domain.healthForecast': { value: hf!.value, size: `${deals} deals` },
      'domain.dealHistory.prepare': { value: prep!.value, size: `${moves} stage moves` },
      'domain.activitySignals': { value: sig!.value, size: `${acts} activities` }
    }
  }
  // PostgreSQL, as the issue's 10× goal says (services.ts starts a throwaway server when none is given).
  const { databaseUrl } = await benchServices()
  const [pull] = await benchInitialPull(databaseUrl ? 'postgres' : 'pglite', databaseUrl, factor)
  const ops = /(\d+) ops/.exec(pull!.note ?? '')?.[1]
  const engine = pull!.note?.includes('PostgreSQL') ? 'PostgreSQL' : 'PGlite'
  return { 'sync.initialPull': { value: pull!.value, size: `${ops} ops, ${engine}` } }
}

/** Board filter and timeline filter at `factor`×, one browser per scale. */
async function browserFilters(factor: number, runs: number): Promise<Measured> {
  const { js, css } = await bundle(true)
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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--max-old-space-size=8192']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    page.setDefaultTimeout(20 * 60_000)
    await page.goto(`http://127.0.0.1:${port}/?scale=${factor}`)
    const ready = await page.evaluate(() => window.benchUiReady).catch((e: unknown) => {
      throw new Error(`bench page failed: ${String(e)} ${errors.join(' | ')}`)
    })
    const cpu = (r: Traced<unknown>, label: string): number[] => (r.spans.get(label) ?? []).map((s) => s.cpu)
    const out: Measured = {}
    if (wanted('board')) {
      const board = await traced(browser, page, () => page.evaluate((n) => window.benchBoardFilter(n), runs))
      out['board.filter'] = { value: round(median(cpu(board, 'board-filter-apply'))), size: `${ready.openDeals} open deals` }
    }
    if (wanted('timeline')) {
      const tl = await traced(browser, page, () => page.evaluate((n) => window.benchTimelineFilter(n), Math.max(3, Math.ceil(runs / 2))))
      out['timeline.filter'] = { value: round(Math.max(median(cpu(tl, 'timeline-search-cold')), median(cpu(tl, 'timeline-chip')))), size: `${ready.events} events` }
    }
    if (errors.length) throw new Error(`bench page errors: ${errors.join(' | ')}`)
    return out
  } finally {
    await browser.close()
    server.close()
  }
}

function exponent(points: CurvePoint[]): number | null {
  if (points.length < 2) return null
  const a = points[0]!
  const b = points[points.length - 1]!
  if (a.value <= 0 || b.value <= 0 || a.scale === b.scale) return null
  return round(Math.log(b.value / a.value) / Math.log(b.scale / a.scale), 2)
}

const COLORS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#868e96', '#f08c00', '#c92a2a']

/** Log-log chart of each curve normalised to its 1× value, against the linear reference. */
export function curvesSvg(curves: Record<string, Curve>): string {
  const W = 640
  const H = 340
  const pad = { l: 56, r: 190, t: 20, b: 44 }
  const entries = Object.entries(curves).filter(([, c]) => c.points.length >= 2)
  const maxScale = Math.max(10, ...entries.flatMap(([, c]) => c.points.map((p) => p.scale)))
  const ratios = entries.flatMap(([, c]) => c.points.map((p) => p.value / c.points[0]!.value))
  const maxY = 10 ** Math.ceil(Math.log10(Math.max(maxScale, ...ratios)))
  const minY = 10 ** Math.floor(Math.log10(Math.min(1, ...ratios)))
  const x = (s: number): number => pad.l + (Math.log10(s) / Math.log10(maxScale)) * (W - pad.l - pad.r)
  const y = (v: number): number => H - pad.b - ((Math.log10(v) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * (H - pad.t - pad.b)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`
  ]
  for (let v = minY; v <= maxY; v *= 10) {
    parts.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e9ecef"/>`)
    parts.push(`<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end" fill="#495057">${v}×</text>`)
  }
  for (const s of [1, 3, 10, 30, 100].filter((s) => s <= maxScale)) {
    parts.push(`<line x1="${x(s)}" x2="${x(s)}" y1="${pad.t}" y2="${H - pad.b}" stroke="#e9ecef"/>`)
    parts.push(`<text x="${x(s)}" y="${H - pad.b + 16}" text-anchor="middle" fill="#495057">${s}×</text>`)
  }
  parts.push(`<text x="${(pad.l + W - pad.r) / 2}" y="${H - 8}" text-anchor="middle" fill="#212529">workspace size (× bench: 10k deals, 200k activities)</text>`)
  parts.push(`<text x="14" y="${(pad.t + H - pad.b) / 2}" text-anchor="middle" fill="#212529" transform="rotate(-90 14 ${(pad.t + H - pad.b) / 2})">cost ÷ cost at 1×</text>`)
  // Linear: cost grows as the workspace does.
  parts.push(`<line x1="${x(1)}" y1="${y(1)}" x2="${x(maxScale)}" y2="${y(maxScale)}" stroke="#adb5bd" stroke-dasharray="5 4" stroke-width="1.5"/>`)
  let ly = pad.t + 6
  parts.push(`<line x1="${W - pad.r + 12}" x2="${W - pad.r + 32}" y1="${ly}" y2="${ly}" stroke="#adb5bd" stroke-dasharray="5 4" stroke-width="1.5"/><text x="${W - pad.r + 38}" y="${ly + 4}" fill="#495057">linear</text>`)
  entries.forEach(([id, c], i) => {
    const color = COLORS[i % COLORS.length]!
    const pts = c.points.map((p) => `${round(x(p.scale))},${round(y(p.value / c.points[0]!.value))}`)
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>`)
    for (const p of pts) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${color}"/>`)
    ly += 18
    const label = SERIES.find((s) => s.id === id)?.label ?? id
    parts.push(`<line x1="${W - pad.r + 12}" x2="${W - pad.r + 32}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/><text x="${W - pad.r + 38}" y="${ly + 4}" fill="#212529">${label} (${c.exponent ?? '–'})</text>`)
  })
  parts.push(`<text x="${W - pad.r + 12}" y="${ly + 24}" fill="#868e96">(log-log slope 1× → ${maxScale}×)</text>`)
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}

/** The table in docs/performance.md between its curves markers. */
function curvesTable(curves: Record<string, Curve>, all: number[]): string {
  const head = `| curve | ${all.map((s) => `${s}×`).join(' | ')} | slope | clock |`
  const rule = `|---|${all.map(() => '---|').join('')}---|---|`
  const rows = Object.entries(curves).map(([id, c]) => {
    const cell = (s: number): string => {
      const p = c.points.find((q) => q.scale === s)
      return p ? `${p.value} ${c.unit} (${p.size})` : '—'
    }
    return `| \`${id}\` | ${all.map(cell).join(' | ')} | ${c.exponent ?? '—'} | ${c.clock} |`
  })
  return [head, rule, ...rows].join('\n')
}

function writeDocs(curves: Record<string, Curve>, measuredAt: string): void {
  mkdirSync(join(root, 'docs'), { recursive: true })
  writeFileSync(join(root, 'docs/performance-curves.svg'), curvesSvg(curves))
  const all = [...new Set(Object.values(curves).flatMap((c) => c.points.map((p) => p.scale)))].sort((a, b) => a - b)
  const block = [
    `Measured ${measuredAt.slice(0, 10)} by \`npm run bench -- curves\` on the bench machine (2 shared cores).`,
    '',
    '![Cost per workspace size, normalised to 1×, log-log](performance-curves.svg)',
    '',
    curvesTable(curves, all)
  ].join('\n')
  const path = join(root, 'docs/performance.md')
  const start = '<!-- curves:start -->'
  const end = '<!-- curves:end -->'
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n\n## How cost grows\n\n' + start + '\n' + end + '\n'
  if (!doc.includes(start)) doc += `\n## How cost grows\n\n${start}\n${end}\n`
  doc = doc.slice(0, doc.indexOf(start) + start.length) + '\n' + block + '\n' + doc.slice(doc.indexOf(end))
  writeFileSync(path, doc)
}

export async function benchCurves(): Promise<{ figures: Figure[]; curves: Record<string, Curve> }> {
  const at = scales()
  const measured = new Map<number, Measured>()
  for (const factor of at) {
    const m: Measured = {}
    const t0 = performance.now()
    const log = (what: string): void => console.log(`\n  curves ${factor}×: ${what} (${round((performance.now() - t0) / 1000, 0)} s)`)
    if (wanted('board') || wanted('timeline')) Object.assign(m, await browserFilters(factor, runsAt(factor, 7)))
    log('filters')
    if (wanted('dexie')) {
      const f = (await benchDexieLoad(factor >= 10 ? 1 : runsAt(factor, 5), factor)).find((x) => x.name === (factor === 1 ? 'dexie.load.bench.ms' : `dexie.load.${factor}x.ms`))!
      m['dexie.load'] = { value: f.value, size: `${factor * 10_000} deals + ~${factor * 200}k activities` }
    }
    log('dexie')
    if (wanted('health')) Object.assign(m, await inChild('health', factor, 30 * 60_000))
    log('health')
    if (wanted('pull')) Object.assign(m, await inChild('pull', factor, 45 * 60_000))
    log('pull')
    measured.set(factor, m)
  }

  // Each run's points also go to bench/runs/ (not committed): runs of one scale or one step can
  // go side by side, and the last to finish merges them all.
  const runs = join(root, 'bench/runs')
  mkdirSync(runs, { recursive: true })
  writeFileSync(join(runs, `curves-${Date.now()}-${process.pid}.json`), JSON.stringify([...measured]))
  const logged = readdirSync(runs)
    .filter((f) => /^curves-\d+-\d+\.json$/.test(f))
    .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]))
    .flatMap((f) => JSON.parse(readFileSync(join(runs, f), 'utf8')) as [number, Measured][])
  // Merge with the curves already in results.json, so a partial run (one scale, one step) keeps the rest.
  let previous: Record<string, Curve> = {}
  try {
    previous = (JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as { curves?: Record<string, Curve> }).curves ?? {}
  } catch {
    // First run.
  }
  const curves: Record<string, Curve> = {}
  for (const s of SERIES) {
    const points = new Map((previous[s.id]?.points ?? []).map((p) => [p.scale, p]))
    for (const [factor, m] of [...logged, ...measured]) if (m[s.id]) points.set(factor, { scale: factor, ...m[s.id]! })
    if (points.size === 0) continue
    const sorted = [...points.values()].sort((a, b) => a.scale - b.scale)
    curves[s.id] = { unit: s.unit, clock: s.clock, points: sorted, exponent: exponent(sorted), note: s.note }
  }
  writeDocs(curves, new Date().toISOString())

  const figures: Figure[] = []
  const at10 = (id: string): CurvePoint | undefined => curves[id]?.points.find((p) => p.scale === 10)
  const slope = (id: string): string => (curves[id]?.exponent != null ? `; log-log slope 1×→10× ${curves[id]!.exponent}` : '')
  const b = at10('board.filter')
  if (b) figures.push({ name: 'board.filter.100k.ms', value: b.value, unit: 'ms', goal: 100, note: `${b.size} in one process, minimum-amount filter set → painted; main-thread CPU (Chromium trace), median${slope('board.filter')}` })
  const h = at10('domain.healthForecast')
  if (h) figures.push({ name: 'domain.healthForecast.100k.ms', value: h.value, unit: 'ms', goal: 300, note: `Node, ${h.size}, process CPU, median${slope('domain.healthForecast')}` })
  const p = at10('sync.initialPull')
  if (p) figures.push({ name: 'sync.initialPull.10x.ms', value: p.value, unit: 'ms', goal: 150_000, note: `${p.size}, sign-in included, wall-clock, one run${slope('sync.initialPull')}` })
  return { figures, curves }
}

if (process.argv[2] === '--curves-worker') {
  worker(process.argv[3]!, Number(process.argv[4])).then(
    (m) => {
      console.log(`CURVES_RESULT ${JSON.stringify(m)}`)
      process.exit(0)
    },
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    }
  )
}
