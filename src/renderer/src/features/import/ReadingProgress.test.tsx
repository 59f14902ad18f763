// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { act, cleanup, render, screen } from '@testing-library/react'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import { createI18n } from '../../app/i18n'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { ReadingProgress } from './ReadingProgress'

afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

function renderProgress(language: 'en-US' | 'zh-CN'): ReturnType<typeof createFakeCockpit> {
  const cockpit = createFakeCockpit({})
  setBridgeApi(cockpit)
  render(
    <MantineProvider>
      <I18nextProvider i18n={createI18n(language)}>
        <ReadingProgress fileName="opportunities.csv" />
      </I18nextProvider>
    </MantineProvider>
  )
  return cockpit
}

describe('ReadingProgress: how far main has read a big file', () => {
  it('shows a bar once the worker reports rows, and ignores another file', () => {
    const cockpit = renderProgress('en-US')
    expect(screen.getByRole('status').textContent).toContain('Reading opportunities.csv…')
    expect(screen.queryByRole('progressbar')).toBeNull()
    act(() => cockpit.emit('io.parseProgress', { fileName: 'other.csv', phase: 'rows', done: 90, total: 100 }))
    expect(screen.queryByRole('progressbar')).toBeNull()
    act(() =>
      cockpit.emit('io.parseProgress', { fileName: 'opportunities.csv', phase: 'rows', done: 4_500_000, total: 10_000_000 })
    )
    expect(screen.getByRole('progressbar', { name: 'Reading progress' }).getAttribute('aria-valuenow')).toBe('45')
    expect(screen.getByText('Reading rows… 45%')).toBeTruthy()
  })

  it('speaks Chinese, and names the unpacking phase of a workbook', () => {
    const cockpit = renderProgress('zh-CN')
    act(() => cockpit.emit('io.parseProgress', { fileName: 'opportunities.csv', phase: 'unpacking', done: 1, total: 4 }))
    expect(screen.getByRole('progressbar', { name: '读取进度' }).getAttribute('aria-valuenow')).toBe('25')
    expect(screen.getByText('正在解压工作簿…25%')).toBeTruthy()
  })
})
