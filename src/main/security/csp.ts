/**
 * The one Content-Security-Policy of the cockpit's pages. Main sends it as a response header
 * (see `harden.ts`), `src/renderer/index.html` repeats it in a meta tag and the browser
 * harness sends it too, so the page runs under the same rules in every runtime.
 *
 * Why each relaxation exists:
 * - `style-src 'unsafe-inline'`: Mantine injects `<style>` tags at run time (its theme's CSS
 *   variables, `<MantineProvider>` / `<ColorSchemeScript>`) and sets `style=""` attributes on
 *   components, and ECharts styles its tooltips inline. Inline styles cannot run script, so
 *   this does not weaken the script policy.
 * - `img-src data: blob:`: Mantine's icons and ECharts' "save as image" use data URLs; chart
 *   and avatar previews use object URLs.
 * - `media-src blob: cockpit-media:`: recordings are played from the main process's file
 *   store over the `cockpit-media:` scheme, or from an object URL right after an import.
 * - `font-src data:`: Vite inlines small assets, fonts included, as data URLs.
 *
 * `frame-ancestors` only works as a header: browsers ignore it (with a console warning) in a
 * meta tag, which is why main sends the header even though index.html has the meta tag.
 *
 * Deliberately absent: `'unsafe-eval'` and inline scripts. In `electron-vite dev`,
 * @vitejs/plugin-react injects an inline preamble script that this policy blocks; the
 * renderer entry imports `@vitejs/plugin-react/preamble` first, which installs the same
 * preamble from a module instead (and compiles to nothing in a production build).
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:', 'cockpit-media:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
} as const satisfies Record<string, readonly string[]>

/** The policy as a header / meta-tag value. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ')

/** The same policy for the meta tag: without `frame-ancestors`, which browsers only honour as a header. */
export const META_CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .filter(([name]) => name !== 'frame-ancestors')
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ')

/**
 * Response headers with our policy in place of any the server sent (the Vite dev server sends
 * none; a stray one must not loosen or silently tighten ours). Header names are
 * case-insensitive, so every spelling is dropped.
 */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase()
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue
    out[name] = value
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return out
}
