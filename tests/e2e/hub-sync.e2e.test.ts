import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, type HubStore } from '../../src/hub/store'
import { makeFixture, op, PASSWORD, push, type Fixture } from '../hub/harness'
import { openCockpit, type Cockpit } from './cockpit'

/**
 * The harness app joins a team hub started here: first launch → "Connect to a team hub" →
 * the region downloads into an empty workspace; a colleague's later push arrives by poke.
 */

let dir: string
let store: HubStore
let fx: Fixture
let hubUrl: string
let c: Cockpit

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
  c = await openCockpit('en-US')
}, 120_000)

afterAll(async () => {
  await c?.close()
  await fx?.hub.app.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('joining a team hub from first launch', () => {
  it('connects, pulls the region, and follows a colleague’s later edit', async () => {
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

    await page.goto(`${c.harness.url}#/settings`)
    await page.getByText('Up to date').first().waitFor({ timeout: 15_000 })
    await page.getByText(`Signed in as ${fx.emails.managerA.toLowerCase()}`).waitFor()
    await c.shot('hub-settings-connected')

    // A colleague pushes; the hub pokes, the page pulls without being asked.
    const later = await push(fx, fx.tokens.repA, [op('customers', 'hub-cust-2', customerFields('Ningbo Port Logistics', fx.teamA), { node: 'colleague' })])
    expect(later.statusCode).toBe(200)
    expect(await until(localCustomers, (n) => n.length === 2)).toEqual(['Hangzhou Steel', 'Ningbo Port Logistics'])

    await page.getByRole('button', { name: 'Disconnect' }).click()
    await page.getByRole('form', { name: 'Connect to a team hub' }).waitFor()
    await c.shot('hub-settings-disconnected')
    expect(c.pageErrors).toEqual([])
  }, 120_000)
})
