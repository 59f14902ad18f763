import type { TFunction } from 'i18next'
import type { Customer, User } from '@shared/model'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'

/** The customer list as the view filters it: who, where, how big, whose (or in the pool). */
export function customersTable(title: string, customers: readonly Customer[], o: { userById: ReadonlyMap<string, User>; teamName(id: string): string | undefined }, t: TFunction): ViewTable {
  return {
    ...tableOf(
      title,
      [
        { key: 'name', label: t('common:customers.title'), kind: 'text' },
        { key: 'industry', label: t('common:customers.industry'), kind: 'text' },
        { key: 'city', label: t('common:customers.city'), kind: 'text' },
        { key: 'size', label: t('common:customers.size'), kind: 'text' },
        { key: 'tier', label: t('export:columns.tier'), kind: 'text' },
        { key: 'channel', label: t('common:customers.channel'), kind: 'text' },
        { key: 'owner', label: t('common:customers.owner'), kind: 'text' },
        { key: 'team', label: t('export:columns.team'), kind: 'text' },
        { key: 'address', label: t('export:columns.address'), kind: 'text' },
        { key: 'created', label: t('export:columns.createdAt'), kind: 'date' },
        { key: 'poolSince', label: t('export:columns.inPoolSince'), kind: 'date' }
      ],
      customers.map((c) => ({
        name: c.name,
        industry: c.industry || null,
        city: c.city ?? null,
        size: t(`common:customers.sizes.${c.size}`),
        tier: t(`common:customers.tier.${c.tier}`),
        channel: c.channel || null,
        owner: c.ownerId === null ? t('common:customers.inPool') : (o.userById.get(c.ownerId)?.name ?? null),
        team: o.teamName(c.orgUnitId) ?? null,
        address: c.address ?? null,
        created: c.createdAt,
        poolSince: c.ownerId === null ? (c.poolSince ?? null) : null
      }))
    ),
    printColumns: ['name', 'industry', 'city', 'size', 'tier', 'owner', 'team']
  }
}
