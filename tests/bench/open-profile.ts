import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { launchChromium } from '../e2e/cockpit'
import { startHarness } from '../harness/server'

/**
 * Where the opening's time goes (issue 19): the demo workspace is created once, then cold pages
 * are opened on it, each timed from navigation to the home's agenda painted, one of them with a
 * CPU profile written to OPEN_PROFILE (a .cpuprofile for Chrome's DevTools).
 * Run: npx tsx --tsconfig tsconfig.test.json tests/bench/open-profile.ts [pages]
 */
const HOME_READY = 'main section[aria-label="今天需要我处理的商机"]'

async function main(): Promise<void> {
  const pages = Number(process.argv[2] ?? 5)
  const harness = await startHarness()
  const browser = await launchChromium('zh-CN')
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    await page.goto(harness.url)
    await page.getByRole('button', { name: '打开示例工作区' }).click()
    await page.locator(HOME_READY).first().waitFor({ timeout: 180_000 })
    await page.waitForTimeout(1_500)
    await page.close()
    const times: number[] = []
    for (let i = 0; i < pages; i++) {
      const p = await context.newPage()
      const profile = i === pages - 1 && process.env.OPEN_PROFILE
      const cdp = profile ? await context.newCDPSession(p) : undefined
      if (cdp) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
        await cdp.send('Profiler.start')
      }
      await p.goto(harness.url)
      await p.locator(HOME_READY).first().waitFor({ timeout: 60_000 })
      const t = (await p.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))')) as number
      const marks = (await p.evaluate(`JSON.stringify(performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]).concat(performance.getEntriesByType('resource').map(r => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)])).concat([['dcl', Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)]]))`)) as string
      times.push(t)
      console.log(`open ${i + 1}: ${Math.round(t)} ms  ${marks}`)
      if (cdp && profile) {
        const { profile: prof } = await cdp.send('Profiler.stop')
        writeFileSync(profile, JSON.stringify(prof))
      }
      await p.close()
    }
    const s = [...times].sort((a, b) => a - b)
    console.log(`median ${Math.round(s[Math.floor(s.length / 2)]!)} ms; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  } finally {
    await browser.close()
    await harness.close()
  }
}

void main()
