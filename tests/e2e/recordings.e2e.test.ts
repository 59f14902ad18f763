import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStereoCallWithGap } from '../../src/main/recordings/fixtures'
import { join, resolve } from 'node:path'
import { openCockpit, openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A coach's path through one call: import a stereo recording (rep left, customer right, a 4 s
 * gap of silence between them) onto a customer, attach its WebVTT transcript, then jump by
 * transcript line, change speed, and let skip-silence carry playback over the gap.
 */
const REP_S = 4
const GAP_S = 4
const CUSTOMER_S = 4

const vtt = `WEBVTT

00:00:00.500 --> 00:00:03.500
<v 销售>您好，我是瑞康医疗的张伟，想跟您聊聊预算

00:00:08.000 --> 00:00:11.500
<v 客户>预算可以谈，但是折扣要再大一些
`

describe('call recordings (en-US)', () => {
  let c: Cockpit
  let wav: Buffer

  beforeAll(async () => {
    const dir = mkdtempSync(`${tmpdir()}/rec-e2e-`)
    wav = readFileSync(makeStereoCallWithGap(dir, 'call.wav', REP_S, GAP_S, CUSTOMER_S))
    c = await openCockpit('en-US')
    await c.page.getByRole('button', { name: 'Open the demo workspace' }).click()
    await c.page.getByRole('navigation').waitFor({ timeout: 60_000 })
    await c.page.getByRole('navigation').getByRole('link', { name: 'Calls', exact: true }).click()
    await c.page.getByTestId('calls-page').waitFor()
  })
  afterAll(async () => {
    await c?.close()
  })

  const audio = (expr: string): Promise<number> =>
    c.page.evaluate(`(() => { const a = document.querySelector('[data-testid=call-audio]'); return ${expr} })()`) as Promise<number>

  it('imports a stereo call onto a customer and shows the player with two lanes', async () => {
    const { page } = c
    await page.getByTestId('import-customer').click()
    await page.getByRole('option').first().click()
    await page.locator('input[type=file][accept^="audio"]').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: wav })
    await page.getByTestId('call-player').waitFor()
    await page.locator('[data-testid=waveform][data-lanes="2"]').waitFor()
    await page.waitForFunction(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null)?.readyState ?? 0 >= 1)
    expect(await audio('a.duration')).toBeCloseTo(REP_S + GAP_S + CUSTOMER_S, 0)
    await page.locator('input[type=file][accept^=".vtt"]').setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) })
    await page.getByTestId('transcript').getByText('折扣要再大一些').waitFor()
    // The call shows up in the list, once (beside the demo workspace's own calls).
    expect(await page.getByTestId('recordings-list').locator('tbody tr[data-name="call.wav"]').count()).toBe(1)
  })

  it('clicking a transcript line seeks there and highlights it', async () => {
    const { page } = c
    await page.getByTestId('transcript').getByText('折扣要再大一些').click()
    expect(await audio('a.currentTime')).toBeCloseTo(8, 1)
    await page.locator('[data-testid=transcript] [data-active][data-start-ms="8000"]').waitFor()
  })

  it('changes speed from the control and with [ and ]', async () => {
    const { page } = c
    await page.getByText('2×', { exact: true }).click()
    expect(await audio('a.playbackRate')).toBe(2)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press(']')
    expect(await audio('a.playbackRate')).toBe(2.5)
    await page.keyboard.press('[')
    await page.keyboard.press('[')
    expect(await audio('a.playbackRate')).toBe(1.75)
    await page.getByText('1×', { exact: true }).click()
    expect(await audio('a.playbackRate')).toBe(1)
  })

  it('skip silence jumps over the gap while playing', async () => {
    const { page } = c
    await page.getByRole('switch', { name: /Skip silence/ }).check()
    await page.evaluate(() => {
      const a = document.querySelector('[data-testid=call-audio]') as HTMLAudioElement
      a.muted = true
      a.currentTime = 3
      const seen: number[] = []
      ;(window as unknown as { __seen: number[] }).__seen = seen
      const sample = (): void => {
        seen.push(a.currentTime)
        if (!a.ended && seen.length < 2000) requestAnimationFrame(sample)
      }
      requestAnimationFrame(sample)
    })
    await page.getByTestId('play-toggle').click()
    await page.waitForFunction(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime > 8.2, undefined, { timeout: 10_000 })
    await c.shot('calls-player')
    await page.getByTestId('play-toggle').click()
    const seen = (await page.evaluate(() => (window as unknown as { __seen: number[] }).__seen)) as number[]
    // Nothing in the middle of the gap was ever played: 4.25 s → 7.75 s is skipped.
    expect(seen.some((t) => t > 3 && t < 4.3)).toBe(true)
    expect(seen.filter((t) => t > 4.6 && t < 7.5)).toEqual([])
    expect(seen.some((t) => t >= 7.75)).toBe(true)
    // The transcript follows playback.
    await page.locator('[data-testid=transcript] [data-active][data-start-ms="8000"]').waitFor()
  })

  it('search across transcripts opens the call at the moment', async () => {
    const { page } = c
    // A phrase only this call has: the demo calls talk about 折扣 too.
    await page.getByTestId('transcript-search').fill('折扣要再大')
    await page.getByTestId('search-results').getByRole('button').first().click()
    await page.waitForFunction(() => Math.abs((document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime - 8) < 0.2)
    await page.keyboard.press('Shift+?')
    await page.getByTestId('shortcut-help').waitFor()
    await c.shot('calls-shortcuts')
    expect(c.pageErrors).toEqual([])
  })
})

