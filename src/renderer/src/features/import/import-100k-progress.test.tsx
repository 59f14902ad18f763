// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import type { ParseProgress } from '@shared/ipc/io'
import {
  autoMap,
  collectFileStages,
  detectEntity,
  stageMapFromSuggestions,
  suggestStageMapping,
  validateImport,
  type ImportValidation,
  type ValidationProgress
} from '@shared/domain/import'
import { parseTable } from '../../../../main/io/parse-table'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { commitImport, loadImportContext, type CommitProgress } from '../../db/import-commit'
import { startEmptyWorkspace } from '../../db/workspace'
import { runValidation } from './run-validation'
import { PreviewStep } from './PreviewStep'
import { CommitStep } from './CommitStep'
import { ReadingProgress } from './ReadingProgress'
import { createI18n } from '../../app/i18n'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { act } from 'react'
import { generatePublicCrm } from '../../../../../tests/fixtures/public-crm'

/**
 * "Progress for each step on files of 100k rows" (issue 17): a generated 100,000-row CRM
 * history goes through every step of the wizard's own code — main's reader, the rules run in
 * slices, the commit into IndexedDB — and each step reports progress that only moves forward
 * and reaches 100%, while the event loop keeps running between slices (a timer set during the
 * check fires before it ends: the page can paint and take input). The wizard's progress views
 * then say the step and its percent in both languages. No timing is asserted.
 */
const NOW = Date.UTC(2026, 10, 2, 4)
const ROWS = 100_000

function forward(events: { done: number; total: number }[]): void {
  expect(events.length).toBeGreaterThan(3)
  for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done)
  for (const e of events) expect(e.done).toBeLessThanOrEqual(e.total)
  const last = events.at(-1)!
  expect(last.done).toBe(last.total)
}

let reading: ParseProgress[] = []
const checking: ValidationProgress[] = []
const writing: CommitProgress[] = []
let ticksDuringCheck = 0
let validation: ImportValidation
let table: Awaited<ReturnType<typeof parseTable>>

beforeAll(async () => {
  useDb(new CockpitDb(`import-100k-${Date.now()}`))
  await startEmptyWorkspace('en-US', NOW)
  const crm = generatePublicCrm({ style: 'maven', rows: ROWS })
  // The teams, products and accounts files first, as the wizard orders them; then the 100k-row pipeline.
  for (const f of [crm.files.teams, crm.files.products, crm.files.accounts, crm.files.pipeline]) {
    const events: ParseProgress[] = []
    const t = await parseTable(f.name, f.bytes, { onProgress: (p) => events.push(p) })
    const context = await loadImportContext({ now: NOW, timeZone: 'Asia/Shanghai' })
    const mapping = autoMap(t.headers, detectEntity(t.headers))
    const process = context.processes[0]!
    const choices = { processId: process.id, stageMap: stageMapFromSuggestions(suggestStageMapping(collectFileStages(t, mapping), process)), defaultCurrency: crm.currency, teamNamePattern: '{manager} team' }
    if (f !== crm.files.pipeline) {
      await commitImport(validateImport(t, mapping, context, choices).plan)
      continue
    }
    table = t
    reading = events
    let running = true
    const tick = (): void => {
      if (!running) return
      ticksDuringCheck++
      setTimeout(tick, 0)
    }
    setTimeout(tick, 0)
    const v = await runValidation(t, mapping, context, choices, { onProgress: (p) => checking.push(p) })
    running = false
    validation = v!
    await commitImport(validation.plan, { onProgress: (p) => writing.push({ ...p }) })
  }
}, 900_000)

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

describe('a 100,000-row CRM export: progress for every step', () => {
  it('reading: main reports rows read, forward only, to 100%', () => {
    expect(table.rows).toHaveLength(ROWS)
    forward(reading.filter((e) => e.phase === 'rows'))
  })

  it('checking and preparing the preview: each phase forward only to 100%, the check before the build, the page served between slices', () => {
    expect(validation.summary.total).toBe(ROWS)
    expect(validation.summary.error).toBe(0)
    const check = checking.filter((e) => e.phase === 'check')
    const build = checking.filter((e) => e.phase === 'build')
    forward(check)
    forward(build)
    expect(checking.findIndex((e) => e.phase === 'build')).toBe(check.length)
    // Timers ran while the rules ran: the check gave the event loop back many times.
    expect(ticksDuringCheck).toBeGreaterThanOrEqual(check.length)
  })

  it('the commit: records written, forward only, to 100%, every deal there', async () => {
    forward(writing)
    expect(new Set(writing.map((e) => e.table))).toContain('deals')
    expect(await getDb().deals.count()).toBe(ROWS)
  })

  it('the wizard says the step and its percent, in English and Chinese', () => {
    const cockpit = createFakeCockpit({})
    setBridgeApi(cockpit)
    const mid = <T extends { done: number; total: number }>(events: T[]): T => events.find((e) => e.done / e.total >= 0.4)!
    const check = mid(checking.filter((e) => e.phase === 'check'))
    const build = mid(checking.filter((e) => e.phase === 'build'))
    const write = mid(writing.filter((e) => e.table === 'deals'))
    const pct = (e: { done: number; total: number }): string => `${Math.floor((e.done / e.total) * 100)}%`
    for (const lang of ['en-US', 'zh-CN'] as const) {
      const say = (el: React.ReactNode): void => {
        cleanup()
        render(
          <MantineProvider>
            <I18nextProvider i18n={createI18n(lang)}>{el}</I18nextProvider>
          </MantineProvider>
        )
      }
      say(<ReadingProgress fileName="pipeline.csv" />)
      const r = mid(reading.filter((e) => e.phase === 'rows'))
      act(() => cockpit.emit('io.parseProgress', { fileName: 'pipeline.csv', ...r }))
      expect(screen.getAllByRole('status')[0]!.textContent).toContain(lang === 'en-US' ? `Reading rows… ${pct(r)}` : `正在读取数据行…${pct(r)}`)

      const preview = (c: ValidationProgress): React.ReactNode => (
        <PreviewStep validation={null} checking={c} rowCount={ROWS} options={{ createMissingCustomers: true, createMissingOwners: true, mergeSpellingVariants: true, dateOrder: undefined }} onOptions={() => {}} skipErrors={false} onSkipErrors={() => {}} />
      )
      say(preview(check))
      expect(screen.getByRole('status').textContent).toContain(lang === 'en-US' ? `Checking rows… ${pct(check)}` : `正在检查数据行…${pct(check)}`)
      say(preview(build))
      expect(screen.getByRole('status').textContent).toContain(lang === 'en-US' ? `Preparing the preview… ${pct(build)}` : `正在准备预览…${pct(build)}`)

      say(<CommitStep progress={write} result={null} error={null} onFinish={() => {}} onStartOver={() => {}} />)
      const table = lang === 'en-US' ? 'deals' : '商机'
      expect(screen.getByRole('status').textContent).toMatch(new RegExp(`${table}.*${pct(write)}`))
    }
  })
})
