import { useMemo, useState } from 'react'
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { Deal, SalesProcess } from '@shared/model'
import { stageGate } from '@shared/domain/deal-health'
import { DealWriteError, moveDealToStage } from '../../db/deals'

export interface PendingMove {
  deal: Deal
  process: SalesProcess
  toStageId: string
}

/**
 * The stage gate (阶段里程碑): before a deal moves forward, the target stage's milestones —
 * and those of any stage it skips — are checked off here, or the manager writes why the deal
 * goes ahead anyway. Won and lost ask for the reason from the process's list.
 */
export function StageGateModal({
  move,
  userId,
  onClose
}: {
  move: PendingMove | null
  userId: string
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  return (
    <Modal opened={move !== null} onClose={onClose} title={move ? <GateTitle move={move} /> : null} size="lg">
      {move && <GateBody key={`${move.deal.id}:${move.toStageId}`} move={move} userId={userId} onClose={onClose} t={t} />}
    </Modal>
  )
}

function GateTitle({ move }: { move: PendingMove }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const to = move.process.stages.find((s) => s.id === move.toStageId)
  if (to?.kind === 'won') return <Text fw={600}>{t('gate.wonTitle', { deal: move.deal.name })}</Text>
  if (to?.kind === 'lost') return <Text fw={600}>{t('gate.lostTitle', { deal: move.deal.name })}</Text>
  return <Text fw={600}>{t('gate.title', { stage: to?.name ?? move.toStageId })}</Text>
}

const OTHER = '__other__'

function GateBody({
  move,
  userId,
  onClose,
  t
}: {
  move: PendingMove
  userId: string
  onClose(): void
  t: ReturnType<typeof useTranslation<'pipeline'>>['t']
}): React.ReactNode {
  const { deal, process, toStageId } = move
  const to = process.stages.find((s) => s.id === toStageId)
  const already = useMemo(() => new Set(deal.checkedCriteria), [deal.checkedCriteria])
  const [checked, setChecked] = useState<string[]>([])
  const [reason, setReason] = useState('')
  const [lossChoice, setLossChoice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const gate = stageGate(process, deal.stageId, toStageId, [...deal.checkedCriteria, ...checked])
  const nameOf = (id: string): string => process.stages.find((s) => s.id === id)?.name ?? id
  const lost = gate.direction === 'lost'
  const needsReason = gate.unchecked.length > 0 || gate.skippedStageIds.length > 0
  const finalReason = lost ? (lossChoice === OTHER ? reason.trim() : (lossChoice ?? '')) : reason.trim()
  const ready = lost ? finalReason.length > 0 : !needsReason || finalReason.length > 0

  async function confirm(): Promise<void> {
    setBusy(true)
    try {
      await moveDealToStage(deal.id, toStageId, { checked, reason: finalReason || undefined, userId })
      notifications.show({ color: 'teal', message: t('gate.moved', { stage: to?.name ?? toStageId }) })
      onClose()
    } catch (e) {
      const message = e instanceof DealWriteError ? t(`errors.${e.code}`) : String(e)
      notifications.show({ color: 'red', message: t('gate.failed', { message }) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="sm">
      {lost ? (
        <>
          <Select
            label={t('gate.lossReason')}
            data={[...process.lossReasons.map((r) => ({ value: r, label: r })), { value: OTHER, label: t('gate.lossOther') }]}
            value={lossChoice}
            onChange={setLossChoice}
            allowDeselect={false}
            data-autofocus
            comboboxProps={{ withinPortal: true }}
          />
          {lossChoice === OTHER && (
            <Textarea
              label={t('gate.lossOther')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
            />
          )}
        </>
      ) : (
        <>
          {gate.skippedStageIds.length > 0 && (
            <Alert color="yellow" variant="light" py={6}>
              {t('gate.skipped', { stages: gate.skippedStageIds.map(nameOf).join('、') })}
            </Alert>
          )}
          {gate.requiredCriteria.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('gate.noCriteria')}
            </Text>
          ) : (
            <>
              <Text size="sm">{t('gate.intro')}</Text>
              <Stack gap={6}>
                {gate.requiredCriteria.map((c) => (
                  <Checkbox
                    key={c.id}
                    label={gate.skippedStageIds.includes(c.stageId) ? `${c.label}（${nameOf(c.stageId)}）` : c.label}
                    checked={already.has(c.id) || checked.includes(c.id)}
                    disabled={already.has(c.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked
                      setChecked((xs) => (on ? [...xs, c.id] : xs.filter((x) => x !== c.id)))
                    }}
                  />
                ))}
              </Stack>
            </>
          )}
          {needsReason ? (
            <Textarea
              label={t('gate.reason')}
              description={t('gate.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              required
            />
          ) : (
            gate.requiredCriteria.length > 0 && (
              <Text size="sm" c="teal">
                {t('gate.allChecked')}
              </Text>
            )
          )}
        </>
      )}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onClose}>
          {t('gate.cancel')}
        </Button>
        <Button onClick={() => void confirm()} disabled={!ready} loading={busy} color={lost ? 'red' : undefined}>
          {t('gate.confirm')}
        </Button>
      </Group>
    </Stack>
  )
}
