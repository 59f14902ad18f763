import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Figure } from './figures'
import { benchGenerate } from './generate'
import { benchInitialJs } from './initial-js'
import { benchDexieLoad } from './dexie-load'
import { benchImportCrm9k } from './import-crm9k'
import { benchImportBrowser } from './import-browser'
import { benchRhythm } from './rhythm'
import { benchTimeline } from './timeline'
import { benchRecordings } from './recordings'
import { benchCallMetrics } from './call-metrics'
import { benchHealthForecast } from './domain-health-forecast'
import { benchConvergence, benchHubLoad } from './hub'
import { benchInitialPull } from './initial-pull'
import { benchHubScale } from './hub-scale'
import { benchServices } from './services'
import { benchSheetEdit } from './sheet-edit'
import { benchUi } from './ui'
import { benchAnalytics } from './analytics'
import { benchCollections } from './collections'
import { benchExport } from './export'
import { benchFelt } from './felt'
import { benchCurves } from './curves'
import { benchPeerCsv, benchPeerPush, benchPeerRecording } from './peers'
import { benchPeerSheets } from './peer-sheets'

/**
 * `npm run bench`: measures every figure, writes bench/results.json
 * ({"figures": {name: {value, unit, goal}}}), prints a table and refreshes the README's
 * performance table. Numbers are medians; machines here are noisy.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../..')
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  type Out = Figure | Figure[] | { figures: Figure[]; curves: Record<string, unknown> }
  const steps: [string, () => Promise<Out> | Out][] = [
    ['generate', benchGenerate],
    ['initial-js', benchInitialJs],
    ['dexie-load', () => benchDexieLoad()],
    ['import', benchImportCrm9k],
    ['import-browser', () => benchImportBrowser()],
    ['export', () => benchExport()],
    ['rhythm', benchRhythm],
    ['timeline', benchTimeline],
    ['health-forecast', () => benchHealthForecast()],
    ['collections', benchCollections],
    ['recordings', benchRecordings],
    ['call-metrics', benchCallMetrics],
    ['ui', () => benchUi()],
    ['felt', () => benchFelt()],
    ['analytics', () => benchAnalytics()],
    ['convergence', () => benchConvergence()],
    // The embedded PGlite default and PostgreSQL side by side (services.ts starts a throwaway PostgreSQL when none is given).
    ['hub-load', async () => {
      const { databaseUrl } = await benchServices()
      return [
        ...(await benchHubLoad(50, 'pglite')),
        ...(await benchHubLoad(200, 'pglite')),
        ...(databaseUrl ? await benchHubLoad(200, 'postgres', databaseUrl) : [])
      ]
    }],
    ['initial-pull', async () => {
      const { databaseUrl } = await benchServices()
      return [...(await benchInitialPull('pglite')), ...(databaseUrl ? await benchInitialPull('postgres', databaseUrl) : [])]
    }],
    ['hub-scale', async () => benchHubScale(await benchServices())],
    ['sheet-edit', () => benchSheetEdit()],
    // The peers side by side (issue 19); `npm run bench -- peers` runs all four.
    ['peer-sheets', () => benchPeerSheets()],
    ['peer-csv', () => benchPeerCsv()],
    ['peer-recording', () => benchPeerRecording()],
    ['peer-push', () => benchPeerPush()],
    // Minutes (10× the bench workspace): only when asked for, `npm run bench -- curves`.
    ['curves', () => benchCurves()]
  ]
  const file = join(root, 'bench/results.json')
  let previous: { figures: Record<string, Omit<Figure, 'name'>>; curves?: Record<string, unknown> } = { figures: {} }
  try {
    previous = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // First run.
  }
  const figures: Record<string, Omit<Figure, 'name'>> = { ...previous.figures }
  let curves = previous.curves
  for (const [id, run] of steps) {
    const asked = only.includes(id) || (only.includes('peers') && id.startsWith('peer-'))
    if (only.length ? !asked : id === 'curves') continue
    process.stdout.write(`bench ${id}… `)
    const out = await run()
    if (!Array.isArray(out) && 'curves' in out) curves = out.curves
    for (const f of Array.isArray(out) ? out : 'curves' in out ? out.figures : [out]) {
      const { name, ...rest } = f
      figures[name] = rest
    }
    console.log('done')
  }
  mkdirSync(join(root, 'bench'), { recursive: true })
  writeFileSync(file, JSON.stringify({ measuredAt: new Date().toISOString(), figures, ...(curves ? { curves } : {}) }, null, 2) + '\n')

  const rows = Object.entries(figures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, f]) => {
      const ok = (f.better ?? 'max') === 'max' ? f.value <= f.goal : f.value >= f.goal
      return `| \`${name}\` | ${f.value} ${f.unit} | ${(f.better ?? 'max') === 'max' ? '≤' : '≥'} ${f.goal} | ${ok ? '✅' : '❌'} | ${f.note ?? ''} |`
    })
  const table = ['| figure | now | goal | | how |', '|---|---|---|---|---|', ...rows].join('\n')
  console.log('\n' + table)
  const readmePath = join(root, 'README.md')
  const readme = readFileSync(readmePath, 'utf8')
  const start = '<!-- perf:start -->'
  const end = '<!-- perf:end -->'
  if (readme.includes(start) && readme.includes(end)) {
    const next = readme.slice(0, readme.indexOf(start) + start.length) + '\n' + table + '\n' + readme.slice(readme.indexOf(end))
    writeFileSync(readmePath, next)
  }
}

void main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
