import { Badge, Group, Tooltip, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { SyncStatus } from '@shared/ipc/sync'
import { useSyncStatus } from '../../sync/use-sync-status'
import { useLocale } from '../../app/preferences'
import { formatPercent, type Locale } from '../../ui/format'
import { useSession } from '../../session/use-me'
import { recordingsShare, syncErrorText, syncStateColor } from './HubSettings'
import type { TFunction } from 'i18next'

export interface BadgeWords {
  label: string
  color: string
  /** Where a click takes the reader: the refused edits' reasons. */
  toRefused: boolean
}

/**
 * What the header says about the hub, truthfully: "up to date" only when nothing waits to be sent
 * and nothing was refused; refused edits turn it into a warning with their count that opens the
 * reasons; offline it says how many changes wait.
 */
export function badgeWords(
  t: TFunction<'sync'>,
  locale: Locale,
  s: { status: SyncStatus; outbox: number; refused: number; downloading: number | undefined }
): BadgeWords {
  const { status, outbox, refused, downloading } = s
  const files = status.recordings?.running && status.recordings.bytesTotal > 0 ? status.recordings : undefined
  if (downloading !== undefined) return { label: t('badge.downloading', { count: downloading }), color: 'blue', toRefused: false }
  if (status.state === 'offline') return { label: outbox > 0 ? t('badge.offlinePending', { count: outbox }) : t('state.offline'), color: 'orange', toRefused: false }
  if (refused > 0) return { label: t('badge.refused', { count: refused }), color: 'orange', toRefused: true }
  if (outbox > 0 && (status.state === 'syncing' || status.state === 'upToDate')) return { label: t('badge.pending', { count: outbox }), color: 'blue', toRefused: false }
  if (files) return { label: t('badge.recordings', { percent: formatPercent(recordingsShare(files), locale) }), color: 'blue', toRefused: false }
  return { label: t(`state.${status.state}`), color: status.lastErrorCode ? 'red' : syncStateColor(status.state), toRefused: false }
}

/**
 * The header's hub indicator, for a hub workspace only (an offline workspace never syncs, so it
 * has nothing to say). Keeps the sync loop running. Edits that lost to a concurrent one show as
 * a second badge that opens the inbox.
 */
export function SyncStatusBadge(): React.ReactNode {
  const { t } = useTranslation('sync')
  const navigate = useNavigate()
  const { locale } = useLocale()
  const session = useSession()
  const { status, outbox, conflicts, rejected, downloading } = useSyncStatus()
  if (session?.kind !== 'hub' || !status || status.state === 'disconnected') return null
  const words = badgeWords(t, locale, { status, outbox, refused: rejected.length, downloading })
  const tip = status.lastErrorCode ? syncErrorText(t, status.lastErrorCode) : (status.hubUrl ?? '')
  const badge = (
    <Badge color={words.color} variant={words.toRefused ? 'filled' : 'light'} aria-label={t('badge.label', { state: words.label })}>
      {words.label}
    </Badge>
  )
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={tip} disabled={!tip}>
        {words.toRefused ? (
          <UnstyledButton onClick={() => navigate('/settings?show=refused')} aria-label={words.label}>
            {badge}
          </UnstyledButton>
        ) : (
          badge
        )}
      </Tooltip>
      {conflicts.length > 0 && (
        <UnstyledButton onClick={() => navigate('/settings')} aria-label={t('badge.conflicts', { count: conflicts.length })}>
          <Badge color="orange" variant="filled">
            {t('badge.conflicts', { count: conflicts.length })}
          </Badge>
        </UnstyledButton>
      )}
    </Group>
  )
}
