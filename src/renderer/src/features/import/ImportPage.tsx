import { Alert, Anchor, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { PageHeader } from '../../ui/PageHeader'
import { ImportWizard } from './ImportWizard'
import { isPostSaleEntity } from '@shared/domain/import'
import { usePermission } from '../../session/use-me'

export function ImportPage(): React.ReactNode {
  const { t } = useTranslation()
  const navigate = useNavigate()
  // An import creates customers, deals and people: only roles that may bring data in see the wizard.
  const importing = usePermission('data.import')
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
      {importing.allowed ? (
        <ImportWizard
          onDone={(s) => navigate(s.entities.includes('deals') ? '/pipeline' : s.entities.some(isPostSaleEntity) ? '/collections?tab=contracts' : '/customers')}
        />
      ) : (
        <Alert color="gray" variant="light">
          {importing.why}
        </Alert>
      )}
    </div>
  )
}
