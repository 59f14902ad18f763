import { useState } from 'react'
import { Alert, Anchor, Badge, Button, Card, Group, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { MIN_HUB_PASSWORD, type SyncStatus } from '@shared/ipc/sync'
import { insecureHubUrl } from '@shared/hub-api/url'
import { bridge, BridgeError } from '../../bridge'
import { useLocale } from '../../app/preferences'
import { formatPercent, formatRelative } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { publishSyncStatus, syncNow } from '../../sync/loop'
import { useSyncStatus } from '../../sync/use-sync-status'
import { ConflictInbox } from './ConflictInbox'
import { RefusedEdits } from './RefusedEdits'
import { parseInvitation } from './organisation/org-backend'
import { useSession } from '../../session/use-me'
import { signOut } from '../../session/switch'
import { badgeWords } from './SyncStatusBadge'

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
  inviteLabel,
  account
}: {
  onConnected?: (s: SyncStatus) => Promise<void> | void
  submitLabel?: string
  inviteLabel?: string
  /** Signing in again to a workspace's own account: hub and email are fixed, no invitation. */
  account?: { hubUrl: string; email: string }
}): React.ReactNode {
  const { t } = useTranslation('sync')
  const [mode, setMode] = useState<'signIn' | 'invite'>('signIn')
  const [hubUrl, setHubUrl] = useState(account?.hubUrl ?? 'http://127.0.0.1:4780')
  const [email, setEmail] = useState(account?.email ?? '')
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
        <TextInput
          label={t('form.hubUrl')}
          description={account ? undefined : t('form.hubUrlHint')}
          value={hubUrl}
          readOnly={account !== undefined}
          onChange={(e) => setHubUrl(e.currentTarget.value)}
          required
        />
        {insecureHubUrl(hubUrl) && (
          <Alert color="yellow" data-insecure-hub>
            {t('form.insecure')}
          </Alert>
        )}
        {mode === 'invite' ? (
          <>
            <Textarea
              label={t('invite.token')}
              description={t('invite.tokenHint')}
              value={token}
              autosize
              minRows={1}
              maxRows={6}
              onChange={(e) => {
                // The whole invitation message may be pasted: its hub address fills the address field, its code this one.
                const text = e.currentTarget.value
                const parsed = text.includes('\n') || /https?:\/\//.test(text) ? parseInvitation(text) : {}
                if (parsed.hubUrl) setHubUrl(parsed.hubUrl)
                setToken(parsed.token ?? text)
              }}
              required
            />
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
            <TextInput
              label={t('form.email')}
              type="email"
              autoComplete="username"
              value={email}
              readOnly={account !== undefined}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
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
          {!account && (
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
          )}
        </Group>
      </Stack>
    </form>
  )
}

/**
 * Settings → Team hub: for a hub workspace, the status in words (what waits, what was refused and
 * why, edits that lost), sync now and sign out. An offline workspace never syncs: it says so and
 * points at switching workspace, so a hub is never joined with someone else's data.
 */
export function HubSettings(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { locale, timeZone } = useLocale()
  const now = useNow(30_000)
  const session = useSession()
  const { status, outbox, conflicts, rejected, downloading } = useSyncStatus()
  const [busy, setBusy] = useState(false)
  const { locale: lang } = useLocale()

  if (session?.kind !== 'hub') {
    return (
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('title')}</Text>
          <Badge color="gray" variant="light">
            {t('state.disconnected')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t('localOnly')}
        </Text>
      </Card>
    )
  }

  async function leave(): Promise<void> {
    setBusy(true)
    try {
      await signOut()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('title')}</Text>
        {/* The same words as the header: "up to date" only when nothing waits and nothing was refused. */}
        {status && status.state !== 'disconnected' ? (
          <Badge color={badgeWords(t, lang, { status, outbox, refused: rejected.length, downloading }).color} variant="light">
            {badgeWords(t, lang, { status, outbox, refused: rejected.length, downloading }).label}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            {t('state.disconnected')}
          </Badge>
        )}
      </Group>
      <Stack gap="xs">
        <Text size="sm">{t('connectedAs', { email: session.email, hub: session.hubUrl })}</Text>
        {insecureHubUrl(session.hubUrl) && (
          <Text size="sm" c="orange" data-insecure-hub>
            {t('insecureConnected')}
          </Text>
        )}
        <Text size="sm">{t('pending', { count: outbox })}</Text>
        <Text size="sm">{status?.lastSyncAt ? t('lastSync', { when: formatRelative(status.lastSyncAt, now, locale, timeZone) }) : t('neverSynced')}</Text>
        {status?.recordings && <RecordingsProgress recordings={status.recordings} />}
        {status?.lastErrorCode && (
          <Alert color={status.state === 'offline' ? 'orange' : 'red'} role="status">
            {syncErrorText(t, status.lastErrorCode)}
          </Alert>
        )}
        {status?.secretStorage !== 'os-encrypted' && (
          <Text size="xs" c="dimmed">
            {status?.secretStorage ? t('secret.plain') : t('secret.none')}
          </Text>
        )}
        <RefusedEdits />
        {conflicts.length > 0 && <ConflictInbox />}
        <Group mt="xs">
          <Button variant="light" onClick={() => void syncNow()}>
            {t('syncNow')}
          </Button>
          <Button variant="outline" color="red" loading={busy} onClick={() => void leave()}>
            {t('disconnect')}
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}
