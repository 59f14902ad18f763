// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import type { Deal } from '@shared/model'
import { createI18n } from '../../app/i18n'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { AttachCustomer } from './AttachCustomer'
import { CloseDateInput } from './DataPage'

/**
 * A repair on the data page that fails says why, translated, with its code — and loses
 * nothing: the reader's choice stays in the form to try again, and nothing was written.
 */
let n = 0
const deal: Deal = {
  id: 'd1',
  name: '瑞康 · 影像平台',
  ownerId: 'rep',
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 's1',
  stageEnteredAt: 0,
  amount: 100_000_00,
  currency: 'CNY',
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  checkedCriteria: [],
  createdAt: 0
} as Deal

beforeEach(async () => {
  useDb(new CockpitDb(`data-actions-test-${++n}`))
  await write(async (tx) => {
    await tx.insert('users', { id: 'rep', name: '张伟', role: 'rep', orgUnitId: 't1', active: true })
    await tx.insert('customers', { id: 'c1', name: '上海瑞康医疗器械有限公司', industry: '医疗', size: 'medium', channel: '展会', ownerId: 'rep', orgUnitId: 't1', tier: 'key', createdAt: 0 })
    await tx.insert('deals', deal)
  })
})
afterEach(() => cleanup())

async function renderIn(locale: 'zh-CN' | 'en-US', ui: React.ReactNode): Promise<void> {
  const i18n = await createI18n(locale)
  render(
    <MantineProvider>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </MantineProvider>
  )
}

describe('data page repairs that fail', () => {
  it('attach a customer to a deal deleted meanwhile: a clear error, the pick kept, nothing written', async () => {
    await renderIn('en-US', <AttachCustomer dealId="d1" />)
    const user = userEvent.setup()
    await user.click(await screen.findByLabelText('Customer to attach', { selector: 'input' }))
    await user.click(await screen.findByRole('option', { name: '上海瑞康医疗器械有限公司', hidden: true }))
    // Deleted on another machine (synced in) between the pick and the click.
    await getDb().deals.delete('d1')
    const outbox = await getDb().outbox.count()
    await user.click(screen.getByRole('button', { name: 'Attach' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe("Couldn't attach the customer: the deal no longer exists (deleted meanwhile?). (dataset.deal-missing)")
    expect((screen.getByLabelText('Customer to attach', { selector: 'input' }) as HTMLInputElement).value).toBe('上海瑞康医疗器械有限公司')
    expect(await getDb().outbox.count()).toBe(outbox)
  })

  it('set a close date on a deal deleted meanwhile, in Chinese: the typed day stays', async () => {
    await renderIn('zh-CN', <CloseDateInput deal={deal} timeZone="Asia/Shanghai" />)
    const user = userEvent.setup()
    const input = screen.getByLabelText(/瑞康 · 影像平台/) as HTMLInputElement
    await user.type(input, '2026-12-31')
    await getDb().deals.delete('d1')
    await user.click(screen.getByRole('button'))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('未能设置预计成交日期：该商机已不存在（可能已被删除）。（dataset.deal-missing）')
    expect(input.value).toBe('2026-12-31')
  })
})
