import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, type HubStore } from '../../src/hub/store'
import { buildHub, type Hub } from '../../src/hub/server'
import { createOrgUnit, createUser, inviteUser } from '../../src/hub/org'
import { launchChromium, openCockpit, type Cockpit } from './cockpit'

/**
 * A team starts on a real hub (PGlite) from the app. The server's operator makes one admin
 * account (the admin tool); everything else happens in three cockpits: the admin builds the org
 * and a sales process in Settings and invites a regional manager and a rep; the manager (in
 * Chinese) imports a CRM export; the rep sees the deals; the manager types in a strategy sheet
 * and the rep sees the manager's name; the rep is not offered the process editor, and a process
 * change forced past the app is refused by the hub and shown as a refused edit with its reason;
 * two people editing one field one after the other leave no inbox entry, and the same field
 * edited by both while the hub was away leaves exactly one, in Chinese.
 */

const PASSWORD = 'a long enough password'
let dir: string
let store: HubStore
let secret: Buffer
let hub: Hub
let port: number
let hubUrl: string
let browser: Browser
let admin: Cockpit
let manager: Cockpit
let rep: Cockpit
let adminToken: string
let managerInvite: string
let repInvite: string
let dealId: string
const adminEmail = `zhou.admin-${Date.now()}@example.com`
const managerEmail = `wang.fang-${Date.now()}@example.com`
const repEmail = `li.xiao-${Date.now()}@example.com`

async function startHub(): Promise<void> {
  hub = await buildHub({ store, secret })
  await hub.app.listen({ host: '127.0.0.1', port })
  const addr = hub.app.server.address()
  port = typeof addr === 'object' && addr ? addr.port : 0
  hubUrl = `http://127.0.0.1:${port}`
}

/** Rows of a table in a page's IndexedDB (the workspace that page's UI reads). */
function rows<T>(page: Page, table: string): Promise<T[]> {
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
        }
      }),
    table
  )
}

async function meta<T>(page: Page, key: string): Promise<T | undefined> {
  const all = await rows<{ key: string; value: T }>(page, 'meta')
  return all.find((m) => m.key === key)?.value
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** First launch → connect → "I have an invitation": `invitation` is the whole message or just the code. */
async function joinByInvitation(c: Cockpit, t: { connect: string; haveToken: string; form: string; hub: string; token: string; password: string; submit: string }, invitation: string, typeHub: boolean): Promise<void> {
  const { page } = c
  await page.getByRole('button', { name: t.connect }).click()
  await page.getByRole('button', { name: t.haveToken }).click()
  const form = page.getByRole('form', { name: t.form })
  if (typeHub) await form.getByLabel(t.hub).fill(hubUrl)
  await form.getByLabel(t.token).fill(invitation)
  await form.getByRole('textbox', { name: t.password }).fill(PASSWORD)
  await form.getByRole('button', { name: t.submit }).click()
}

const en = {
  connect: 'Connect to a team hub',
  haveToken: 'I have an invitation',
  form: 'Join a team hub with an invitation',
  hub: 'Hub address',
  token: 'Invitation token',
  password: 'Choose a password',
  submit: 'Set my password and download my region'
}
const zh = {
  connect: '连接团队服务器',
  haveToken: '我有邀请码',
  form: '使用邀请加入团队服务器',
  hub: '服务器地址',
  token: '邀请码',
  password: '设置密码',
  submit: '设置密码并下载我的大区'
}

/** A CRM deal export with English headers, its owner the rep the admin invited. */
const CSV = [
  'Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Close Date,Opportunity Owner',
  'OPP-1,Ruikang imaging upgrade,Shanghai Ruikang Medical,"1,280,000",Needs discovery,2027-03-15,Li Xiao',
  'OPP-2,Huadong ERP rollout,Hangzhou Huadong Pharma,"860,000",Lead qualified,2027-04-30,Li Xiao',
  'OPP-3,Boyuan line 3,Suzhou Boyuan Machinery,"2,400,000",Solution presented,2027-02-28,Li Xiao'
].join('\r\n')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-team-'))
  store = await openPglite(join(dir, 'hub'))
  secret = randomBytes(32)
  port = 0
  await startHub()
  // The server's operator (admin tool): one region for head office and its admin, invited.
  const head = await createOrgUnit(store, { name: 'Head office', kind: 'region' })
  await createUser(store, { email: adminEmail, name: 'Zhou Min', role: 'admin', orgUnitId: head.id })
  adminToken = await inviteUser(store, secret, adminEmail)
  browser = await launchChromium('en-US')
  admin = await openCockpit('en-US', undefined, { browser })
}, 180_000)

