import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A customer and a deal typed in by hand (issue 15): the manager adds a customer, is told
 * plainly when one of that name exists, then adds its first deal, which lands on the deal page
 * in the process's currency and in its first stage.
 */
const tx = {
  'zh-CN': {
    customersNav: '客户',
    pipelineNav: '销售漏斗',
    newCustomer: '新建客户',
    customerName: '客户名称',
    industry: '行业',
    addCustomer: '添加客户',
    exists: /已有名为“.+”的客户/,
    newDeal: '新建商机',
    dealName: '商机名称',
    customer: '客户',
    amount: /^金额/,
    addDeal: '添加商机',
    cancel: '取消',
    name: '宁波港口物流有限公司',
    deal: '宁波港口物流 二期'
  },
  'en-US': {
    customersNav: 'Customers',
    pipelineNav: 'Pipeline',
    newCustomer: 'New customer',
    customerName: 'Customer name',
    industry: 'Industry',
    addCustomer: 'Add customer',
    exists: /A customer called “.+” already exists/,
    newDeal: 'New deal',
    dealName: 'Deal name',
    customer: 'Customer',
    amount: /^Amount/,
    addDeal: 'Add deal',
    cancel: 'Cancel',
    name: 'Ningbo Port Logistics Co.',
    deal: 'Ningbo Port phase 2'
  }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`customers and deals by hand (${locale})`, () => {
    const t = tx[locale]
    let c: Cockpit
    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('adds a customer, refuses a second of the same name in words, and adds its first deal', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: t.customersNav, exact: true }).click()
      await page.getByRole('button', { name: t.newCustomer }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: t.customerName }).fill(t.name)
      await dialog.getByRole('textbox', { name: t.industry }).fill('Logistics')
      // A manager's new customer goes to the team pool unless they name a rep: name one.
      const ownerBox = dialog.getByTestId('new-customer-owner')
      expect(await ownerBox.inputValue()).toMatch(/pool|公海/i)
      await ownerBox.click()
      const repOption = page.getByRole('option').nth(1)
      const rep = (await repOption.innerText()).trim()
      await repOption.click()
      expect(await ownerBox.inputValue()).toBe(rep)
      await c.shot('records-01-new-customer')
      await dialog.getByRole('button', { name: t.addCustomer }).click()
      // The customer's page opens.
      await page.getByRole('heading', { name: t.name }).first().waitFor()
      expect(page.url()).toMatch(/#\/customers\//)

      // The same name again (other spacing and case) is refused, and the form keeps what was typed.
      await page.getByRole('navigation').getByRole('link', { name: t.customersNav, exact: true }).click()
      await page.getByRole('button', { name: t.newCustomer }).click()
      await dialog.getByRole('textbox', { name: t.customerName }).fill(` ${t.name.toUpperCase()} `)
      await dialog.getByRole('button', { name: t.addCustomer }).click()
      await dialog.getByText(t.exists).waitFor()
      expect(await dialog.getByRole('textbox', { name: t.customerName }).inputValue()).toBe(` ${t.name.toUpperCase()} `)
      await dialog.getByRole('button', { name: t.cancel }).click()

      await page.getByRole('navigation').getByRole('link', { name: t.pipelineNav, exact: true }).click()
      await page.getByRole('button', { name: t.newDeal }).click()
      await dialog.getByRole('textbox', { name: t.dealName }).fill(t.deal)
      await dialog.getByRole('combobox', { name: t.customer, exact: true }).fill(t.name.slice(0, 6))
      await page.getByRole('option', { name: t.name }).click()
      // The deal is the customer's rep's by default, not the manager's who types it in.
      expect(await dialog.getByTestId('new-deal-owner').inputValue()).toBe(rep)
      await dialog.getByRole('textbox', { name: t.amount }).fill('250000')
      await c.shot('records-02-new-deal')
      await dialog.getByRole('button', { name: t.addDeal }).click()
      await page.waitForURL(/#\/deals\//)
      await page.getByRole('heading', { name: t.deal }).first().waitFor()
      await page.getByText(/25(\.0)?万|250(\.0)?K/).first().waitFor()
      await page.getByText(rep).first().waitFor()
      await c.shot('records-03-deal-page')
    })
  })
}
