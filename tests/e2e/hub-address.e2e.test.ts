import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCockpit, type Cockpit } from './cockpit'

/**
 * First launch → Connect to a team hub: a plain http:// address to another computer gets a
 * warning under the address field as it is typed (issue 13); the loopback default does not.
 */

const texts = {
  'zh-CN': { connect: '连接团队服务器', address: '服务器地址', warning: /该地址未加密（http:\/\/）/ },
  'en-US': { connect: 'Connect to a team hub', address: 'Hub address', warning: /This address is not encrypted \(http:\/\/\)/ }
} as const

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`hub address warning (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('warns about an unencrypted address to another computer, not about this one', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.connect }).click()
      const address = page.getByLabel(tx.address)
      await address.waitFor()
      expect(await page.getByText(tx.warning).count()).toBe(0)
      await address.fill('http://10.0.0.5:4780')
      await page.getByText(tx.warning).waitFor()
      await c.shot('hub-address-insecure')
      await address.fill('https://hub.example.com')
      await page.getByText(tx.warning).waitFor({ state: 'detached' })
      expect(c.pageErrors).toEqual([])
    })
  })
}
