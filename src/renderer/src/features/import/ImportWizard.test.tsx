// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import { parseTable } from '../../../../main/io/parse-table'
import { importMessageCodes } from '@shared/domain/import'
import { fixtureWorkspace } from '../../../../../tests/fixtures/crm-export'
import { createI18n } from '../../app/i18n'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { ImportWizard } from './ImportWizard'

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`import-wizard-test-${++n}`))
  const ws = fixtureWorkspace()
  await write(async (tx) => {
    await tx.insertMany('orgUnits', ws.orgUnits)
    await tx.insertMany('users', ws.users)
    await tx.insert('salesProcesses', ws.process)
  })
  // The real main-process parser behind a fake window.cockpit.
  setBridgeApi(createFakeCockpit({ 'io.parseTable': (req) => parseTable(req.fileName, req.data, { sheet: req.sheet }) }))
})

// jsdom does no layout: give elements a size so the virtualised problem list renders rows.
const sizes = ['clientHeight', 'clientWidth'] as const
const originals = sizes.map((p) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, p))
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 })
})

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
  sizes.forEach((p, i) => {
    // jsdom defines these on Element.prototype; drop the override rather than shadow it.
    if (originals[i]) Object.defineProperty(HTMLElement.prototype, p, originals[i]!)
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[p]
  })
})

function renderWizard(language: 'en-US' | 'zh-CN' = 'en-US'): { onDone: ReturnType<typeof vi.fn> } {
  const onDone = vi.fn()
  render(
    <MantineProvider>
      <I18nextProvider i18n={createI18n(language)}>
        <ImportWizard onDone={onDone} />
      </I18nextProvider>
    </MantineProvider>
  )
  return { onDone }
}

const CSV = [
  '商机导出 2026-10-01',
  '商机编号,商机名称,客户名称,商机金额,销售阶段,预计成交日期,负责人',
  'OPP-1,瑞康二期,上海瑞康医疗器械有限公司,"¥1,200,000.00",方案报价,2026/11/15,张伟',
  'OPP-2,华东集采,杭州华东医药,120万,暂停,2026年12月1日,王芳',
  'OPP-3,瑞康耗材,上海瑞康医疗,50000,商务谈判,2026-12-20,李娜 '
].join('\r\n')

const csvFile = (text: string, name = 'opps.csv'): File => new File([new Uint8Array([0xef, 0xbb, 0xbf]), text], name, { type: 'text/csv' })

describe('ImportWizard', () => {
  it('upload → a bad row named in the preview → fix the stage mapping → import → rows in Dexie', async () => {
    const user = userEvent.setup()
    const { onDone } = renderWizard()

    await user.upload(screen.getByLabelText('Choose file'), csvFile(CSV))

    // Columns were recognised with no manual work.
    const amount = await screen.findByRole('combobox', { name: 'Import column “商机金额” as' })
    expect(amount).toHaveProperty('value', 'amount')
    expect(screen.getByRole('combobox', { name: 'The file holds' })).toHaveProperty('value', 'deals')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    // "暂停" means nothing in the process: left unmapped, the user is told.
    const paused = await screen.findByRole('combobox', { name: 'Map the file\'s stage “暂停” to' })
    expect(paused).toHaveProperty('value', '')
    expect(screen.getByRole('combobox', { name: 'Map the file\'s stage “方案报价” to' })).toHaveProperty('value', 's-proposal')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    // The preview names the file's row 4 and why it is refused; importing is blocked.
    const list = await screen.findByRole('list', { name: 'Rows with problems' })
    const bad = within(list).getByText('Row 4').closest('[role="listitem"]') as HTMLElement
    expect(bad.textContent).toContain('The stage “暂停” is not mapped to a stage of the process.')
    expect(screen.getByText('1 with errors')).toBeTruthy()
    expect(screen.getByRole('button', { name: /^Import \d+ rows$/ })).toHaveProperty('disabled', true)
    // Row 5 spells the account differently: a warning, not an error.
    const variant = within(list).getByText('Row 5').closest('[role="listitem"]') as HTMLElement
    expect(variant.textContent).toContain('looks like another spelling of “上海瑞康医疗器械有限公司” (Customer)')

    // Fix the mapping: 暂停 → 初步接触.
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Map the file\'s stage “暂停” to' }), 's-contact')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('0 with errors')

    await user.click(screen.getByRole('button', { name: 'Import 3 rows' }))
    await screen.findByText('Import finished')
    expect(screen.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).toBe('100')
    expect(screen.getByText(/3 created · 0 updated · 0 unchanged · 0 rows skipped/)).toBeTruthy()

    const deals = await getDb().deals.orderBy('externalId').toArray()
    expect(deals.map((d) => [d.externalId, d.stageId, d.amount])).toEqual([
      ['OPP-1', 's-proposal', 120_000_000],
      ['OPP-2', 's-contact', 120_000_000],
      ['OPP-3', 's-negotiation', 5_000_000]
    ])
    // Both spellings of 瑞康 landed on one customer.
    expect(await getDb().customers.count()).toBe(2)

    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ created: 3, fileName: 'opps.csv' }))
  })

  it('names the problem when the file is not a table, in the user\'s language', async () => {
    const user = userEvent.setup()
    renderWizard('zh-CN')
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], 'logo.csv')
    await user.upload(screen.getByLabelText('选择文件'), png)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('“logo.csv”不是 CSV 或 .xlsx 文件（看起来是 png）')
    expect(await getDb().deals.count()).toBe(0)
  })

  it('blocks the next step until every required field has a column', async () => {
    const user = userEvent.setup()
    renderWizard()
    await user.upload(screen.getByLabelText('Choose file'), csvFile(CSV))
    const owner = await screen.findByRole('combobox', { name: 'Import column “负责人” as' })
    await user.selectOptions(owner, '')
    expect(screen.getByRole('alert').textContent).toContain('Owner')
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true)
    await user.selectOptions(owner, 'owner')
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', false)
  })
})

describe('import translations', () => {
  it('every message code the import emits is translated in both languages', () => {
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const i18n = createI18n(lang)
      const missing = importMessageCodes.filter((code) => !i18n.exists(`errors.${code}`, { ns: 'import' }))
      expect(missing, lang).toEqual([])
    }
  })
})
