import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, type HubStore } from '../../src/hub/store'
import { createUser, inviteUser, moveUser } from '../../src/hub/org'
import { makeFixture, op, PASSWORD, push, type Fixture } from '../hub/harness'
import { openCockpit, type Cockpit } from './cockpit'

/**
 * The harness app joins a team hub started here: first launch → "Connect to a team hub" →
 * the region downloads into an empty workspace (with the hub's real regions, teams and people in
 * the scope picker); a colleague's later push arrives by poke; an edit of the user's that lost
 * to a colleague's shows in the conflict inbox and is restored from there; a new colleague joins
 * with an invitation.
 */

let dir: string
let store: HubStore
let fx: Fixture
let hubUrl: string
let c: Cockpit
let inviteToken: string
const invitee = `zhao.min-${Date.now()}@example.com`

const customerFields = (name: string, orgUnitId: string) => ({
  name,
  industry: 'Manufacturing',
  size: 'large',
  channel: 'Referral',
  ownerId: null,
  orgUnitId,
  tier: 'key',
  createdAt: Date.now()
})

/** Customer names in the page's IndexedDB (the workspace the UI reads). */
async function localCustomers(): Promise<string[]> {
  return c.page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('sales-cockpit')
        req.onerror = () => reject(new Error('open failed'))
        req.onsuccess = () => {
          const tx = req.result.transaction('customers', 'readonly')
          const all = tx.objectStore('customers').getAll()
          all.onsuccess = () => {
            resolve((all.result as { name: string }[]).map((r) => r.name).sort())
            req.result.close()
          }
        }
      })
  )
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 200))
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-hub-'))
  store = await openPglite(join(dir, 'hub'))
  fx = await makeFixture(store)
  await fx.hub.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = fx.hub.app.server.address()
  hubUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const seeded = await push(fx, fx.tokens.repA, [op('customers', 'hub-cust-1', customerFields('Hangzhou Steel', fx.teamA), { node: 'colleague' })])
  expect(seeded.statusCode).toBe(200)
  const north = await push(fx, fx.tokens.managerB, [op('customers', 'hub-cust-b', customerFields('Tianjin Port Machinery', fx.teamB), { node: 'colleague-b' })])
  expect(north.statusCode).toBe(200)
  await createUser(store, { email: invitee, name: 'Zhao Min', role: 'rep', orgUnitId: fx.teamA })
  inviteToken = await inviteUser(store, fx.secret, invitee)
  c = await openCockpit('en-US')
}, 120_000)

