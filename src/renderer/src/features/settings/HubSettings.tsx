import { useState } from 'react'
import { Alert, Anchor, Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useLiveQuery } from 'dexie-react-hooks'
import type { TFunction } from 'i18next'
import { MIN_HUB_PASSWORD, type SyncStatus } from '@shared/ipc/sync'
import { insecureHubUrl } from '@shared/hub-api/url'
import { bridge, BridgeError } from '../../bridge'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { formatPercent, formatRelative } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { publishSyncStatus, syncNow } from '../../sync/loop'
import { useSyncStatus } from '../../sync/useSyncStatus'
import { refusedByReason } from '../../sync/refused'
import { ConflictInbox } from './ConflictInbox'

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

const MB = 1024 * 1024

/** How far a recordings round has moved its bytes, as a share of the whole (0 when it has none). */
export function recordingsShare(r: NonNullable<SyncStatus['recordings']>): number {
  return r.bytesTotal > 0 ? Math.min(1, r.bytesDone / r.bytesTotal) : 0
}

/** Recording files on the move: files per direction and megabytes; the last failed file's reason after the round. */
export function RecordingsProgress({ recordings: r }: { recordings: NonNullable<SyncStatus['recordings']> }): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale } = useLocale()
  const mb = (bytes: number): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / MB)
  return (
    <>
      {r.running && r.uploading.total > 0 && <Text size="sm">{t('recordings.uploading', { done: r.uploading.done, total: r.uploading.total })}</Text>}
      {r.running && r.downloading.total > 0 && <Text size="sm">{t('recordings.downloading', { done: r.downloading.done, total: r.downloading.total })}</Text>}
      {r.running && r.bytesTotal > 0 && (
        <Text size="sm" c="dimmed">
          {t('recordings.bytes', { done: mb(r.bytesDone), total: mb(r.bytesTotal), percent: formatPercent(recordingsShare(r), locale) })}
        </Text>
      )}
      {!r.running && r.lastErrorCode && (
        <Text size="sm" c="orange">
          {t('recordings.failed', { reason: syncErrorText(t, r.lastErrorCode) })}
        </Text>
      )}
    </>
  )
}

/**
 * Hub URL, email, password → signed in; or, for a new account, hub URL, invitation token and a
 * password of one's choosing. Shared by Settings and the first-launch card.
 */
export function HubConnectForm({
  onConnected,
  submitLabel,
  inviteLabel
}: {
  onConnected?: (s: SyncStatus) => Promise<void> | void
  submitLabel?: string
  inviteLabel?: string
}): React.ReactNode {
  const { t } = useTranslation('sync')
  const [mode, setMode] = useState<'signIn' | 'invite'>('signIn')
  const [hubUrl, setHubUrl] = useState('http://127.0.0.1:4780')
  const [email, setEmail] = useState('')
  const [token, setToken] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(e: React.FormEvent): Promise<void> {
    e.preventDefault()
    setError(null)
    // The hub refuses short passwords too; saying so here spares a round trip and spends no invitation.
    if (mode === 'invite' && password.length < MIN_HUB_PASSWORD) {
      setError(syncErrorText(t, 'auth.weak-password'))
      return
    }
    setBusy(true)
    try {
      const status =
        mode === 'invite'
          ? await bridge.invoke('sync.acceptInvite', { hubUrl: hubUrl.trim(), token: token.trim(), password })
          : await bridge.invoke('sync.connect', { hubUrl: hubUrl.trim(), email: email.trim(), password })
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
    <form onSubmit={(e) => void submit(e)} aria-label={t(mode === 'invite' ? 'invite.label' : 'form.label')}>
      <Stack gap="sm">
        <TextInput label={t('form.hubUrl')} description={t('form.hubUrlHint')} value={hubUrl} onChange={(e) => setHubUrl(e.currentTarget.value)} required />
        {insecureHubUrl(hubUrl) && (
          <Alert color="yellow" data-insecure-hub>
            {t('form.insecure')}
          </Alert>
        )}
        {mode === 'invite' ? (
          <>
            <TextInput label={t('invite.token')} description={t('invite.tokenHint')} value={token} onChange={(e) => setToken(e.currentTarget.value)} required />
            <PasswordInput
              label={t('invite.password')}
              description={t('invite.passwordHint', { min: MIN_HUB_PASSWORD })}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
          </>
        ) : (
          <>
            <TextInput label={t('form.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
            <PasswordInput label={t('form.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
          </>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          <Button type="submit" loading={busy}>
            {mode === 'invite' ? (inviteLabel ?? t('invite.submit')) : (submitLabel ?? t('form.connect'))}
          </Button>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              setMode(mode === 'invite' ? 'signIn' : 'invite')
              setError(null)
              setPassword('')
            }}
          >
            {t(mode === 'invite' ? 'invite.haveAccount' : 'invite.haveToken')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  )
}

/** Settings → Team hub: connect, see the status in words, disconnect. */
/** The records behind a refusal, by name where this laptop has one (at most five, then how many more). */
function RefusedRecords({ records }: { records: { table: string; rowId: string }[] }): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale } = useLocale()
  const shown = records.slice(0, MAX_REFUSED_NAMED)
  const names = useLiveQuery(
    async () => {
      const db = getDb()
      const out: string[] = []
      for (const r of shown) {
        const row = (await db.table(r.table).get(r.rowId).catch(() => undefined)) as Record<string, unknown> | undefined
        out.push(typeof row?.name === 'string' ? row.name : typeof row?.title === 'string' ? row.title : r.rowId)
      }
      return out
    },
    [shown.map((r) => `${r.table}/${r.rowId}`).join('|')],
    [] as string[]
  )
  if (names.length === 0) return null
  const list = names.join(locale.startsWith('zh') ? '、' : ', ')
  const more = records.length - shown.length
  return (
    <Text size="xs" c="dimmed">
      {more > 0 ? t('rejectedRecordsMore', { records: list, count: more }) : t('rejectedRecords', { records: list })}
    </Text>
  )
}

const MAX_REFUSED_NAMED = 5

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
          {insecureHubUrl(status.hubUrl ?? '') && (
            <Text size="sm" c="orange" data-insecure-hub>
              {t('insecureConnected')}
            </Text>
          )}
          <Text size="sm">{t('pending', { count: outbox })}</Text>
          <Text size="sm">{status.lastSyncAt ? t('lastSync', { when: formatRelative(status.lastSyncAt, now, locale, timeZone) }) : t('neverSynced')}</Text>
          {status.recordings && <RecordingsProgress recordings={status.recordings} />}
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
          {conflicts.length > 0 && <ConflictInbox />}
          {/* One line per reason, so a refusal for scope reads differently from one for a stale schema. */}
          {refusedByReason(rejected).map(({ code, count, records }) => (
            <Stack key={code} gap={0}>
              <Text size="sm" c="red">
                {t('rejected', { count, reason: syncErrorText(t, code) })}
              </Text>
              <RefusedRecords records={records} />
            </Stack>
          ))}
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
