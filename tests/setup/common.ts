// fake-indexeddb gives Dexie an IndexedDB under Node; each test opens its own database name.
import 'fake-indexeddb/auto'

if (typeof window !== 'undefined') {
  // jsdom lacks what Mantine reads at render time.
  const w = window as unknown as Record<string, unknown>
  if (!w.matchMedia) {
    w.matchMedia = (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false
    })
  }
  if (!w.ResizeObserver) {
    w.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
  }
  if (!(document as unknown as { fonts?: unknown }).fonts) {
    Object.defineProperty(document, 'fonts', { value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {} } })
  }
  Element.prototype.scrollIntoView ??= function scrollIntoView() {}
  Element.prototype.scrollTo ??= function scrollTo() {}
}

if (typeof window !== 'undefined') {
  // Testing Library waits 1 s by default for findBy*/waitFor: on a loaded 2-core CI machine a
  // page's first render can take longer than that, which failed tests that were right. Waiting
  // longer changes no assertion — a missing element still fails, just later.
  const { configure } = await import('@testing-library/react')
  configure({ asyncUtilTimeout: 10_000 })
}
