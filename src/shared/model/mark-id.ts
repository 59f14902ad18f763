/**
 * The id of a set element that is named by what it marks (a call and a skill, a task, a comment
 * and its author): every laptop, and the hub migrating old marks, arrives at the same id, so two
 * marks of the same thing are one row that merges last-writer-wins instead of two rows to
 * reconcile. 128 bits of FNV-1a (two 64-bit lanes with different offset bases) over the parts.
 */
export function markRowId(prefix: string, ...parts: readonly string[]): string {
  const bytes = new TextEncoder().encode(parts.join('\u0000'))
  return `${prefix}-${fnv1a64(bytes, 0xcbf29ce484222325n)}${fnv1a64(bytes, 0x84222325cbf29ce4n)}`
}

const PRIME = 0x100000001b3n
const MASK = (1n << 64n) - 1n

function fnv1a64(bytes: Uint8Array, basis: bigint): string {
  let h = basis
  for (const b of bytes) h = ((h ^ BigInt(b)) * PRIME) & MASK
  return h.toString(16).padStart(16, '0')
}
