import { useContext, useLayoutEffect, useRef, useState } from 'react'
import { Badge, Group, Textarea, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { textSplice } from '@shared/domain/text-splice'
import { SheetLiveContext } from './use-strategy-sheet'

/**
 * Where a caret at `i` in `prev` belongs in `next` when someone else changed the text: text
 * before the change keeps its place, text after it shifts with it, a caret inside the changed
 * part goes to its end.
 */
export function mapCaret(prev: string, next: string, i: number): number {
  const { start, endPrev, endNext } = textSplice(prev, next)
  if (i <= start) return i
  if (i >= endPrev) return i + (next.length - prev.length)
  return endNext
}

/** The one splice that turns `prev` into `next`: where, how many characters removed, what inserted. */
function spliceOf(prev: string, next: string): [number, number, string] {
  const { start, endPrev, endNext } = textSplice(prev, next)
  return [start, endPrev - start, next.slice(start, endNext)]
}

export interface LiveTextProps {
  /** The text as the document holds it now. */
  value: string
  /** Every keystroke: the caller turns it into the smallest Y.Text edit. */
  onChange: (next: string) => void
  /** Presence key, e.g. `gaps.<rowId>.question`. */
  field: string
  label?: string
  ariaLabel?: string
  multiline?: boolean
  readOnly: boolean
  placeholder?: string
}

/**
 * A text field bound to a Y.Text: each keystroke goes into the document at once, and what
 * others type appears while we type, with our caret kept where it was in the text around it.
 * Chinese input methods compose several keystrokes into one character: nothing is written (and
 * nothing remote applied) until the composition ends, so others never see half-typed pinyin.
 */
export function LiveText(props: LiveTextProps): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const live = useContext(SheetLiveContext)
  const [draft, setDraft] = useState(props.value)
  const draftRef = useRef(props.value)
  const composing = useRef(false)
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const pendingCaret = useRef<[number, number] | null>(null)

  const follow = (next: string): void => {
    const prev = draftRef.current
    if (next === prev) return
    const el = input.current
    if (el && document.activeElement === el) {
      pendingCaret.current = [mapCaret(prev, next, el.selectionStart ?? 0), mapCaret(prev, next, el.selectionEnd ?? 0)]
    }
    draftRef.current = next
    setDraft(next)
  }

  useLayoutEffect(() => {
    if (!composing.current) follow(props.value)
  }, [props.value])

  // After React wrote a remote change into the element, put the caret back where it belongs.
  useLayoutEffect(() => {
    const caret = pendingCaret.current
    const el = input.current
    if (caret && el && el.value === draft) {
      pendingCaret.current = null
      el.setSelectionRange(caret[0], caret[1])
    }
  }, [draft])

  const change = (next: string): void => {
    // While an input method composes, only the input shows it; the base stays what was there before.
    if (composing.current) {
      setDraft(next)
      return
    }
    const shown = draftRef.current
    const now = live?.read(props.field) ?? shown
    let result = next
    if (now !== shown) {
      // Someone else's change reached the document but not this input yet: our keystroke is
      // applied to the document as it is, at the place it was made, so neither is lost.
      const [at, removed, inserted] = spliceOf(shown, next)
      const from = mapCaret(shown, now, at)
      const to = Math.max(from, mapCaret(shown, now, at + removed))
      result = now.slice(0, from) + inserted + now.slice(to)
      pendingCaret.current = [from + inserted.length, from + inserted.length]
    }
    draftRef.current = result
    setDraft(result)
    props.onChange(result)
  }

  const here = (live?.peers ?? []).filter((p) => p.field === props.field)
  const common = {
    label: props.label,
    'aria-label': props.ariaLabel ?? props.label,
    placeholder: props.placeholder,
    value: draft,
    readOnly: props.readOnly,
    size: 'xs' as const,
    'data-field': props.field,
    onFocus: () => live?.setField(props.field),
    onBlur: () => live?.setField(null),
    onCompositionStart: () => {
      composing.current = true
    },
    onCompositionEnd: (e: React.CompositionEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      composing.current = false
      change(e.currentTarget.value)
    },
    description:
      here.length > 0 ? (
        <Group gap={4} component="span" className="live-peers">
          {here.map((p) => (
            <Badge key={p.clientId} component="span" size="xs" variant="dot" color={p.color}>
              {t('presence.typing', { name: p.name })}
            </Badge>
          ))}
        </Group>
      ) : undefined,
    inputWrapperOrder: ['label', 'input', 'description'] as ('label' | 'input' | 'description')[],
    styles: here.length > 0 ? { input: { borderColor: `var(--mantine-color-${here[0]!.color}-5)` } } : undefined
  }
  return props.multiline ? (
    <Textarea {...common} ref={input} autosize minRows={2} onChange={(e) => change(e.currentTarget.value)} />
  ) : (
    <TextInput {...common} ref={input} onChange={(e) => change(e.currentTarget.value)} />
  )
}
