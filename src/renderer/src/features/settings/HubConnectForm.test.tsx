// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { PreferencesProvider } from '../../app/preferences'
import { HubConnectForm } from './HubSettings'

afterEach(cleanup)

describe('the hub address in the connect form', () => {
  it('warns when the password would cross the network unencrypted, and only then', async () => {
    render(
      <PreferencesProvider>
        <HubConnectForm />
      </PreferencesProvider>
    )
    const address = await screen.findByLabelText(/Hub address/)
    // The default, this computer: no warning.
    expect(screen.queryByText(/This address is not encrypted/)).toBeNull()
    fireEvent.change(address, { target: { value: 'http://10.0.0.5:4780' } })
    expect(screen.getByText(/This address is not encrypted \(http:\/\/\)/)).toBeTruthy()
    fireEvent.change(address, { target: { value: 'https://hub.example.com' } })
    expect(screen.queryByText(/This address is not encrypted/)).toBeNull()
    fireEvent.change(address, { target: { value: 'http://localhost:4780' } })
    expect(screen.queryByText(/This address is not encrypted/)).toBeNull()
  })
})
