import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStereoCallWithGap } from '../../src/main/recordings/fixtures'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A manager on a big account, in both languages: open the customer with the most follow-ups,
 * filter to calls, search the notes, log a ride-along and find it in place, then replay a
 * lost deal.
 */
const texts = {
  'zh-CN': {
    calls: '电话',
    search: '在时间线中搜索',
    logRideAlong: '记录陪访',
    objective: '拜访目标',
    when: '拜访时间',
    save: '保存',
    sheet: /行为控制表/,
    replay: '复盘这个商机',
    // A lost deal is compared with the process's lost deals (issue 14).
    median: /同流程输单商机中位数/,
    next: '下一步',
    total: /共 (\d+) 条记录/,
    filtered: /(\d+) 条符合/,
    assignTask: '布置辅导任务',
    task: '任务',
    markDone: '标记完成',
    done: /已完成/,
    attached: '已关联 1 个录音'
  },
  'en-US': {
    calls: 'Calls',
    search: 'Search the timeline',
    logRideAlong: 'Log ride-along',
    objective: 'Objective',
    when: 'Visit time',
    save: 'Save',
    sheet: /Behaviour sheet/,
    replay: 'Replay this deal',
    median: /median of this process's lost deals/,
    next: 'Next',
    total: /(\d+) events?$/,
    filtered: /(\d+) of \d+ events match/,
    assignTask: 'Assign coaching task',
    task: 'Task',
    markDone: 'Mark done',
    done: /Done/,
    attached: 'Recording attached.'
  }
}

