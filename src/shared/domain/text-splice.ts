/**
 * The one changed stretch between two versions of a text: the common prefix and suffix are
 * kept, `prev[start, endPrev)` became `next[start, endNext)`. Live sheet fields turn each
 * keystroke into this smallest edit (so a colleague's edit elsewhere survives) and move the
 * caret around someone else's edit with it.
 */
export interface TextSplice {
  start: number
  endPrev: number
  endNext: number
}

export function textSplice(prev: string, next: string): TextSplice {
  let start = 0
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++
  let endPrev = prev.length
  let endNext = next.length
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--
    endNext--
  }
  return { start, endPrev, endNext }
}