/**
 * The demo workspace's own calls (resources/demo-calls, made by scripts/demo-calls/make.mjs):
 * imported through the real store in the background after the cockpit shows, each on a demo
 * deal with its exact transcript; the coach browses, jumps by transcript and search, and finds
 * local speech-to-text not installed, with a clear message for each wrong model folder.
 */
describe('demo calls (zh-CN)', () => {
  let c: Cockpit
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../resources/demo-calls/manifest.json'), 'utf8')) as {
    calls: { id: string; title: string; durationMs: number }[]
  }
  const first = manifest.calls[0]!

  beforeAll(async () => {
    c = await openDemoCockpit('zh-CN')
    await c.page.getByRole('navigation').getByRole('link', { name: '通话录音', exact: true }).click()
    await c.page.getByTestId('calls-page').waitFor()
  })
  afterAll(async () => {
    await c?.close()
  })

  it('lists the twelve demo calls with their topics, reps and lengths', async () => {
    const { page } = c
    const rows = page.getByTestId('recordings-list').locator('tbody tr')
    await rows.nth(11).waitFor({ timeout: 60_000 })
    expect(await rows.count()).toBe(12)
    for (const call of manifest.calls) await page.getByTestId('recordings-list').getByText(call.title, { exact: true }).waitFor()
    await c.shot('calls-demo-list')
  })

  it('opens a demo call: two speaker lanes, its transcript, seek by line', async () => {
    const { page } = c
    await page.getByTestId('recordings-list').getByText(first.title, { exact: true }).click()
    await page.locator('[data-testid=waveform][data-lanes="2"]').waitFor()
    await page.waitForFunction(() => ((document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null)?.readyState ?? 0) >= 1)
    const duration = (await page.evaluate(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).duration)) as number
    expect(Math.abs(duration * 1000 - first.durationMs)).toBeLessThan(1000)
    const line = page.getByTestId('transcript').locator('[data-start-ms]').filter({ hasText: '最后的决策人是我们分管运营的副总' })
    const startMs = Number(await line.getAttribute('data-start-ms'))
    expect(startMs).toBeGreaterThan(30_000)
    await line.click()
    const at = (await page.evaluate(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime)) as number
    expect(Math.abs(at * 1000 - startMs)).toBeLessThan(150)
    await page.locator(`[data-testid=transcript] [data-active][data-start-ms="${startMs}"]`).waitFor()
    // The scripted pause before the budget answer is a gap skip-silence knows about.
    await page.getByRole('switch', { name: /跳过静音（[1-9]\d* 段）/ }).waitFor()
    await c.shot('calls-demo-player')
  })

  it('search across the demo transcripts finds a competitor in several calls', async () => {
    const { page } = c
    await page.getByTestId('transcript-search').fill('纷享销客')
    const results = page.getByTestId('search-results').getByRole('button')
    await results.first().waitFor()
    expect(await results.count()).toBeGreaterThanOrEqual(4)
    await page.getByTestId('transcript-search').fill('')
  })

  it('the coach queue shows the demo calls with tracker hits', async () => {
    const { page } = c
    await page.getByTestId('tab-queue').click()
    await page.getByTestId('coach-queue').getByTestId('tracker-hit').filter({ hasText: '决策人' }).first().waitFor()
    expect(await page.getByTestId('queue-row').count()).toBeGreaterThanOrEqual(12)
    await c.shot('calls-demo-queue')
    await page.getByRole('tab', { name: '通话', exact: true }).click()
  })

  it('a coach edits their own comment on a demo call', async () => {
    const { page } = c
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('c')
    await page.getByTestId('comment-body').fill('预算问得太早')
    await page.getByTestId('comment-save').click()
    const item = page.getByTestId('comment-item').filter({ hasText: '预算问得太早' })
    await item.getByTestId('comment-edit').click()
    await item.getByTestId('comment-edit-body').fill('预算问得太早，先聊痛点')
    await item.getByTestId('comment-edit-save').click()
    await page.getByTestId('comment-item').filter({ hasText: '预算问得太早，先聊痛点' }).getByText('已编辑').waitFor()
  })

  it('builds a scorecard template with scale, yes/no and choice questions and scores with it', async () => {
    const { page } = c
    await page.getByTestId('tab-templates').click()
    await page.getByTestId('template-new').click()
    await page.getByTestId('template-name').fill('报价沟通评分卡')
    const q = page.getByTestId('template-question')
    await q.nth(0).getByTestId('question-label').fill('讲清价格构成')
    await page.getByTestId('question-add').click()
    await q.nth(1).getByTestId('question-label').fill('客户最大的顾虑')
    await q.nth(1).getByTestId('question-type').click()
    await page.getByRole('option', { name: '单选', exact: true }).click()
    await q.nth(1).getByTestId('question-options').fill('价格')
    await q.nth(1).getByTestId('question-options').press('Enter')
    // One choice is not a question: the editor says which one is wrong.
    await page.getByTestId('template-save').click()
    await page.getByTestId('template-message').getByText('第 2 个问题至少需要两个选项。').waitFor()
    await q.nth(1).getByTestId('question-options').fill('竞品')
    await q.nth(1).getByTestId('question-options').press('Enter')
    await page.getByTestId('question-add').click()
    await q.nth(2).getByTestId('question-label').fill('约定了下一步')
    await q.nth(2).getByTestId('question-type').click()
    await page.getByRole('option', { name: '是 / 否', exact: true }).click()
    // Reorder: the yes/no question moves up above the choice.
    await q.nth(2).getByTestId('question-up').click()
    expect(await q.nth(1).getByTestId('question-label').inputValue()).toBe('约定了下一步')
    await page.getByTestId('template-save').click()
    // Three questions of 10 add up to 30: the editor says so and asks before saving.
    await page.getByTestId('template-weights-confirm').getByText('权重合计 30，不是 100。').waitFor()
    await page.getByTestId('template-save-anyway').click()
    await page.getByTestId('template-message').getByText('已保存 报价沟通评分卡。').waitFor()
    await c.shot('calls-template-editor')
    // The score panel of the open call offers it.
    await page.getByTestId('score-template').click()
    await page.getByRole('option', { name: '报价沟通评分卡' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('tab', { name: '通话', exact: true }).click()
  })

  it('a recording dropped onto a customer page attaches to that customer and opens in the player', async () => {
    const { page } = c
    const dir = mkdtempSync(join(tmpdir(), 'drop-e2e-'))
    const wav = readFileSync(makeStereoCallWithGap(dir, 'drop.wav', 2, 2, 2)).toString('base64')
    await page.getByRole('navigation').getByRole('link', { name: '客户', exact: true }).click()
    const first = page.locator('main a[href*="/customers/"]').first()
    const name = ((await first.textContent()) ?? '').trim()
    await first.click()
    const zone = page.getByTestId('recording-drop-zone')
    await zone.getByText('把通话录音拖到这里，关联到这个客户。').waitFor()
    // A real drop: a DataTransfer holding the file, as the OS hands it to the page.
    const transfer = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer()
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
      dt.items.add(new File([bytes], 'drop.wav', { type: 'audio/wav' }))
      return dt
    }, wav)
    await zone.dispatchEvent('dragover', { dataTransfer: transfer })
    await zone.dispatchEvent('drop', { dataTransfer: transfer })
    await page.getByTestId('drop-result').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('drop-result').textContent()).toContain('已关联 1 个录音。')
    // The page streamed the file to the harness and main imported it from disk; the upload is gone.
    expect(readdirSync(join(c.harness.dataDir, 'uploads'))).toEqual([])
    await page.getByTestId('drop-result').getByRole('link', { name: '打开这通电话' }).click()
    await page.locator('[data-testid=waveform][data-lanes="2"][data-ready]').waitFor()
    // Titled customer · date · rep (issue 20), not by the file name.
    const title = ((await page.getByTestId('call-title').textContent()) ?? '').split(' · ')
    expect(title).toHaveLength(3)
    expect(title[0]).toBe(name)
  })

  it('speech-to-text: none installed, and each wrong model folder says what is wrong', async () => {
    const { page } = c
    await page.getByRole('navigation').getByRole('link', { name: '通话录音', exact: true }).click()
    const status = page.getByTestId('stt-status')
    await status.getByText('尚未安装语音转文字引擎。').waitFor()
    expect(await status.getAttribute('data-state')).toBe('none')
    const tryFolder = async (dir: string, message: string | RegExp): Promise<void> => {
      await page.getByTestId('stt-folder').fill(dir)
      await page.getByTestId('stt-use').click()
      await page.getByTestId('stt-error').getByText(message).waitFor()
    }
    await tryFolder('/no/such/model', '/no/such/model 不存在。')
    const incomplete = mkdtempSync(join(tmpdir(), 'stt-e2e-'))
    writeFileSync(join(incomplete, 'tokens.txt'), '你 4')
    await tryFolder(incomplete, '模型文件夹不完整：缺少 model.onnx。')
    const broken = mkdtempSync(join(tmpdir(), 'stt-e2e-'))
    writeFileSync(join(broken, 'tokens.txt'), '你 4')
    writeFileSync(join(broken, 'model.int8.onnx'), 'not a model')
    await tryFolder(broken, /^paraformer 模型加载失败：/)
    // Nothing was set up by the failures.
    expect(await status.getAttribute('data-state')).toBe('none')
    await c.shot('calls-stt-none')
    expect(c.pageErrors).toEqual([])
  })
})
