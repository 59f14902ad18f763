import { useNavigate } from 'react-router'
import { useLocale } from '../../app/preferences'
import { changeColor, exactCell, formatCell } from './format-cell'
import type { TableModel } from './table-model'
import { useAnalyticsDoor } from './door'
import { useExportEntry } from './export-registry'
import './analytics.css'

/**
 * Renders a table model: numbers right-aligned and tabular, changes coloured, refused figures
 * named, links to a rep's page, and every figure with a door opening its deals.
 */
export function FigureTable({ model, maxHeight }: { model: TableModel; maxHeight?: number }): React.ReactNode {
  const { locale } = useLocale()
  const navigate = useNavigate()
  const open = useAnalyticsDoor()
  const ref = useExportEntry<HTMLTableElement>({ kind: 'table', model })
  // One listener for the table's doors: a view holds over a thousand figures.
  const onClick = (e: React.MouseEvent): void => {
    const toggle = (e.target as HTMLElement).closest<HTMLElement>('button[data-toggle]')
    if (toggle) {
      model.rows[Number(toggle.dataset.row)]?.toggle?.onToggle()
      return
    }
    const b = (e.target as HTMLElement).closest<HTMLElement>('button[data-door]')
    if (!b) return
    const [row, col] = [Number(b.dataset.row), b.dataset.door!]
    const door = model.rows[row]?.doors?.[col]
    if (door) open(typeof door.title === 'function' ? door.title() : door.title, door.deals())
  }
  return (
    <div className="an-scroll" style={maxHeight !== undefined ? { maxHeight } : undefined}>
      <table ref={ref} className="an-table tabular" aria-label={model.title} data-table-id={model.id} onClick={onClick}>
        <thead>
          <tr>
            {model.columns.map((c) => (
              <th key={c.key} className={c.kind === 'text' ? 'an-text' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((r, ri) => (
            <tr key={r.key} data-highlight={r.highlight ? 'true' : undefined}>
              {model.columns.map((c) => {
                const v = r.cells[c.key] ?? null
                const refused = r.refused?.[c.key]
                const text = formatCell(c.kind, v, locale, c.currency)
                const door = r.doors?.[c.key]
                const link = r.links?.[c.key]
                const tone = c.tone === 'none' ? undefined : changeColor(c.kind, v)
                const cls = [c.kind === 'text' ? 'an-text' : '', tone ? (tone.startsWith('teal') ? 'an-up' : 'an-down') : ''].filter(Boolean).join(' ')
                let content: React.ReactNode = text
                if (refused) {
                  content = (
                    <span className="an-refused" title={refused}>
                      {refused}
                    </span>
                  )
                } else if (link) {
                  content = (
                    <a
                      className="an-link"
                      href={`#${link}`}
                      onClick={(e) => {
                        e.preventDefault()
                        void navigate(link)
                      }}
                    >
                      {text}
                    </a>
                  )
                } else if (door && v !== null) {
                  content = (
                    <button type="button" className="pb-door" title={typeof door.title === 'string' ? door.title : undefined} data-row={ri} data-door={c.key}>
                      {text}
                    </button>
                  )
                }
                if (r.toggle && c === model.columns[0]) {
                  content = (
                    <button type="button" className="pb-door" data-toggle="" data-row={ri} aria-expanded={r.toggle.open}>
                      {r.toggle.open ? '▾' : '▸'} {text}
                    </button>
                  )
                }
                return (
                  <td key={c.key} className={cls || undefined} title={exactCell(c.kind, v, locale, c.currency)}>
                    {content}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
