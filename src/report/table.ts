import { html, type HtmlValue, type SafeHtml } from './html.js';

/** A column of a {@link dataTable}. */
export interface TableColumn {
  /** Header text. */
  readonly label: string;
  /** Numbers are right-aligned and sort numerically (largest first on the first click). */
  readonly numeric?: boolean;
  /** Whether the inline script may sort by this column (default true). */
  readonly sortable?: boolean;
}

/** A table cell: what it shows and, optionally, what it sorts by. */
export interface TableCell {
  /** Content (text is escaped). */
  readonly content: HtmlValue;
  /** Sort key; numbers for numeric columns (default: the text content). */
  readonly sort?: number | string;
}

/** Input of {@link dataTable}. */
export interface DataTableInput {
  /** Element id. */
  readonly id: string;
  /** Caption, read first by screen readers and printed above the table. */
  readonly caption: string;
  /** Columns. */
  readonly columns: readonly TableColumn[];
  /** Body rows, one cell per column. */
  readonly rows: readonly (readonly TableCell[])[];
  /** Optional totals row, kept at the bottom when sorting. */
  readonly footer?: readonly TableCell[];
  /** Header cells spanning several columns above the column headers (label, span). */
  readonly headerGroups?: readonly { readonly label: string; readonly span: number }[];
}

/**
 * A data table inside a horizontally scrolling wrapper (so a wide table does
 * not widen the page on a phone). Columns marked sortable get a `data-type`;
 * the page's inline script turns their headers into sort buttons, and without
 * JavaScript the table reads in its given order.
 *
 * @example
 * ```ts
 * dataTable({ id: 't', caption: 'Credits', columns: [{ label: 'channel' }, { label: 'linear', numeric: true }],
 *   rows: [[{ content: 'Email' }, { content: '5.75', sort: 5.75 }]] });
 * ```
 */
export function dataTable(t: DataTableInput): SafeHtml {
  const groups = t.headerGroups
    ? html`<tr class="header-groups">${t.headerGroups.map((g) => html`<th scope="colgroup" colspan="${g.span}">${g.label}</th>`)}</tr>`
    : null;
  const head = t.columns.map((c) => {
    const sortable = c.sortable !== false;
    return html`<th scope="col"${c.numeric ? html` class="num"` : null}${sortable ? html` data-type="${c.numeric ? 'number' : 'text'}" aria-sort="none"` : null}>${c.label}</th>`;
  });
  const cell = (c: TableCell, k: number, tag: 'td' | 'th') => {
    const numeric = t.columns[k]?.numeric === true;
    const sort = c.sort === undefined ? null : html` data-sort="${String(c.sort)}"`;
    return tag === 'th'
      ? html`<th scope="row"${numeric ? html` class="num"` : null}${sort}>${c.content}</th>`
      : html`<td${numeric ? html` class="num"` : null}${sort}>${c.content}</td>`;
  };
  // The first cell of each row names it (a channel, a path), so it is a row header.
  const row = (r: readonly TableCell[]) => html`<tr>${r.map((c, k) => cell(c, k, k === 0 ? 'th' : 'td'))}</tr>`;
  const foot = t.footer ? html`<tfoot>${row(t.footer)}</tfoot>` : null;
  return html`<div class="table-wrap"><table class="data sortable" id="${t.id}"><caption>${t.caption}</caption><thead>${groups}<tr>${head}</tr></thead><tbody>${t.rows.map(row)}</tbody>${foot}</table></div>`;
}
