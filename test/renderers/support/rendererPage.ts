/**
 * Real headless Chromium around a built renderer: a loopback file server for `dist/renderers`
 * and the harness page (sent with a Content-Security-Policy without `unsafe-eval` and without
 * network access, like a locked-down webview), Debian's Chromium driven by playwright-core, and
 * a helper that calls `activate(context).renderOutputItem(...)` with a VS Code-shaped output item.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { themeCss, THEMES, type ThemeName } from '../harness/themes';

/** The repository root: the nearest folder up from here with the project's package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "unrolled"')) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:";

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html', '.css': 'text/css' };

export interface Harness {
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const root = repoRoot();
  const html = readFileSync(join(root, 'test/renderers/harness/harness.html'), 'utf8');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/harness') {
      const theme = (url.searchParams.get('theme') ?? 'light') as ThemeName;
      if (!(theme in THEMES)) {
        res.writeHead(400).end(`unknown theme ${theme}`);
        return;
      }
      const page = html.replace('/*THEME*/', themeCss(theme)).replace('/*BODY_CLASS*/', THEMES[theme].bodyClass);
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP }).end(page);
      return;
    }
    if (url.pathname === '/harness/cspProbe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(root, 'test/renderers/harness/cspProbe.js')));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, 'dist/renderers', url.pathname.replace(/^\/renderers\//, '')));
    if (!url.pathname.startsWith('/renderers/') || !file.startsWith(join(root, 'dist/renderers')) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function requireBuiltRenderer(kind: string): void {
  const file = join(repoRoot(), 'dist/renderers', `${kind}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the renderers first (node scripts/build.mjs --only=renderers,tests)`);
}

/**
 * What the harness leaves on the page's `window` after the first render, for a test that must act
 * in the same task as `renderOutputItem` (inside `page.evaluate`): the activated renderer and a
 * factory of output items of its MIME type.
 */
export interface InPageRenderer {
  __api: { renderOutputItem(item: unknown, el: HTMLElement, signal: AbortSignal): unknown; disposeOutputItem(id?: string): void };
  __outputItem(id: string, text: string): unknown;
}

export interface RendererPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /**
   * Renders `data` (a payload object, or raw text for malformed-JSON tests) as output `id`;
   * returns the milliseconds from calling `renderOutputItem` to the next frame, in the page.
   */
  render(data: unknown, id?: string): Promise<number>;
  /** `render`, also counting the elements matching `selector` in the first frame after the call. */
  renderCounting(data: unknown, id: string, selector: string): Promise<{ ms: number; count: number }>;
  dispose(id?: string): Promise<void>;
  screenshot(name: string): Promise<string>;
}

export async function openRenderer(h: Harness, kind: string, theme: ThemeName, viewport = { width: 1000, height: 900 }): Promise<RendererPage> {
  requireBuiltRenderer(kind);
  const page = await h.browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(h.baseUrl) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) problems.push(`network request: ${req.url()}`);
  });
  await page.goto(`${h.baseUrl}/harness?theme=${theme}`);
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  const mime = `application/vnd.unrolled.${kind}+json`;
  const url = `${h.baseUrl}/renderers/${kind}.js`;
  const renderCounting: RendererPage['renderCounting'] = async (data, id, selector) => {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    return page.evaluate(
      async ({ url, mime, text, id, selector }) => {
        type Api = InPageRenderer['__api'];
        const w = window as unknown as Omit<InPageRenderer, '__api'> & { __api?: Api };
        if (!w.__api) {
          const mod = (await import(url)) as { activate(ctx: unknown): Api | Promise<Api> };
          w.__api = await mod.activate({ setState() {}, getState: () => undefined, workspace: { isTrusted: true }, getRenderer: async () => undefined });
          w.__outputItem = (id, text) => ({
            id,
            mime,
            metadata: {},
            text: () => text,
            json: () => JSON.parse(text),
            data: () => new TextEncoder().encode(text),
            blob: () => new Blob([text], { type: mime }),
          });
        }
        const item = w.__outputItem(id, text);
        const el = document.getElementById('output') as HTMLElement;
        const started = performance.now();
        await w.__api.renderOutputItem(item, el, new AbortController().signal);
        // Until the next frame is produced (style, layout and paint of what was drawn, and drawing deferred to that frame).
        let count = 0;
        await new Promise((resolve) =>
          requestAnimationFrame(() => {
            if (selector) count = el.querySelectorAll(selector).length;
            setTimeout(resolve, 0);
          }),
        );
        return { ms: performance.now() - started, count };
      },
      { url, mime, text, id, selector },
    );
  };
  return {
    page,
    problems,
    renderCounting,
    async render(data, id = 'output-1') {
      return (await renderCounting(data, id, '')).ms;
    },
    async dispose(id) {
      await page.evaluate((id) => (window as unknown as InPageRenderer).__api.disposeOutputItem(id), id);
    },
    async screenshot(name) {
      const dir = join(repoRoot(), 'test-artifacts/renderers');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.png`);
      await page.locator('#output').screenshot({ path });
      return path;
    },
  };
}
