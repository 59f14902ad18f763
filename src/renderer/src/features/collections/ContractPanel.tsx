import { useMemo, useState } from 'react'
import { Anchor, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { IconSignature } from '@tabler/icons-react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { lineStatus, localDayReader } from '@shared/domain/collections'
import type { Deal } from '@shared/model'
import { getDb } from '../../db/database'
import { useLocale } from '../../app/preferences'
import { SectionCard } from '../../ui/SectionCard'
import { Money } from '../../ui/Money'
import { useNow } from '../../ui/use-now'
import { ContractForm } from './ContractForm'
import { CollectedBar, ContractActions, stateOf, useContractRows } from './ContractPage'
import { lineName, lineStatusText, milestoneName, statusColor } from './labels'
import { contractLink } from './tables'

/**
 * A deal's contract on its page: after a win, the way to record the contract and its plan;
 * once there, what is collected and what each instalment is waiting for.
 */
export function ContractPanel({ deal }: { deal: Deal }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { timeZone } = useLocale()
  const now = useNow()
  const [creating, setCreating] = useState(false)
  const contractId = useLiveQuery(
    async () => (await getDb().contracts.where('dealId').equals(deal.id).filter((c) => !c.deleted).first())?.id ?? null,
    [deal.id]
  )
  const rows = useContractRows(contractId ?? undefined)
  const state = useMemo(() => (rows ? stateOf(rows, timeZone) : null), [rows, timeZone])
  const today = useMemo(() => localDayReader(timeZone)(now), [timeZone, now])
  if (contractId === undefined) return null
  if (!rows || !state) {
    if (deal.status !== 'won') return null
    return (
      <SectionCard title={t('contract.create')} testId="contract-panel">
        <Text size="sm" c="dimmed" mb="xs">
          {t('contract.createHint')}
        </Text>
        <Button size="xs" leftSection={<IconSignature size={14} />} onClick={() => setCreating(true)}>
          {t('contract.create')}
        </Button>
        <Modal opened={creating} onClose={() => setCreating(false)} title={t('contract.create')} size="xl">
          {creating && <ContractForm deal={deal} onDone={() => setCreating(false)} onCancel={() => setCreating(false)} />}
        </Modal>
      </SectionCard>
    )
  }
  const msById = new Map(rows.milestones.map((m) => [m.id, m]))
  return (
    <SectionCard
      title={
        <Anchor component={Link} to={contractLink(rows.contract.id)} inherit>
          {t('contract.title', { number: rows.contract.number })}
        </Anchor>
      }
      testId="contract-panel"
    >
      <Stack gap="xs">
        <CollectedBar state={state} />
        {state.lines.map((l) => {
          const status = lineStatus(l, today)
          const m = l.milestoneId ? msById.get(l.milestoneId) : undefined
          return (
            <Group key={l.key} justify="space-between" wrap="nowrap" gap={6}>
              <Text size="sm" truncate>
                {lineName(l, t)} · <Money minor={l.amount} currency={rows.contract.currency} size="sm" />
              </Text>
              <Badge color={statusColor[status]} variant="light" tt="none" style={{ flexShrink: 0 }}>
                {lineStatusText(status, l, today, t, milestoneName(m, t))}
              </Badge>
            </Group>
          )
        })}
        <ContractActions rows={rows} state={state} compact />
      </Stack>
    </SectionCard>
  )
}
