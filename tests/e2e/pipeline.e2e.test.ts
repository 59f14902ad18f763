import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * The pipeline path of issue #3, in both languages: demo workspace → Pipeline board → drag a
 * card one stage forward → the stage gate stops it (milestones unchecked) → write a reason →
 * the card moves and carries the rushed flag, whose tooltip says why → a keyboard move →
 * take a forecast snapshot.
 */
const texts = {
  'zh-CN': {
    nav: '销售漏斗',
    board: '看板',
    boardOf: /看板$/,
    gateTitle: /进入“/,
    reason: '未全部确认或跳过阶段的理由',
    confirm: '确认移动',
    rushed: /草率/,
    why: /理由：客户总经理要求本周看到方案/,
    moveTo: '移动到…',
    funnel: '漏斗',
    funnelChart: '各阶段在途商机与按流程预期的对比',
    forecast: '预测',
    snapshot: '拍摄预测快照',
    snapshotSaved: '已保存预测快照',
    lastSnapshot: /上次手动快照/,
    lost: '输单',
    lossReason: '输单原因',
    priceTooHigh: '价格过高',
    settings: '设置',
    lanes: '泳道',
    lanesRep: '按销售',
    lanesNone: '不分泳道',
    processes: '销售流程'
  },
  'en-US': {
    nav: 'Pipeline',
    board: 'Board',
    boardOf: / board$/,
    gateTitle: /Move into “/,
    reason: 'Why move with milestones unconfirmed or stages skipped',
    confirm: 'Move',
    rushed: /Rushed/,
    why: /Reason: The customer's GM wants the proposal this week/,
    moveTo: 'Move to…',
    funnel: 'Funnel',
    funnelChart: 'Open deals per stage against the shape the process expects',
    forecast: 'Forecast',
    snapshot: 'Take forecast snapshot',
    snapshotSaved: 'Forecast snapshot saved',
    lastSnapshot: /Last manual snapshot/,
    lost: 'Lost',
    lossReason: 'Loss reason',
    priceTooHigh: 'Price too high',
    settings: 'Settings',
    lanes: 'Swimlanes',
    lanesRep: 'By rep',
    lanesNone: 'No swimlanes',
    processes: 'Sales processes'
  }
}

const reasons = { 'zh-CN': '客户总经理要求本周看到方案', 'en-US': "The customer's GM wants the proposal this week" }

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`pipeline board (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('opens the board with a column per stage, counts and weighted totals', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.nav, exact: true }).click()
      await page.getByText(tx.board, { exact: true }).click()
      const board = page.getByRole('region', { name: tx.boardOf })
      await board.waitFor()
      const columns = board.getByRole('list')
      expect(await columns.count()).toBeGreaterThanOrEqual(4)
      await columns.first().getByRole('listitem').first().waitFor()
      await c.shot('pipeline-01-board')
    })

    it('a card dragged forward is stopped by the gate, moves with a reason and shows the rushed flag', async () => {
      const { page } = c
      const board = page.getByRole('region', { name: tx.boardOf })
      const first = board.getByRole('list').nth(0)
      const second = board.getByRole('list').nth(1)
      const card = first.locator('[data-deal-id]').first()
      const dealId = (await card.getAttribute('data-deal-id'))!
      await card.dragTo(second)
      const dialog = page.getByRole('dialog')
      await dialog.getByText(tx.gateTitle).waitFor()
      // The gate holds: with milestones unchecked, no move without a reason.
      expect(await dialog.getByRole('button', { name: tx.confirm }).isDisabled()).toBe(true)
      // Let the modal's open transition finish before the screenshot.
      await page.waitForTimeout(400)
      await c.shot('pipeline-02-gate')
      await dialog.getByRole('textbox', { name: tx.reason }).fill(reasons[locale])
      await dialog.getByRole('button', { name: tx.confirm }).click()
      await dialog.waitFor({ state: 'detached' })
      const moved = second.locator(`[data-deal-id="${dealId}"]`)
      await moved.waitFor()
      const badge = moved.locator('[data-flag="rushed"]')
      await badge.waitFor()
      await badge.hover()
      await page.getByRole('tooltip').getByText(tx.why).waitFor()
      await page.waitForTimeout(300)
      await c.shot('pipeline-03-rushed-tooltip')
    })

    it('moves a card with the keyboard: select, M, choose the stage', async () => {
      const { page } = c
      const board = page.getByRole('region', { name: tx.boardOf })
      const second = board.getByRole('list').nth(1)
      const card = second.locator('[data-deal-id]').nth(1)
      const dealId = (await card.getAttribute('data-deal-id'))!
      await card.focus()
      await page.keyboard.press('m')
      const menu = page.getByRole('menu')
      await menu.waitFor()
      // Back one stage: no gate to pass.
      await menu.getByRole('menuitem').first().click()
      await board.getByRole('list').nth(0).locator(`[data-deal-id="${dealId}"]`).waitFor()
    })

    it('closing as lost asks for the loss reason from the process list', async () => {
      const { page } = c
      const board = page.getByRole('region', { name: tx.boardOf })
      const card = board.getByRole('list').nth(2).locator('[data-deal-id]').first()
      const dealId = (await card.getAttribute('data-deal-id'))!
      await card.focus()
      await page.keyboard.press('m')
      await page.getByRole('menu').getByRole('menuitem', { name: tx.lost, exact: true }).click()
      const dialog = page.getByRole('dialog')
      expect(await dialog.getByRole('button', { name: tx.confirm }).isDisabled()).toBe(true)
      await dialog.getByLabel(tx.lossReason).click()
      await page.getByRole('option', { name: tx.priceTooHigh }).click()
      await dialog.getByRole('button', { name: tx.confirm }).click()
      await dialog.waitFor({ state: 'detached' })
      await board.locator(`[data-deal-id="${dealId}"]`).waitFor({ state: 'detached' })
    })

    it('swimlanes by rep split the board per rep, each lane with its count and total', async () => {
      const { page } = c
      const board = page.getByRole('region', { name: tx.boardOf })
      const before = await board.getByRole('list').count()
      await page.getByLabel(tx.lanes, { exact: true }).first().click()
      await page.getByRole('option', { name: tx.lanesRep }).click()
      await page.waitForFunction((n) => document.querySelectorAll('[role=region] [role=list]').length > n, before)
      await c.shot('pipeline-04-swimlanes')
      await page.getByLabel(tx.lanes, { exact: true }).first().click()
      await page.getByRole('option', { name: tx.lanesNone }).click()
      await page.waitForFunction((n) => document.querySelectorAll('[role=region] [role=list]').length === n, before)
    })

    it('the funnel names where deals pile up, with the chart loaded lazily', async () => {
      const { page } = c
      await page.getByText(tx.funnel, { exact: true }).click()
      await page.getByRole('img', { name: tx.funnelChart }).locator('canvas').waitFor()
      await page.getByRole('table').first().waitFor()
      await c.shot('pipeline-05-funnel')
    })

    it('takes a forecast snapshot on demand', async () => {
      const { page } = c
      await page.getByText(tx.forecast, { exact: true }).click()
      await page.getByRole('button', { name: tx.snapshot }).click()
      await page.getByText(tx.snapshotSaved).waitFor()
      await page.getByText(tx.lastSnapshot).waitFor()
      await page.waitForTimeout(300)
      await c.shot('pipeline-06-forecast')
    })

    it('the sales process editor is in Settings', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.settings, exact: true }).click()
      await page.getByText(tx.processes, { exact: true }).waitFor()
      await page.getByText(tx.processes, { exact: true }).scrollIntoViewIfNeeded()
      await c.shot('pipeline-07-process-editor')
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