afterAll(async () => {
  await c?.close()
  await fx?.hub.app.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('joining a team hub from first launch', () => {
  it('connects, pulls the region and its org, follows pokes, restores a lost edit, joins by invitation, purges a region left behind', async () => {
    const { page } = c
    await page.getByRole('button', { name: 'Connect to a team hub' }).click()
    const form = page.getByRole('form', { name: 'Connect to a team hub' })
    await form.getByLabel('Hub address').fill(hubUrl)
    await form.getByLabel('Email').fill(fx.emails.managerA)
    await form.getByRole('textbox', { name: 'Password' }).fill('wrong password')
    await form.getByRole('button', { name: 'Connect and download my region' }).click()
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor()
    await c.shot('hub-connect-error')

    await form.getByRole('textbox', { name: 'Password' }).fill(PASSWORD)
    await form.getByRole('button', { name: 'Connect and download my region' }).click()
    expect(await until(localCustomers, (n) => n.length === 1)).toEqual(['Hangzhou Steel'])

    // The hub's org came with the pull: the scope picker offers the real region and its team.
    const [region] = await store.query<{ name: string }>('SELECT name FROM org_units WHERE id = $1', [fx.regionA])
    const [team] = await store.query<{ name: string }>('SELECT name FROM org_units WHERE id = $1', [fx.teamA])
    const [otherRegion] = await store.query<{ name: string }>('SELECT name FROM org_units WHERE id = $1', [fx.regionB])
    await c.shot('hub-pulled')
    await page.getByRole('combobox', { name: 'Scope' }).click()
    await page.getByRole('option', { name: region!.name, exact: true }).waitFor()
    await page.getByRole('option', { name: team!.name, exact: true }).waitFor()
    expect(await page.getByRole('option', { name: otherRegion!.name, exact: true }).count()).toBe(0)
    await c.shot('hub-scope-picker')
    await page.getByRole('option', { name: team!.name, exact: true }).click()

    await page.goto(`${c.harness.url}#/settings`)
    await page.getByText('Up to date').first().waitFor({ timeout: 15_000 })
    await page.getByText(`Signed in as ${fx.emails.managerA.toLowerCase()}`).waitFor()
    await c.shot('hub-settings-connected')

    // An edit with a NUL in it (pasted from a broken export) is set aside before it is sent, and
    // the header says so (issue 13): one badge, opening Settings, where the reason is in words.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('sales-cockpit')
          req.onerror = () => reject(new Error('open failed'))
          req.onsuccess = () => {
            const tx = req.result.transaction('outbox', 'readwrite')
            const hlc = `${String(Date.now()).padStart(15, '0')}:00000:e2e-laptop`
            tx.objectStore('outbox').add({ table: 'customers', rowId: 'hub-cust-1', hlc, schemaVersion: 1, fields: { industry: 'Steel\u0000' }, origin: 'local' })
            tx.oncomplete = () => {
              req.result.close()
              resolve()
            }
            tx.onerror = () => reject(new Error('write failed'))
          }
        })
    )
    await page.getByRole('button', { name: 'Sync now' }).click()
    // Issue 15's refused-edit list names the record, what was tried and why, with the actions.
    await page.getByRole('button', { name: '1 edit refused' }).click({ timeout: 15_000 })
    await page.getByText('1 edit was refused by the hub').waitFor()
    const refusedItem = page.getByRole('listitem', { name: 'Customer Hangzhou Steel' })
    await refusedItem.getByText(/^A field holds invisible control characters/).waitFor()
    await refusedItem.getByRole('button', { name: 'Dismiss' }).waitFor()
    await c.shot('hub-refused-badge')

    // A colleague pushes; the hub pokes, the page pulls without being asked.
    const later = await push(fx, fx.tokens.repA, [op('customers', 'hub-cust-2', customerFields('Ningbo Port Logistics', fx.teamA), { node: 'colleague' })])
    expect(later.statusCode).toBe(200)
    expect(await until(localCustomers, (n) => n.length === 2)).toEqual(['Hangzhou Steel', 'Ningbo Port Logistics'])

    // Two clients rename the same customer: the user's own other laptop, then a colleague later.
    const t = Date.now()
    const mine = await push(fx, fx.tokens.managerA, [op('customers', 'hub-cust-1', { name: 'Hangzhou Steel Group' }, { node: 'laptop-2', wallMs: t })])
    expect(mine.statusCode).toBe(200)
    const theirs = await push(fx, fx.tokens.repA, [op('customers', 'hub-cust-1', { name: 'HZ Steel' }, { node: 'colleague', wallMs: t + 1_000 })])
    expect(theirs.statusCode).toBe(200)
    // The header badge counts the kept losses (the colleague's overwritten first name is one too).
    await page.getByRole('button', { name: /^\d+ lost edits?$/ }).waitFor({ timeout: 15_000 })
    const item = page.getByRole('listitem', { name: 'HZ Steel: Name' }).filter({ hasText: 'Kept value: Hangzhou Steel Group' })
    await item.getByText('Your edit lost').waitFor()
    await item.getByText('Value now: HZ Steel').waitFor()
    await item.getByText("Edit by managerA lost to the edit by repA").waitFor()
    await c.shot('hub-conflict-inbox')
    await item.getByRole('button', { name: 'Restore this value' }).click()
    // Restored through the write path: it syncs as a new edit and wins on the hub.
    const hubName = async (): Promise<unknown> =>
      (await store.query<{ value: unknown }>("SELECT value FROM cells WHERE tbl = 'customers' AND row_id = 'hub-cust-1' AND field = 'name'"))[0]?.value
    expect(await until(hubName, (v) => v === 'Hangzhou Steel Group')).toBe('Hangzhou Steel Group')
    await page.getByText('Kept value: Hangzhou Steel Group').waitFor({ state: 'detached' })

    // Signing out locks the workspace to its account: the sign-in asks for that account only.
    await page.getByRole('button', { name: 'Sign out' }).click()
    const signIn = page.getByRole('form', { name: 'Connect to a team hub' })
    await signIn.waitFor()
    expect(await signIn.getByLabel('Email').inputValue()).toBe(fx.emails.managerA.toLowerCase())
    expect(await signIn.getByLabel('Email').getAttribute('readonly')).not.toBeNull()
    await c.shot('hub-settings-disconnected')

    // A new colleague on this laptop gets a workspace of their own: switching deletes this one
    // (it would otherwise sync as the wrong person), then they join with an invitation; a weak
    // password is refused before the token is spent.
    await page.getByRole('button', { name: 'Switch workspace…' }).click()
    await page.getByRole('button', { name: 'Close and delete' }).click()
    await page.getByRole('button', { name: 'Connect to a team hub' }).click()
    await page.getByRole('button', { name: 'I have an invitation' }).click()
    const joinForm = page.getByRole('form', { name: 'Join a team hub with an invitation' })
    await joinForm.getByLabel('Hub address').fill(hubUrl)
    await joinForm.getByLabel('Invitation token').fill(inviteToken)
    await joinForm.getByRole('textbox', { name: 'Choose a password' }).fill('short')
    await joinForm.getByRole('button', { name: 'Set my password and download my region' }).click()
    await page.getByRole('alert').filter({ hasText: 'Choose a password of at least 10 characters.' }).waitFor()
    await joinForm.getByRole('textbox', { name: 'Choose a password' }).fill('a long enough password')
    await joinForm.getByRole('button', { name: 'Set my password and download my region' }).click()
    await page.getByRole('button', { name: 'Signed in: Zhao Min' }).waitFor({ timeout: 30_000 })
    // The manager's workspace is gone with its data; the newcomer's region downloads.
    expect(await until(localCustomers, (n) => n.length === 2)).toEqual(['Hangzhou Steel Group', 'Ningbo Port Logistics'])
    await page.goto(`${c.harness.url}#/settings`)
    await page.getByText(`Signed in as ${invitee}`).waitFor({ timeout: 15_000 })
    await c.shot('hub-invite-connected')

    // The admin moves the new colleague to the other region. The next pull (here: a poke for a
    // colleague's edit in the old region) carries the reset: region A leaves this laptop, B arrives.
    await moveUser(store, invitee, fx.teamB)
    const poke = await push(fx, fx.tokens.repA, [op('customers', 'hub-cust-3', customerFields('Wenzhou Valves', fx.teamA), { node: 'colleague' })])
    expect(poke.statusCode).toBe(200)
    expect(await until(localCustomers, (n) => n.length === 1 && n[0] === 'Tianjin Port Machinery', 20_000)).toEqual(['Tianjin Port Machinery'])
    const [north] = await store.query<{ name: string }>('SELECT name FROM org_units WHERE id = $1', [fx.regionB])
    await page.getByRole('combobox', { name: 'Scope' }).click()
    await page.getByRole('option', { name: north!.name, exact: true }).waitFor()
    expect(await page.getByRole('option', { name: region!.name, exact: true }).count()).toBe(0)
    await page.getByText('Up to date').first().waitFor()
    await c.shot('hub-scope-moved')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('form', { name: 'Connect to a team hub' }).waitFor()
    expect(c.pageErrors).toEqual([])
  }, 120_000)
})
