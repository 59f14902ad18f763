import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCockpit, type Cockpit } from './cockpit'

/**
 * A regional manager's first minute, in both languages: first launch → demo workspace →
 * every section → change scope → search → switch language.
 */
const texts = {
  'zh-CN': {
    welcome: '欢迎使用销售驾驶舱',
    openDemo: '打开示例工作区',
    home: '今天哪些商机需要我？',
    nav: {
      pipeline: '商机列表',
      customers: '客户',
      warRoom: '大单作战室',
      calls: '通话录音',
      rhythm: '团队节奏',
      analytics: '数据分析',
      settings: '设置'
    } as Record<string, string>,
    navLabels: {
      pipeline: '销售漏斗',
      customers: '客户',
      warRoom: '大单作战室',
      calls: '通话录音',
      rhythm: '团队节奏',
      analytics: '数据分析',
      settings: '设置'
    } as Record<string, string>,
    cockpit: '驾驶舱',
    scope: '查看范围',
    search: '搜索',
    // The board's subtitle: its process and the deals its filters show (issue 14).
    pipelineTotal: /(\d+) 个进行中商机/
  },
  'en-US': {
    welcome: 'Welcome to Sales Cockpit',
    openDemo: 'Open the demo workspace',
    home: 'Which deals need me today?',
    nav: {
      pipeline: 'Deals',
      customers: 'Customers',
      warRoom: 'War room',
      calls: 'Calls',
      rhythm: 'Team rhythm',
      analytics: 'Analytics',
      settings: 'Settings'
    } as Record<string, string>,
    navLabels: {
      pipeline: 'Pipeline',
      customers: 'Customers',
      warRoom: 'War room',
      calls: 'Calls',
      rhythm: 'Team rhythm',
      analytics: 'Analytics',
      settings: 'Settings'
    } as Record<string, string>,
    cockpit: 'Cockpit',
    scope: 'Scope',
    search: 'Search',
    pipelineTotal: /(\d+) open deals?,/
  }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`first minute (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('first launch follows the system language and offers the demo, an import and a hub', async () => {
      const { page } = c
      await page.getByRole('heading', { name: tx.welcome }).waitFor()
      expect(await page.getByRole('button', { name: tx.openDemo }).isEnabled()).toBe(true)
      await c.shot('01-first-launch')
    })

    it('opens the demo workspace on the cockpit home with deals that need attention', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.openDemo }).click()
      await page.getByRole('heading', { name: tx.home }).waitFor({ timeout: 60_000 })
      // Each list on the home page has real lines, and each line is a link to a deal or rep.
      const untouched = page.getByRole('region').first()
      await untouched.getByRole('link').first().waitFor()
      expect(await page.getByRole('link').count()).toBeGreaterThan(10)
      await c.shot('02-cockpit-home')
    })

    it('every section opens from the navigation', async () => {
      const { page } = c
      const nav = page.getByRole('navigation')
      for (const [id, heading] of Object.entries(tx.nav)) {
        await nav.getByRole('link', { name: tx.navLabels[id]!, exact: true }).click()
        await page.getByRole('heading', { name: heading, exact: true }).waitFor()
        await c.shot(`03-section-${id}`)
      }
      await nav.getByRole('link', { name: tx.cockpit, exact: true }).click()
      await page.getByRole('heading', { name: tx.home }).waitFor()
    })

    it('the scope picker filters the views', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.navLabels.pipeline!, exact: true }).click()
      const subtitle = page.getByText(tx.pipelineTotal)
      await subtitle.waitFor()
      const before = Number(tx.pipelineTotal.exec((await subtitle.textContent()) ?? '')![1])
      expect(before).toBeGreaterThan(20)
      await page.getByRole('combobox', { name: tx.scope }).click()
      // The first team in the list (a team is a group of options after the regions).
      const option = page.getByRole('option').nth(2)
      const teamName = (await option.textContent()) ?? ''
      await option.click()
      await page.waitForFunction(
        ([re, n]) => {
          const m = new RegExp(re).exec(document.body.innerText)
          return m !== null && Number(m[1]) !== n
        },
        [tx.pipelineTotal.source, before] as const
      )
      const after = Number(tx.pipelineTotal.exec((await subtitle.textContent()) ?? '')![1])
      expect(after).toBeGreaterThan(0)
      expect(after).toBeLessThan(before)
      await c.shot('04-scope-team')
      expect(teamName.length).toBeGreaterThan(0)
    })

    it('global search finds a customer by part of its name', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.navLabels.customers!, exact: true }).click()
      const firstCustomer = page.getByRole('list', { name: tx.nav.customers }).getByRole('link').first()
      await firstCustomer.waitFor()
      const name = ((await firstCustomer.textContent()) ?? '').trim()
      const fragment = locale === 'zh-CN' ? name.slice(2, 5) : name.split(' ').slice(0, 2).join(' ')
      await page.keyboard.press('Control+K')
      await page.getByRole('textbox', { name: tx.search }).fill(fragment)
      await page.getByRole('button', { name }).first().click()
      await page.getByRole('heading', { name, exact: true }).waitFor()
      await c.shot('05-search-customer')
    })

    it('switches language from the header and back, and keeps the choice', async () => {
      const { page } = c
      const other = locale === 'zh-CN' ? texts['en-US'] : texts['zh-CN']
      await page.getByRole('button', { name: locale === 'zh-CN' ? '语言' : 'Language' }).click()
      await page.getByRole('menuitem', { name: locale === 'zh-CN' ? 'English' : '简体中文' }).click()
      await page.getByRole('navigation').getByRole('link', { name: other.cockpit, exact: true }).click()
      await page.getByRole('heading', { name: other.home }).waitFor()
      await page.reload()
      await page.getByRole('heading', { name: other.home }).waitFor()
      await page.getByRole('button', { name: locale === 'zh-CN' ? 'Language' : '语言' }).click()
      await page.getByRole('menuitem', { name: locale === 'zh-CN' ? 'Follow system' : '跟随系统' }).click()
      await page.getByRole('heading', { name: tx.home }).waitFor()
    })

    it('has a dark theme', async () => {
      const { page } = c
      await page.getByRole('button', { name: locale === 'zh-CN' ? '切换明暗主题' : 'Toggle light and dark theme' }).click()
      await page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark')
      await c.shot('06-cockpit-dark')
      await page.getByRole('button', { name: locale === 'zh-CN' ? '切换明暗主题' : 'Toggle light and dark theme' }).click()
      await page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'light')
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
