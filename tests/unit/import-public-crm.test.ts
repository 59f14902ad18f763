import { beforeAll, describe, expect, it } from 'vitest'
import {
  autoMap,
  collectFileStages,
  detectEntity,
  guessFileCurrency,
  importOrder,
  stageMapFromSuggestions,
  suggestStageMapping,
  validateImport,
  type ImportValidation
} from '../../src/shared/domain/import'
import { parseTable } from '../../src/main/io/parse-table'
import { funnel } from '../../src/shared/domain/funnel'
import { historyByDeal } from '../../src/shared/domain/deal-health'
import { regionOf, winRatesBy, wonAmount } from '../../src/shared/domain/win-rate'
import { CockpitDb, getDb, useDb } from '../../src/renderer/src/db/database'
import { commitImport, loadImportContext } from '../../src/renderer/src/db/import-commit'
import { startEmptyWorkspace } from '../../src/renderer/src/db/workspace'
import { generatePublicCrm, handCount, type PublicCrm, type PublicStyle } from '../fixtures/public-crm'

/**
 * A new user's first real act: a public-style CRM history in four files (teams, accounts,
 * products, a pipeline without names, close dates on open deals, accounts on prospecting rows,
 * or any stage history on closed deals; dates years old) imported into a fresh workspace with
 * the obvious mapping — the automatic one, the file's currency, the suggested stages. Every
 * figure is compared with a count done by hand from the files.
 */

const NOW = Date.UTC(2026, 10, 2, 4)
let dbSeq = 0

interface Run {
  crm: PublicCrm
  validations: Map<string, ImportValidation>
}

async function importAll(style: PublicStyle, locale: 'zh-CN' | 'en-US'): Promise<Run> {
  useDb(new CockpitDb(`public-crm-${style}-${++dbSeq}`))
  await startEmptyWorkspace(locale, NOW)
  const crm = generatePublicCrm({ style, rows: 1500 })
  // The user drops the four files at once; they go in dependency order, as the wizard does it.
  const parsed = await Promise.all(crm.all.map(async (f) => ({ f, table: await parseTable(f.name, f.bytes) })))
  parsed.sort((a, b) => importOrder.indexOf(detectEntity(a.table.headers)) - importOrder.indexOf(detectEntity(b.table.headers)))
  const validations = new Map<string, ImportValidation>()
  for (const { f, table } of parsed) {
    const context = await loadImportContext({ now: NOW, timeZone: 'Asia/Shanghai' })
    const mapping = autoMap(table.headers, detectEntity(table.headers))
    const process = context.processes[0]!
    const currency = guessFileCurrency(table, mapping, process.currency)
    // The obvious choice: the file's currency (the guess, or USD for the bare numbers of the public sample).
    const defaultCurrency = currency.source === 'default' ? crm.currency : currency.currency
    const stageMap = stageMapFromSuggestions(suggestStageMapping(collectFileStages(table, mapping), process))
    const v = validateImport(table, mapping, context, { processId: process.id, stageMap, defaultCurrency, teamNamePattern: '{manager} team' })
    validations.set(f.name, v)
    await commitImport(v.plan)
  }
  return { crm, validations }
}