afterAll(async () => {
  for (const c of [admin, manager, rep]) await c?.close()
  await browser?.close()
  await hub?.app.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a team starts on a hub from the app', () => {
  it('the admin joins, builds a region, a team and a sales process, and invites a regional manager and a rep', async () => {
    const { page } = admin
    await joinByInvitation(admin, en, adminToken, true)
    // Signed in: the header names who is at the keyboard.
    await page.getByRole('button', { name: 'Signed in: Zhou Min' }).waitFor({ timeout: 60_000 })
    await page.goto(`${admin.harness.url}#/settings`)
    const org = page.getByRole('article', { name: 'Organisation' }).or(page.locator('[aria-label="Organisation"]'))
    await org.getByRole('button', { name: 'Add region' }).click()
    await page.getByRole('form', { name: 'Add region' }).getByLabel('Region name').fill('East China')
    await page.getByRole('form', { name: 'Add region' }).getByRole('button', { name: 'Save' }).click()
    const east = org.getByLabel('East China', { exact: true })
    await east.getByRole('button', { name: 'Add team' }).click({ timeout: 30_000 })
    await page.getByRole('form', { name: 'Add team' }).getByLabel('Team name').fill('Shanghai team')
    await page.getByRole('form', { name: 'Add team' }).getByRole('button', { name: 'Save' }).click()
    await org.getByLabel('Shanghai team', { exact: true }).waitFor({ timeout: 30_000 })

    // The regional manager sits on the region; the invitation is a message to copy.
    await org.getByRole('button', { name: 'Add a person to East China' }).click()
    const person = page.getByRole('form', { name: 'Add person' })
    await person.getByLabel('Name').fill('王芳')
    await person.getByLabel('Work email').fill(managerEmail)
    await person.getByRole('combobox', { name: 'Role' }).click()
    await page.getByRole('option', { name: 'Regional manager', exact: true }).click()
    await person.getByRole('button', { name: 'Create and invite' }).click()
    const message = page.getByTestId('invitation-message')
    await message.waitFor({ timeout: 30_000 })
    managerInvite = await message.inputValue()
    expect(managerInvite).toContain(hubUrl)
    await admin.shot('team-01-invitation')
    await page.getByRole('button', { name: 'Done' }).click()

    await org.getByRole('button', { name: 'Add a person to Shanghai team' }).click()
    await person.getByLabel('Name').fill('Li Xiao')
    await person.getByLabel('Work email').fill(repEmail)
    await person.getByRole('button', { name: 'Create and invite' }).click()
    repInvite = await page.getByTestId('invitation-code').inputValue({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Done' }).click()
    await org.getByRole('listitem', { name: 'Li Xiao' }).waitFor({ timeout: 30_000 })

    // The first sales process, from the standard new-customer template.
    await page.getByRole('button', { name: 'New process' }).click()
    await page.getByRole('menuitem', { name: 'New-customer process' }).click()
    await page.getByRole('button', { name: 'Save as new revision' }).click()
    await until(async () => (await store.query("SELECT 1 FROM cells WHERE tbl = 'salesProcesses' AND field = 'name'")).length, (n) => n === 1)
    await admin.shot('team-02-org-built')
    const [people] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
    expect(people?.n).toBe(3)
  }, 240_000)

  it('the regional manager joins in Chinese by pasting the whole invitation, and imports the CRM export into the hub workspace', async () => {
    manager = await openCockpit('zh-CN', undefined, { browser })
    const { page } = manager
    await joinByInvitation(manager, zh, managerInvite, false)
    await page.getByRole('button', { name: '当前登录：王芳' }).waitFor({ timeout: 60_000 })
    // The process the admin made is here; the import lands in the hub workspace.
    await page.goto(`${manager.harness.url}#/import`)
    await page.getByLabel('选择文件').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CSV}\r\n`, 'utf8') })
    await page.getByRole('button', { name: '下一步' }).click()
    await page.getByRole('button', { name: '下一步' }).click()
    await page.getByRole('button', { name: '导入 3 行' }).click()
    await page.getByText('导入完成', { exact: true }).waitFor({ timeout: 60_000 })
    await manager.shot('team-03-manager-imported')
    // On the hub: three deals, owned by the rep the admin invited (matched by name).
    const deals = await until(
      () => store.query<{ owner: unknown }>("SELECT value AS owner FROM cells WHERE tbl = 'deals' AND field = 'ownerId'"),
      (r) => r.length === 3
    )
    const [li] = await store.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [repEmail])
    expect(deals.map((d) => d.owner)).toEqual([li!.id, li!.id, li!.id])
  }, 240_000)

  it('the rep joins and sees the deals; the manager types in the strategy sheet and the rep sees her name', async () => {
    rep = await openCockpit('en-US', undefined, { browser })
    await joinByInvitation(rep, en, repInvite, true)
    await rep.page.getByRole('button', { name: 'Signed in: Li Xiao' }).waitFor({ timeout: 60_000 })
    const deals = await until(() => rows<{ id: string; name: string }>(rep.page, 'deals'), (d) => d.length === 3)
    expect(deals.map((d) => d.name).sort()).toEqual(['Boyuan line 3', 'Huadong ERP rollout', 'Ruikang imaging upgrade'])
    await rep.page.goto(`${rep.harness.url}#/pipeline`)
    await rep.page.getByText('Ruikang imaging upgrade').first().waitFor({ timeout: 30_000 })
    await rep.shot('team-04-rep-sees-deals')

    const deal = deals.find((d) => d.name === 'Ruikang imaging upgrade')!
    await manager.page.goto(`${manager.harness.url}#/war-room/${deal.id}`)
    await rep.page.goto(`${rep.harness.url}#/war-room/${deal.id}`)
    const theirs = manager.page.getByRole('textbox', { name: '单一销售目标', exact: true })
    await theirs.click({ timeout: 30_000 })
    await manager.page.keyboard.type('三月底签下影像升级一期', { delay: 20 })
    await rep.page.getByText('王芳 is typing here').first().waitFor({ timeout: 30_000 })
    const mine = rep.page.getByRole('textbox', { name: 'Single sales objective', exact: true })
    // Each keystroke is stored on the hub before it is relayed; on a shared, busy machine that can take a while.
    expect(await until(() => mine.inputValue(), (v) => v === '三月底签下影像升级一期', 90_000)).toBe('三月底签下影像升级一期')
    await rep.shot('team-05-rep-sees-manager-typing')
  }, 240_000)

  it('a rep is not offered the process editor; a process change forced past the app is refused by the hub, with the reason in words', async () => {
    const { page } = rep
    await page.goto(`${rep.harness.url}#/settings`)
    const why = page.getByTestId('guarded-process.edit')
    await why.waitFor({ timeout: 30_000 })
    expect(await why.textContent()).toBe('As Sales rep you may not change sales processes; only Admin, Director may.')
    expect(await page.getByRole('button', { name: 'Save as new revision' }).isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'New process' }).isDisabled()).toBe(true)

    // Forced: an op written straight into the outbox, past the write path's own check.
    const [process] = await rows<{ id: string; name: string }>(page, 'salesProcesses')
    await page.evaluate(
      ({ id, hlc }) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('sales-cockpit')
          req.onsuccess = () => {
            const tx = req.result.transaction('outbox', 'readwrite')
            tx.objectStore('outbox').add({ table: 'salesProcesses', rowId: id, hlc, schemaVersion: 1, fields: { name: 'Rep’s own process' }, origin: 'local' })
            tx.oncomplete = () => {
              req.result.close()
              resolve()
            }
            tx.onerror = () => reject(new Error('write failed'))
          }
        }),
      { id: process!.id, hlc: `${String(Date.now()).padStart(15, '0')}:00000:forced-by-test` }
    )
    const warning = page.getByRole('button', { name: '1 edit refused' })
    await warning.waitFor({ timeout: 60_000 })
    await rep.shot('team-06-refused-badge')
    await warning.click()
    const refused = page.getByRole('listitem', { name: `Sales process ${process!.name}` })
    await refused.waitFor()
    expect(await refused.textContent()).toContain('As Sales rep you may not change sales processes; only Admin, Director may.')
    expect(await refused.textContent()).toContain('Name: Rep’s own process')
    await rep.shot('team-07-refused-reason')
    const [stored] = await store.query<{ value: unknown }>("SELECT value FROM cells WHERE tbl = 'salesProcesses' AND row_id = $1 AND field = 'name'", [process!.id])
    expect(stored?.value).toBe(process!.name)
  }, 240_000)

  it('one field edited by the manager, then by the rep after seeing it: no inbox entry on either laptop', async () => {
    const deal = (await rows<{ id: string; name: string }>(rep.page, 'deals')).find((d) => d.name === 'Ruikang imaging upgrade')!
    dealId = deal.id
    await manager.page.goto(`${manager.harness.url}#/deals/${deal.id}`)
    await pickCategory(manager.page, '销售的判断', '最佳情况')
    // The rep's laptop has her edit before he makes his.
    await until(async () => (await rows<{ id: string; forecastCategory: string }>(rep.page, 'deals')).find((d) => d.id === deal.id)?.forecastCategory, (c) => c === 'best_case')
    await rep.page.goto(`${rep.harness.url}#/deals/${deal.id}`)
    await pickCategory(rep.page, "Rep's call", 'Commit')
    await until(async () => (await rows<{ id: string; forecastCategory: string }>(manager.page, 'deals')).find((d) => d.id === deal.id)?.forecastCategory, (c) => c === 'commit')
    // Both rounds done, conflicts asked for: nothing about this deal was kept as a loss.
    await manager.page.waitForTimeout(3_000)
    for (const c of [manager, rep]) {
      const kept = (await meta<{ table: string; rowId: string }[]>(c.page, 'sync.conflicts')) ?? []
      expect(kept.filter((k) => k.table === 'deals' && k.rowId === deal.id)).toEqual([])
    }
    const hubConflicts = await store.query("SELECT 1 FROM conflicts WHERE tbl = 'deals' AND row_id = $1", [deal.id])
    expect(hubConflicts).toEqual([])
  }, 240_000)

  it('the same field edited on both laptops while the hub was away: exactly one inbox entry, in Chinese', async () => {
    await hub.app.close()
    await manager.page.getByText('离线').first().waitFor({ timeout: 60_000 })
    await pickCategory(manager.page, '销售的判断', '管道')
    // Offline, the header counts what waits to be sent.
    await manager.page.getByText('离线 · 1 处待发送').waitFor({ timeout: 30_000 })
    await manager.shot('team-08-offline-pending')
    await rep.page.getByText('Offline').first().waitFor({ timeout: 60_000 })
    await pickCategory(rep.page, "Rep's call", 'Omitted')
    await startHub()
    // The rep's later edit wins everywhere; the manager's value is kept once, on her laptop, as hers.
    await until(async () => (await rows<{ id: string; forecastCategory: string }>(manager.page, 'deals')).find((d) => d.id === dealId)?.forecastCategory, (c) => c === 'omitted', 120_000)
    await manager.page.goto(`${manager.harness.url}#/settings`)
    const inbox = manager.page.getByRole('list', { name: '被同时修改覆盖的编辑' })
    const items = inbox.getByRole('listitem')
    await items.first().waitFor({ timeout: 60_000 })
    await manager.page.waitForTimeout(3_000)
    expect(await items.count()).toBe(1)
    const text = await items.first().textContent()
    expect(text).toContain('商机 · Ruikang imaging upgrade · 预测类别（销售）')
    expect(text).toContain('保留的值：管道')
    expect(text).toContain('当前的值：不计入')
    expect(text).toContain('您的修改被覆盖')
    expect(text).toContain('王芳 的修改被 Li Xiao 的修改覆盖')
    expect(text).not.toMatch(/forecastCategory|pipeline|omitted/)
    await manager.shot('team-09-inbox-zh')
    const repKept = ((await meta<{ table: string; rowId: string; side: string }[]>(rep.page, 'sync.conflicts')) ?? []).filter((k) => k.table === 'deals')
    expect(repKept.map((k) => k.side)).toEqual(['theirs'])
    expect(admin.pageErrors.concat(manager.pageErrors, rep.pageErrors)).toEqual([])
  }, 300_000)
})

/** The deal page's forecast select: open it and choose a category by its words. */
async function pickCategory(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click({ timeout: 30_000 })
  await page.getByRole('option', { name: option, exact: true }).click()
}
