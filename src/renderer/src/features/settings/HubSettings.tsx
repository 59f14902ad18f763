import { useState } from 'react'
import { Alert, Badge, Button, Card, Group, List, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { SyncStatus } from '@shared/ipc/sync'
import { bridge, BridgeError } from '../../bridge'
import { useLocale } from '../../app/preferences'
import { formatRelative } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { publishSyncStatus, syncNow } from '../../sync/loop'
import { useSyncStatus } from '../../sync/useSyncStatus'

/** A hub error code in words; codes the UI does not know yet still say which one it was. */
export function syncErrorText(t: TFunction<'sync'>, code: string): string {
  return t(`errors.${code}`, { defaultValue: t('errors.unknown', { code }) })
}

const STATE_COLOR: Record<SyncStatus['state'], string> = {
  disconnected: 'gray',
  offline: 'orange',
  connecting: 'blue',
  syncing: 'blue',
  upToDate: 'teal'
}

export function syncStateColor(state: SyncStatus['state'] | undefined): string {
  return STATE_COLOR[state ?? 'disconnected']
}

/** Hub URL, email, password → signed in; shared by Settings and the first-launch card. */
export function HubConnectForm({ onConnected, submitLabel }: { onConnected?: (s: SyncStatus) => Promise<void> | void; submitLabel?: string }): React.ReactNode {
  const { t } = useTranslation('sync')
  const [hubUrl, setHubUrl] = useState('http://127.0.0.1:4780')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: React.FormEvent): Promise<void> {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const status = await bridge.invoke('sync.connect', { hubUrl: hubUrl.trim(), email: email.trim(), password })
      publishSyncStatus(status)
      setPassword('')
      await onConnected?.(status)
    } catch (err) {
      setError(err instanceof BridgeError ? syncErrorText(t, err.code) : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('form.label')}>
      <Stack gap="sm">
        <TextInput label={t('form.hubUrl')} description={t('form.hubUrlHint')} value={hubUrl} onChange={(e) => setHubUrl(e.currentTarget.value)} required />
        <TextInput label={t('form.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
        <PasswordInput label={t('form.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel ?? t('form.connect')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Settings → Team hub: connect, see the status in words, disconnect. */
export function HubSettings(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale, timeZone } = useLocale()
  const now = useNow(30_000)
  const { status, outbox, conflicts, rejected } = useSyncStatus()
  const [busy, setBusy] = useState(false)
  const connected = status !== undefined && status.state !== 'disconnected'

  async function disconnect(): Promise<void> {
    setBusy(true)
    try {
      publishSyncStatus(await bridge.invoke('sync.disconnect', {}))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('title')}</Text>
        <Badge color={syncStateColor(status?.state)} variant="light">
          {t(`state.${status?.state ?? 'disconnected'}`)}
        </Badge>
      </Group>
      {!connected ? (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
          <HubConnectForm onConnected={() => syncNow()} />
        </Stack>
      ) : (
        <Stack gap="xs">
          <Text size="sm">{t('connectedAs', { email: status.email ?? '', hub: status.hubUrl ?? '' })}</Text>
          <Text size="sm">{t('pending', { count: outbox })}</Text>
          <Text size="sm">{status.lastSyncAt ? t('lastSync', { when: formatRelative(status.lastSyncAt, now, locale, timeZone) }) : t('neverSynced')}</Text>
          {status.lastErrorCode && (
            <Alert color={status.state === 'offline' ? 'orange' : 'red'} role="status">
              {syncErrorText(t, status.lastErrorCode)}
            </Alert>
          )}
          {status.secretStorage !== 'os-encrypted' && (
            <Text size="xs" c="dimmed">
              {status.secretStorage ? t('secret.plain') : t('secret.none')}
            </Text>
          )}
          {conflicts.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                {t('conflicts.title', { count: conflicts.length })}
              </Text>
              <List size="xs">
                {conflicts.slice(-5).map((c) => (
                  <List.Item key={`${c.table}/${c.rowId}/${c.field}/${c.hlc}`}>
                    {t(c.side === 'mine' ? 'conflicts.mine' : 'conflicts.theirs', { field: c.field, value: JSON.stringify(c.value) })}
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          {rejected.length > 0 && (
            <Text size="sm" c="red">
              {t('rejected', { count: rejected.length, reason: syncErrorText(t, rejected.at(-1)!.code) })}
            </Text>
          )}
          <Group mt="xs">
            <Button variant="light" onClick={() => void syncNow()}>
              {t('syncNow')}
            </Button>
            <Button variant="outline" color="red" loading={busy} onClick={() => void disconnect()}>
              {t('disconnect')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  )
}