for (const [style, locale] of [
  ['maven', 'en-US'],
  ['chinese', 'zh-CN'],
  ['euro', 'en-US']
] as const) {
  describe(`a public-style CRM history (${style}) imported whole`, () => {
    let run: Run

    beforeAll(async () => {
      run = await importAll(style, locale)
    }, 60_000)

    it('the files are recognised for what they are, and import with zero error rows', () => {
      const entities = [...run.validations.values()].map((v) => v.summary.entity)
      expect(entities).toEqual(['teams', 'products', 'customers', 'deals'])
      for (const [name, v] of run.validations) {
        expect(v.summary.error, name).toBe(0)
        expect(v.summary.fileMessages.filter((m) => m.severity === 'error'), name).toEqual([])
      }
    })

    it('guesses the currency from the amounts and headers where they say it', () => {
      const pipeline = run.crm.files.pipeline
      const v = run.validations.get(pipeline.name)!
      const deal = v.plan.deals.find((d) => d.status === 'won')!
      expect(deal.currency).toBe(run.crm.currency)
    })

    it('keeps every open deal: without a close date, or without an account, they are open deals flagged for later', async () => {
      const hand = handCount(run.crm)
      const deals = await getDb().deals.toArray()
      expect(deals).toHaveLength(run.crm.pipeline.length)
      const open = deals.filter((d) => d.status === 'open')
      expect(open).toHaveLength(hand.open)
      expect(open.filter((d) => d.customerId === undefined)).toHaveLength(hand.openWithoutAccount)
      expect(open.filter((d) => d.expectedCloseAt === undefined)).toHaveLength(hand.openWithoutClose)
      const v = run.validations.get(run.crm.files.pipeline.name)!
      expect(v.summary.dealsWithoutCustomer).toBe(hand.openWithoutAccount)
      expect(v.summary.dealsWithoutCloseDate).toBe(hand.openWithoutClose)
      // No name column: each deal is named from its account and product, or from its id.
      const byId = new Map(run.crm.pipeline.map((p) => [p.id, p]))
      for (const d of deals.slice(0, 200)) {
        const p = byId.get(d.externalId!)!
        expect(d.name).toBe(p.account ? `${p.account} · ${p.product}` : p.product)
      }
    })

    it('won and lost counts and the won amount in the file\'s currency match the hand count', async () => {
      const hand = handCount(run.crm)
      const deals = await getDb().deals.toArray()
      expect(deals.filter((d) => d.status === 'won')).toHaveLength(hand.won)
      expect(deals.filter((d) => d.status === 'lost')).toHaveLength(hand.lost)
      const total = wonAmount(deals, { base: 'CNY', perUnit: {} })
      expect(total).toEqual({ amount: hand.wonAmount, currency: run.crm.currency, converted: [], missing: [] })
    })

    it('closed deals carry the "stage path unknown" marker and no invented stage moves; a lost deal sits in the first stage', async () => {
      const deals = await getDb().deals.toArray()
      const history = await getDb().stageHistory.toArray()
      const closed = deals.filter((d) => d.status !== 'open')
      expect(closed.every((d) => d.stagePathUnknown === true)).toBe(true)
      const withHistory = new Set(history.map((h) => h.dealId))
      expect(closed.filter((d) => withHistory.has(d.id))).toEqual([])
      const process = (await getDb().salesProcesses.toArray())[0]!
      const first = process.stages.find((s) => s.kind === 'open')!
      expect(new Set(deals.filter((d) => d.status === 'lost').map((d) => d.stageId))).toEqual(new Set([first.id]))
      // Closed years ago, on the day the file says.
      const byId = new Map(run.crm.pipeline.map((p) => [p.id, p]))
      for (const d of closed.slice(0, 100)) {
        const day = new Date(d.closedAt! + 8 * 3_600_000).toISOString().slice(0, 10)
        expect(day).toBe(byId.get(d.externalId!)!.close)
      }
    })

    it('the history ends where the files end: a prospecting row without any date is dated to the file\'s newest date, not today', async () => {
      const deals = await getDb().deals.toArray()
      const newest = Math.max(...deals.flatMap((d) => [d.createdAt, d.closedAt ?? 0]))
      expect(new Date(newest + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(run.crm.lastDate)
      const v = run.validations.get(run.crm.files.pipeline.name)!
      expect(v.summary.byCode['import.created-missing']).toBe(run.crm.pipeline.filter((p) => !p.engage && !p.close).length)
    })

    it('the teams file built the org tree: an office per region, a team per manager, every rep in their team', async () => {
      const units = (await getDb().orgUnits.toArray()).filter((o) => !o.deleted)
      const offices = [...new Set(run.crm.teams.map((t) => t.office))]
      for (const office of offices) expect(units.some((u) => u.kind === 'region' && u.name === office)).toBe(true)
      const users = await getDb().users.toArray()
      const regionOfUnit = regionOf(units)
      for (const t of run.crm.teams) {
        const rep = users.find((u) => u.name === t.agent)!
        const team = units.find((u) => u.id === rep.orgUnitId)!
        expect(team.name).toBe(`${t.manager} team`)
        expect(units.find((u) => u.id === regionOfUnit(team.id))!.name).toBe(t.office)
        // A team's manager leads that team (roles v2: the manager of a team is its team lead).
        expect(users.find((u) => u.name === t.manager)).toMatchObject({ role: 'team_lead', orgUnitId: team.id })
      }
    })

    it('win rates by rep and by office match the hand count', async () => {
      const hand = handCount(run.crm)
      const deals = await getDb().deals.toArray()
      const users = new Map((await getDb().users.toArray()).map((u) => [u.id, u.name]))
      const units = await getDb().orgUnits.toArray()
      const unitName = new Map(units.map((u) => [u.id, u.name]))
      const byRep = winRatesBy(deals, (d) => users.get(d.ownerId))
      expect(new Map([...byRep].map(([k, w]) => [k, w.rate]))).toEqual(hand.winRateByRep)
      const office = regionOf(units)
      const byOffice = winRatesBy(deals, (d) => unitName.get(office(d.orgUnitId) ?? ''))
      expect(new Map([...byOffice].map(([k, w]) => [k, w.rate]))).toEqual(hand.winRateByOffice)
    })

    it('the funnel counts every deal where it reached: won through every stage, lost in the first', async () => {
      const hand = handCount(run.crm)
      const deals = await getDb().deals.toArray()
      const process = (await getDb().salesProcesses.toArray())[0]!
      const f = funnel(process, deals, historyByDeal(await getDb().stageHistory.toArray()))
      expect(f.stages[0]!.reached).toBe(hand.reached.Prospecting)
      expect(f.stages[1]!.reached).toBe(hand.reached.Engaging)
      for (const s of f.stages.slice(2)) expect(s.reached).toBe(hand.won)
      expect(f.stages[0]!.open).toBe(run.crm.pipeline.filter((p) => p.stage === 'Prospecting').length)
    })

    it('accounts enrich the customers the deals point at; the catalogue spelling wins over "GTXPro"', async () => {
      const customers = await getDb().customers.toArray()
      expect(customers).toHaveLength(run.crm.accounts.length)
      const byName = new Map(customers.map((c) => [c.name, c]))
      for (const a of run.crm.accounts) {
        const c = byName.get(a.name)!
        expect(c.industry).toBe(a.sector)
        expect(c.city).toBe(a.location)
        if (a.parent) expect(c.parentCustomerId).toBe(byName.get(a.parent)!.id)
      }
      const deals = await getDb().deals.toArray()
      const catalogue = new Set(run.crm.products.map((p) => p.name))
      expect(deals.filter((d) => !catalogue.has(d.product!))).toEqual([])
      const v = run.validations.get(run.crm.files.pipeline.name)!
      expect(v.summary.variantGroups.filter((g) => g.field === 'product').map((g) => g.canonical).sort()).toEqual(['GTX Pro', 'MG Advanced'])
      expect(v.summary.byCode['import.spelling-variant']).toBe(handCount(run.crm).productVariantRows)
    })

    it('a second import of the same files changes nothing', async () => {
      const before = await getDb().outbox.count()
      for (const f of [run.crm.files.teams, run.crm.files.products, run.crm.files.accounts, run.crm.files.pipeline]) {
        const table = await parseTable(f.name, f.bytes)
        const context = await loadImportContext({ now: NOW })
        const mapping = autoMap(table.headers, detectEntity(table.headers))
        const process = context.processes[0]!
        const g = guessFileCurrency(table, mapping, process.currency)
        const v = validateImport(table, mapping, context, {
          processId: process.id,
          defaultCurrency: g.source === 'default' ? run.crm.currency : g.currency,
          teamNamePattern: '{manager} team'
        })
        expect(v.summary.creates, f.name).toBe(0)
        const r = await commitImport(v.plan)
        expect(r.ops, f.name).toBe(0)
      }
      expect(await getDb().outbox.count()).toBe(before)
    })
  })
}
