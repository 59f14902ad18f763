/** Contact rows under their accounts. */
import { Contact, Customer } from '../../model'
import { personKey } from './normalise'
import { isEmail, parseDecisionRole, seniorityFromTitle } from './values'
import { RowState, clip, limit, compact, AccountResolver, type Draft, type Drafter, type Env, optionalText, check } from './validate-row'

// ─── contacts ───────────────────────────────────────────────────────────────────────────────

export const CJK = /[\u3400-\u9fff]/

export function contactDrafts(env: Env): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  env.variantGroups.push(...accounts.groups)
  const byExternal = new Map<string, Contact>()
  const byKey = new Map<string, Contact>()
  for (const c of context.contacts) {
    if (c.deleted) continue
    if (c.externalId) byExternal.set(c.externalId, c)
    byKey.set(`${c.customerId}|${personKey(c.name)}`, c)
  }

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    let name = reader.text(row, 'name')
    if (!name) {
      const first = reader.text(row, 'firstName')
      const last = reader.text(row, 'lastName')
      // 张 + 伟 → 张伟; Wei + Zhang → "Wei Zhang".
      name = CJK.test(first + last) ? `${last}${first}` : [first, last].filter(Boolean).join(' ')
    }
    if (!name) st.error('import.required-missing', { field: 'name' })
    name = limit(name, 80, 'name', st)
    const accountName = reader.text(row, 'account')
    const accountExt = reader.text(row, 'accountExternalId')
    let customer: Customer | undefined
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName) customer = accounts.resolve(accountName, st).customer
    if (!accountName && !accountExt) st.error('import.required-missing', { field: 'account' })
    else if (!customer) st.error('import.customer-unknown', { account: clip(accountName || accountExt) })

    const title = optionalText(env, row, st, 'title', 80)
    const seniorityRaw = reader.text(row, 'seniority')
    let seniority = seniorityRaw && /^[1-5]$/.test(seniorityRaw) ? Number(seniorityRaw) : undefined
    if (seniority === undefined && seniorityRaw) seniority = seniorityFromTitle(seniorityRaw)
    const phone = optionalText(env, row, st, 'phone', 40)
    const emailRaw = reader.text(row, 'email')
    let email: string | undefined
    if (emailRaw) {
      if (isEmail(emailRaw)) email = limit(emailRaw, 200, 'email', st)
      else st.warn('import.email-invalid', { value: clip(emailRaw) })
    }
    const roleRaw = reader.text(row, 'decisionRole')
    const decisionRole = roleRaw ? parseDecisionRole(roleRaw) : null
    if (roleRaw && !decisionRole) st.warn('import.role-unknown', { value: clip(roleRaw) })

    const draft: Draft = {
      st,
      identity: externalId ? `x:${externalId}` : customer && name ? `n:${customer.id}|${personKey(name)}` : null,
      label: externalId ?? name
    }
    if (st.hasError || !customer) return draft
    const cust = customer
    draft.materialise = (out) => {
      const existing = (externalId && byExternal.get(externalId)) || byKey.get(`${cust.id}|${personKey(name)}`)
      let c: Contact
      if (!existing) {
        c = compact({
          id: out.newId(),
          externalId,
          customerId: cust.id,
          name,
          title: title ?? '',
          seniority: seniority ?? seniorityFromTitle(title ?? ''),
          phone,
          email,
          decisionRole: decisionRole ?? undefined
        }) as Contact
      } else {
        c = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          customerId: cust.id,
          name,
          title: title ?? existing.title,
          seniority: seniority ?? (title ? seniorityFromTitle(title) : existing.seniority),
          phone: phone ?? existing.phone,
          email: email ?? existing.email,
          decisionRole: decisionRole ?? existing.decisionRole
        }) as Contact
      }
      if (!check(Contact, c, st)) return undefined
      out.plan.contacts.push(c)
      return { record: c, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}
