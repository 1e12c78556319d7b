// Pieces every list page shares: a filter form (GET, so filters live in the URL), a scrolling table and a pager.
import { html, type HtmlValue, type SafeHtml } from '../html.js';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => HtmlValue;
  /** Extra class on the cells (e.g. "mono", "nowrap"). */
  readonly className?: string;
}

/** A table inside its own horizontal scroller: wide tables scroll within the panel, never the page. */
export function dataTable<T>(caption: string, columns: readonly Column<T>[], rows: readonly T[], empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}"><table><caption class="visually-hidden">${caption}</caption>
<thead><tr>${columns.map((c) => html`<th scope="col">${c.header}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td${c.className ? html` class="${c.className}"` : ''}>${c.cell(row)}</td>`)}</tr>`)}</tbody></table></div>`;
}

export type FilterField =
  | { readonly kind: 'search'; readonly name: string; readonly label: string; readonly value: string; readonly placeholder?: string }
  | { readonly kind: 'select'; readonly name: string; readonly label: string; readonly value: string; readonly options: readonly (readonly [string, string])[] }
  | { readonly kind: 'date'; readonly name: string; readonly label: string; readonly value: string };

/** A GET form: filters are part of the address, so a filtered view can be bookmarked, shared and exported. */
export function filterForm(action: string, label: string, fields: readonly FilterField[], extra: SafeHtml | '' = ''): SafeHtml {
  return html`<form method="get" action="${action}" class="filters" role="search" aria-label="${label}">
${fields.map((f) => {
  const id = `filter-${f.name}`;
  switch (f.kind) {
    case 'search':
      return html`<div class="field"><label for="${id}">${f.label}</label><input type="search" id="${id}" name="${f.name}" value="${f.value}"${f.placeholder ? html` placeholder="${f.placeholder}"` : ''}></div>`;
    case 'select':
      return html`<div class="field"><label for="${id}">${f.label}</label><select id="${id}" name="${f.name}">${f.options.map(
        ([value, text]) => html`<option value="${value}"${value === f.value ? html` selected` : ''}>${text}</option>`,
      )}</select></div>`;
    case 'date':
      return html`<div class="field"><label for="${id}">${f.label}</label><input type="date" id="${id}" name="${f.name}" value="${f.value}"></div>`;
  }
})}
<div class="filter-actions"><button type="submit" class="button secondary">Apply</button>${extra}</div>
</form>`;
}

/** Builds an address from a path and the non-empty parameters. */
export function urlWith(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Cursor pager: "Newest" back to the start, "Older" to the next page. */
export function pager(first: string | undefined, next: string | undefined, nextLabel = 'Next page'): SafeHtml {
  if (!first && !next) return html``;
  return html`<nav class="pager" aria-label="Pages">${first ? html`<a class="button secondary" href="${first}">Back to the start</a>` : ''}${
    next ? html`<a class="button secondary" href="${next}" rel="next">${nextLabel}</a>` : ''
  }</nav>`;
}

/** "Active" / "Deactivated" as a badge people can read without colour. */
export const statusBadge = (active: boolean): SafeHtml =>
  active ? html`<span class="badge badge-on">Active</span>` : html`<span class="badge badge-off">Deactivated</span>`;
