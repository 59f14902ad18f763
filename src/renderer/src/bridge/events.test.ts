import { afterEach, describe, expect, it } from 'vitest'
import { eventNames, events } from '@shared/ipc'
import { bridge, setBridgeApi } from './index'
import { createFakeCockpit } from './fake'

describe('bridge events', () => {
  afterEach(() => setBridgeApi(undefined))

  it('hands a listener the parsed payload and drops one that does not match its event', () => {
    const fake = createFakeCockpit({})
    setBridgeApi(fake)
    const got: string[] = []
    const off = bridge.on('menu.command', (cmd) => got.push(cmd.command === 'navigate' ? `navigate:${cmd.section}` : cmd.command))
    fake.emit('menu.command', { command: 'navigate', section: 'pipeline' })
    fake.emit('menu.command', { command: 'explode' })
    fake.emit('menu.command', 'palette')
    fake.emit('menu.command', { command: 'palette' })
    off()
    fake.emit('menu.command', { command: 'palette' })
    expect(got).toEqual(['navigate:pipeline', 'palette'])
  })

  it('parses a progress event into its numbers, so a listener never sees a half-formed one', () => {
    const fake = createFakeCockpit({})
    setBridgeApi(fake)
    const seen: { fileName: string; done: number }[] = []
    bridge.on('io.parseProgress', (e) => seen.push({ fileName: e.fileName, done: e.done }))
    fake.emit('io.parseProgress', { fileName: 'deals.xlsx', phase: 'rows', done: 'many', total: 10 })
    fake.emit('io.parseProgress', { fileName: 'deals.xlsx', phase: 'rows', done: 4, total: 10 })
    expect(seen).toEqual([{ fileName: 'deals.xlsx', done: 4 }])
  })

  it('has one schema per event the preload forwards', () => {
    expect(eventNames.sort()).toEqual(['io.parseProgress', 'menu.command', 'sync.sheet', 'sync.status'])
    for (const e of eventNames) expect(typeof events[e].safeParse).toBe('function')
  })
})
