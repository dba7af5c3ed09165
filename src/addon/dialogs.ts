/**
 * The two modal dialogs of the menu: Help (static text) and Export as .xlsx (static text plus the
 * spreadsheet's own download link). Nothing a user typed is ever put into this HTML.
 */
import type { CheckReport } from './self-check';
import type { FormulaMode } from '../shared/api';
import { plural } from '../shared/plural';

const STYLE = `<style>
  body { font: 13px/1.5 Roboto, Arial, sans-serif; color: #202124; margin: 0 4px; }
  h2 { font-size: 14px; font-weight: 500; margin: 16px 0 4px; }
  code { font: 12px 'Roboto Mono', monospace; background: #f1f3f4; padding: 0 2px; }
  ul { padding-left: 20px; margin: 4px 0; }
  .note { color: #5f6368; }
  a.button { display: inline-block; background: #1a73e8; color: #fff; border-radius: 4px; padding: 8px 16px; text-decoration: none; font-weight: 500; }
</style>`;

export const HELP_TITLE = 'Sheet CNN help';

export const HELP_HTML = `${STYLE}
<p>Sheet CNN puts a convolutional neural network into this spreadsheet: every step is a sheet you can read,
every weight a cell you can edit, and the result changes as you do.</p>
<h2>Menu</h2>
<ul>
  <li><b>Import image</b> — choose, drop or paste a picture; it is cropped to a square, resized to the
  network's input (28×28 by default) and written into the <b>R</b>, <b>G</b> and <b>B</b> sheets (0–255).</li>
  <li><b>Run forward pass</b> — runs the network on the picture in R, G, B with the weights as they are in the
  sheets (it builds the default network first if there is none) and shows the prediction.</li>
  <li><b>Train…</b> — trains the network on labelled pictures (added and split into train and test on the
  sidebar's Dataset tab); the sidebar shows the progress and the loss curve, and the weights in the sheets
  change as it learns.</li>
  <li><b>Build model…</b> — choose the network (default, or the small worked example), how the sheets compute
  (custom functions, plain formulas, or values) and the random seed of the starting weights.</li>
  <li><b>Model files…</b> — export the model as TensorFlow.js or ONNX files and the dataset as a folder of
  PNGs, or import a model trained elsewhere (see docs/scale-out.md).</li>
  <li><b>Export as .xlsx…</b> — how to take the model to Excel or LibreOffice.</li>
  <li><b>Help → Check this spreadsheet</b> — runs, in this document, every Google Sheets behaviour the add-on relies on
  and shows a report to keep.</li>
</ul>
<h2>Reading the sheets</h2>
<p>Each step sheet has a title in row 1, the shape in row 2 and labels in row 3; the numbers start at B4.
A stack of maps is laid out as a grid of blocks with one blank row and column between them. Blue is negative,
white is zero, red is positive; probabilities go from white to green.</p>
<h2>Formulas you can type</h2>
<p><code>CONV2D</code>, <code>RELU</code>, <code>MAXPOOL</code>, <code>FLATTENMAPS</code>, <code>DENSE</code>,
<code>SOFTMAX</code>, <code>CROSSENTROPY</code>, <code>KLDIV</code>, <code>PREDICT</code> — type
<code>=CONV2D(</code> in a cell to see what each argument means.</p>
<p class="note">Training runs in short calls driven by the sidebar, so keep the sidebar open while it trains.</p>`;

export const EXPORT_TITLE = 'Export as .xlsx';

/** The Export dialog for a spreadsheet whose model computes in `mode` (null when there is no model yet). */
export function exportHtml(spreadsheetId: string, mode: FormulaMode | null): string {
  const url = `https://docs.google.com/spreadsheets/d/${encodeURIComponent(spreadsheetId)}/export?format=xlsx`;
  const customWarning =
    mode === 'custom'
      ? `<p><b>This model computes with Sheet CNN's custom functions</b> (<code>=CONV2D(…)</code> and the others),
which exist only where the add-on is installed: Excel and LibreOffice would show <code>#NAME?</code>.
Rebuild it first with <b>Build model…</b> → <i>Plain formulas</i>, keeping the same network and seed so the
weights in the sheets stay as they are, or choose <i>Values only</i> to export just the numbers.</p>`
      : '';
  return `${STYLE}
<p>Google Sheets writes the .xlsx itself: <b>File → Download → Microsoft Excel (.xlsx)</b>, or the button below.
Colours, column widths and frozen titles come along.</p>
${customWarning}
<p>With <i>Plain formulas</i>, every number is a <code>SUMPRODUCT</code>, <code>MAX</code>, <code>EXP</code> or
<code>LN</code> formula, so Excel and LibreOffice recompute the whole network when you change a weight.</p>
<p><a class="button" href="${escapeHtml(url)}" target="_blank" rel="noopener">Download .xlsx</a></p>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const CHECK_TITLE = 'Sheet CNN: check of this spreadsheet';

/** The self-check's report: one row per item (pass, fail or skipped, time, detail), then the facts learnt. */
export function checkReportHtml(report: CheckReport): string {
  const failed = report.items.filter((item) => item.status === 'fail').length;
  const rows = report.items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}</td><td class="${item.status}">${item.status}</td><td>${item.ms} ms</td><td>${escapeHtml(item.detail)}</td></tr>`,
    )
    .join('\n');
  const facts = report.facts.map(([name, value]) => `<li>${escapeHtml(name)}: ${escapeHtml(value)}</li>`).join('\n');
  return `<style>body{font:13px Arial,sans-serif}table{border-collapse:collapse}td{border:1px solid #ddd;padding:3px 6px;vertical-align:top}.pass{color:#137333}.fail{color:#a50e0e;font-weight:bold}.skipped{color:#666}</style>
<p>${failed === 0 ? 'Every check passed.' : `${plural(failed, 'check')} failed: see the details below.`} Keep this report (copy it) when you report a problem.</p>
<table>
${rows}
</table>
<h3>Facts</h3>
<ul>
${facts}
</ul>`;
}
