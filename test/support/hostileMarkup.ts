/**
 * Strings that try to run script, fire handlers, follow `javascript:` links or fetch something
 * when they reach a page as HTML, markdown or plotly label markup. Each one that runs sets
 * `window.__pwned` to its own name; each one that fetches asks for `${leak}/<name>`, so a test
 * can serve `leak` and see which got through.
 */

/** Raw HTML attacks (for markdown cells, `display.markdown` and `display.html` outputs). */
export function hostileHtml(leak: string): string[] {
  const pwn = (name: string) => `window.__pwned='${name}'`;
  return [
    `<script>${pwn('script')}</script>`,
    `<img src="x" onerror="${pwn('img-onerror')}">`,
    `<svg onload="${pwn('svg-onload')}"><circle r="4"/></svg>`,
    `<details open ontoggle="${pwn('details-ontoggle')}"><summary>more</summary>hidden</details>`,
    `<a href="javascript:${pwn('js-link')}">a js link</a>`,
    `<a href="  JaVaScRiPt:${pwn('js-link-spaced')}">a spaced js link</a>`,
    `<a href="data:text/html,<script>${pwn('data-link')}</script>">a data link</a>`,
    `<iframe src="javascript:parent.${pwn('iframe')}"></iframe>`,
    `<iframe srcdoc="<script>parent.${pwn('srcdoc')}</script>"></iframe>`,
    `<input autofocus onfocus="${pwn('autofocus')}">`,
    `<math><mtext><table><mglyph><style><img src=x onerror="${pwn('mxss-mglyph')}"></style></mglyph></table></mtext></math>`,
    `<svg><style><img src=x onerror="${pwn('svg-style')}"></style></svg>`,
    `<noscript><p title="</noscript><img src=x onerror=${pwn('noscript')}>"></p></noscript>`,
    `<math href="javascript:${pwn('math-href')}"><mi>x</mi></math>`,
    `<form action="javascript:${pwn('form')}"><button>go</button></form>`,
    `<img src="${leak}/remote-img.png" alt="remote">`,
    `<img srcset="${leak}/srcset.png 1x">`,
    `<link rel="stylesheet" href="${leak}/link.css">`,
    `<style>@import url(${leak}/import.css); body { background: url(${leak}/style-bg.png); }</style>`,
    `<div style="background-image: url(${leak}/inline-style.png)">styled</div>`,
    `<meta http-equiv="refresh" content="0;url=${leak}/refresh">`,
    `<object data="${leak}/object"></object><embed src="${leak}/embed">`,
    `<video poster="${leak}/poster.png"></video><audio src="${leak}/audio.mp3" autoplay></audio>`,
    `<base href="${leak}/base/">`,
    `<svg><image href="${leak}/svg-image.png"/></svg>`,
  ];
}

/** Markdown-syntax attacks (links and images written in markdown, not HTML). */
export function hostileMarkdown(leak: string): string[] {
  return [`[a markdown js link](javascript:window.__pwned='md-link')`, `![a remote markdown image](${leak}/md-img.png)`, `[a relative link](../../etc/passwd)`];
}

/** A short label that would be live markup if a label reached HTML or plotly unescaped. */
export const HOSTILE_LABEL = `<a href="javascript:window.__pwned='label'">x</a><img src=x onerror="window.__pwned='label-img'"><b>bold</b>&amp;`;
