/**
 * Every message code the import speaks, each an i18n key under `errors.` in the `import`
 * namespace. The list lets a test check that both locales translate all of them.
 */

/** Raised by `parseTable` in main (file-level failures and warnings). */
export const fileCodes = [
  'import.empty-file',
  'import.no-rows',
  'import.corrupt-file',
  'import.unsupported-format',
  'import.encoding-unknown',
  'import.too-large',
  'import.sheet-not-found',
  'import.formula-used',
  'import.formula-uncached',
  'import.merged-cells',
  'import.cell-errors',
  'import.extra-cells',
  'import.unclosed-quote',
  // Limits and hostile files (issue 13): each names the limit it hit.
  'import.too-many-rows',
  'import.too-many-columns',
  'import.too-many-cells',
  'import.merged-range-too-large',
  'import.unpacked-too-large',
  'import.compression-ratio',
  'import.too-many-parts',
  'import.parse-timeout',
  'import.parse-out-of-memory',
  'import.parse-failed',
  'import.unavailable',
  // Text that is not text.
  'import.bom-mismatch',
  'import.control-characters-summary',
  'import.undecodable-summary'
] as const

/** About the whole file as mapped (shown above the preview). */
export const mappingCodes = ['import.field-unmapped', 'import.no-process', 'import.date-order-assumed'] as const

/** A row is left out (and the commit refused while any remain, unless skipped). */
export const rowErrorCodes = [
  'import.required-missing',
  'import.amount-invalid',
  'import.date-invalid',
  'import.stage-unmapped',
  'import.owner-unknown',
  'import.customer-unknown',
  'import.team-missing',
  'import.row-invalid'
] as const

/** A row is written, but the user should look. */
export const rowWarningCodes = [
  'import.customer-created',
  'import.rep-created',
  'import.duplicate-row',
  'import.spelling-variant',
  'import.close-date-past',
  'import.amount-missing',
  'import.amount-not-positive',
  'import.created-in-future',
  'import.probability-invalid',
  'import.currency-unknown',
  'import.forecast-category-unknown',
  'import.owner-inactive',
  'import.team-unknown',
  'import.size-unknown',
  'import.tier-unknown',
  'import.email-invalid',
  'import.role-unknown',
  'import.activity-kind-unknown',
  'import.deal-unknown',
  'import.contact-unknown',
  'import.duration-invalid',
  'import.text-truncated',
  'import.close-date-missing',
  'import.closed-date-missing',
  'import.customer-missing',
  'import.lost-stage-unknown',
  'import.description-needs-customer',
  'import.parent-unknown',
  'import.rep-moved',
  'import.created-missing',
  // Said by main while reading the file (`ParsedTable.rowWarnings`).
  'import.control-characters-removed',
  'import.undecodable-characters'
] as const

/** Contracts, plans and collections (post-sale.ts). */
export const postSaleCodes = [
  'import.contract-unknown',
  'import.currency-mismatch',
  'import.percent-invalid',
  'import.share-missing',
  'import.due-missing',
  'import.condition-unknown',
  'import.milestone-date-missing',
  'import.milestone-created',
  'import.plan-exceeds',
  'import.term-invalid',
  'import.received-in-future',
  'import.method-unknown',
  'import.instalment-unknown',
  'import.quantity-invalid',
  'import.measure-unknown',
  'import.reading-in-future'
] as const

/** Raised by the commit in the renderer. */
export const commitCodes = ['import.has-errors', 'import.commit-failed', 'import.forbidden'] as const

export const importMessageCodes = [...fileCodes, ...mappingCodes, ...rowErrorCodes, ...rowWarningCodes, ...postSaleCodes, ...commitCodes]
export type ImportMessageCode = (typeof importMessageCodes)[number]
