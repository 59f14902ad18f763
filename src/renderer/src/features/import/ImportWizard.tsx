import { useCallback, useEffect, useMemo, useState } from 'react'
import { Button, Group, Stack, Stepper } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import {
  autoMap,
  collectFileStages,
  defaultCreateMissingOwners,
  detectEntity,
  missingRequiredFields,
  stageMapFromSuggestions,
  suggestStageMapping,
  validateImport,
  type ImportContext,
  type ImportMapping,
  type ImportMessage,
  type ImportValidation,
  type StageSuggestion
} from '@shared/domain/import'
import { MAX_IMPORT_BYTES, type ParsedTable } from '@shared/ipc/io'
import { bridge } from '../../bridge'
import { commitImport, loadImportContext, type CommitProgress, type CommitResult } from '../../db/import-commit'
import { CommitStep } from './CommitStep'
import { FileStep } from './FileStep'
import { MappingStep } from './MappingStep'
import { PreviewStep, type PreviewOptions } from './PreviewStep'
import { StageStep } from './StageStep'
import { toImportMessage } from './use-import-message'

type Step = 'file' | 'mapping' | 'stages' | 'preview' | 'commit'

export type ImportDoneSummary = CommitResult & { fileName: string }

interface LoadedFile {
  fileName: string
  bytes: Uint8Array<ArrayBuffer>
  table: ParsedTable
}

/**
 * The CRM import wizard: file → columns → stages (deals) → check → import. Main reads the
 * file; the rules in `@shared/domain/import` check it against the workspace; the commit writes
 * everything in one transaction or nothing.
 */
