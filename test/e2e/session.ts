/**
 * One end-to-end session: the packaged .vsix installed into code-server (VS Code 1.100.3), a
 * fresh copy of the lessons as the workspace, and headless Chromium on the workbench.
 */
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs } from './workbench';

export const repoRoot = join(__dirname, '..', '..', '..');
export const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e');

interface CodeServer {
  url: string;
  stop(): Promise<void>;
}

export interface E2ESession {
  browser: Browser;
  server: CodeServer;
  workspace: string;
  url: string;
  /** What the extension wrote to its Output channel (Output ▸ Unrolled) so far; '' before it wrote anything. */
  extensionLog(): string;
  close(): Promise<void>;
}

/** The extension's log file under code-server's user data: `logs/<start>/exthost<N>/unrolled.unrolled/Unrolled.log`. */
function readExtensionLog(userData: string): string {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs)
    .flatMap((start) => readdirSync(join(logs, start)).filter((name) => name.startsWith('exthost')).map((host) => join(logs, start, host, 'unrolled.unrolled', 'Unrolled.log')))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('');
}

/** `files` are written into the workspace (name → contents) next to the copied lessons. */
export async function startSession(options: { settings?: Record<string, unknown>; trust?: boolean; files?: Record<string, string> } = {}): Promise<E2ESession> {
  const { startCodeServer } = (await import(join(repoRoot, 'scripts', 'e2e', 'codeServer.mjs'))) as {
    startCodeServer(options: Record<string, unknown>): Promise<CodeServer>;
  };
  const state = mkdtempSync(join(tmpdir(), 'unrolled-e2e-'));
  const workspace = join(state, 'lessons');
  cpSync(join(repoRoot, 'lessons'), workspace, { recursive: true });
  for (const [name, contents] of Object.entries(options.files ?? {})) writeFileSync(join(workspace, name), contents);
  mkdirSync(artifactsDir, { recursive: true });
  const server = await startCodeServer({
    folder: workspace,
    stateDir: join(state, 'vscode'),
    vsix: join(repoRoot, 'unrolled.vsix'),
    settings: { 'unrolled.backend': 'wasm', ...options.settings },
    trust: options.trust,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return {
    browser,
    server,
    workspace,
    url: server.url,
    extensionLog: () => readExtensionLog(join(state, 'vscode', 'user-data')),
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
