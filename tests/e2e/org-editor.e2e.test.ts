import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Activity, Customer, Deal, OrgUnit, User } from '../../src/shared/model'
import { openDemoCockpit, rows, until, type Cockpit } from './cockpit'

/**
 * The org editor on the demo workspace (signed in as its director), in both languages: a rep
 * moved to a team in another region, the preview read before it is applied (customers, open
 * deals and amount, closed deals staying, the pool), and what the preview said is what happened;
 * a rep who leaves hands all their customers and open deals to a colleague, keeps their history
 * and closed deals, and is switched off, not deleted.
 */

const texts = {
  'zh-CN': {
    settings: '设置',
    org: '组织架构',
    move: (n: string) => `把${n}调到其他团队`,
    newTeam: '新团队',
    apply: /^调到/,
    leave: (n: string) => `${n}离职`,
    leaveTitle: (n: string) => `${n}离职`,
    colleague: '接手客户和在谈商机的同事',
    leaveApply: /离职并交接$/,
    customers: (c: number) => `${c} 个客户`,
    inactive: '已停用'
  },
  'en-US': {
    settings: 'Settings',
    org: 'Organisation',
    move: (n: string) => `Move ${n} to another team`,
    newTeam: 'New team',
    apply: /^Move to /,
    leave: (n: string) => `${n} leaves the company`,
    leaveTitle: (n: string) => `${n} leaves`,
    colleague: 'Colleague taking over customers and open deals',
    leaveApply: /leaves: hand over$/,
    customers: (c: number) => `${c} customer`,
    inactive: 'inactive'
  }
}

