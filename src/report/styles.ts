import { FLOW_DIAGRAM_SEGMENTS } from './data/flow-data.js';
import { CHANNEL_PALETTE, OTHER_CHANNEL_COLOR } from './palette.js';

// The page's only stylesheet, inlined. System fonts (nothing to download),
// tabular figures in tables, charts that scale with their container but keep
// a minimum width (their wrapper scrolls on a phone instead of the page), and
// print rules that keep figures and tables whole.

// The journey-flow selector: one radio button per panel (all journeys and each segment shown), no script.
const flowTabs = Array.from({ length: FLOW_DIAGRAM_SEGMENTS + 1 }, (_, i) =>
  [
    `#flow-tab-${i}:checked~.flow-panels #flow-panel-${i}{display:block}`,
    `#flow-tab-${i}:checked~.flow-tab-labels label[for=flow-tab-${i}]{background:var(--panel);border-color:#9a9a9a;font-weight:600}`,
    `#flow-tab-${i}:focus-visible~.flow-tab-labels label[for=flow-tab-${i}]{outline:2px solid var(--link)}`,
  ].join(''),
).join('');

const channelClasses = [...CHANNEL_PALETTE.map((c, i) => `.k${i}{--c:${c}}`), `.k-other{--c:${OTHER_CHANNEL_COLOR}}`].join('');

/** The stylesheet of a report page. */
export const REPORT_CSS = `:root{--fg:#1d1d1f;--muted:#5b5e66;--line:#d9dae0;--panel:#f4f5f7;--link:#1f4e99}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
main{max-width:980px;margin:0 auto;padding:16px 20px 32px}
a{color:var(--link)}
h1{font-size:1.65rem;line-height:1.25;margin:.25rem 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:2.25rem 0 .5rem;padding-top:.75rem;border-top:2px solid var(--line)}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
p{max-width:72ch}
.lede{color:var(--muted);margin-top:0}
nav.toc ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;margin:.5rem 0 0}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:.75rem 0}
.kpis div{background:var(--panel);border-radius:6px;padding:8px 10px}
.kpis dt{font-size:.8rem;color:var(--muted)}
.kpis dd{margin:0;font-size:1.3rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kpis dd.kpi-note{font-size:.75rem;font-weight:400;color:var(--muted)}
.kpis.small dd{font-size:1rem}
.facts{padding-left:1.2rem}
#top-paths tbody th{min-width:14rem}
figure{margin:1.25rem 0;overflow-x:auto}
figcaption{color:var(--muted);font-size:.9rem;margin-bottom:.35rem;max-width:80ch}
figcaption h3{color:var(--fg);margin:0 0 .1rem}
svg.chart{display:block;width:100%;min-width:460px;max-width:720px;height:auto;font-size:12px}
#heatmap-key{min-width:0;max-width:320px;margin-top:.5rem}
svg.chart text{fill:#2b2b2b}
svg.chart .tick{fill:var(--muted);font-size:11px}
svg.chart .grid{stroke:#e4e5ea}
svg.chart .zero{stroke:#8a8a8a}
svg.chart .group{font-weight:600}
svg.chart .series,svg.chart .value{font-size:11.5px}
svg.chart .whisker{stroke:#111;stroke-width:1.4;fill:none}
svg.chart .whisker-halo{stroke:#fff;stroke-width:3.4;fill:none;stroke-opacity:.85}
svg.chart .cell.empty{stroke:#ececec}
svg.chart .cell-text{font-size:10px}
svg.chart .cell-text.light{fill:#fff}
svg.chart .col-label,svg.chart .row-label{font-size:11px}
svg.chart .axis-title{fill:var(--muted);font-size:11px}
svg.chart .line{fill:none;stroke-width:2}
.table-wrap{overflow-x:auto;margin:1rem 0}
table.data{border-collapse:collapse;font-size:.875rem;min-width:60%}
table.data caption{text-align:left;font-weight:600;padding:.25rem 0}
table.data th,table.data td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.data tbody th{font-weight:400}
table.data .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data thead th{border-bottom:2px solid #9a9a9a;vertical-align:bottom}
table.data .header-groups th{border-bottom:1px solid var(--line);text-align:center;font-weight:600}
table.data tfoot th,table.data tfoot td{font-weight:600;border-top:2px solid #9a9a9a}
th button.sort{font:inherit;border:0;background:none;padding:0;margin:0;cursor:pointer;color:inherit;text-align:inherit}
th button.sort::after{content:" \\2195";color:#9a9a9a}
th[aria-sort=ascending] button.sort::after{content:" \\2191";color:inherit}
th[aria-sort=descending] button.sort::after{content:" \\2193";color:inherit}
${channelClasses}
.swatch{display:inline-block;width:.75em;height:.75em;border-radius:2px;background:var(--c);margin-right:.4em}
.chip{display:inline-block;border-left:5px solid var(--c);background:var(--panel);padding:0 .4em;border-radius:2px;margin:1px 0;white-space:nowrap}
.state{font-style:italic;color:var(--muted)}
.sep{color:var(--muted);margin:0 .25em}
.interval{color:var(--muted);font-size:.85em}
.flow-bar{display:inline-block;width:56px;height:.6em;background:#eceef2;margin-right:6px;vertical-align:middle}
.flow-fill{display:block;height:100%;background:#08306B}
.status{display:inline-block;padding:0 .35em;border-radius:3px;font-size:.75rem;text-transform:uppercase;font-weight:700;letter-spacing:.02em;border:1px solid currentColor}
.status.ok{color:#117733}
.status.warning{color:#882255}
.status.info{color:#332288}
.flags{padding-left:1.2rem}
.flags li{margin:.25rem 0}
.note{color:var(--muted)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
footer{margin-top:2.5rem;font-size:.85rem}
.provenance{margin:0}
.provenance div{display:grid;grid-template-columns:8rem 1fr;gap:.75rem;padding:3px 0;border-bottom:1px solid var(--line)}
.provenance dt{color:var(--muted)}
.provenance dd{margin:0;min-width:0;overflow-wrap:anywhere}
.settings{list-style:none;padding:0;margin:0;columns:2 16rem}
details summary{cursor:pointer;color:var(--link)}
.flow-tab-input{position:absolute;opacity:0;pointer-events:none}
.flow-tab-labels{display:flex;flex-wrap:wrap;gap:4px;margin:.5rem 0}
.flow-tab-labels label{border:1px solid var(--line);border-radius:14px;padding:1px 10px;cursor:pointer;font-size:.9rem}
.flow-panel{display:none}
.flow-count{color:var(--muted)}
${flowTabs}
svg.chart .flow-link{fill-opacity:.42}
svg.chart .flow-link:hover{fill-opacity:.7}
svg.chart .flow-label{font-size:11px}
svg.chart .flow-count{fill:var(--muted)}
.mark{font-weight:700}
@media (max-width:600px){body{font-size:14px}main{padding:10px 12px 24px}h1{font-size:1.35rem}.provenance div{grid-template-columns:1fr;gap:0}}
@media print{.flow-panel{display:block}.flow-tab-labels{display:none}nav.toc{display:none}body{font-size:10pt}main{max-width:none;padding:0}h2{break-after:avoid}figure,.kpis,tr{break-inside:avoid}.table-wrap,figure{overflow:visible}svg.chart{min-width:0}th button.sort::after{content:none}a{color:inherit;text-decoration:none}table.data{width:100%;min-width:0;font-size:7.5pt}table.data th,table.data td,table.data .num{padding:1px 3px;white-space:normal;overflow-wrap:anywhere}.chip{white-space:normal}}`;