export function ImportWizard({ onDone, timeZone }: { onDone(summary: ImportDoneSummary): void; timeZone?: string }): React.ReactNode {
  const { t } = useTranslation('import')
  const [step, setStep] = useState<Step>('file')
  const [reading, setReading] = useState<string | null>(null)
  const [fileError, setFileError] = useState<ImportMessage | null>(null)
  const [loaded, setLoaded] = useState<LoadedFile | null>(null)
  const [context, setContext] = useState<ImportContext | null>(null)
  const [mapping, setMapping] = useState<ImportMapping | null>(null)
  const [processId, setProcessId] = useState<string | undefined>()
  const [stageMap, setStageMap] = useState<Record<string, string | null>>({})
  const [options, setOptions] = useState<PreviewOptions>({
    createMissingCustomers: true,
    createMissingOwners: false,
    mergeSpellingVariants: true,
    dateOrder: undefined
  })
  const [validation, setValidation] = useState<ImportValidation | null>(null)
  const [skipErrors, setSkipErrors] = useState(false)
  const [progress, setProgress] = useState<CommitProgress | null>(null)
  const [result, setResult] = useState<CommitResult | null>(null)
  const [commitError, setCommitError] = useState<ImportMessage | null>(null)

  const isDeals = mapping?.entity === 'deals'
  const steps: Step[] = isDeals ? ['file', 'mapping', 'stages', 'preview', 'commit'] : ['file', 'mapping', 'preview', 'commit']

  const parse = useCallback(
    async (fileName: string, bytes: Uint8Array<ArrayBuffer>, sheet?: string) => {
      setReading(fileName)
      setFileError(null)
      try {
        const table = await bridge.invoke('io.parseTable', sheet === undefined ? { fileName, data: bytes } : { fileName, data: bytes, sheet })
        const ctx = await loadImportContext({ now: Date.now(), timeZone })
        setLoaded({ fileName, bytes, table })
        setContext(ctx)
        // Each file starts from what suits the workspace as it is now (reps may exist by now).
        setOptions((o) => ({ ...o, createMissingOwners: defaultCreateMissingOwners(ctx) }))
        setMapping(autoMap(table.headers, detectEntity(table.headers)))
        setProcessId((p) => p ?? ctx.processes[0]?.id)
        setStageMap({})
        setValidation(null)
        setStep('mapping')
      } catch (e) {
        setFileError(toImportMessage(e))
        setStep('file')
      } finally {
        setReading(null)
      }
    },
    [timeZone]
  )

  const onFile = useCallback(
    async (file: File) => {
      // Refuse before reading 150 MB into memory just to send it over IPC.
      if (file.size > MAX_IMPORT_BYTES) {
        setFileError({
          code: 'import.too-large',
          params: { sizeMb: Math.round(file.size / 1024 / 1024), maxMb: MAX_IMPORT_BYTES / 1024 / 1024 }
        })
        return
      }
      setReading(file.name)
      const bytes = new Uint8Array(await file.arrayBuffer())
      await parse(file.name, bytes)
    },
    [parse]
  )

  // The file's stages and a suggestion for each, for the chosen process.
  const stageSuggestions = useMemo<StageSuggestion[]>(() => {
    if (!loaded || !mapping || !context || mapping.entity !== 'deals') return []
    const process = context.processes.find((p) => p.id === processId)
    if (!process) return []
    return suggestStageMapping(collectFileStages(loaded.table, mapping), process)
  }, [loaded, mapping, context, processId])

  // A new process or a new stage column starts from fresh suggestions; the user's picks stay otherwise.
  useEffect(() => {
    setStageMap((current) => {
      const fresh = stageMapFromSuggestions(stageSuggestions)
      const sameKeys = Object.keys(current).length === stageSuggestions.length && stageSuggestions.every((s) => s.value in current)
      const process = context?.processes.find((p) => p.id === processId)
      const valid = Object.values(current).every((id) => id === null || process?.stages.some((s) => s.id === id))
      return sameKeys && valid ? current : fresh
    })
  }, [stageSuggestions, context, processId])

  // Checking runs off the click (a 9,000-row file takes a moment), and again when a choice changes.
  useEffect(() => {
    if (step !== 'preview' || !loaded || !mapping || !context) return
    setValidation(null)
    const timer = setTimeout(() => {
      setValidation(
        validateImport(loaded.table, mapping, context, {
          processId,
          stageMap,
          createMissingCustomers: options.createMissingCustomers,
          createMissingOwners: options.createMissingOwners,
          mergeSpellingVariants: options.mergeSpellingVariants,
          dateOrder: options.dateOrder
        })
      )
    }, 0)
    return () => clearTimeout(timer)
  }, [step, loaded, mapping, context, processId, stageMap, options])

  const startOver = useCallback(() => {
    setStep('file')
    setLoaded(null)
    setMapping(null)
    setValidation(null)
    setResult(null)
    setProgress(null)
    setCommitError(null)
    setSkipErrors(false)
    setFileError(null)
  }, [])

  const commit = useCallback(async () => {
    if (!validation) return
    setStep('commit')
    setCommitError(null)
    setResult(null)
    setProgress({ table: 'users', done: 0, total: 0 })
    try {
      setResult(await commitImport(validation.plan, { skipErrorRows: skipErrors, onProgress: setProgress }))
    } catch (e) {
      setCommitError(toImportMessage(e))
    }
  }, [validation, skipErrors])

  const go = (delta: 1 | -1): void => {
    const i = steps.indexOf(step)
    setStep(steps[Math.max(0, Math.min(steps.length - 1, i + delta))]!)
  }

  const canNext =
    step === 'mapping'
      ? mapping !== null && missingRequiredFields(mapping).length === 0
      : step === 'stages'
        ? processId !== undefined
        : false
  const importable =
    validation !== null &&
    validation.rows.some((r) => r.record) &&
    !validation.summary.fileMessages.some((m) => m.severity === 'error') &&
    (validation.summary.error === 0 || skipErrors)
  const rowsToImport = validation ? validation.rows.filter((r) => r.record).length : 0

  return (
    <Stack gap="md" aria-label={t('wizard.label')} role="region">
      {/* Past the last step once the import is written, so every step shows as done. */}
      <Stepper active={result ? steps.length : steps.indexOf(step)} size="sm" allowNextStepsSelect={false}>
        {steps.map((s) => (
          <Stepper.Step key={s} label={t(`steps.${s}`)} />
        ))}
      </Stepper>

      {step === 'file' && <FileStep reading={reading} error={fileError} onFile={(f) => void onFile(f)} />}
      {step === 'mapping' && loaded && mapping && (
        <MappingStep table={loaded.table} mapping={mapping} onMapping={setMapping} onSheet={(sheet) => void parse(loaded.fileName, loaded.bytes, sheet)} />
      )}
      {step === 'stages' && context && (
        <StageStep
          processes={context.processes}
          processId={processId}
          onProcess={setProcessId}
          stages={stageSuggestions}
          stageMap={stageMap}
          onStage={(value, id) => setStageMap((m) => ({ ...m, [value]: id }))}
        />
      )}
      {step === 'preview' && loaded && (
        <PreviewStep
          rowCount={loaded.table.rows.length}
          validation={validation}
          options={options}
          onOptions={setOptions}
          skipErrors={skipErrors}
          onSkipErrors={setSkipErrors}
        />
      )}
      {step === 'commit' && (
        <CommitStep
          progress={progress}
          result={result}
          error={commitError}
          onStartOver={startOver}
          onFinish={() => result && loaded && onDone({ ...result, fileName: loaded.fileName })}
        />
      )}

      {(step === 'mapping' || step === 'stages' || step === 'preview') && (
        <Group justify="space-between">
          <Button variant="default" onClick={() => (step === 'mapping' ? startOver() : go(-1))}>
            {step === 'mapping' ? t('actions.startOver') : t('actions.back')}
          </Button>
          {step === 'preview' ? (
            <Button disabled={!importable} onClick={() => void commit()}>
              {t('commit.start', { count: rowsToImport })}
            </Button>
          ) : (
            <Button disabled={!canNext} onClick={() => go(1)}>
              {t('actions.next')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  )
}
