import {
  autoMap,
  collectFileStages,
  detectEntity,
  stageMapFromSuggestions,
  suggestStageMapping,
  validateImport,
  type ImportPlan,
  type TableInput
} from '../../../src/shared/domain/import'
import { CockpitDb, useDb } from '../../../src/renderer/src/db/database'
import { commitImport, loadImportContext } from '../../../src/renderer/src/db/import-commit'
import { startEmptyWorkspace } from '../../../src/renderer/src/db/workspace'

/**
 * Runs in headless Chromium. `prepare`: a fresh workspace, the teams, products and accounts files
 * of a public-style CRM history imported, then the 10,000-deal pipeline file checked (as the
 * wizard does before its Import button). `commit`: that plan written through the wizard's own
 * commit path (`commitImport`: one write-path transaction, rows + ops + field clocks) into the
 * browser's real IndexedDB — the part the figure times. The tables come parsed, as
 * `io.parseTable` hands them to the page.
 */
declare global {
  interface Window {
    benchImportPrepare(tables: TableInput[], run: number, currency: string): Promise<{ validateMs: number }>
    benchImportCommit(): Promise<{ ms: number; deals: number; ops: number; progressCalls: number }>
  }
}

const NOW = Date.UTC(2026, 10, 2, 4)
let pending: { plan: ImportPlan; db: CockpitDb } | null = null

window.benchImportPrepare = async (tables, run, currency) => {
  const name = `bench-import-browser-${run}`
  await new CockpitDb(name).delete()
  const db = new CockpitDb(name)
  useDb(db)
  await startEmptyWorkspace('zh-CN', NOW)
  let validateMs = 0
  for (const table of tables) {
    const context = await loadImportContext({ now: NOW, timeZone: 'Asia/Shanghai' })
    const mapping = autoMap(table.headers, detectEntity(table.headers))
    const process = context.processes[0]!
    const stageMap = stageMapFromSuggestions(suggestStageMapping(collectFileStages(table, mapping), process))
    const t0 = performance.now()
    const v = validateImport(table, mapping, context, { processId: process.id, stageMap, defaultCurrency: currency, teamNamePattern: '{manager}团队' })
    // The figure is for a file that imports whole: an error row means the bench itself is broken.
    if (v.summary.error > 0) throw new Error(`${table.headers.join(',')}: ${v.summary.error} error rows, e.g. ${JSON.stringify(v.rows.find((x) => x.status === 'error')?.messages)}`)
    if (mapping.entity === 'deals') {
      validateMs = performance.now() - t0
      pending = { plan: v.plan, db }
    } else await commitImport(v.plan)
  }
  return { validateMs }
}

window.benchImportCommit = async () => {
  if (!pending) throw new Error('prepare first')
  const { plan, db } = pending
  pending = null
  let progressCalls = 0
  const t0 = performance.now()
  const r = await commitImport(plan, { onProgress: () => progressCalls++ })
  const ms = performance.now() - t0
  db.close()
  await db.delete()
  return { ms, deals: r.created, ops: r.ops, progressCalls }
}
