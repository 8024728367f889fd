import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../kernel/host/kernelClient';
import { defaultKernelPath } from '../../kernel/host/kernelProcess';
import { repoRoot, runCell } from './harness';

test('the kernel bundle is found above the calling bundle without being told where it is', () => {
  assert.equal(defaultKernelPath(join(repoRoot(), 'dist', 'extension')), join(repoRoot(), 'dist', 'kernel', 'kernel.js'));
  assert.equal(defaultKernelPath(join(repoRoot(), 'out', 'test', 'kernel')), join(repoRoot(), 'dist', 'kernel', 'kernel.js'));
});

test('a kernel asked for an unknown backend fails to start and says which names are valid', async () => {
  const log: string[] = [];
  await assert.rejects(
    KernelClient.start({ cwd: repoRoot(), backend: 'gpu', log: (line) => log.push(line) }),
    /exited \(exit code 1\) before it was ready:[\s\S]*UNROLLED_BACKEND is 'gpu'; expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu/,
  );
});

test('a kernel whose working directory does not exist fails to start with the reason', async () => {
  const missing = join(repoRoot(), 'no-such-folder-for-kernel-test');
  await assert.rejects(KernelClient.start({ cwd: missing, backend: 'cpu', log: () => undefined }), /could not be started[\s\S]*ENOENT/);
});

test('the kernel process writes its own diagnostics to the log callback, not to cells', async () => {
  const log: string[] = [];
  const client = await KernelClient.start({ cwd: repoRoot(), backend: 'cpu', log: (line) => log.push(line) });
  // tfjs prints its one-time advice about tfjs-node when the first tensor is made; the kernel makes that tensor at start.
  assert.ok(log.some((line) => line.includes('looks like you are running TensorFlow.js in Node.js')), log.join('\n'));
  const run = await runCell(client, 'import { tf } from "unrolled";\ntf.tensor1d([1]).dispose();\n"made a tensor"');
  assert.equal(run.stderr, '');
  assert.equal(run.result, 'made a tensor');
  await client.dispose();
  await assert.rejects(client.execute('1', { executionCount: 1, cellLabel: 'cell 1', onMessage: () => undefined }), /disposed/);
});

test('the kernel writes a code cache after its first start and the next start uses it', async () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'unrolled-cache-test-'));
  const cacheFolder = join(cacheHome, 'unrolled', 'kernel-code-cache');
  const start = async () => {
    const log: string[] = [];
    const client = await KernelClient.start({ cwd: repoRoot(), backend: 'cpu', env: { XDG_CACHE_HOME: cacheHome }, log: (line) => log.push(line) });
    return { client, log };
  };
  try {
    const first = await start();
    assert.ok(first.log.some((line) => line.includes('no code cache yet')), first.log.join('\n'));
    const written = () => existsSync(cacheFolder) && readdirSync(cacheFolder).some((name) => name.endsWith('.cache'));
    for (let polls = 0; !written() && polls < 300; polls++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(written(), `no code cache was written to ${cacheFolder}:\n${first.log.join('\n')}`);
    await first.client.dispose();
    const second = await start();
    assert.ok(second.log.some((line) => line.includes('started from the code cache')), second.log.join('\n'));
    assert.equal((await runCell(second.client, '[1, 2].map((x) => x * 21)')).result, '[ 21, 42 ]');
    await second.client.dispose();
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
});
