import { chromium, type CDPSession, type Page } from 'playwright-core'
import { writeFileSync } from 'node:fs'
import { startHarness } from '../harness/server'

/**
 * Dev aid (issue 19), not part of `npm run bench`: the felt bench's sidebar switches with a CPU
 * profile of each, printing its top self-time functions (DUMP=1 also writes each .cpuprofile to DUMP_DIR or /tmp).
 * Run after a build: `npx tsx --tsconfig tsconfig.test.json tests/bench/felt-profile.ts`.
 */
const SECTIONS = [
  { id: 'pipeline', link: '销售漏斗', ready: 'main [aria-roledescription]' },
  { id: 'customers', link: '客户', ready: 'main a[href*="/customers/"]' },
  { id: 'rhythm', link: '团队节奏', ready: 'main [data-testid^="board-row-"]' },
  { id: 'calls', link: '通话录音', ready: 'main [data-testid="recordings-list"] tbody tr' },
  { id: 'analytics', link: '数据分析', ready: 'main [data-testid="kpi-won"]' },
  { id: 'cockpit', link: '驾驶舱', ready: 'main section[aria-label="今天需要我处理的商机"]' }
]
async function timedClick(page: Page, link: string, ready: string): Promise<number> {
  const handle = await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).elementHandle()
  await handle!.evaluate((el) => el.setAttribute('data-bench-click', ''))
  return page.evaluate(`new Promise((resolve, reject) => {
    const el = document.querySelector('[data-bench-click]')
    el.removeAttribute('data-bench-click')
    const sel = ${JSON.stringify(ready)}
    const t0 = performance.now()
    el.click()
    const poll = () => {
      if (document.querySelector(sel)) requestAnimationFrame(() => resolve(performance.now() - t0))
      else if (performance.now() - t0 > 60000) reject(new Error('timed out waiting for ' + sel))
      else requestAnimationFrame(poll)
    }
    poll()
  })`)
}
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }
function top(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, n = 14): string {
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
  const byName = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0
    const f = node.callFrame
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue
    total += ms
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`
    byName.set(k, (byName.get(k) ?? 0) + ms)
  }
  return `  busy ${total.toFixed(0)} ms\n` + [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ${k}`).join('\n')
}
async function main(): Promise<void> {
  const harness = await startHarness()
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--lang=zh-CN'] })
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message))
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()) })
  await page.goto(harness.url)
  await page.getByRole('button', { name: '打开示例工作区' }).click()
  await page.locator(SECTIONS[5]!.ready).first().waitFor({ timeout: 180_000 })
  await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 1500))
  const cdp: CDPSession = await context.newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
  const rounds = Number(process.env.ROUNDS ?? 2)
  for (let r = 0; r < rounds; r++) {
    for (const s of SECTIONS) {
      await cdp.send('Profiler.start')
      const ms = await timedClick(page, s.link, s.ready)
      await page.waitForTimeout(Number(process.env.TAIL_MS ?? 0))
      const { profile } = await cdp.send('Profiler.stop')
      if (process.env.DUMP) writeFileSync(`${process.env.DUMP_DIR ?? '/tmp'}/${s.id}-${r}.cpuprofile`, JSON.stringify(profile))
      console.log(`${s.id} round ${r}: ${ms.toFixed(0)} ms`)
      console.log(top(profile as never))
      await page.waitForTimeout(400)
    }
  }
  await browser.close()
  await harness.close()
}
void main()
