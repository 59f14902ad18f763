import { useState } from 'react'
import { Button, Group, Select } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { getDb } from '../../db/database'
import { attachCustomer } from '../../db/dataset'
import { ActionError, actionErrorText } from './action-error'

/**
 * For a deal imported without an account: pick the customer it belongs to and attach it. The
 * list filters as you type; only the first matches are drawn, so a workspace of thousands of
 * customers stays quick.
 */
export function AttachCustomer({ dealId, size = 'xs' }: { dealId: string; size?: 'xs' | 'sm' }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const customers = useLiveQuery(async () => (await getDb().customers.toArray()).filter((c) => !c.deleted).map((c) => ({ value: c.id, label: c.name })), [])
  const [picked, setPicked] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Group gap={6} wrap="nowrap">
      <Select
        size={size}
        w={220}
        searchable
        limit={50}
        placeholder={t('attach.placeholder')}
        aria-label={t('attach.label')}
        data={customers ?? []}
        value={picked}
        onChange={setPicked}
        nothingFoundMessage={t('attach.none')}
      />
      <Button
        size={size}
        variant="light"
        disabled={!picked}
        loading={busy}
        onClick={() => {
          if (!picked) return
          setBusy(true)
          setError(null)
          void attachCustomer(dealId, picked)
            .catch((e: unknown) => setError(actionErrorText(t, 'attach', e)))
            .finally(() => setBusy(false))
        }}
      >
        {t('attach.action')}
      </Button>
      <ActionError message={error} />
    </Group>
  )
}
