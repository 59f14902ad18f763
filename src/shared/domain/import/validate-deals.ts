/** Deal rows: stage, amount, owner, account, dates and history checked; deals (and their customers) planned. */
import { Customer, Deal, type ForecastCategory, type SalesProcess, type Stage } from '../../model'
import { cleanText, matchKey } from './normalise'
import { suggestStageMapping, stageMapFromSuggestions, type FileStage } from './stages'
import type { ImportMapping } from './types'
import { isBlankValue, localDay, parseCurrency, parseForecastCategory, parseProbability, probabilityColumnIsFraction } from './values'
import { type TableInput, DAY, CLOSE_DATE_PAST_DAYS, FUTURE_SLACK_MS, RowState, clip, limit, compact, AccountResolver, fileAsOf, productGroups, type Draft, type Drafter, type Env, owner, optionalText, check } from './validate-row'
import { defaultNamePattern, parseNamePattern, renderNamePattern } from './deal-names'

export function forecastCategoryFor(stage: Stage, probability?: number): ForecastCategory {
  if (stage.kind === 'won') return 'closed'
  if (stage.kind === 'lost') return 'omitted'
  // Commit from 70 %, best case from 40 %: the usual split when a CRM has no category column.
  const p = probability ?? stage.probability
  if (p >= 70) return 'commit'
  if (p >= 40) return 'best_case'
  return 'pipeline'
}

/** Distinct stage values of the file with their row counts and most common probability. */
export function collectFileStages(table: TableInput, mapping: ImportMapping): FileStage[] {
  const sc = mapping.columns.indexOf('stage')
  if (sc < 0) return []
  // A "lost at stage" column names stages too; they are mapped in the same step.
  const lc = mapping.columns.indexOf('lostAtStage')
  const pc = mapping.columns.indexOf('probability')
  const fractions = pc >= 0 && probabilityColumnIsFraction(table.rows.map((r) => r[pc] ?? ''))
  const stats = new Map<string, { count: number; probs: Map<number, number> }>()
  for (const row of table.rows) {
    const v = cleanText(row[sc] ?? '')
    if (lc >= 0) {
      const l = cleanText(row[lc] ?? '')
      if (l && !isBlankValue(l) && !stats.has(l)) stats.set(l, { count: 0, probs: new Map() })
    }
    if (!v) continue
    let s = stats.get(v)
    if (!s) stats.set(v, (s = { count: 0, probs: new Map() }))
    s.count++
    if (pc >= 0) {
      const p = parseProbability(row[pc] ?? '', fractions)
      if (p.kind === 'probability') s.probs.set(p.percent, (s.probs.get(p.percent) ?? 0) + 1)
    }
  }
  return [...stats].map(([value, s]) => {
    let probability: number | undefined
    let best = 0
    for (const [p, n] of s.probs) if (n > best) [probability, best] = [p, n]
    return probability === undefined ? { value, count: s.count } : { value, count: s.count, probability }
  })
}

// ─── deals ──────────────────────────────────────────────────────────────────────────────────

