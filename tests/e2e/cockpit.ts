import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startHarness, type Harness } from '../harness/server'

/** Where the review screenshots go (one folder per language). */
export const screenshotDir = resolve(__dirname, 'screenshots')

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface Cockpit {
  harness: Harness
  browser: Browser
  context: BrowserContext
  page: Page
  /** Errors the page threw or logged; tests assert there are none. */
  pageErrors: string[]
  shot(name: string): Promise<void>
  close(): Promise<void>
}

/** Today's date in Shanghai (UTC+8, no daylight saving) at 10:00 there. */
export function shanghaiMorning(now = Date.now()): number {
  const there = new Date(now + 8 * 3_600_000)
  return Date.UTC(there.getUTCFullYear(), there.getUTCMonth(), there.getUTCDate(), 10 - 8)
}

/** Debian's headless Chromium, with `locale` as its system language. */
export function launchChromium(locale: 'zh-CN' | 'en-US'): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      `--lang=${locale}`
    ]
  })
}

/**
 * Start the harness and a fresh Chromium profile whose system language is `locale`, so the
 * app's "follow the system language" path is what the test exercises.
 */
export async function openCockpit(
  locale: 'zh-CN' | 'en-US',
  viewport = { width: 1440, height: 900 },
  opts: { pinClock?: boolean; clockAt?: number; browser?: Browser } = {}
): Promise<Cockpit> {
  const harness = await startHarness()
  // Several laptops in one test share one Chromium (a context each): the machine is small.
  const browser = opts.browser ?? (await launchChromium(locale))
  const context = await browser.newContext({ locale, viewport, timezoneId: 'Asia/Shanghai' })
  // `pinClock`: the page sees the same time of day on every run — 10:00 in Shanghai, on today's
  // date there — and time flows on from it. The demo is anchored on the page's clock when it
  // opens, so demo tests no longer depend on the hour the suite runs (two failures so far came
  // only after 17:00 or after midnight). Not for tests that sync with a hub: the hub keeps real
  // time, and a page hours ahead of it is refused as a wrong clock.
  if (opts.pinClock) await context.clock.install({ time: opts.clockAt ?? shanghaiMorning() })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text())
  })
  await page.goto(harness.url)
  const dir = join(screenshotDir, locale)
  mkdirSync(dir, { recursive: true })
  return {
    harness,
    browser,
    context,
    page,
    pageErrors,
    shot: async (name) => {
      await page.screenshot({ path: join(dir, `${name}.png`) })
    },
    close: async () => {
      if (opts.browser) await context.close()
      else await browser.close()
      await harness.close()
    }
  }
}

const demoTexts = {
  'zh-CN': { openDemo: '打开示例工作区', home: '今天哪些商机需要我？' },
  'en-US': { openDemo: 'Open the demo workspace', home: 'Which deals need me today?' }
} as const

/** `openCockpit`, then first launch → the demo workspace, waiting for the cockpit home. */
export async function openDemoCockpit(
  locale: 'zh-CN' | 'en-US',
  viewport?: { width: number; height: number },
  /** Another pinned instant than today at 10:00 in Shanghai (a given day of the month, say). */
  clockAt?: number
): Promise<Cockpit> {
  const c = await openCockpit(locale, viewport, { pinClock: true, ...(clockAt !== undefined ? { clockAt } : {}) })
  await c.page.getByRole('button', { name: demoTexts[locale].openDemo }).click()
  await c.page.getByRole('heading', { name: demoTexts[locale].home }).waitFor({ timeout: 60_000 })
  return c
}

/** Every row of an IndexedDB store of the page's workspace, read straight from the browser. */
export function rows<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const req = indexedDB.open('sales-cockpit')
        req.onerror = () => reject(new Error('open failed'))
        req.onsuccess = () => {
          const all = req.result.transaction(name, 'readonly').objectStore(name).getAll()
          all.onsuccess = () => {
            resolve(all.result as T[])
            req.result.close()
          }
          all.onerror = () => reject(new Error('read failed'))
        }
      }),
    table
  )
}

export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 250))
  }
}
