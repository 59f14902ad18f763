import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Customer, OrgUnit, PoolRule, User } from '../../src/shared/model'
import { openDemoCockpit, rows, until, type Cockpit } from './cockpit'

/**
 * Territories on the demo workspace (signed in as its director), in both languages: a rule that
 * gives 浦东 / Pudong's pool customers to a rep of another team is built in Settings, the
 * overlap with the Shanghai team's rule is explained, the assignment run is previewed (per team,
 * per rep within the pool cap, what stays in the pool) and applied, and the workspace and the
 * coverage table then show exactly what the preview said.
 */

const texts = {
  'zh-CN': {
    title: '销售区域',
    add: '新增规则',
    name: '名称',
    priority: '优先级',
    team: '团队',
    rep: '销售（可选）',
    districts: '区县',
    ruleName: '浦东公海客户',
    district: '浦东新区',
    save: '保存',
    preview: '预览区域分配',
    apply: /^确认分配/,
    overlapWins: '浦东公海客户 优先'
  },
  'en-US': {
    title: 'Territories',
    add: 'Add rule',
    name: 'Name',
    priority: 'Priority',
    team: 'Team',
    rep: 'Rep (optional)',
    districts: 'Districts',
    ruleName: 'Pudong pool accounts',
    district: 'Pudong New Area',
    save: 'Save',
    preview: 'Preview assignment run',
    apply: /^Apply to/,
    overlapWins: 'Pudong pool accounts wins'
  }
}

const isPudong = (c: Customer): boolean => /浦东|Pudong/.test(c.address ?? '')

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`territories (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      await c.page.goto(`${c.harness.url}#/settings`)
    }, 120_000)
    afterAll(async () => {
      await c?.close()
    })

    it('builds a rule, previews and applies an assignment run within the pool cap, and coverage follows', async () => {
      const { page } = c
      const [users, units, customers, poolRules] = await Promise.all([
        rows<User>(page, 'users'),
        rows<OrgUnit>(page, 'orgUnits'),
        rows<Customer>(page, 'customers'),
        rows<PoolRule>(page, 'poolRules')
      ])
      const pudongPool = customers.filter((x) => !x.deleted && isPudong(x) && x.ownerId === null)
      expect(pudongPool.length).toBeGreaterThan(0)
      // A team that is not the one Pudong's customers belong to, and an active rep of it.
      const shTeam = pudongPool[0]!.orgUnitId
      const team = units.find(
        (u) => u.kind === 'team' && u.id !== shTeam && users.some((p) => p.orgUnitId === u.id && p.role === 'rep' && p.active)
      )!
      const rep = users
        .filter((p) => p.orgUnitId === team.id && p.role === 'rep' && p.active)
        .sort((a, b) => a.name.localeCompare(b.name))[0]!
      const cap = (
        poolRules.find((r) => r.orgUnitId === team.id && !r.deleted) ??
        poolRules.find((r) => r.orgUnitId === team.parentId && !r.deleted)
      )?.holdingCap
      const holding = customers.filter((x) => !x.deleted && x.ownerId === rep.id).length

      const card = page.locator(`[aria-label="${tx.title}"]`).first()
      await card.scrollIntoViewIfNeeded({ timeout: 60_000 })
      await card.getByRole('button', { name: tx.add }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: tx.name }).fill(tx.ruleName)
      await dialog.getByRole('textbox', { name: tx.priority }).fill('1')
      await dialog.getByRole('combobox', { name: tx.team }).click()
      await page.getByRole('option', { name: team.name, exact: true }).click()
      await dialog.getByRole('combobox', { name: tx.rep }).click()
      await page.getByRole('option', { name: rep.name, exact: true }).click()
      const districts = dialog.getByLabel(tx.districts, { exact: true })
      await districts.fill(tx.district)
      await districts.press('Enter')
      await c.shot('territories-01-rule')
      await dialog.getByRole('button', { name: tx.save }).click()
      await dialog.waitFor({ state: 'detached', timeout: 30_000 })

      // The new rule lists first (priority 1) and its overlap with the Shanghai rule says who wins.
      await card.getByRole('row', { name: tx.ruleName }).waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('territory-overlaps').innerText()).toContain(tx.overlapWins)

      await card.getByRole('button', { name: tx.preview }).click()
      const run = page.getByTestId('territory-run')
      await run.waitFor({ timeout: 30_000 })
      const teamRow = run.getByTestId('run-per-team').getByRole('row', { name: team.name, exact: true })
      const cells = await teamRow.getByRole('cell').allInnerTexts()
      const movingIn = Number(cells[1])
      // Every Pudong pool customer comes to the team (the rest of the cap's overflow stays in its pool).
      expect(movingIn).toBe(pudongPool.filter((x) => x.orgUnitId !== team.id).length)
      const repCells = await run.getByTestId('run-per-rep').getByRole('row').nth(1).getByRole('cell').allInnerTexts()
      const handed = Number(repCells[2])
      const room = cap === undefined ? pudongPool.length : Math.max(0, cap - holding)
      expect(handed).toBe(Math.min(room, pudongPool.length))
      if (handed < pudongPool.length) await run.getByTestId('left-in-pool').waitFor()
      await c.shot('territories-02-preview')
      await run.getByRole('button', { name: tx.apply }).click()
      await run.waitFor({ state: 'detached', timeout: 30_000 })

      const after = await until(
        () => rows<Customer>(page, 'customers'),
        (cs) => cs.filter((x) => x.ownerId === rep.id).length === holding + handed
      )
      const pudongAfter = after.filter((x) => pudongPool.some((p) => p.id === x.id))
      // Exactly what the preview said: all to the team, `handed` to the rep, the rest in the team's pool.
      expect(pudongAfter.every((x) => x.orgUnitId === team.id)).toBe(true)
      expect(pudongAfter.filter((x) => x.ownerId === rep.id).length).toBe(handed)
      expect(pudongAfter.filter((x) => x.ownerId === null).length).toBe(pudongPool.length - handed)
      if (cap !== undefined) expect(after.filter((x) => x.ownerId === rep.id).length).toBeLessThanOrEqual(Math.max(cap, holding))
      // Customers reps already worked in Pudong stayed with them.
      for (const x of customers.filter((y) => isPudong(y) && y.ownerId))
        expect(after.find((y) => y.id === x.id)?.ownerId).toBe(x.ownerId)

      // Coverage: the rule's territory now holds those customers.
      const coverageRow = page.getByTestId('territory-coverage').getByRole('row', { name: `${team.name} · ${rep.name}` })
      await coverageRow.waitFor({ timeout: 30_000 })
      expect(Number((await coverageRow.getByRole('cell').allInnerTexts())[1])).toBe(
        customers.filter((x) => !x.deleted && isPudong(x)).length
      )
      await page.getByTestId('territory-coverage').scrollIntoViewIfNeeded()
      await c.shot('territories-03-coverage')
    }, 240_000)
  })
}
