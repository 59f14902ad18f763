// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { PreferencesProvider } from '../../app/preferences'
import { RecordingsProgress } from './HubSettings'

afterEach(cleanup)

const MB = 1024 * 1024

describe('recording transfers in the hub settings', () => {
  it('shows files per direction and megabytes with the share while a round runs', async () => {
    render(
      <PreferencesProvider>
        <RecordingsProgress recordings={{ running: true, uploading: { done: 1, total: 2 }, downloading: { done: 0, total: 3 }, bytesDone: 5 * MB, bytesTotal: 20 * MB }} />
      </PreferencesProvider>
    )
    expect(await screen.findByText('Uploading recordings: 1 of 2')).toBeTruthy()
    expect(screen.getByText('Downloading recordings: 0 of 3')).toBeTruthy()
    expect(screen.getByText('5 MB of 20 MB (25%)')).toBeTruthy()
  })

  it('after the round, only a failed file’s reason remains, in words', async () => {
    render(
      <PreferencesProvider>
        <RecordingsProgress recordings={{ running: false, uploading: { done: 2, total: 2 }, downloading: { done: 2, total: 3 }, bytesDone: 9, bytesTotal: 9, lastErrorCode: 'recordings.not-uploaded' }} />
      </PreferencesProvider>
    )
    expect(await screen.findByText('A recording could not be moved: Nobody in your region has uploaded this recording yet.')).toBeTruthy()
    expect(screen.queryByText(/Uploading recordings/)).toBeNull()
  })
})
