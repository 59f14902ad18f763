import { loadavg } from 'node:os'
import { chromium, type Page } from 'playwright-core'
import { startHarness } from '../harness/server'
import { median, round, type Figure } from './figures'

/**
 * Felt speed (issue 19), in headless Chromium on the browser harness with the real app:
 * - `demo.create.ms`: click "open the demo workspace" → the cockpit home's agenda painted.
 * - `app.open.ms`: a fresh page on a workspace already in IndexedDB → the home's agenda painted
 *   (median of 7; each a new page, as a reopened window is).
 * - `nav.switch.p50.ms` / `.p95.ms`: click in the sidebar → the section's content painted (not its
 *   heading: the first board card, table row or figure), for Cockpit, Pipeline, Customers, Team
 *   rhythm, Calls and Analytics, three rounds (first visits and revisits).
 * - `renderer.heapMB.bench`: JS heap after GC with the workspace open on the board.
 * Times are taken in the page (performance.now at the click's dispatch → the animation frame after
 * the content is there), so Playwright's own round trips are not in them.
 */

interface Section {
  id: string
  link: string
  /** What only the loaded section shows. */
  ready: string
}

const SECTIONS: Section[] = [
  { id: 'pipeline', link: '销售漏斗', ready: 'main [aria-roledescription]' },
  { id: 'customers', link: '客户', ready: 'main a[href*="/customers/"]' },
  { id: 'rhythm', link: '团队节奏', ready: 'main [data-testid^="board-row-"]' },
  { id: 'calls', link: '通话录音', ready: 'main [data-testid="recordings-list"] tbody tr' },
  { id: 'analytics', link: '数据分析', ready: 'main [data-testid="kpi-won"]' },
  { id: 'cockpit', link: '驾驶舱', ready: 'main section[aria-label="今天需要我处理的商机"]' }
]
const HOME_READY = SECTIONS.find((s) => s.id === 'cockpit')!.ready

/** Click the link and time, in the page, until `ready` is in the DOM and a frame has been painted. */
async function timedClick(page: Page, link: string, ready: string): Promise<number> {
  // The sidebar link, marked so the page finds it without a round trip after the click.
  const handle = await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).elementHandle()
  if (!handle) throw new Error(`no link ${link}`)
  await handle.evaluate((el) => el.setAttribute('data-bench-click', ''))
  // A string, not a function: tsx's name helpers do not exist in the page.
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

/** From navigation start to the home's content painted, read in the page. */
async function openTime(page: Page, url: string): Promise<number> {
  await page.goto(url)
  await page.locator(HOME_READY).first().waitFor({ timeout: 60_000 })
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))')
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

export async function benchFelt(): Promise<Figure[]> {
  const harness = await startHarness()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN']
  })
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    await page.goto(harness.url)
    const t0 = Date.now()
    await page.getByRole('button', { name: '打开示例工作区' }).click()
    await page.locator(HOME_READY).first().waitFor({ timeout: 180_000 })
    const demoMs = Date.now() - t0
    await page.waitForTimeout(1_500)

    const switches: Record<string, number[]> = {}
    for (let round = 0; round < 3; round++) {
      for (const s of SECTIONS) {
        const ms = await timedClick(page, s.link, s.ready)
        ;(switches[s.id] ??= []).push(ms)
        // A person reads a moment before the next click.
        await page.waitForTimeout(400)
      }
    }
    await timedClick(page, '销售漏斗', SECTIONS[0]!.ready)
    await page.waitForTimeout(1_000)
    const cdp = await context.newCDPSession(page)
    await cdp.send('HeapProfiler.collectGarbage')
    const heapMb = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576
    await page.close()

    const opens: number[] = []
    for (let i = 0; i < 7; i++) {
      const p = await context.newPage()
      opens.push(await openTime(p, harness.url))
      await p.close()
    }

    const all = Object.values(switches).flat()
    const first = Object.values(switches).map((v) => v[0]!)
    const again = Object.values(switches).flatMap((v) => v.slice(1))
    const per = Object.entries(switches)
      .map(([id, v]) => `${id} ${v.map(Math.round).join('/')}`)
      .join('; ')
    // The machine is shared: the load average says how much the figures are stretched by others' work.
    const note = `headless Chromium, browser harness, demo workspace (zh-CN), load average ${loadavg()[0]!.toFixed(1)} at the end`
    return [
      { name: 'demo.create.ms', value: Math.round(demoMs), unit: 'ms', goal: 4000, note: `${note}: click → the home's agenda painted` },
      { name: 'app.open.ms', value: Math.round(median(opens)), unit: 'ms', goal: 800, note: `${note}: new page on the stored workspace → the home's agenda painted; median of 7 (${opens.map(Math.round).join(', ')})` },
      { name: 'nav.switch.p50.ms', value: Math.round(median(all)), unit: 'ms', goal: 100, note: `${note}: sidebar click → the section's content painted, 6 sections × 3 rounds; first visits median ${Math.round(median(first))} ms, revisits ${Math.round(median(again))} ms; ${per}` },
      { name: 'nav.switch.p95.ms', value: Math.round(percentile(all, 95)), unit: 'ms', goal: 200, note: `${note}: as nav.switch.p50.ms, 95th percentile of ${all.length}` },
      { name: 'renderer.heapMB.bench', value: round(heapMb), unit: 'MB', goal: 300, note: `${note}: JS heap after GC (CDP) with the board open, after visiting every section three times` }
    ]
  } finally {
    await browser.close()
    await harness.close()
  }
}

if (require.main === module) {
  void benchFelt().then((f) => { for (const x of f) console.log(x.name, x.value, x.unit, "goal", x.goal, "—", x.note) })
}