/** Rows of a table in the page's IndexedDB (the workspace its UI reads). */
for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`org editor (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      await c.page.goto(`${c.harness.url}#/settings`)
    }, 120_000)
    afterAll(async () => {
      await c?.close()
    })

    it('moves a rep to another team after a preview that matches what happens', async () => {
      const { page } = c
      const [users, units, customers, deals] = await Promise.all([
        rows<User>(page, 'users'),
        rows<OrgUnit>(page, 'orgUnits'),
        rows<Customer>(page, 'customers'),
        rows<Deal>(page, 'deals')
      ])
      const teamOf = (id: string): OrgUnit => units.find((u) => u.id === id)!
      // A rep with customers and open deals; the target is a team of another region.
      const rep = users.find(
        (u) =>
          u.role === 'rep' &&
          u.active &&
          customers.some((x) => x.ownerId === u.id) &&
          deals.some((d) => d.ownerId === u.id && d.status === 'open')
      )!
      const from = teamOf(rep.orgUnitId)
      // Another region's team when the workspace has one (the hub's scope follows there), else another team.
      const to =
        units.find((u) => u.kind === 'team' && u.parentId !== from.parentId) ??
        units.find((u) => u.kind === 'team' && u.id !== from.id)!
      const region = teamOf(to.parentId!)
      const held = customers.filter((x) => x.ownerId === rep.id && !x.deleted)
      const open = deals.filter((d) => d.ownerId === rep.id && d.status === 'open' && !d.deleted)
      const closed = deals.filter((d) => d.ownerId === rep.id && d.status !== 'open' && !d.deleted)

      const org = page.locator(`[aria-label="${tx.org}"]`).first()
      await org.getByRole('button', { name: tx.move(rep.name), exact: true }).click({ timeout: 60_000 })
      const form = page.getByRole('form', { name: tx.move(rep.name) })
      await form.getByRole('combobox', { name: tx.newTeam }).click()
      await page.getByRole('option', { name: `${region.name} · ${to.name}`, exact: true }).click()
      const preview = page.getByTestId('move-preview')
      await preview.waitFor({ timeout: 30_000 })
      // The preview's count of customers going along; the rest (over the new team's cap) stay in the old team's pool.
      const going = Number(/\d+/.exec(await page.getByTestId('move-customers').innerText())?.[0])
      expect(going).toBeLessThanOrEqual(held.length)
      expect(await page.getByTestId('move-customers').innerText()).toContain(tx.customers(going))
      expect(await page.getByTestId('move-deals').innerText()).toContain(String(open.length))
      expect(await page.getByTestId('move-closed').innerText()).toContain(String(closed.length))
      await c.shot('org-01-move-preview')
      await form.getByRole('button', { name: tx.apply }).click()
      await form.waitFor({ state: 'detached', timeout: 30_000 })

      const after = await until(
        () => rows<User>(page, 'users'),
        (us) => us.find((u) => u.id === rep.id)?.orgUnitId === to.id
      )
      expect(after.find((u) => u.id === rep.id)?.orgUnitId).toBe(to.id)
      const custAfter = await rows<Customer>(page, 'customers')
      expect(custAfter.filter((x) => x.ownerId === rep.id && !x.deleted).every((x) => x.orgUnitId === to.id)).toBe(true)
      expect(custAfter.filter((x) => x.ownerId === rep.id && !x.deleted).length).toBe(going)
      // Those not going along are in the old team's pool, with who had them: none is lost.
      const backInPool = custAfter.filter((x) => held.some((h) => h.id === x.id) && x.ownerId === null)
      expect(backInPool.length).toBe(held.length - going)
      for (const x of backInPool) expect(x).toMatchObject({ orgUnitId: from.id, previousOwnerId: rep.id })
      const dealsAfter = await rows<Deal>(page, 'deals')
      for (const d of open) expect(dealsAfter.find((x) => x.id === d.id)?.orgUnitId).toBe(to.id)
      // Closed deals stay with the old team's results.
      for (const d of closed) expect(dealsAfter.find((x) => x.id === d.id)?.orgUnitId).toBe(d.orgUnitId)
      // The rep now shows in the new team.
      await org
        .getByRole('list', { name: new RegExp(to.name) })
        .getByRole('listitem', { name: rep.name })
        .waitFor({ timeout: 30_000 })
    }, 180_000)

    it('a rep leaves: every customer and open deal goes to a named colleague, history and closed deals stay theirs, the account is switched off', async () => {
      const { page } = c
      const [users, units, customers, deals, activities] = await Promise.all([
        rows<User>(page, 'users'),
        rows<OrgUnit>(page, 'orgUnits'),
        rows<Customer>(page, 'customers'),
        rows<Deal>(page, 'deals'),
        rows<Activity>(page, 'activities')
      ])
      const rep = users.find(
        (u) =>
          u.role === 'rep' &&
          u.active &&
          customers.filter((x) => x.ownerId === u.id).length > 1 &&
          deals.some((d) => d.ownerId === u.id && d.status === 'open')
      )!
      const colleague = users.find((u) => u.role === 'rep' && u.active && u.id !== rep.id && u.orgUnitId === rep.orgUnitId)!
      const team = units.find((u) => u.id === colleague.orgUnitId)!
      const held = customers.filter((x) => x.ownerId === rep.id && !x.deleted)
      const open = deals.filter((d) => d.ownerId === rep.id && d.status === 'open' && !d.deleted)
      const closed = deals.filter((d) => d.ownerId === rep.id && d.status !== 'open' && !d.deleted)
      const theirHistory = activities.filter((a) => a.userId === rep.id)

      const org = page.locator(`[aria-label="${tx.org}"]`).first()
      await org.getByRole('button', { name: tx.leave(rep.name), exact: true }).click()
      const form = page.getByRole('form', { name: tx.leaveTitle(rep.name), exact: true })
      await form.getByRole('combobox', { name: tx.colleague }).click()
      await page.getByRole('option', { name: `${colleague.name} · ${team.name}`, exact: true }).click()
      await page.getByTestId('leave-preview').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('leave-customers').innerText()).toContain(String(held.length))
      expect(await page.getByTestId('leave-customers').innerText()).toContain(colleague.name)
      expect(await page.getByTestId('leave-deals').innerText()).toContain(String(open.length))
      await c.shot('org-02-leave-preview')
      await form.getByRole('button', { name: tx.leaveApply }).click()
      await form.waitFor({ state: 'detached', timeout: 30_000 })

      const usersAfter = await until(
        () => rows<User>(page, 'users'),
        (us) => us.find((u) => u.id === rep.id)?.active === false
      )
      // Switched off, not deleted: still there with their name and the day they left.
      expect(usersAfter.find((u) => u.id === rep.id)).toMatchObject({ name: rep.name, active: false, leftAt: expect.any(Number) })
      const custAfter = await rows<Customer>(page, 'customers')
      expect(custAfter.filter((x) => x.ownerId === rep.id && !x.deleted)).toEqual([])
      for (const x of held) expect(custAfter.find((y) => y.id === x.id)?.ownerId).toBe(colleague.id)
      const dealsAfter = await rows<Deal>(page, 'deals')
      for (const d of open) expect(dealsAfter.find((y) => y.id === d.id)?.ownerId).toBe(colleague.id)
      for (const d of closed) expect(dealsAfter.find((y) => y.id === d.id)?.ownerId).toBe(rep.id)
      // Their follow-ups are untouched; the hand-overs are new rows in the director's name.
      const actsAfter = await rows<Activity>(page, 'activities')
      for (const a of theirHistory) expect(actsAfter.find((y) => y.id === a.id)).toEqual(a)
      const handovers = actsAfter.filter(
        (a) => a.kind === 'owner_change' && a.from === rep.id && a.to === colleague.id && !activities.some((b) => b.id === a.id)
      )
      expect(handovers.length).toBeGreaterThanOrEqual(held.length)
      expect(new Set(handovers.map((a) => a.userId)).has(rep.id)).toBe(false)
      await org.getByRole('listitem', { name: rep.name }).getByText(tx.inactive).waitFor({ timeout: 30_000 })
      await c.shot('org-03-after-leave')
      expect(c.pageErrors).toEqual([])
    }, 180_000)
  })
}
