import { html, trustedHtml, type HtmlValue, type SafeHtml } from './html.js';
import { SORT_SCRIPT, SORT_SCRIPT_HASH } from './sort-script.js';
import { REPORT_CSS } from './styles.js';

/**
 * The page's Content-Security-Policy: nothing may load from anywhere (no
 * network request is possible), inline styles are allowed, and the only
 * script that may run is the sort script, named by its hash.
 */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src ${SORT_SCRIPT_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

/** What goes in the page shell. */
export interface PageParts {
  /** Document title and heading. */
  readonly title: string;
  /** One line under the heading. */
  readonly lede: HtmlValue;
  /** Table of contents: section id and label. */
  readonly toc: readonly (readonly [string, string])[];
  /** The sections, in order. */
  readonly body: HtmlValue;
  /** pathcredit version, for the generator meta tag. */
  readonly version: string;
}

/**
 * The HTML document: inline stylesheet, a strict Content-Security-Policy,
 * a mobile viewport, the sections and the inline sort script.
 */
export function page(p: PageParts): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="generator" content="pathcredit ${p.version}">
<title>${p.title}</title>
<style>${trustedHtml(REPORT_CSS)}</style>
</head>
<body>
<main>
<header><h1>${p.title}</h1><p class="lede">${p.lede}</p><nav class="toc" aria-label="Sections"><ul>${p.toc.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}</ul></nav></header>
${p.body}
</main>
<script>${trustedHtml(SORT_SCRIPT)}</script>
</body>
</html>
`;
}
