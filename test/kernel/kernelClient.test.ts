import { test } from 'node:test';
import assert from 'node:assert/strict';
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
