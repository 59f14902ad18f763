import { Badge, Group, Tooltip, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useSyncStatus } from '../../sync/useSyncStatus'
import { useLocale } from '../../app/preferences'
import { formatPercent } from '../../ui/format'
import { recordingsShare, syncErrorText, syncStateColor } from './HubSettings'

/**
 * The header's hub indicator; nothing at all when no hub is connected. Keeps the sync loop
 * running. Edits that lost to a concurrent one show as a second badge that opens the inbox;
 * changes the hub refused (set aside so they do not hold back the rest) as a third, to Settings.
 */
export function SyncStatusBadge(): React.ReactNode {
  const { t } = useTranslation('sync')
  const navigate = useNavigate()
  const { locale } = useLocale()
  const { status, outbox, conflicts, rejected, downloading } = useSyncStatus()
  if (!status || status.state === 'disconnected') return null
  const files = status.recordings?.running && status.recordings.bytesTotal > 0 ? status.recordings : undefined
  const label =
    downloading !== undefined
      ? t('badge.downloading', { count: downloading })
      : status.state === 'syncing' && outbox > 0
        ? t('badge.pending', { count: outbox })
        : files
          ? t('badge.recordings', { percent: formatPercent(recordingsShare(files), locale) })
          : t(`state.${status.state}`)
  const tip = status.lastErrorCode ? syncErrorText(t, status.lastErrorCode) : (status.hubUrl ?? '')
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={tip} disabled={!tip}>
        <Badge color={status.lastErrorCode && status.state !== 'offline' ? 'red' : syncStateColor(status.state)} variant="light" aria-label={t('badge.label', { state: label })}>
          {label}
        </Badge>
      </Tooltip>
      {conflicts.length > 0 && (
        <UnstyledButton onClick={() => navigate('/settings')} aria-label={t('badge.conflicts', { count: conflicts.length })}>
          <Badge color="orange" variant="filled">
            {t('badge.conflicts', { count: conflicts.length })}
          </Badge>
        </UnstyledButton>
      )}
      {rejected.length > 0 && (
        <UnstyledButton onClick={() => navigate('/settings')} aria-label={t('badge.refused', { count: rejected.length })}>
          <Badge color="red" variant="filled">
            {t('badge.refused', { count: rejected.length })}
          </Badge>
        </UnstyledButton>
      )}
    </Group>
  )
}
