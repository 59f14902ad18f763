import { Badge, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useSyncStatus } from '../../sync/useSyncStatus'
import { syncErrorText, syncStateColor } from './HubSettings'

/** The header's hub indicator; nothing at all when no hub is connected. Keeps the sync loop running. */
export function SyncStatusBadge(): React.ReactNode {
  const { t } = useTranslation('sync')
  const { status, outbox } = useSyncStatus()
  if (!status || status.state === 'disconnected') return null
  const label = status.state === 'syncing' && outbox > 0 ? t('badge.pending', { count: outbox }) : t(`state.${status.state}`)
  const tip = status.lastErrorCode ? syncErrorText(t, status.lastErrorCode) : (status.hubUrl ?? '')
  return (
    <Tooltip label={tip} disabled={!tip}>
      <Badge color={syncStateColor(status.state)} variant="light" aria-label={t('badge.label', { state: label })}>
        {label}
      </Badge>
    </Tooltip>
  )
}
