/**
 * Injects a renderer's stylesheet once per document (or shadow root) that holds its outputs.
 * Stylesheets are bundled as text (esbuild's `.css` text loader); every rule is scoped under the
 * renderer's root class, and colours come from VS Code's `--vscode-*` theme variables.
 */
export function ensureStyles(element: HTMLElement, id: string, css: string): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  const host = root instanceof ShadowRoot ? root : document.head;
  if (host.querySelector(`style[data-unrolled="${id}"]`)) return;
  const style = document.createElement('style');
  style.dataset.unrolled = id;
  style.textContent = css;
  host.appendChild(style);
}
