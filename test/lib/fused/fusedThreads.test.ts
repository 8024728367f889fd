/**
 * The fused kernels' worker threads (kernel/lib/fused/fusedThreads.ts): how work is split, that
 * the thread setting is honoured and refused when malformed, and that a large product split by
 * columns across threads equals the textbook product. (Whole sequences with threads on and off
 * are compared with the unfused layers in fusedSequence.test.ts and retainedTraces.test.ts.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fusedKernelInfo, setFusedKernels, setFusedThreads } from '../../../kernel/lib/fused/dispatch';
import { splitRanges, WorkerPool } from '../../../kernel/lib/fused/fusedThreads';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantiateRecurrentWasm, loadRecurrentWasm } from '../../../kernel/lib/fused/wasmModule';
import { wasmNumerics } from '../../../kernel/lib/fused/wasmNumerics';
import { currentNumerics } from '../../../kernel/lib/fused/numericsChoice';
import { seededUniform } from '../../support/random';
import { assertRelativeClose } from '../../support/closeness';

after(() => {
  setFusedKernels('auto');
  setFusedThreads('auto');
});

test('work is split into contiguous parts that cover it, each a multiple of the granularity but the last', () => {
  assert.deepEqual(splitRanges(3, 1, 2), [[0, 2], [2, 3]]);
  assert.deepEqual(splitRanges(1, 1, 4), [[0, 1]]);
  assert.deepEqual(splitRanges(100, 8, 2), [[0, 56], [56, 100]]);
  for (const [count, granularity, parts] of [[64, 1, 3], [2048, 8, 4], [13, 8, 2], [7, 1, 8]]) {
    const ranges = splitRanges(count, granularity, parts);
    assert.ok(ranges.length <= parts);
    assert.equal(ranges[0][0], 0);
    assert.equal(ranges[ranges.length - 1][1], count);
    ranges.forEach(([a, b], k) => {
      assert.ok(b > a);
      if (k > 0) assert.equal(a, ranges[k - 1][1]);
      if (k < ranges.length - 1) assert.equal(b % granularity, 0);
    });
  }
});

test('setFusedThreads caps the threads, and refuses what is not a count', () => {
  setFusedKernels('wasm');
  setFusedThreads(1);
  assert.equal(fusedKernelInfo().threads, 1);
  setFusedThreads(2);
  assert.equal(fusedKernelInfo().threads, 2, fusedKernelInfo().threadNote);
  assert.throws(() => setFusedThreads(0), /threads must be 'auto' or an integer from 1 to 32; got 0/);
  assert.throws(() => setFusedThreads(1.5), /got 1.5/);
});

test('a large product split by columns across two threads equals the textbook product', () => {
  setFusedKernels('wasm');
  setFusedThreads(2);
  const num = currentNumerics()!;
  const [M, N, K] = [40, 203, 300]; // N not a multiple of 8: the last part ends in a partial panel
  const random = seededUniform(3);
  const ws = num.allocate({ A: M * K, B: K * N, packed: num.linalg.panelSize(K, N), C: M * N });
  ws.f32.A.set(Array.from({ length: M * K }, random));
  ws.f32.B.set(Array.from({ length: K * N }, random));
  ws.f32.C.set(Array.from({ length: M * N }, random));
  const expected: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = ws.f32.C[i * N + j];
      for (let k = 0; k < K; k++) sum += ws.f32.A[i * K + k] * ws.f32.B[k * N + j];
      expected.push(sum);
    }
  }
  num.linalg.packPanels(K, N, ws.f32.B, N, ws.f32.packed);
  num.linalg.gemm(M, N, K, ws.f32.A, K, ws.f32.packed, ws.f32.C, N, true);
  assertRelativeClose(ws.f32.C, expected, 1e-5, 'split product');
});

test('a worker that cannot start costs a notice, not a hang: the task runs on the calling thread', () => {
  const loaded = loadRecurrentWasm('simd128');
  assert.ok('module' in loaded, 'missing' in loaded ? loaded.missing : '');
  const num = wasmNumerics(instantiateRecurrentWasm(loaded.module));
  const dir = mkdtempSync(join(tmpdir(), 'unrolled-worker-'));
  const script = join(dir, 'broken.js');
  writeFileSync(script, "throw new Error('this worker never starts');\n");
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (line: string) => warnings.push(line);
  try {
    const pool = new WorkerPool(script, loaded.module, num.memory, num, 2, 300);
    num.setPool(pool);
    const ws = num.allocate({ out: 10 });
    num.splitBatch({ name: 'test', count: 10, granularity: 1, sizes: [], arrays: { out: ws.f32.out }, run: (_n, _s, a, b0, b1) => a.out!.fill(1, b0, b1) });
    assert.deepEqual(Array.from(ws.f32.out), Array(10).fill(1));
    assert.match(pool.failure, /did not start within 0.3 s; the fused kernels run on one thread/);
    assert.equal(warnings.length, 1);
    pool.close();
  } finally {
    console.warn = warn;
    rmSync(dir, { recursive: true, force: true });
  }
});
