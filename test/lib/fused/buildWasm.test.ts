/**
 * scripts/buildWasm.mjs, run as `npm run build` runs it, on a copy of the sources in a temporary
 * folder: with clang it writes a module exporting every primitive the numerics bind; without
 * clang it warns in one line and succeeds, so the library falls back to the JavaScript numerics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function repositoryRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'buildWasm.mjs'))) return dir;
  }
  throw new Error(`scripts/buildWasm.mjs not found above ${__dirname}`);
}

/** A scratch copy of the build script and the C sources; returns its root. */
function scratchCopy(): string {
  const root = repositoryRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'unrolled-buildwasm-'));
  cpSync(join(root, 'scripts', 'buildWasm.mjs'), join(scratch, 'scripts', 'buildWasm.mjs'));
  cpSync(join(root, 'kernel', 'lib', 'fused', 'native'), join(scratch, 'kernel', 'lib', 'fused', 'native'), { recursive: true });
  return scratch;
}

const primitives = [
  'pack_panels', 'gemm', 'transpose', 'fill_rows', 'gather_rows', 'scatter_add_rows', 'sum_rows', 'swap_time_batch',
  'lstm_forward_step', 'lstm_backward_step', 'gru_gates_step', 'gru_state_step', 'gru_candidate_backward', 'gru_reset_backward',
  'elman_forward_step', 'elman_backward_step',
];

test('the build script compiles the C sources into a SIMD module that exports every primitive and imports a shared memory', () => {
  const scratch = scratchCopy();
  try {
    const run = spawnSync(process.execPath, [join(scratch, 'scripts', 'buildWasm.mjs')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const wasm = join(scratch, 'dist', 'fused', 'recurrent.wasm');
    const module = new WebAssembly.Module(readFileSync(wasm));
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const name of [...primitives, '__heap_base', '__stack_pointer']) assert.ok(exports.includes(name), `missing export ${name}`);
    assert.deepEqual(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }], 'the module needs only its memory');
    // the memory must be shared (worker threads run instances over it): a private one is refused
    assert.throws(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 32, maximum: 65536 }) } }));
    new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 32, maximum: 65536, shared: true }) } });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('without clang the build script warns in one line and succeeds without writing a module', () => {
  const scratch = scratchCopy();
  try {
    const run = spawnSync(process.execPath, [join(scratch, 'scripts', 'buildWasm.mjs')], { encoding: 'utf8', env: { ...process.env, CLANG: 'no-such-clang' } });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^buildWasm: 'no-such-clang' not found; fused kernels will run in JavaScript/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(join(scratch, 'dist', 'fused', 'recurrent.wasm')), false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
