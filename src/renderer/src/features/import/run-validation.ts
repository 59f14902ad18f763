import { validateSteps, type ImportChoices, type ImportContext, type ImportMapping, type ImportValidation, type TableInput, type ValidationProgress } from '@shared/domain/import'

/** Work between two yields to the page: short enough that typing and the progress bar stay live. */
const SLICE_MS = 30

/**
 * Runs the import rules in slices so a 100,000-row file reports its progress and the page keeps
 * painting. The same generator as `validateImport`, so the result is the same. Resolves null if
 * `signal` aborts first (the user changed a choice and a new check started).
 */
export async function runValidation(
  table: TableInput,
  mapping: ImportMapping,
  context: ImportContext,
  choices: ImportChoices,
  opts: { onProgress?: (p: ValidationProgress) => void; signal?: AbortSignal } = {}
): Promise<ImportValidation | null> {
  const steps = validateSteps(table, mapping, context, choices)
  let sliceStart = performance.now()
  for (;;) {
    if (opts.signal?.aborted) return null
    const r = steps.next()
    if (r.done) return r.value
    // The end of a step is always said (the bar reaches 100% before the next one starts).
    if (r.value.done === r.value.total || performance.now() - sliceStart >= SLICE_MS) {
      opts.onProgress?.(r.value)
      await new Promise((resolve) => setTimeout(resolve, 0))
      sliceStart = performance.now()
    }
  }
}