interface Probe {
  customerId: string
  events: number
  phrase: string
  lostDealId: string
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`mixed timeline (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit
    let probe: Probe

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      // Read the demo straight from IndexedDB: the biggest customer, a phrase from one of its
      // notes, and the lost deal with the most follow-ups.
      probe = await c.page.evaluate(async (loc) => {
        const db = await new Promise<IDBDatabase>((ok, ko) => {
          const r = indexedDB.open('sales-cockpit')
          r.onsuccess = () => ok(r.result)
          r.onerror = () => ko(r.error)
        })
        const all = <T,>(store: string): Promise<T[]> =>
          new Promise((ok, ko) => {
            const r = db.transaction(store).objectStore(store).getAll()
            r.onsuccess = () => ok(r.result as T[])
            r.onerror = () => ko(r.error)
          })
        type A = { customerId: string; dealId: string | null; kind: string; body?: string }
        const acts = await all<A>('activities')
        const deals = await all<{ id: string; status: string }>('deals')
        const perCustomer = new Map<string, number>()
        const perDeal = new Map<string, number>()
        for (const a of acts) {
          perCustomer.set(a.customerId, (perCustomer.get(a.customerId) ?? 0) + 1)
          if (a.dealId) perDeal.set(a.dealId, (perDeal.get(a.dealId) ?? 0) + 1)
        }
        // The biggest account that has calls and written notes, so every step has something to find.
        const hasCalls = new Set(acts.filter((a) => a.kind === 'call').map((a) => a.customerId))
        const hasNotes = new Set(acts.filter((a) => a.kind === 'note').map((a) => a.customerId))
        const [customerId, events] = [...perCustomer.entries()].filter(([id]) => hasCalls.has(id) && hasNotes.has(id)).sort((a, b) => b[1] - a[1])[0]!
        const mine = acts.filter((a) => a.customerId === customerId && (a.body ?? '').length > 12)
        // A manager's note if there is one, else the written-up notes of a visit or call.
        const note = mine.find((a) => a.kind === 'note') ?? mine.find((a) => a.kind === 'visit') ?? mine[0]!
        const body = note.body!
        // zh: four characters from the middle of the note (no word split); en: a long word.
        const phrase =
          loc === 'zh-CN'
            ? (/[\u4e00-\u9fff]{4}/.exec(body.slice(4)) ?? /[\u4e00-\u9fff]{2,}/.exec(body))![0]
            : body
                .split(/[^A-Za-z]+/)
                .filter((w) => w.length >= 6)
                .sort((a, b) => b.length - a.length)[0]!
        const lost = deals.filter((d) => d.status === 'lost').sort((a, b) => (perDeal.get(b.id) ?? 0) - (perDeal.get(a.id) ?? 0))[0]!
        return { customerId, events, phrase, lostDealId: lost.id }
      }, locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    const count = async (re: RegExp): Promise<number> => {
      const el = c.page.getByText(re).first()
      await el.waitFor()
      return Number(re.exec(((await el.textContent()) ?? '').trim())![1])
    }

    it('opens the biggest customer with its whole stream, newest day first', async () => {
      const { page } = c
      await page.goto(`${c.harness.url}#/customers/${probe.customerId}`)
      const feed = page.getByRole('feed')
      await feed.locator('[data-event-id]').first().waitFor()
      expect(await count(tx.total)).toBeGreaterThanOrEqual(probe.events)
      expect(await page.locator('[data-day-header="sticky"]').count()).toBe(1)
      await c.shot('timeline-01-customer')
    })

    it('filters to calls', async () => {
      const { page } = c
      await page.getByRole('group').getByText(new RegExp(`^${tx.calls} \\d+`)).click()
      await page.waitForFunction(() => [...document.querySelectorAll('[data-kind]')].every((e) => e.getAttribute('data-kind') === 'call'))
      const kinds = await page.locator('[role=feed] [data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
      expect(kinds.length).toBeGreaterThan(3)
      expect(new Set(kinds)).toEqual(new Set(['call']))
      await c.shot('timeline-02-calls')
      await page.getByRole('group').getByText(new RegExp(`^${tx.calls} \\d+`)).click()
    })

    it('finds a phrase from a note by substring', async () => {
      const { page } = c
      await page.getByRole('textbox', { name: tx.search }).fill(probe.phrase)
      const n = await count(tx.filtered)
      expect(n).toBeGreaterThan(0)
      // Only matching events stay; the note the phrase came from is among them (other matches may
      // carry it in a folded part, such as a visit's behaviour sheet).
      await expect.poll(async () => (await page.locator('[role=feed]').innerText()).toLowerCase(), { timeout: 10_000 }).toContain(probe.phrase.toLowerCase())
      // The list is virtualised: scroll through it and count the distinct rows it shows.
      const shown = new Set<string>()
      const feed = page.locator('[role=feed]')
      for (let step = 0; step < 500; step++) {
        for (const id of await page.locator('[role=feed] [data-event-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id') ?? ''))) shown.add(id)
        const moved = await feed.evaluate((el) => {
          const before = el.scrollTop
          el.scrollTop = before + el.clientHeight * 0.7
          return el.scrollTop !== before
        })
        if (!moved) break
        await page.waitForTimeout(30)
      }
      expect(shown.size).toBe(n)
      await feed.evaluate((el) => (el.scrollTop = 0))
      await c.shot('timeline-03-search')
      await page.getByRole('textbox', { name: tx.search }).fill('')
    })

    it('logs a ride-along with the behaviour sheet and shows it at its time', async () => {
      const { page } = c
      const objective = locale === 'zh-CN' ? `确认预算审批流程 ${Date.now() % 100000}` : `Confirm the budget approval path ${Date.now() % 100000}`
      // Two days ago at 10:00, so it lands under that day, not at the top.
      const when = await page.evaluate(() => {
        const d = new Date(Date.now() - 2 * 86_400_000)
        d.setHours(10, 0, 0, 0)
        return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
      })
      await page.getByRole('button', { name: tx.logRideAlong }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByLabel(tx.when).fill(when)
      await dialog.getByRole('textbox', { name: tx.objective }).fill(objective)
      await c.shot('timeline-04-ride-along-form')
      await dialog.getByRole('button', { name: tx.save }).click()
      await dialog.waitFor({ state: 'detached' })
      await page.getByRole('textbox', { name: tx.search }).fill(objective)
      const row = page.locator('[role=feed] [data-kind=ride_along]')
      await row.first().waitFor()
      expect(await row.count()).toBe(1)
      await row.getByRole('button', { name: tx.sheet }).click()
      await row.getByText(objective).waitFor()
      // In place: the day header above it is that day (a weekday label, not today's).
      const header = await page.locator('[role=feed] [data-day-header=row]').first().innerText()
      const expected = await page.evaluate(
        ([w, loc]) => new Intl.DateTimeFormat(loc, { weekday: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(w)),
        [when, locale] as const
      )
      expect(header).toContain(expected)
      await c.shot('timeline-05-ride-along-in-place')
      await page.getByRole('textbox', { name: tx.search }).fill('')
    })

    it('assigns a coaching task and marks it done in place', async () => {
      const { page } = c
      const subject = locale === 'zh-CN' ? `练习价格异议处理 ${Date.now() % 100000}` : `Practise the price objection ${Date.now() % 100000}`
      await page.getByRole('button', { name: tx.assignTask }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: tx.task, exact: true }).fill(subject)
      await dialog.getByRole('button', { name: tx.save }).click()
      await dialog.waitFor({ state: 'detached' })
      await page.getByRole('textbox', { name: tx.search }).fill(subject)
      const row = page.locator('[role=feed] [data-kind=task]')
      await row.first().waitFor()
      expect(await row.count()).toBe(1)
      await row.getByRole('button', { name: tx.markDone }).click()
      // Through the write path and the live query: the same row, now done, and no button.
      await row.locator('[data-task-done]').waitFor()
      expect(await row.locator('[data-task-done]').innerText()).toMatch(tx.done)
      expect(await row.getByRole('button', { name: tx.markDone }).count()).toBe(0)
      expect(await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((ok) => {
          const r = indexedDB.open('sales-cockpit')
          r.onsuccess = () => ok(r.result)
        })
        return new Promise<number>((ok) => {
          const r = db.transaction('outbox').objectStore('outbox').getAll()
          // The completion is its own kind (taskCompletions), queued for the hub.
          r.onsuccess = () => ok((r.result as { table: string }[]).filter((o) => o.table === 'taskCompletions').length)
        })
      })).toBeGreaterThanOrEqual(1)
      await c.shot('timeline-06-task-done')
      await page.getByRole('textbox', { name: tx.search }).fill('')
    })

    it('opens a recorded call in the player from its row, at the transcript line’s moment', async () => {
      const { page } = c
      // The demo's recorded calls are attached in the background after the demo opens.
      const handle = await page.waitForFunction(
        async () => {
          const db = await new Promise<IDBDatabase>((ok) => {
            const r = indexedDB.open('sales-cockpit')
            r.onsuccess = () => ok(r.result)
          })
          const acts = await new Promise<{ customerId: string; recordingId?: string; kind: string }[]>((ok) => {
            const r = db.transaction('activities').objectStore('activities').index('kind').getAll('call')
            r.onsuccess = () => ok(r.result)
          })
          const call = acts.find((a) => a.recordingId)
          return call ? { customerId: call.customerId, recordingId: call.recordingId! } : false
        },
        undefined,
        { timeout: 60_000, polling: 500 }
      )
      const { customerId, recordingId } = (await handle.jsonValue()) as { customerId: string; recordingId: string }
      await page.goto(`${c.harness.url}#/customers/${customerId}`)
      await page.getByRole('group').getByText(new RegExp(`^${tx.calls} \\d+`)).click()
      const badge = page.locator(`[role=feed] [data-recording-id="${recordingId}"]`)
      await badge.waitFor()
      await c.shot('timeline-07-recorded-call')
      await badge.click()
      await page.getByTestId('call-player').waitFor()
      expect(page.url()).toContain(`#/calls?recording=${recordingId}`)
      expect(page.url()).not.toContain('t=')

      await page.goBack()
      const snippet = page.locator(`[role=feed] [data-snippet-of="${recordingId}"]`)
      await snippet.waitFor()
      await snippet.click()
      await page.getByTestId('call-player').waitFor()
      // The snippet is the customer's first line, after the rep's opener: a moment past 0.
      const t = Number(new RegExp(`#/calls\\?recording=${recordingId}&t=(\\d+)`).exec(page.url())?.[1])
      expect(t).toBeGreaterThan(0)
      await page.locator(`[data-testid=transcript] [data-active][data-start-ms="${t}"]`).waitFor()
      await c.shot('timeline-08-player-at-moment')
    })

    it('attaches a recording dropped onto a logged call', async () => {
      const { page } = c
      // A different file per language run: the same audio twice would be a duplicate.
      const wav = readFileSync(makeStereoCallWithGap(mkdtempSync(join(tmpdir(), 'tl-drop-')), 'logged-call.wav', 2, 1, locale === 'zh-CN' ? 2 : 3))
      await page.goto(`${c.harness.url}#/customers/${probe.customerId}`)
      await page.getByRole('group').getByText(new RegExp(`^${tx.calls} \\d+`)).click()
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[role=feed] [data-kind]')]
        return rows.length > 0 && rows.every((e) => e.getAttribute('data-kind') === 'call')
      })
      const callId = await page
        .locator('[role=feed] [data-kind=call]')
        .evaluateAll((els) => els.find((e) => !e.querySelector('[data-recording-id]'))?.getAttribute('data-event-id') ?? null)
      expect(callId).toBeTruthy()
      // A file drag as the OS starts it: dragover on the row's text, then the drop there.
      await page.evaluate(
        ({ id, b64 }) => {
          const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
          const dt = new DataTransfer()
          dt.items.add(new File([bytes], 'logged-call.wav', { type: 'audio/wav' }))
          const row = document.querySelector(`[role=feed] [data-event-id="${id}"]`)!
          const target = row.querySelector('.tl-main') ?? row
          const box = target.getBoundingClientRect()
          const init = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: box.left + 4, clientY: box.top + 4 }
          target.dispatchEvent(new DragEvent('dragenter', init))
          if (target.dispatchEvent(new DragEvent('dragover', init))) throw new Error('the call row did not take the drag')
          target.dispatchEvent(new DragEvent('drop', init))
        },
        { id: callId!, b64: wav.toString('base64') }
      )
      const result = page.getByTestId('drop-result')
      await result.waitFor({ timeout: 30_000 })
      expect(await result.innerText()).toContain(tx.attached)
      await c.shot('timeline-10-drop-recording')
      // The recording points at the logged call: no second call activity.
      const attached = await page.evaluate(async (id) => {
        const db = await new Promise<IDBDatabase>((ok) => {
          const r = indexedDB.open('sales-cockpit')
          r.onsuccess = () => ok(r.result)
        })
        const recs = await new Promise<{ activityId: string; originalName: string }[]>((ok) => {
          const r = db.transaction('recordings').objectStore('recordings').getAll()
          r.onsuccess = () => ok(r.result as { activityId: string; originalName: string }[])
        })
        return recs.filter((r) => r.activityId === id).map((r) => r.originalName)
      }, callId!)
      expect(attached).toEqual(['logged-call.wav'])
      // The call row itself now offers the recording.
      await page.locator(`[role=feed] [data-event-id="${callId}"] [data-recording-id]`).waitFor({ timeout: 10_000 })
    })

    it('replays a lost deal step by step with a summary', async () => {
      const { page } = c
      await page.goto(`${c.harness.url}#/deals/${probe.lostDealId}`)
      await page.getByRole('button', { name: tx.replay }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByText(tx.median).waitFor()
      const current = dialog.getByTestId('replay-current')
      const before = await current.innerText()
      await dialog.getByRole('button', { name: tx.next, exact: true }).click()
      await dialog.getByRole('button', { name: tx.next, exact: true }).click()
      expect(await current.innerText()).not.toBe(before)
      await c.shot('timeline-09-replay')
      expect(c.pageErrors).toEqual([])
    })
  })
}
