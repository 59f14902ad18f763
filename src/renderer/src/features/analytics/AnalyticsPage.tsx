import { Alert, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '../../ui/PageHeader'

export function AnalyticsPage(): React.ReactNode {
  const { t } = useTranslation()
  return (
    <div>
      <PageHeader title={t('analytics.title')} />
      <Alert variant="light" py={6}>
        <Text size="sm">{t('analytics.intro')}</Text>
      </Alert>
    </div>
  )
}
