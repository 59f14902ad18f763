import { Alert, Anchor, Text } from '@mantine/core'
import { IconHistory } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { dataEndsOn } from '@shared/domain/periods'
import { useLocale } from '../../app/preferences'
import { formatDate } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { useDataSpan } from './use-data-span'

/**
 * On the home page: "your data ends on 31 Dec 2017" when the newest deal, stage move or
 * follow-up is more than a month old — an imported history, or a workspace nobody has synced —
 * so "this month" being empty is not mistaken for a quiet month. Renders nothing otherwise.
 */
export function DataEndsNotice(): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  const now = useNow()
  const span = useDataSpan(now)
  const ends = dataEndsOn(span?.last, now)
  if (ends === null) return null
  return (
    <Alert variant="light" color="yellow" icon={<IconHistory size={18} />} py={8} mb="sm" role="status" data-testid="data-ends">
      <Text size="sm">
        {t('dataEnds.text', { date: formatDate(ends, locale, timeZone) })}{' '}
        <Anchor component={Link} to="/data" size="sm">
          {t('dataEnds.link')}
        </Anchor>
      </Text>
    </Alert>
  )
}
