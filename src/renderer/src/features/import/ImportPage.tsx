import { Anchor, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { PageHeader } from '../../ui/PageHeader'
import { ImportWizard } from './ImportWizard'

export function ImportPage(): React.ReactNode {
  const { t } = useTranslation()
  return (
    <div>
      <PageHeader
        title={t('import.title')}
        right={
          <Anchor component={Link} to="/">
            <Text size="sm">{t('import.back')}</Text>
          </Anchor>
        }
      />
      <ImportWizard onDone={() => undefined} />
    </div>
  )
}
