/**
 * `KernelClient` works through any `KernelTransport`: an in-memory kernel stands in for one on
 * another machine and answers `execute` itself, so only the client's side of the contract is used.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelClient } from '../../kernel/host/kernelClient';
import type { KernelExit, KernelTransport } from '../../kernel/host/kernelTransport';
import type { HostMessage, KernelMessage } from '../../kernel/protocol/messages';

class MemoryKernel implements KernelTransport {
  readonly backend = { name: 'memory', skipped: [] };
  readonly startupMs = 1;
  onMessage: (message: KernelMessage) => void = () => undefined;
  readonly sent: HostMessage[] = [];
  readonly interrupts: number[] = [];
  readonly exited: Promise<KernelExit>;
  alive = true;
  private end!: (exit: KernelExit) => void;

  constructor(readonly pid: number) {
    this.exited = new Promise((resolve) => (this.end = resolve));
  }

  send(message: HostMessage): void {
    this.sent.push(message);
    if (message.type !== 'execute') return;
    // Answer on a later turn, as a remote kernel would.
    setImmediate(() => {
      if (message.code === 'crash') return this.die({ code: 1, signal: null });
      this.onMessage({ type: 'stream', id: message.id, name: 'stdout', text: `ran ${message.code} in kernel ${this.pid}\n` });
      this.onMessage({ type: 'done', id: message.id, status: 'ok', durationMs: 2 });
    });
  }

  interrupt(token: number): void {
    this.interrupts.push(token);
  }

  kill(): Promise<KernelExit> {
    this.die({ code: null, signal: 'SIGKILL' });
    return this.exited;
  }

  shutdown(): Promise<KernelExit> {
    return this.kill();
  }

  stderrSummary(): string {
    return '';
  }

  private die(exit: KernelExit): void {
    this.alive = false;
    this.end(exit);
  }
}

function startMemoryClient() {
  const kernels: MemoryKernel[] = [];
  const client = KernelClient.start({
    cwd: '/nowhere',
    log: () => undefined,
    kernelPath: '/no/kernel.js',
    startKernel: async () => {
      const kernel = new MemoryKernel(100 + kernels.length);
      kernels.push(kernel);
      return kernel;
    },
  });
  return { client, kernels };
}

test('a kernel client runs cells through a transport that is not a local process', async () => {
  const { client: starting, kernels } = startMemoryClient();
  const client = await starting;
  assert.deepEqual(client.backend, { name: 'memory', skipped: [] });
  const messages: KernelMessage[] = [];
  const outcome = await client.execute('x + 1', { executionCount: 1, cellLabel: 'cell 1', onMessage: (m) => messages.push(m) });
  assert.equal(outcome.status, 'ok');
  assert.deepEqual(messages.map((m) => m.type), ['stream', 'done']);
  assert.equal(messages[0].type === 'stream' && messages[0].text, 'ran x + 1 in kernel 100\n');
  assert.equal(kernels[0].sent[0].type, 'execute');
  await client.dispose();
});

test('a transport that ends while a cell runs reports the death, and the next run starts a fresh kernel through it', async () => {
  const { client: starting, kernels } = startMemoryClient();
  const client = await starting;
  const died = await client.execute('crash', { executionCount: 1, cellLabel: 'cell 1', onMessage: () => undefined });
  assert.equal(died.status, 'died');
  assert.match(died.message ?? '', /The kernel process ended while cell 1 ran \(exit code 1/);
  const messages: string[] = [];
  await client.execute('y', { executionCount: 1, cellLabel: 'cell 1', onMessage: (m) => m.type === 'stream' && messages.push(m.text) });
  assert.equal(kernels.length, 2);
  assert.deepEqual(messages, ['ran y in kernel 101\n']);
  await client.dispose();
});
