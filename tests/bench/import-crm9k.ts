import 'fake-indexeddb/auto'
import { autoMap, detectEntity, validateImport, type ImportValidation } from '../../src/shared/domain/import'
import { parseTable } from '../../src/main/io/parse-table'
import type { ParsedTable } from '../../src/shared/ipc/io'
import { workerTableParser } from '../harness/parse-worker'
import { CockpitDb, useDb } from '../../src/renderer/src/db/database'
import { commitImport, loadImportContext, type CommitResult } from '../../src/renderer/src/db/import-commit'
import { write } from '../../src/renderer/src/db/write'
import { EXPORT_NOW, fixtureWorkspace, generateCrmExport, type CrmExport } from '../fixtures/crm-export'

/**
 * import.crm9k.ms: a dirty ~9,000-opportunity CRM export, end to end in Node — parse the
 * bytes (in a worker, as main does since issue 13), validate against the workspace (shared
 * rules), commit into fake-indexeddb (the renderer's one write path). Goal ≤ 5 s. The
 * workspace is seeded before timing.
 */

/** How the bytes become a table: in this process (unit tests), or in a worker (the app's way). */
export type ReadTable = (fileName: string, bytes: Uint8Array) => Promise<ParsedTable>
const inProcess: ReadTable = (fileName, bytes) => parseTable(fileName, bytes, {})

export interface CrmImportRun {
  parseMs: number
  validateMs: number
  commitMs: number
  totalMs: number
  validation: ImportValidation
  result: CommitResult
}

let dbSeq = 0

/** A fresh database holding the fixture workspace (teams, reps, the process). */
export async function seedFixtureWorkspace(name = `crm9k-${process.pid}-${++dbSeq}`): Promise<CockpitDb> {
  const db = new CockpitDb(name)
  useDb(db)
  const ws = fixtureWorkspace()
  await write(async (tx) => {
    await tx.insertMany('orgUnits', ws.orgUnits)
    await tx.insertMany('users', ws.users)
    await tx.insert('salesProcesses', ws.process)
  })
  return db
}

/** One import of the export into the current database, as the wizard does it (rows with errors skipped). */
export async function importCrmExport(file: CrmExport, read: ReadTable = inProcess): Promise<CrmImportRun> {
  const t0 = performance.now()
  const table = await read(file.fileName, file.bytes)
  const t1 = performance.now()
  const context = await loadImportContext({ now: EXPORT_NOW })
  const mapping = autoMap(table.headers, detectEntity(table.headers))
  const validation = validateImport(table, mapping, context, { processId: fixtureWorkspace().process.id })
  const t2 = performance.now()
  const result = await commitImport(validation.plan, { skipErrorRows: true })
  const t3 = performance.now()
  return { parseMs: t1 - t0, validateMs: t2 - t1, commitMs: t3 - t2, totalMs: t3 - t0, validation, result }
}

export async function benchImportCrm9k(): Promise<{ name: 'import.crm9k.ms'; value: number; unit: 'ms'; goal: 5000 }> {
  const file = generateCrmExport({ rows: 9000 })
  const tables = await workerTableParser()
  // The bytes are handed to the worker (detached), so each run gets its own copy.
  const read: ReadTable = (fileName, bytes) => tables.parse({ fileName, data: new Uint8Array(bytes) })
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const db = await seedFixtureWorkspace()
    const run = await importCrmExport(file, read)
    times.push(run.totalMs)
    db.close()
    await db.delete()
  }
  tables.close()
  times.sort((a, b) => a - b)
  return { name: 'import.crm9k.ms', value: Math.round(times[1]!), unit: 'ms', goal: 5000 }
}
