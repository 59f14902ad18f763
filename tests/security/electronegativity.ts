/**
 * `npm run security`: Electronegativity (Doyensec's Electron misconfiguration scanner) over
 * src/, failing on any HIGH or MEDIUM finding that electronegativity-allowlist.json does not
 * explain, on any file the scanner could not parse, and on allowlist entries that no longer
 * match anything (a stale entry could hide a future real finding in that file).
 *
 * Why the scanner is called through its documented programmatic API rather than
 * `electronegativity -o report.csv`: in 1.10.3 the CLI writes the CSV header and the rows with
 * two concurrent `fs.writeFile` calls (one truncating, one appending), so the report can lose
 * its first row or every row, and with `-o` it also drops parse errors silently. SARIF output
 * has no severity, and `-s` filters only the console table. The API returns every finding with
 * its severity plus the parse errors; this script writes the CSV itself.
 *
 * The package is not a dependency: npx fetches it from the npm registry (pinned version) and
 * runs a small helper with the package on its PATH.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE = '@doyensec/electronegativity@1.10.3'
const FAILING = new Set(['HIGH', 'MEDIUM'])

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const input = join(root, 'src')
const allowlistFile = join(root, 'tests/security/electronegativity-allowlist.json')

interface Finding {
  check: string
  severity: string
  confidence: string
  /** Repo-relative, forward slashes: `src/main/window.ts`. */
  file: string
  line: number
  column: number
  sample: string
  description: string
  manualReview: boolean
}

interface ScanResult {
  issues: Finding[]
  errors: { file: string; message: string; tolerable: boolean }[]
}

interface AllowEntry {
  check: string
  file: string
  reason: string
}

// Runs inside `npx -p`, where the package's bin folder is on PATH; from there it finds the
// package itself and calls the API that its README documents (`run(options)`).
const HELPER = String.raw`
const { delimiter, join } = require('node:path')
const { writeFileSync } = require('node:fs')
const [input, electronVersion, out] = process.argv.slice(2)
const paths = (process.env.PATH || '').split(delimiter).map((p) => join(p, '..'))
const run = require(require.resolve('@doyensec/electronegativity', { paths }))
run({
  input,
  isRelative: true,
  // The README calls this option electronVersion; the 1.10.3 runner reads electronVersionOverride.
  electronVersionOverride: electronVersion,
  electronVersion,
  customScan: [],
  excludeFromScan: [],
  parserPlugins: []
}).then((r) => {
  const issues = r.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: String(i.file).replace(/\\/g, '/'),
    line: i.location ? i.location.line : 0,
    column: i.location ? i.location.column : 0,
    sample: i.sample == null ? '' : String(i.sample),
    description: i.description,
    manualReview: Boolean(i.manualReview)
  }))
  writeFileSync(out, JSON.stringify({ issues, errors: r.errors }))
}).catch((e) => { console.error(e && e.stack || e); process.exit(2) })
`

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }
  const v = pkg.devDependencies?.['electron']?.replace(/^[^\d]*/, '')
  if (!v) throw new Error('electron is not in devDependencies: cannot tell the scanner which defaults apply')
  return v
}

function scan(tmp: string): ScanResult {
  const helper = join(tmp, 'scan.cjs')
  const out = join(tmp, 'result.json')
  writeFileSync(helper, HELPER)
  const command = `node "${helper}" "${input}" "${electronVersion()}" "${out}"`
  const result = spawnSync('npx', ['-y', '-p', PACKAGE, '-c', command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // npx is a .cmd on Windows, which Node only starts through a shell.
    shell: process.platform === 'win32',
    // The scanner picks its message language from LANG; keep its output in English.
    env: { ...process.env, LANG: 'en-US' }
  })
  if (result.status !== 0) throw new Error(`electronegativity did not run (exit ${result.status ?? result.signal})`)
  const parsed = JSON.parse(readFileSync(out, 'utf8')) as ScanResult
  for (const issue of parsed.issues) issue.file = `src/${issue.file.replace(/^\.?\//, '')}`
  return parsed
}

function csvField(value: string | number | boolean): string {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function writeCsv(file: string, issues: Finding[]): void {
  const header = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'manual_review']
  const rows = issues.map((i) =>
    [i.check, i.severity, i.confidence, i.file, `${i.line}:${i.column}`, i.sample, i.description, i.manualReview].map(csvField).join(',')
  )
  writeFileSync(file, [header.join(','), ...rows].join('\n') + '\n')
}

function loadAllowlist(): AllowEntry[] {
  const entries = JSON.parse(readFileSync(allowlistFile, 'utf8')) as AllowEntry[]
  for (const e of entries) {
    if (!e.check || !e.file || typeof e.reason !== 'string' || e.reason.trim().length < 30) {
      throw new Error(`allowlist entry ${JSON.stringify(e)} needs check, file and a written reason`)
    }
  }
  return entries
}

function main(): number {
  const tmp = mkdtempSync(join(tmpdir(), 'electronegativity-'))
  const { issues, errors } = scan(tmp)
  const report = join(tmp, 'report.csv')
  writeCsv(report, issues)

  const allowlist = loadAllowlist()
  const key = (check: string, file: string): string => `${check} ${file}`
  const allowed = new Map(allowlist.map((e) => [key(e.check, e.file), e]))
  const used = new Set<string>()

  const gated = issues.filter((i) => FAILING.has(i.severity))
  const violations: Finding[] = []
  for (const issue of gated) {
    const k = key(issue.check, issue.file)
    if (allowed.has(k)) used.add(k)
    else violations.push(issue)
  }
  const stale = allowlist.filter((e) => !used.has(key(e.check, e.file)))
  const unparsed = errors.filter((e) => !e.tolerable)

  const bySeverity = new Map<string, number>()
  for (const i of issues) bySeverity.set(i.severity, (bySeverity.get(i.severity) ?? 0) + 1)
  console.log(`\nElectronegativity (${PACKAGE}) on src/: ${issues.length} finding(s) ${JSON.stringify(Object.fromEntries(bySeverity))}`)
  console.log(`full report: ${report}`)
  for (const i of gated.filter((g) => allowed.has(key(g.check, g.file)))) {
    console.log(`  allowed   ${i.severity} ${i.check} ${i.file}:${i.line}: ${allowed.get(key(i.check, i.file))!.reason}`)
  }
  for (const i of violations) {
    console.log(`  FINDING   ${i.severity}/${i.confidence} ${i.check} ${i.file}:${i.line}:${i.column} ${i.description}${i.sample ? ` — ${i.sample.slice(0, 120)}` : ''}`)
  }
  for (const e of unparsed) console.log(`  UNSCANNED ${e.file}: ${e.message}`)
  for (const e of stale) console.log(`  STALE     allowlist entry ${e.check} ${e.file} matches no finding; remove it`)

  const failed = violations.length + unparsed.length + stale.length
  if (failed > 0) {
    console.log(`\nsecurity check failed: ${violations.length} unexplained HIGH/MEDIUM finding(s), ${unparsed.length} unscanned file(s), ${stale.length} stale allowlist entr(y/ies).`)
    console.log('Fix the finding, or, only for a false positive, add { check, file, reason } to tests/security/electronegativity-allowlist.json.')
    return 1
  }
  console.log(`\nsecurity check passed: no unexplained HIGH/MEDIUM finding (${gated.length} explained in the allowlist).`)
  return 0
}

try {
  process.exitCode = main()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
}
