// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import { parseTable } from '../../../../main/io/parse-table'
import { contractStates } from '@shared/domain/collections'
import { createI18n } from '../../app/i18n'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { ImportWizard } from '../import/ImportWizard'

/** The finance team's receipts sheet through the same import wizard as a CRM export. */
let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`import-collections-test-${++n}`))
  await write(async (tx) => {
    await tx.insert('users', { id: 'rep', name: '张伟', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('customers', { id: 'c1', name: '上海瑞康医疗器械有限公司', industry: '医疗', size: 'medium', channel: '展会', ownerId: 'rep', orgUnitId: 't1', tier: 'key', createdAt: 0 })
    await tx.insert('contracts', { id: 'k1', number: 'HT-2026-001', customerId: 'c1', collectorId: 'rep', orgUnitId: 't1', amount: 1_000_000_00, currency: 'CNY', signedAt: Date.parse('2026-03-01T12:00:00+08:00'), status: 'active', createdAt: 0, createdBy: 'rep' })
    await tx.insert('instalments', { id: 'i1', contractId: 'k1', seq: 1, label: '首付款', percentBp: 3000, dueDate: '2026-04-01' })
    await tx.insert('instalments', { id: 'i2', contractId: 'k1', seq: 2, label: '尾款', percentBp: 7000, dueDate: '2026-08-01' })
  })
  setBridgeApi(createFakeCockpit({ 'io.parseTable': (req) => parseTable(req.fileName, req.data, { sheet: req.sheet }) }))
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 })
})

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
  delete (HTMLElement.prototype as unknown as Record<string, unknown>).clientHeight
  delete (HTMLElement.prototype as unknown as Record<string, unknown>).clientWidth
})

const CSV = ['回款单号,合同编号,回款金额,到账日期,回款方式,备注', 'SK-001,HT-2026-001,"200,000.00",2026-04-03,银行转账,首付一部分', 'SK-002,HT-2026-404,5000,2026-04-05,现金,'].join('\r\n')

describe('importing collections with the wizard', () => {
  it('recognises the sheet, names the row whose contract is unknown, imports the rest when told to skip it', async () => {
    const user = userEvent.setup()
    render(
      <MantineProvider>
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <ImportWizard onDone={() => undefined} timeZone="Asia/Shanghai" />
        </I18nextProvider>
      </MantineProvider>
    )
    await user.upload(screen.getByLabelText('选择文件'), new File([new Uint8Array([0xef, 0xbb, 0xbf]), CSV], '回款.csv', { type: 'text/csv' }))
    const entity = await screen.findByRole('combobox', { name: '文件内容' })
    expect(entity).toHaveProperty('value', 'collections')
    expect(screen.getByRole('combobox', { name: '将列“回款金额”导入为' })).toHaveProperty('value', 'amount')
    await user.click(screen.getByRole('button', { name: '下一步' }))

    const list = await screen.findByRole('list', { name: '有问题的行' })
    const bad = within(list).getByText('第 3 行').closest('[role="listitem"]') as HTMLElement
    expect(bad.textContent).toContain('工作区中没有合同“HT-2026-404”，请先导入合同。')
    expect(screen.getByRole('button', { name: '导入 1 行' })).toHaveProperty('disabled', true)
    await user.click(screen.getByRole('checkbox', { name: '跳过有错误的行' }))
    await user.click(screen.getByRole('button', { name: '导入 1 行' }))
    await screen.findByText('导入完成')

    const [c] = await getDb().collections.toArray()
    expect(c).toMatchObject({ externalId: 'SK-001', contractId: 'k1', amount: 200_000_00, method: 'bank_transfer', note: '首付一部分' })
    const db = getDb()
    const s = contractStates({ contracts: await db.contracts.toArray(), instalments: await db.instalments.toArray(), milestones: [], collections: await db.collections.toArray() }, 'Asia/Shanghai')[0]!
    // 200,000 of the 300,000 down payment: partly paid, the rest still open.
    expect(s.lines.map((l) => l.outstanding)).toEqual([100_000_00, 700_000_00])
  })
})
