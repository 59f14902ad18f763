#!/usr/bin/env node
// The machine set-up the test and bench commands need, in one place: `npm test`, `npm run
// test:e2e`, `npm run bench` and CI (.ci/run) all call this before they start, so a fresh
// machine runs the README's test command as it is. Debian packages are installed when they are
// missing and we are root; otherwise it prints the exact command to run and, when the step
// cannot work without them, stops.
//
//   node scripts/test-env.mjs unit|e2e|bench|all
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

/** What each step needs: a Debian package, how to tell it is there, and whether the step can run without it. */
const needs = {
  chromium: { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium'), why: 'end-to-end tests and browser benchmarks run in headless Chromium' },
  fonts: { pkg: 'fonts-noto-cjk', present: () => dpkgHas('fonts-noto-cjk') || hasCjkFont(), why: 'Chinese screenshots and PDFs without tofu' },
  pdftotext: { pkg: 'poppler-utils', present: () => onPath('pdftotext'), why: 'the PDF export tests read the PDFs back' },
  postgres: { pkg: 'postgresql', present: () => postgresBin() !== undefined, why: 'the hub suite also runs against PostgreSQL' },
  redis: { pkg: 'redis-server', present: () => onPath('redis-server'), why: 'the tests of several hub instances relay through Redis' }
}

/** Per step: packages it cannot run without, and packages whose tests are skipped without them. */
const steps = {
  unit: { required: [], optional: ['postgres', 'redis'] },
  e2e: { required: ['chromium', 'fonts', 'pdftotext'], optional: [] },
  bench: { required: ['chromium', 'fonts'], optional: ['postgres', 'redis'] },
  all: { required: ['chromium', 'fonts', 'pdftotext'], optional: ['postgres', 'redis'] }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}
function dpkgHas(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0
}
function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' })
  return r.status === 0 && r.stdout.trim().length > 0
}
export function postgresBin() {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`))
  versions.sort((a, b) => Number(a) - Number(b))
  return versions.length ? `${root}/${versions.at(-1)}/bin` : undefined
}

const step = process.argv[2] ?? 'all'
const plan = steps[step]
if (!plan) {
  console.error(`test-env: unknown step "${step}" (unit, e2e, bench or all)`)
  process.exit(2)
}

const wanted = [...plan.required, ...plan.optional]
const missing = wanted.filter((k) => !needs[k].present())
if (missing.length === 0) process.exit(0)

const pkgs = missing.map((k) => needs[k].pkg)
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (isRoot && onPath('apt-get')) {
  console.log(`test-env: installing ${pkgs.join(' ')} (${missing.map((k) => needs[k].why).join('; ')})`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  const install =
    update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: ['ignore', 'ignore', 'inherit'], env }) : update
  if (install.status !== 0) console.error('test-env: apt-get failed')
}

const still = wanted.filter((k) => !needs[k].present())
if (still.length === 0) process.exit(0)
const cmd = `sudo apt-get install -y --no-install-recommends ${still.map((k) => needs[k].pkg).join(' ')}`
const blocking = still.filter((k) => plan.required.includes(k))
for (const k of still) {
  const skipped = !plan.required.includes(k)
  console.error(`test-env: ${needs[k].pkg} is missing — ${needs[k].why}${skipped ? ' (those tests are skipped without it)' : ''}`)
}
console.error(`test-env: to install: ${cmd}`)
process.exit(blocking.length ? 1 : 0)
