/**
 * Test helpers for the kernel: start the real built kernel (`dist/kernel/kernel.js`, built by
 * `node scripts/build.mjs --only=kernel`) on each backend a learner meets, and run a cell
 * collecting what it sent.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe } from 'node:test';
import type { KernelMessage } from '../../kernel/protocol/messages';
import { KernelClient, type ExecutionOutcome, type KernelClientOptions } from '../../kernel/host/kernelClient';

export function repoRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'kernel'))) return dir;
  }
  throw new Error(`no repository root above ${__dirname}`);
}

export interface Kernel {
  client: KernelClient;
  /** The kernel process's own stdout/stderr lines and the client's notes. */
  log: string[];
}

/**
 * The backends every kernel test runs on: wasm, which `auto` picks where tfjs-node is not
 * installed (the default a learner meets offline), and cpu. The wasm backend brings its own
 * Emscripten runtime into the kernel process, so a test run only on cpu can miss what wasm breaks.
 */
export const kernelBackends = ['wasm', 'cpu'] as const;
export type KernelBackend = (typeof kernelBackends)[number];

/** Declares the tests `body` adds once per backend, each set in a suite named `on the <backend> backend`. */
export function onEachBackend(body: (backend: KernelBackend) => void): void {
  for (const backend of kernelBackends) describe(`on the ${backend} backend`, () => body(backend));
}

export async function startKernel(backend: KernelBackend, options: Partial<KernelClientOptions> = {}): Promise<Kernel> {
  const log: string[] = [];
  const client = await KernelClient.start({ cwd: repoRoot(), backend, log: (line) => log.push(line), ...options });
  return { client, log };
}

export interface CellRun {
  outcome: ExecutionOutcome;
  messages: KernelMessage[];
  /** The result's `text/plain`, if the cell had a result. */
  result: string | undefined;
  stdout: string;
  stderr: string;
}

let cellCounter = 0;

/** Runs `code`; `onMessage` sees each message as it arrives (e.g. to interrupt at the right moment). */
export async function runCell(
  client: KernelClient,
  code: string,
  onMessage: (message: KernelMessage) => void = () => undefined,
  cellLabel = `cell ${++cellCounter}`,
): Promise<CellRun> {
  const messages: KernelMessage[] = [];
  const outcome = await client.execute(code, {
    executionCount: cellCounter,
    cellLabel,
    onMessage: (message) => {
      messages.push(message);
      onMessage(message);
    },
  });
  const result = messages.find((m) => m.type === 'result');
  const text = (name: 'stdout' | 'stderr') =>
    messages.map((m) => (m.type === 'stream' && m.name === name ? m.text : '')).join('');
  return {
    outcome,
    messages,
    result: result?.type === 'result' ? String(result.data['text/plain']) : undefined,
    stdout: text('stdout'),
    stderr: text('stderr'),
  };
}

/** The first message of `type`, typed. */
export function messageOf<T extends KernelMessage['type']>(run: CellRun, type: T): Extract<KernelMessage, { type: T }> | undefined {
  return run.messages.find((m): m is Extract<KernelMessage, { type: T }> => m.type === type);
}
