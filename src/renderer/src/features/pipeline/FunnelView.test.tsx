// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import type { Deal, StageHistory } from '@shared/model'
import { CockpitDb, useDb } from '../../db/database'
import { write } from '../../db/write'
import { FunnelView } from './FunnelView'
import { DAY, PipelineTestShell, testDeal, testPipelineData, testProcess, testStage } from './test-fixtures'

// jsdom has no canvas: the chart is beside the point here, the table's figures are.
vi.mock('../../ui/Chart', () => ({ Chart: () => null }))

const NOW = Date.now()

const process = testProcess([
  testStage('qualify', 'Lead qualified', 'open'),
  testStage('propose', 'Proposal', 'open'),
  testStage('won', 'Won', 'won'),
  testStage('lost', 'Lost', 'lost')
])

const deal = (id: string, name: string, stageId: string, status: Deal['status']): Deal =>
  testDeal(NOW, { id, name, stageId, status, createdAt: NOW - 60 * DAY })

const path = (dealId: string, stages: string[]): StageHistory[] =>
  stages.map((to, i) => ({
    id: `${dealId}-${i}`,
    dealId,
    fromStageId: i ? stages[i - 1]! : null,
    toStageId: to,
    at: NOW - (50 - 10 * i) * DAY,
    byUserId: 'u1'
  }))

// Won through both stages; lost straight from qualify; still open in qualify.
const deals = [
  deal('d1', 'Ruikang CRM', 'won', 'won'),
  deal('d2', 'Hengda ERP', 'lost', 'lost'),
  deal('d3', 'Minsheng pilot', 'qualify', 'open')
]
const history = [...path('d1', ['qualify', 'propose', 'won']), ...path('d2', ['qualify', 'lost']), ...path('d3', ['qualify'])]

const data = () => testPipelineData({ deals, process, history, now: NOW })

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`pipeline-funnel-${++n}`))
  localStorage.clear()
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
  })
})
afterEach(cleanup)

function renderFunnel(): void {
  const d = data()
  render(
    <PipelineTestShell data={d}>
      <FunnelView data={d} />
    </PipelineTestShell>
  )
}

async function openDoor(title: string): Promise<string[]> {
  fireEvent.click(await screen.findByTitle(title))
  const drawer = await screen.findByRole('dialog')
  const names = within(drawer)
    .queryAllByRole('link')
    .map((a) => a.textContent ?? '')
  fireEvent.keyDown(drawer, { key: 'Escape' })
  cleanup()
  return names.sort()
}

describe('FunnelView', () => {
  it('conversion opens the deals that moved on to the next stage', async () => {
    renderFunnel()
    // 1 of 3 deals went on from "Lead qualified".
    expect(await screen.findByTitle('Lead qualified · moved on to the next stage')).toHaveProperty('textContent', '33%')
    expect(await openDoor('Lead qualified · moved on to the next stage')).toEqual(['Ruikang CRM'])
  })

  it('average and median days open the deals whose finished stays they come from', async () => {
    renderFunnel()
    // The open deal is still in "Lead qualified": its stay is not over, so it is not behind the days.
    expect(await openDoor('Lead qualified · Median days · deals whose stays these days come from')).toEqual([
      'Hengda ERP',
      'Ruikang CRM'
    ])
    renderFunnel()
    expect(await openDoor('Proposal · Avg days · deals whose stays these days come from')).toEqual(['Ruikang CRM'])
  })

  it('the win rate opens the won deals', async () => {
    renderFunnel()
    expect(await openDoor('Won deals of this process')).toEqual(['Ruikang CRM'])
  })
})
