/** Activity rows (visits, calls, meetings) on their accounts. */
import { Activity, Contact, Customer, Deal } from '../../model'
import { matchKey, personKey } from './normalise'
import { isBlankValue, parseActivityKind, parseActivityStatus, parseDurationSec } from './values'
import { RowState, clip, limit, compact, hash, AccountResolver, type Draft, type Drafter, type Env, owner, requireText, optionalText, check } from './validate-row'

// ─── activities ─────────────────────────────────────────────────────────────────────────────

export function activityDrafts(env: Env): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  env.variantGroups.push(...accounts.groups)
  const dealsByExternal = new Map<string, Deal>()
  const dealsByKey = new Map<string, Deal>()
  for (const d of context.deals) {
    if (d.deleted) continue
    if (d.externalId) dealsByExternal.set(d.externalId, d)
    dealsByKey.set(`${d.customerId}|${matchKey(d.name)}`, d)
  }
  const contactsByKey = new Map<string, Contact>()
  for (const c of context.contacts) if (!c.deleted) contactsByKey.set(`${c.customerId}|${personKey(c.name)}`, c)

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    let externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const kindRaw = requireText(env, row, st, 'kind')
    let kind = kindRaw ? parseActivityKind(kindRaw) : null
    if (kindRaw && !kind) {
      st.warn('import.activity-kind-unknown', { value: clip(kindRaw) })
      kind = 'note'
    }
    const accountName = reader.text(row, 'account')
    const accountExt = reader.text(row, 'accountExternalId')
    let customer: Customer | undefined
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName) customer = accounts.resolve(accountName, st).customer
    if (!accountName && !accountExt) st.error('import.required-missing', { field: 'account' })
    else if (!customer) st.error('import.customer-unknown', { account: clip(accountName || accountExt) })
    const rep = owner(env, row, st, true)
    const at = reader.date(row, 'at', st, true)
    const subject = optionalText(env, row, st, 'subject', 300)
    const bodyRaw = reader.raw(row, 'body')
    const body = bodyRaw && !isBlankValue(bodyRaw) ? limit(bodyRaw, 20_000, 'body', st) : undefined
    const statusRaw = reader.text(row, 'status')
    const status = statusRaw ? (parseActivityStatus(statusRaw) ?? undefined) : undefined
    const durationRaw = reader.text(row, 'duration')
    let durationSec: number | undefined
    if (durationRaw) {
      const d = parseDurationSec(durationRaw)
      if (d === null || d > 86_400) st.warn('import.duration-invalid', { value: clip(durationRaw) })
      else durationSec = d
    }

    let dealId: string | null = null
    let contactId: string | undefined
    if (customer) {
      const dealExt = reader.text(row, 'dealExternalId')
      const dealName = reader.text(row, 'deal')
      const deal = (dealExt && dealsByExternal.get(dealExt)) || (dealName ? dealsByKey.get(`${customer.id}|${matchKey(dealName)}`) : undefined)
      if (deal) dealId = deal.id
      else if (dealExt || dealName) st.warn('import.deal-unknown', { deal: clip(dealName || dealExt) })
      const contactName = reader.text(row, 'contact')
      if (contactName) {
        const c = contactsByKey.get(`${customer.id}|${personKey(contactName)}`)
        if (c) contactId = c.id
        else st.warn('import.contact-unknown', { contact: clip(contactName) })
      }
    }

    // Activities are append-only and many CRMs export them without ids: a fingerprint of what
    // happened stands in for the id, so importing the same file twice adds nothing.
    if (!externalId && customer && rep && at !== undefined && kind) {
      externalId = `fp:${hash([kind, customer.id, rep.id, at, subject ?? '', (body ?? '').slice(0, 500)].join('\u0001'))}`
    }
    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : null, label: externalId ?? '' }
    if (st.hasError || !customer || !rep || at === undefined || !kind) return draft
    const cust = customer
    const k = kind
    draft.materialise = (out) => {
      const existingId = externalId ? context.activityIdsByExternalId.get(externalId) : undefined
      const a = compact({
        id: existingId ?? out.newId(),
        kind: k,
        customerId: cust.id,
        dealId,
        userId: rep.id,
        at,
        status,
        contactId,
        durationSec,
        connected: k === 'call' && durationSec !== undefined ? durationSec > 0 : undefined,
        subject,
        body,
        externalId
      }) as Activity
      if (!check(Activity, a, st)) return undefined
      out.plan.activities.push(a)
      return { record: a, action: existingId !== undefined ? 'update' : 'create' }
    }
    return draft
  }
}
