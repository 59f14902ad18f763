import { useState } from 'react'
import { Badge, Button, Card, Group, NativeSelect, NumberInput, Stack, Table, Text } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { getDb } from '../../db/database'
import { clearCurrencyRate, setCurrencyRate, setTotalsCurrency } from '../../db/dataset'
import { useLocale } from '../../app/preferences'
import { formatCount, formatDate } from '../../ui/format'
import { useCurrencyRates } from './use-currency-rates'

const COMMON = ['CNY', 'USD', 'EUR', 'HKD', 'GBP', 'JPY']

/**
 * Settings → Currencies: which currency totals are shown in, and the rate of every other
 * currency the workspace's deals are in. Shared with the team through sync.
 */
export function CurrencySettings(): React.ReactNode {
  const { t } = useTranslation('currency')
  const { locale, timeZone } = useLocale()
  const rates = useCurrencyRates()
  const present = useLiveQuery(async () => {
    const counts = new Map<string, number>()
    await getDb().deals.each((d) => {
      if (!d.deleted) counts.set(d.currency, (counts.get(d.currency) ?? 0) + 1)
    })
    return counts
  }, [])
  const users = useLiveQuery(async () => new Map((await getDb().users.toArray()).map((u) => [u.id, u.name])), [])
  const others = [...new Set([...(present?.keys() ?? []), ...rates.rows.map((r) => r.currency)])].filter((c) => c !== rates.base).sort()
  const choices = [...new Set([rates.base, ...(present?.keys() ?? []), ...COMMON])]

  return (
    <Card withBorder>
      <Text fw={600} mb={4}>
        {t('settings.title')}
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settings.intro')}
      </Text>
      <Stack gap="sm">
        <NativeSelect
          label={t('settings.totalsIn')}
          value={rates.base}
          w={240}
          data={choices.map((c) => ({ value: c, label: present?.has(c) ? t('settings.withDeals', { code: c, count: formatCount(present.get(c)!, locale) }) : c }))}
          onChange={(e) => void setTotalsCurrency(e.currentTarget.value)}
        />
        {others.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('settings.oneCurrency', { code: rates.base })}
          </Text>
        ) : (
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.currency')}</Table.Th>
                <Table.Th ta="right">{t('settings.deals')}</Table.Th>
                <Table.Th>{t('settings.rate', { base: rates.base })}</Table.Th>
                <Table.Th>{t('settings.setBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {others.map((c) => {
                const row = rates.rows.find((r) => r.currency === c)
                return (
                  <Table.Tr key={c}>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" fw={500}>
                          {c}
                        </Text>
                        {/* Only totals that mix currencies need a rate: one currency alone is shown as it is. */}
                        {!row && (present?.get(c) ?? 0) > 0 && (present?.size ?? 0) > 1 && (
                          <Badge size="xs" color="orange" variant="light">
                            {t('settings.noRate')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {formatCount(present?.get(c) ?? 0, locale)}
                    </Table.Td>
                    <Table.Td>
                      <RateInput key={`${c}-${row?.rate ?? ''}`} currency={c} base={rates.base} value={row?.rate} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {row ? t('settings.setOn', { date: formatDate(row.setAt, locale, timeZone), name: (row.setBy && users?.get(row.setBy)) || '—' }) : ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  )
}

function RateInput({ currency, base, value }: { currency: string; base: string; value: number | undefined }): React.ReactNode {
  const { t } = useTranslation('currency')
  const [draft, setDraft] = useState<number | string>(value ?? '')
  const [busy, setBusy] = useState(false)
  const n = typeof draft === 'number' ? draft : Number(draft)
  const valid = draft !== '' && Number.isFinite(n) && n > 0
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" className="tabular">
        1 {currency} =
      </Text>
      <NumberInput
        size="xs"
        w={110}
        min={0}
        decimalScale={6}
        aria-label={t('settings.rateFor', { code: currency, base })}
        value={draft}
        onChange={setDraft}
      />
      <Text size="sm">{base}</Text>
      <Button
        size="xs"
        variant="light"
        disabled={!valid || n === value}
        loading={busy}
        onClick={() => {
          setBusy(true)
          void setCurrencyRate(currency, base, n).finally(() => setBusy(false))
        }}
      >
        {t('settings.save')}
      </Button>
      {value !== undefined && (
        <Button size="xs" variant="subtle" color="gray" onClick={() => void clearCurrencyRate(currency, base)}>
          {t('settings.clear')}
        </Button>
      )}
    </Group>
  )
}