export function dealDrafts(env: Env, process: SalesProcess | undefined): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const createCustomers = choices.createMissingCustomers ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  // Product spellings group with the catalogue's (a products file): "GTXPro" joins "GTX Pro".
  const catalogue = (context.products ?? []).filter((p) => !p.deleted).map((p) => p.name)
  const products = productGroups(
    table.rows.map((r) => reader.text(r, 'product')),
    catalogue
  )
  env.variantGroups.push(...accounts.groups, ...products.groups)
  const pattern = parseNamePattern(choices.namePattern ?? defaultNamePattern(env.mapping))

  // Without the user's choices (tests, scripts), the suggestions stand in for them.
  const stageMap = choices.stageMap ?? (process ? stageMapFromSuggestions(suggestStageMapping(collectFileStages(table, env.mapping), process)) : {})
  const stagesById = new Map((process?.stages ?? []).map((s) => [s.id, s]))
  const openStages = (process?.stages ?? []).filter((s) => s.kind === 'open')
  const lostStage = process?.stages.find((s) => s.kind === 'lost')

  const dealsByExternal = new Map<string, Deal>()
  const dealsByKey = new Map<string, Deal>()
  for (const d of context.deals) {
    if (d.deleted) continue
    if (d.externalId) dealsByExternal.set(d.externalId, d)
    dealsByKey.set(`${d.customerId ?? ''}|${matchKey(d.name)}`, d)
  }
  // Customers this import creates, by name key; shared across rows.
  const created = new Map<string, Customer>()
  const asOf = fileAsOf(env)

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const accountName = limit(reader.text(row, 'account'), 200, 'account', st)
    const accountExt = reader.text(row, 'accountExternalId')
    const rep = owner(env, row, st, true)

    let currency = reader.defaultCurrency
    const curRaw = reader.text(row, 'currency')
    if (curRaw) {
      const c = parseCurrency(curRaw)
      if (c) currency = c
      else st.warn('import.currency-unknown', { value: clip(curRaw) })
    }
    // No amount in the file stays unknown ("amount not set"), never 0: sums leave such deals out and say so.
    let amount: number | undefined
    const a = reader.amount(row, st, currency)
    if (a === 'blank') st.warn('import.amount-missing')
    else if (a) {
      amount = a.minor
      currency = a.currency
      if (a.minor <= 0) st.warn('import.amount-not-positive', { value: clip(reader.text(row, 'amount')) })
    }

    const stageValue = reader.text(row, 'stage')
    let stage: Stage | undefined
    if (!stageValue) st.error('import.required-missing', { field: 'stage' })
    else if (process) {
      const id = stageMap[stageValue]
      stage = id ? stagesById.get(id) : undefined
      if (!stage) st.error('import.stage-unmapped', { stage: clip(stageValue) })
    }
    // The open stage a lost deal was lost from, when the export says so.
    let lostFrom: Stage | undefined
    const lostAtValue = reader.text(row, 'lostAtStage')
    if (stage?.kind === 'lost' && lostAtValue && !isBlankValue(lostAtValue)) {
      const id = stageMap[lostAtValue]
      const s = id ? stagesById.get(id) : undefined
      if (s?.kind === 'open') lostFrom = s
      else st.warn('import.lost-stage-unknown', { stage: clip(lostAtValue) })
    }
    const probability = reader.probability(row, st)
    const closeAt = reader.date(row, 'closeDate', st)
    const closedOn = reader.date(row, 'closedAt', st)
    const fileCreated = reader.date(row, 'createdAt', st)
    const stageDate = reader.date(row, 'stageDate', st)
    const closed = stage !== undefined && stage.kind !== 'open'
    // A closed deal closed on its won/lost date; a one-date export gives it in the close date column.
    const closedAt = closed ? (closedOn ?? closeAt ?? stageDate) : undefined
    const expectedCloseAt = closed ? (closeAt ?? closedOn) : closeAt
    if (fileCreated !== undefined && fileCreated > context.now + FUTURE_SLACK_MS) {
      st.warn('import.created-in-future', { date: localDay(fileCreated, reader.timeZone) })
    }
    if (stage?.kind === 'open' && closeAt !== undefined && closeAt < context.now - CLOSE_DATE_PAST_DAYS * DAY) {
      st.warn('import.close-date-past', { date: localDay(closeAt, reader.timeZone) })
    }
    if (stage?.kind === 'open' && closeAt === undefined && !reader.text(row, 'closeDate')) st.warn('import.close-date-missing')
    if (closed && closedAt === undefined && !reader.text(row, 'closeDate') && !reader.text(row, 'closedAt')) st.warn('import.closed-date-missing')
    let forecast: ForecastCategory | undefined
    const fcRaw = reader.text(row, 'forecastCategory')
    if (fcRaw) {
      forecast = parseForecastCategory(fcRaw) ?? undefined
      if (!forecast) st.warn('import.forecast-category-unknown', { value: clip(fcRaw) })
    }
    const productRaw = reader.text(row, 'product')
    let product: string | undefined
    if (productRaw && !isBlankValue(productRaw)) {
      const canonical = products.canonicalOf.get(productRaw) ?? productRaw
      if (canonical !== productRaw) st.warn('import.spelling-variant', { field: 'product', value: productRaw, canonical })
      product = limit(merge ? canonical : productRaw, 80, 'product', st)
    }
    const nextStep = optionalText(env, row, st, 'nextStep', 300)
    const lossReason = optionalText(env, row, st, 'lossReason', 200)
    const descriptionRaw = reader.raw(row, 'description')
    const description = descriptionRaw && !isBlankValue(descriptionRaw) ? limit(descriptionRaw, 20_000, 'description', st) : undefined

    // The account: by its CRM id, else by name (exact, then spelling variant), else created.
    let customer: Customer | undefined
    let customerName = accountName
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName && !isBlankValue(accountName)) {
      const r = accounts.resolve(accountName, st)
      customer = r.customer
      customerName = r.name
    } else if (isBlankValue(accountName)) customerName = ''
    if (!customer && customerName && !createCustomers) {
      st.error('import.customer-unknown', { account: clip(customerName) })
    }
    if (!customer && !customerName && accountExt && createCustomers) {
      st.error('import.customer-unknown', { account: clip(accountExt) })
    }

    // The name: the file's, else built from the pattern ("account · product", the id…).
    const nameCell = reader.text(row, 'name')
    let name = nameCell && !isBlankValue(nameCell) ? nameCell : ''
    if (!name) {
      // The account and product as they will be written (the customer's name, the catalogue's spelling).
      name = renderNamePattern(pattern, (f) => (f === 'account' ? customerName : f === 'product' ? (product ?? '') : reader.text(row, f)))
      if (!name && externalId) name = externalId
    }
    if (!name) st.error('import.required-missing', { field: 'name' })
    name = limit(name, 200, 'name', st)

    const identity = externalId ? `x:${externalId}` : name ? `n:${matchKey(customerName)}|${matchKey(name)}` : null
    const draft: Draft = { st, identity, label: externalId ?? name }
    if (st.hasError || !rep || !stage || !process) return draft

    draft.materialise = (out) => {
      let cust = customer
      if (!cust && customerName) {
        const key = matchKey(customerName)
        cust = created.get(key)
        if (!cust) {
          cust = compact({
            id: out.newId(),
            externalId: accountExt || undefined,
            name: customerName,
            industry: '',
            size: 'medium',
            channel: '',
            ownerId: rep.id,
            orgUnitId: rep.orgUnitId,
            tier: 'normal',
            createdAt: fileCreated ?? closedAt ?? context.now
          }) as Customer
          created.set(key, cust)
          out.customersCreated++
          out.plan.customers.push(cust)
          st.warn('import.customer-created', { account: customerName })
        } else {
          // A customer is as old as its oldest deal.
          const first = fileCreated ?? closedAt
          if (first !== undefined && first < cust.createdAt) cust.createdAt = first
        }
      }
      const existing = (externalId && dealsByExternal.get(externalId)) || dealsByKey.get(`${cust?.id ?? ''}|${matchKey(name)}`)
      // A blank account in the file never detaches the customer a manager attached since.
      const customerId = cust?.id ?? existing?.customerId
      if (customerId === undefined) st.warn('import.customer-missing')
      const fileProbability = probability !== undefined && probability !== stage.probability ? probability : undefined
      // Lost: the stage it was lost from (the file's, else where the deal stood, else the first).
      const lostAt =
        stage.kind === 'lost'
          ? (lostFrom ?? (existing && existing.status !== 'won' ? stagesById.get(existing.stageId) : undefined) ?? openStages[0])
          : undefined
      const stageId = lostAt?.id ?? stage.id
      // When the deal was created: the file's date, else the earliest date it gives, else today.
      // When the deal was created: the file's date, else the earliest date the row gives, else the
      // date the file's data runs to (a history exported in 2018 is not from today), said so.
      const firstKnown = [stageDate, closedAt].filter((x): x is number => x !== undefined)
      let createdAt = fileCreated ?? existing?.createdAt ?? (firstKnown.length ? Math.min(...firstKnown, context.now) : undefined)
      if (createdAt === undefined) {
        createdAt = asOf
        if (asOf < context.now - DAY) st.warn('import.created-missing', { date: localDay(asOf, reader.timeZone) })
      }

      let deal: Deal
      let moved = false
      if (!existing) {
        deal = compact({
          id: out.newId(),
          externalId,
          name,
          customerId,
          ownerId: rep.id,
          orgUnitId: rep.orgUnitId,
          processId: process.id,
          stageId,
          stageEnteredAt: stageDate ?? closedAt ?? createdAt,
          amount,
          currency,
          probability: fileProbability,
          expectedCloseAt,
          forecastCategory: forecast ?? forecastCategoryFor(stage, probability),
          status: stage.kind,
          bigDeal: false,
          createdAt,
          closedAt,
          lossReason,
          nextStep,
          product,
          checkedCriteria: [],
          // Closed in the export, its path unknown: no stage moves are invented (see the model).
          stagePathUnknown: stage.kind !== 'open' ? true : undefined
        }) as Deal
      } else {
        // Only what the file says changes; what managers set in the cockpit stays.
        moved = existing.stageId !== stageId || existing.status !== stage.kind || existing.processId !== process.id
        deal = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          name: nameCell && !isBlankValue(nameCell) ? name : existing.name,
          customerId,
          ownerId: rep.id,
          orgUnitId: rep.orgUnitId,
          processId: process.id,
          stageId,
          stageEnteredAt: moved ? (stageDate ?? closedAt ?? context.now) : (stageDate ?? existing.stageEnteredAt),
          amount: a === 'blank' ? existing.amount : amount,
          currency: a === 'blank' && !curRaw ? existing.currency : currency,
          probability: probability === undefined ? existing.probability : fileProbability ?? (existing.probability !== undefined ? probability : undefined),
          expectedCloseAt: expectedCloseAt ?? existing.expectedCloseAt,
          forecastCategory: forecast ?? (moved ? forecastCategoryFor(stage, probability) : existing.forecastCategory),
          status: stage.kind,
          createdAt,
          closedAt: stage.kind === 'open' ? undefined : (closedAt ?? (moved ? context.now : (existing.closedAt ?? context.now))),
          lossReason: lossReason ?? existing.lossReason,
          nextStep: nextStep ?? existing.nextStep,
          product: product ?? existing.product
        }) as Deal
      }
      if (!check(Deal, deal, st)) return undefined
      out.plan.deals.push(deal)
      if (deal.customerId === undefined) out.dealsWithoutCustomer++
      if (deal.status === 'open' && deal.expectedCloseAt === undefined) out.dealsWithoutCloseDate++
      if (!existing) {
        if (stage.kind === 'open') {
          // An open deal entered its current stage on the stage date (else when it was created).
          out.plan.stageHistory.push({ id: out.newId(), dealId: deal.id, fromStageId: null, toStageId: stage.id, at: deal.stageEnteredAt, byUserId: rep.id })
        } else out.closedWithoutHistory++
      } else if (moved) {
        // A deal the cockpit already knew moved: that move is real, and recorded. A lost deal
        // moves into the process's lost stage (as a move in the cockpit would); its stageId
        // keeps the stage it was lost from.
        const to = stage.kind === 'lost' ? (lostStage?.id ?? stage.id) : stage.id
        out.plan.stageHistory.push({ id: out.newId(), dealId: deal.id, fromStageId: existing.stageId, toStageId: to, at: deal.stageEnteredAt, byUserId: rep.id })
      }
      if (description) {
        if (customerId === undefined) st.warn('import.description-needs-customer')
        else {
          // The CRM's description becomes a note on the deal's timeline; keyed so re-imports find it.
          out.plan.activities.push({
            id: context.activityIdsByExternalId.get(`${externalId ?? deal.id}#description`) ?? out.newId(),
            kind: 'note',
            customerId,
            dealId: deal.id,
            userId: rep.id,
            at: deal.createdAt,
            body: description,
            externalId: `${externalId ?? deal.id}#description`
          })
        }
      }
      return { record: deal, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}
