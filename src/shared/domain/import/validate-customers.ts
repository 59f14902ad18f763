/** Customer (account) rows. */
import { Customer } from '../../model'
import { matchKey } from './normalise'
import { isBlankValue, localDay, parseCustomerSize, parseCustomerTier } from './values'
import { countSpellings, groupSpellings } from './variants'
import { FUTURE_SLACK_MS, RowState, clip, limit, compact, type Draft, type Drafter, type Env, owner, requireText, optionalText, check } from './validate-row'

// ─── customers ──────────────────────────────────────────────────────────────────────────────

export function customerDrafts(env: Env): Drafter {
  const { reader, table, context } = env
  const byExternal = new Map<string, Customer>()
  const byKey = new Map<string, Customer>()
  for (const c of context.customers) {
    if (c.deleted) continue
    if (c.externalId) byExternal.set(c.externalId, c)
    byKey.set(matchKey(c.name), c)
  }
  const teams = new Map<string, string>()
  for (const o of context.orgUnits) teams.set(matchKey(o.name), o.id)
  // In a customer list, spelling variants are probably the same company entered twice: warn only.
  const names = table.rows.map((r) => reader.text(r, 'name'))
  const { groups, canonicalOf } = groupSpellings(countSpellings(names), { loose: true, anchors: context.customers.map((c) => c.name) })
  env.variantGroups.push(...groups.map((g) => ({ field: 'account' as const, ...g })))
  // A parent company may come later in the file than its subsidiary: new customers get their
  // id up front, by name, so "subsidiary of" can point at a row not built yet.
  const fileKeys = new Set(names.filter(Boolean).map(matchKey))
  const plannedIds = new Map<string, string>()
  const idOf = (key: string): string => {
    const known = byKey.get(key)
    if (known) return known.id
    let id = plannedIds.get(key)
    if (!id) plannedIds.set(key, (id = env.newId()))
    return id
  }

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const name = limit(requireText(env, row, st, 'name'), 200, 'name', st)
    const canonical = canonicalOf.get(name)
    if (name && canonical && canonical !== name && !byKey.has(matchKey(name))) {
      st.warn('import.spelling-variant', { field: 'account', value: name, canonical })
    }
    const rep = owner(env, row, st, false)
    const teamRaw = reader.text(row, 'team')
    let teamId: string | undefined
    if (teamRaw) {
      teamId = teams.get(matchKey(teamRaw))
      if (!teamId) st.warn('import.team-unknown', { team: clip(teamRaw) })
    }
    const sizeRaw = reader.text(row, 'size')
    const size = sizeRaw ? parseCustomerSize(sizeRaw) : null
    if (sizeRaw && !size) st.warn('import.size-unknown', { value: clip(sizeRaw) })
    const tierRaw = reader.text(row, 'tier')
    const tier = tierRaw ? parseCustomerTier(tierRaw) : null
    if (tierRaw && !tier) st.warn('import.tier-unknown', { value: clip(tierRaw) })
    const createdAt = reader.date(row, 'createdAt', st)
    if (createdAt !== undefined && createdAt > context.now + FUTURE_SLACK_MS) {
      st.warn('import.created-in-future', { date: localDay(createdAt, reader.timeZone) })
    }
    const industry = optionalText(env, row, st, 'industry', 60)
    const channel = optionalText(env, row, st, 'channel', 60)
    const city = optionalText(env, row, st, 'city', 60)
    const address = optionalText(env, row, st, 'address', 300)
    const parentRaw = reader.text(row, 'parent')
    let parentKey: string | undefined
    if (parentRaw && !isBlankValue(parentRaw) && matchKey(parentRaw) !== matchKey(name)) {
      parentKey = matchKey(parentRaw)
      if (!byKey.has(parentKey) && !fileKeys.has(parentKey)) {
        st.warn('import.parent-unknown', { parent: clip(parentRaw) })
        parentKey = undefined
      }
    }

    const existing = (externalId && byExternal.get(externalId)) || byKey.get(matchKey(name))
    const orgUnitId = teamId ?? rep?.orgUnitId ?? existing?.orgUnitId ?? context.defaultOrgUnitId
    if (name && !orgUnitId) st.error('import.team-missing', { account: clip(name) })

    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : name ? `n:${matchKey(name)}` : null, label: externalId ?? name }
    if (st.hasError || rep === undefined || !orgUnitId) return draft
    draft.materialise = (out) => {
      let c: Customer
      if (!existing) {
        c = compact({
          id: idOf(matchKey(name)),
          externalId,
          name,
          parentCustomerId: parentKey ? idOf(parentKey) : undefined,
          industry: industry ?? '',
          size: size ?? 'medium',
          channel: channel ?? '',
          ownerId: rep?.id ?? null,
          orgUnitId,
          tier: tier ?? 'normal',
          city,
          address,
          createdAt: createdAt ?? context.now
        }) as Customer
      } else {
        c = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          name,
          industry: industry ?? existing.industry,
          size: size ?? existing.size,
          channel: channel ?? existing.channel,
          // A blank owner in the file does not throw an owned customer back into the pool.
          ownerId: rep ? rep.id : existing.ownerId,
          orgUnitId,
          tier: tier ?? existing.tier,
          city: city ?? existing.city,
          address: address ?? existing.address,
          parentCustomerId: parentKey ? idOf(parentKey) : existing.parentCustomerId,
          createdAt: createdAt ?? existing.createdAt
        }) as Customer
      }
      if (!check(Customer, c, st)) return undefined
      out.plan.customers.push(c)
      return { record: c, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}
