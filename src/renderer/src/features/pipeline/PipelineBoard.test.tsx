// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import type { Deal } from '@shared/model'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { PipelineBoard } from './PipelineBoard'
import { DealsDoorProvider } from './DealsDrawer'
import { PipelineTestShell, testDeal, testPipelineData, testProcess, testStage } from './test-fixtures'

const NOW = Date.now()

const process = testProcess([
  testStage('qualify', 'Lead qualified', 'open', 10, 3),
  testStage('propose', 'Proposal', 'open', 50, 3),
  testStage('won', 'Won', 'won', 20, 3),
  testStage('lost', 'Lost', 'lost', 20, 3)
])

const deal = (id: string, name: string, stageId: string, amount: number): Deal => testDeal(NOW, { id, name, stageId, amount })

const deals = [
  deal('d1', 'Ruikang CRM', 'propose', 100_000_00),
  deal('d2', 'Ruikang ERP', 'propose', 300_000_00),
  deal('d3', 'Hengda pilot', 'qualify', 50_000_00)
]

const data = (ds = deals) => testPipelineData({ deals: ds, process, now: NOW })

// jsdom lays nothing out: give elements a size so the virtualised columns render their cards.
const sizes = { offsetHeight: 600, offsetWidth: 272, clientHeight: 600, clientWidth: 272 }
for (const [key, value] of Object.entries(sizes))
  Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value })

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`pipeline-board-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
  })
})
afterEach(cleanup)

function renderBoard(ds = deals): void {
  const d = data(ds)
  render(
    <PipelineTestShell data={d} door={false}>
      <Routes>
        <Route
          path="/"
          element={
            <DealsDoorProvider customers={d.customers}>
              <PipelineBoard data={d} />
            </DealsDoorProvider>
          }
        />
        <Route path="/deals/:id" element={<p>deal page</p>} />
      </Routes>
    </PipelineTestShell>
  )
}

describe('PipelineBoard', () => {
  it('an imported prospect without an account or a close date says so on its card', async () => {
    const { customerId: _c, expectedCloseAt: _e, ...bare } = deal('d4', 'Prospect 4711', 'qualify', 20_000_00)
    // Alone in its column (the columns are virtualised).
    renderBoard([deals[0]!, deals[1]!, bare])
    const card = (await screen.findByText('Prospect 4711', {}, { timeout: 15_000 })).closest('[role="listitem"]') as HTMLElement
    expect(card.textContent).toContain('No customer')
    expect(card.textContent).toContain('close date not set')
  })

  it("a column's weighted total opens exactly the deals behind it, each linking to its deal page", async () => {
    renderBoard()
    const column = (await screen.findByRole('list', { name: 'Proposal' })).parentElement!
    // 100,000 + 300,000 at 50%: ¥200,000 weighted.
    const weighted = within(column).getByTitle('Proposal · Weighted')
    fireEvent.click(weighted)
    const drawer = await screen.findByRole('dialog')
    expect(within(drawer).getByTestId('door-summary').textContent).toMatch(/^2 deals, /)
    const links = within(drawer)
      .getAllByRole('link')
      .map((a) => [a.textContent, a.getAttribute('href')])
    // Biggest first; the qualify-stage deal is not behind this figure.
    expect(links).toEqual([
      ['Ruikang ERP', '/deals/d2'],
      ['Ruikang CRM', '/deals/d1']
    ])
  })

  it('M on a selected card opens "Move to…" with every stage but its own', async () => {
    renderBoard()
    const card = await screen.findByLabelText('Ruikang · Hengda pilot')
    act(() => card.focus())
    fireEvent.keyDown(card, { key: 'm', code: 'KeyM' })
    const menu = await screen.findByRole('menu')
    const items = within(menu).getAllByRole('menuitem')
    expect(items.map((i) => [i.textContent, i.hasAttribute('data-disabled')])).toEqual([
      ['Lead qualified', true],
      ['Proposal', false],
      ['Won', false],
      ['Lost', false]
    ])
  })
})
