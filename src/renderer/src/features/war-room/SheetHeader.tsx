import { Avatar, Badge, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import type { SheetPeer } from './use-strategy-sheet'

/**
 * Why this deal is (or isn't) a big deal, both ways at once: the process rule ("above ¥X for
 * this process") and the manual flag, so nobody wonders which of the two put it in the war room.
 */
export function BigDealState(p: {
  amount: number | undefined
  currency: string
  processName?: string
  threshold?: number
  flagged: boolean
  children: React.ReactNode
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale } = useLocale()
  const byRule = p.threshold !== undefined && p.amount !== undefined && p.amount >= p.threshold
  const rule =
    p.threshold === undefined
      ? t('bigDeal.noRule')
      : t(byRule ? 'bigDeal.ruleMet' : 'bigDeal.ruleNotMet', {
          amount: formatMoney(p.threshold, p.currency, locale),
          process: p.processName ?? ''
        })
  return (
    <Group gap={6} className="no-print" wrap="nowrap">
      {p.children}
      <Badge
        size="sm"
        variant={byRule ? 'light' : 'outline'}
        color={byRule ? 'grape' : 'gray'}
        data-big-deal-rule={byRule ? 'met' : 'not-met'}
        title={rule}
      >
        {rule}
      </Badge>
      {p.flagged && (
        <Badge size="sm" variant="light" color="orange" data-big-deal-manual>
          {t('bigDeal.manual')}
        </Badge>
      )}
    </Group>
  )
}

const HUB_ERRORS = new Set(['sheet.out-of-scope', 'sheet.unknown'])

/** Who else has the sheet open, and in which section; plus why the hub does not carry it, if it doesn't. */
export function PresenceBar({ peers, hubError }: { peers: SheetPeer[]; hubError: string | null }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const sectionOf = (field: string | null): string | null => {
    const section = field?.split('.')[0]
    if (!section) return null
    return t(`presence.section.${section === 'competitors' ? 'competition' : section}`, { defaultValue: '' }) || null
  }
  if (peers.length === 0 && !hubError) return null
  return (
    <Group gap={6} mb="sm" className="no-print" role="region" aria-label={t('presence.title')}>
      {peers.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('presence.title')}
        </Text>
      )}
      {peers.map((p) => {
        const where = sectionOf(p.field)
        return (
          <Badge
            key={p.clientId}
            variant="light"
            color={p.color}
            leftSection={
              <Avatar size={16} color={p.color} radius="xl">
                {p.name.slice(0, 1)}
              </Avatar>
            }
            data-peer={p.name}
          >
            {where ? t('presence.in', { name: p.name, section: where }) : p.name}
          </Badge>
        )
      })}
      {hubError && (
        <Text size="xs" c="orange" data-hub-error={hubError}>
          {hubError === 'sheet.revoked'
            ? t('presence.hub.revoked')
            : t(HUB_ERRORS.has(hubError) ? `presence.hub.${hubError === 'sheet.unknown' ? 'unknown' : 'outOfScope'}` : 'presence.hub.other')}
        </Text>
      )}
    </Group>
  )
}

