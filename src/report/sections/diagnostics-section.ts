import type { Diagnostics } from '../data/types.js';
import { html, type SafeHtml } from '../html.js';
import { modelLabel } from './models-section.js';

/**
 * Diagnostics: named checks with their value and a status word, then flags
 * about the data or a model. Nothing is drawn when there is nothing to say.
 */
export function diagnosticsSection(d: Diagnostics | undefined): SafeHtml | null {
  if (!d || (d.checks.length === 0 && d.flags.length === 0)) return null;
  const checks =
    d.checks.length > 0
      ? html`<div class="table-wrap"><table class="data" id="checks"><caption>Checks</caption><thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col" class="num">Value</th><th scope="col">How to read it</th></tr></thead><tbody>${d.checks.map(
          (c) => html`<tr><th scope="row">${c.label}</th><td><span class="status ${c.status}">${c.status}</span></td><td class="num"><code>${c.value}</code></td><td>${c.note ?? ''}</td></tr>`,
        )}</tbody></table></div>`
      : null;
  const flags =
    d.flags.length > 0
      ? html`<h3>Flags</h3><ul class="flags">${d.flags.map(
          (f) =>
            html`<li class="flag ${f.level}"><span class="status ${f.level}">${f.level}</span> ${f.model !== undefined ? html`<strong>${modelLabel(f.model)}</strong>${f.channel !== undefined ? ', ' : ': '}` : null}${f.channel !== undefined ? html`<strong>${f.channel}</strong>: ` : null}${f.message}</li>`,
        )}</ul>`
      : html`<p>No flags raised.</p>`;
  return html`<section id="diagnostics" aria-labelledby="diagnostics-h"><h2 id="diagnostics-h">Diagnostics</h2>${checks}${flags}</section>`;
}
