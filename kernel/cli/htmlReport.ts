/**
 * The executed notebook as one self-contained HTML page: markdown rendered, code with its
 * execution count, outputs through their static fallbacks, styles inline, no scripts, fonts or
 * images fetched from anywhere. Readable in a browser offline and attachable to a CI run.
 *
 * The notebook's own HTML is sanitised where it enters (`sanitizeHtml`); the page's
 * Content-Security-Policy is the second wall: no script of any kind, nothing loaded except
 * `data:` images, styles only inline.
 */
import type { Cell, Notebook } from '../notebook/nbformat';
import { escapeHtml, markdownToHtml } from './markdownHtml';
import { outputToHtml } from './outputHtml';

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export interface ReportContext {
  /** The page title when the notebook has no heading. */
  fileName: string;
  /** One sentence about the run: backend, duration, whether every cell ran. */
  summary: string;
  /** Indexes (0-based) of code cells that were not run because an earlier cell failed. */
  notRun: ReadonlySet<number>;
}

const style = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --code-bg: #f6f8fa; --border: #d0d7de; --error-bg: #ffebe9; --error-fg: #82071e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --code-bg: #161b22; --border: #30363d; --error-bg: #3c1618; --error-fg: #ffa198; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 920px; margin: 0 auto; padding: 24px 20px 64px; }
.summary { color: var(--muted); border-bottom: 1px solid var(--border); padding-bottom: 12px; }
.cell { margin: 18px 0; }
.cell.code { display: grid; grid-template-columns: 4.5em minmax(0, 1fr); column-gap: 8px; }
.prompt { color: var(--muted); font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-align: right; padding-top: 9px; }
.source, .outputs { grid-column: 2; min-width: 0; }
pre { margin: 0; padding: 8px 10px; overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
.source pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; }
.outputs > * { margin-top: 6px; }
pre.stderr { background: var(--code-bg); border-left: 3px solid #bf8700; }
pre.error { background: var(--error-bg); color: var(--error-fg); border-radius: 6px; }
.not-run .source pre { opacity: 0.55; }
.not-run .prompt::after { content: "not run"; display: block; font-size: 11px; }
.svg img, .outputs img { max-width: 100%; height: auto; }
.image-omitted { color: var(--muted); font-style: italic; }
.math { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.math.display { display: block; text-align: center; margin: 8px 0; }
.markdown code, .markdown pre { background: var(--code-bg); border-radius: 4px; }
.markdown code { padding: 1px 4px; font-size: 0.9em; }
.markdown table { border-collapse: collapse; }
.markdown th, .markdown td { border: 1px solid var(--border); padding: 4px 8px; }
.no-fallback { color: var(--muted); font-style: italic; }
`;

function title(notebook: Notebook, fileName: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const heading = /^#{1,6}\s+(.+)$/m.exec(cell.source);
    if (heading) return heading[1].trim();
  }
  return fileName;
}

function cellHtml(cell: Cell, index: number, context: ReportContext): string {
  if (cell.cell_type === 'markdown') return `<section class="cell markdown">${markdownToHtml(cell.source, cell.attachments)}</section>`;
  if (cell.cell_type === 'raw') return `<section class="cell raw"><pre>${escapeHtml(cell.source)}</pre></section>`;
  const prompt = `[${cell.execution_count ?? ' '}]`;
  const classes = context.notRun.has(index) ? 'cell code not-run' : 'cell code';
  const outputs = cell.outputs.map(outputToHtml).join('\n');
  return [
    `<section class="${classes}" id="cell-${index + 1}">`,
    `<div class="prompt">${escapeHtml(prompt)}</div>`,
    `<div class="source"><pre><code class="language-typescript">${escapeHtml(cell.source)}</code></pre></div>`,
    outputs === '' ? '' : `<div class="outputs">${outputs}</div>`,
    '</section>',
  ].join('\n');
}

export function notebookToHtml(notebook: Notebook, context: ReportContext): string {
  const cells = notebook.cells.map((cell, index) => cellHtml(cell, index, context)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="unrolled run">
<title>${escapeHtml(title(notebook, context.fileName))}</title>
<style>${style}</style>
</head>
<body>
<main>
<p class="summary">${escapeHtml(context.summary)}</p>
${cells}
</main>
</body>
</html>
`;
}
