import { Anchor, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { PageHeader } from '../../ui/PageHeader'
import { ImportWizard } from './ImportWizard'
import { isPostSaleEntity } from '@shared/domain/import'

export function ImportPage(): React.ReactNode {
  const { t } = useTranslation()
  const navigate = useNavigate()
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
      {/* "Done" shows what was imported: deals in the pipeline, everything else on customers. */}
      <ImportWizard onDone={(s) => navigate(s.entity === 'deals' ? '/pipeline' : isPostSaleEntity(s.entity) ? '/collections?tab=contracts' : '/customers')} />
    </div>
  )
}
