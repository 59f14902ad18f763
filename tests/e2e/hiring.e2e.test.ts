import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoachingPlan, InterviewScore, OrgUnit, User } from '../../src/shared/model'
import { openDemoCockpit, rows, until, type Cockpit } from './cockpit'

/**
 * Hiring on the demo workspace, in both languages: the director adds two candidates for a team
 * with its team lead as second interviewer; the team lead (switched to through the user menu)
 * scores and submits; the director, before submitting, sees that one score is in but not what
 * it is, then scores and submits and sees both with their spread; the comparison ranks the
 * candidates and opens one; an offer and a hire make a rep of the team with a coaching plan on
 * the 16-character tracker.
 */

const texts = {
  'zh-CN': {
    nav: '招聘',
    newCandidate: '新增候选人',
    team: '招聘团队',
    interviewers: '面试官',
    switchProfile: '切换身份…',
    pick: '选择人员',
    use: '以此身份继续',
    signedIn: (n: string) => `当前登录：${n}`,
    compare: '对比',
    hiddenWhy: '其他人的评分不显示',
    calls: '通话录音',
    tracker: '辅导进度',
    nameA: '周明',
    nameB: '孙悦',
    firstSkill: '开场'
  },
  'en-US': {
    nav: 'Hiring',
    newCandidate: 'New candidate',
    team: 'Team hired for',
    interviewers: 'Interviewers',
    switchProfile: 'Switch profile…',
    pick: 'Choose a person',
    use: 'Continue as this person',
    signedIn: (n: string) => `Signed in: ${n}`,
    compare: 'Compare',
    hiddenWhy: 'Their scores stay hidden until you submit yours',
    calls: 'Calls',
    tracker: 'Coaching tracker',
    nameA: 'Zhou Ming',
    nameB: 'Sun Yue',
    firstSkill: 'Opening'
  }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`hiring (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    }, 120_000)
    afterAll(async () => {
      await c?.close()
    })

    async function switchTo(page: Page, from: User, to: User): Promise<void> {
      await page.getByRole('button', { name: tx.signedIn(from.name) }).click()
      await page.getByRole('menuitem', { name: tx.switchProfile }).click()
      await page.getByRole('combobox', { name: tx.pick }).click()
      await page.getByRole('option', { name: new RegExp(`^${to.name} · `) }).click()
      await page.getByRole('button', { name: tx.use }).click()
      await page.getByRole('button', { name: tx.signedIn(to.name) }).waitFor({ timeout: 30_000 })
    }

    async function score(page: Page, value: (i: number) => string): Promise<void> {
      const qs = page.getByTestId('score-question')
      const n = await qs.count()
      expect(n).toBeGreaterThan(3)
      for (let i = 0; i < n; i++) await qs.nth(i).getByText(value(i), { exact: true }).click()
      await page.getByTestId('score-submit').click()
      await page.getByTestId('score-submit-confirm').click()
      await page.getByTestId('others-scores').waitFor({ timeout: 30_000 })
    }

    it('two interviewers score on their own, the comparison ranks, and a hire makes a coached rep', async () => {
      const { page } = c
      const [users, units] = await Promise.all([rows<User>(page, 'users'), rows<OrgUnit>(page, 'orgUnits')])
      const session = (await rows<{ key: string; value: { userId: string } }>(page, 'meta')).find(
        (m) => m.key === 'session'
      )!.value
      const director = users.find((u) => u.id === session.userId)!
      const lead = users.find((u) => u.role === 'team_lead' && u.active)!
      const team = units.find((u) => u.id === lead.orgUnitId)!

      // The director adds two candidates for the lead's team, with the lead as second interviewer.
      await page.getByRole('link', { name: tx.nav, exact: true }).click()
      for (const name of [tx.nameA, tx.nameB]) {
        await page.getByTestId('candidate-new').click()
        await page.getByTestId('candidate-name').fill(name)
        await page.getByRole('combobox', { name: tx.team }).click()
        await page.getByRole('option', { name: team.name, exact: true }).click()
        await page.getByTestId('candidate-interviewers').click()
        await page.getByRole('option', { name: lead.name, exact: true }).click()
        await page.keyboard.press('Escape')
        await page.getByTestId('candidate-save').click()
        await page.locator(`[data-testid="candidate-row"][data-name="${name}"]`).waitFor({ timeout: 30_000 })
      }
      await c.shot('hiring-01-candidates')
      await page.getByRole('link', { name: tx.nameA, exact: true }).click()
      await page.getByTestId('move-interviews').click()
      await until(
        async () => (await page.getByTestId('candidate-stage').innerText()).trim(),
        (s) => s !== '' && !/已投递|Applied/.test(s)
      )
      const candidateUrl = page.url()

      // The team lead scores first (3s and 4s) and submits.
      await switchTo(page, director, lead)
      await page.goto(candidateUrl)
      await page.getByTestId('my-score').waitFor({ timeout: 30_000 })
      await score(page, (i) => (i % 2 ? '4' : '3'))

      // The director, before submitting, sees that one score is in, not what it is.
      await switchTo(page, lead, director)
      await page.goto(candidateUrl)
      await page.getByTestId('others-hidden').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('others-hidden').innerText()).toContain(tx.hiddenWhy)
      expect(await page.getByTestId('others-scores').count()).toBe(0)
      expect(await page.getByTestId('interviewer-row').count()).toBe(0)
      // Nor in their own form: it starts empty, whatever the previous person at this laptop answered.
      expect(await page.getByTestId('my-total').innerText()).toMatch(/–/)
      expect(
        await page
          .getByTestId('my-score')
          .getByText(/^(Saved\.|已保存。)$/)
          .count()
      ).toBe(0)
      await c.shot('hiring-02-before-submitting')
      await score(page, () => '5')
      const interviewerRows = page.getByTestId('interviewer-row')
      await until(
        () => interviewerRows.count(),
        (n) => n === 2
      )
      expect(await interviewerRows.count()).toBe(2)
      await c.shot('hiring-03-both-scores')
      const scores = await rows<InterviewScore>(page, 'interviewScores')
      expect(scores.map((s) => s.interviewerId).sort()).toEqual([director.id, lead.id].sort())
      expect(scores.every((s) => s.submittedAt !== undefined)).toBe(true)

      // The comparison: the scored candidate first, the unscored one after; a row opens the candidate.
      await page.getByRole('link', { name: tx.nav, exact: true }).click()
      await page.getByRole('tab', { name: tx.compare }).click()
      const compareRows = page.getByTestId('compare-row')
      await until(
        () => compareRows.count(),
        (n) => n === 2
      )
      expect(await compareRows.nth(0).getAttribute('data-name')).toBe(tx.nameA)
      expect(Number(await compareRows.nth(0).getAttribute('data-total'))).toBeGreaterThan(60)
      expect(await compareRows.nth(1).getAttribute('data-total')).toBe('')
      await c.shot('hiring-04-compare')
      await compareRows.nth(0).click()
      await page.getByTestId('move-offer').click()
      await page.getByTestId('hire-open').click()
      // The tracker's skills (the demo's call scorecard) are offered first.
      await page.getByTestId('hire-skills').waitFor()
      await page.waitForTimeout(500)
      await c.shot('hiring-05-hire')
      await page.getByTestId('hire-confirm').click()
      await page.getByTestId('hired-rep').waitFor({ timeout: 30_000 })

      // The rep is in the org, in the team, with a coaching plan.
      const after = await until(
        () => rows<User>(page, 'users'),
        (us) => us.some((u) => u.name === tx.nameA)
      )
      const rep = after.find((u) => u.name === tx.nameA)!
      expect(rep).toMatchObject({ role: 'rep', orgUnitId: team.id, active: true })
      const plans = await rows<CoachingPlan>(page, 'coachingPlans')
      // Coached by the team's lead, on the tracker's skills (the demo's call scorecard), from step one.
      const plan = plans.find((p) => p.repId === rep.id)
      expect(plan).toMatchObject({ coachId: lead.id, orgUnitId: team.id })
      expect(plan?.skills).toContain(tx.firstSkill)
      await page.getByRole('link', { name: tx.calls, exact: true }).click()
      await page.getByRole('tab', { name: tx.tracker }).click()
      const row = page.locator(`[data-testid="tracker-row"][data-rep="${tx.nameA}"]`)
      await row.waitFor({ timeout: 30_000 })
      // The plans arrive in their own live query, a moment after the row.
      await row.getByTestId('tracker-planned').first().waitFor({ timeout: 30_000 })
      await c.shot('hiring-06-tracker')
      expect(c.pageErrors.filter((e) => !/ResizeObserver/.test(e))).toEqual([])
    }, 300_000)
  })
}
