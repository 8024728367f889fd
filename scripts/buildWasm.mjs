// Compiles the fused recurrent kernels (kernel/lib/fused/native/*.c) to dist/fused/recurrent.wasm
// with clang's wasm32 target and SIMD (Debian: `apt-get install -y clang lld`). Without clang the
// build goes on with a one-line warning and the library runs the same kernels in plain JavaScript.
// Usable on its own (`node scripts/buildWasm.mjs`) or imported by scripts/build.mjs.
// A second build, dist/fused/recurrent-relaxed.wasm, adds relaxed SIMD (fused multiply-add in the
// gemm); it needs clang 16 or later ($CLANG_RELAXED, else clang-16 … clang-19, else $CLANG when
// it is new enough; Debian 12: `apt-get install -y clang-16 lld-16`). Without such a clang only
// the SIMD128 build is written. The library validates the relaxed build at load and uses it
// only where the runtime accepts it (wasmModule.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const flags = [
  '--target=wasm32',
  '-O3',
  '-msimd128', // 128-bit SIMD: every V8 since Node 16.4
  '-mbulk-memory', // memory.copy/fill for the row copies clang recognises as memcpy/memset
  // Shared memory, created by wasmModule.ts and imported, so worker threads (fusedThreads.ts) run
  // instances of the module over the same arrays; each instance gets its own stack by setting
  // the exported __stack_pointer. Up to 4 GiB (wasm32's limit), reserved, not committed.
  '-matomics',
  '-mmutable-globals',
  '-Wl,--shared-memory',
  '-Wl,--import-memory',
  '-Wl,--max-memory=4294967296',
  '-Wl,--export=__stack_pointer',
  '-nostdlib',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--export=__heap_base', // where wasmNumerics.ts starts its arena
];

/** Clangs to try for the relaxed-SIMD build, in order; the first that compiles it wins. */
function relaxedClangs() {
  const named = [process.env.CLANG_RELAXED, 'clang-19', 'clang-18', 'clang-17', 'clang-16', process.env.CLANG ?? 'clang'];
  return [...new Set(named.filter(Boolean))];
}

/**
 * Writes dist/fused/recurrent-relaxed.wasm with the first clang that can (older clangs lack the
 * final relaxed-SIMD builtins and fail to compile); removes a stale one otherwise. Returns its path.
 */
function buildRelaxed(sources, outDir) {
  const out = join(outDir, 'recurrent-relaxed.wasm');
  for (const clang of relaxedClangs()) {
    const run = spawnSync(clang, [...flags, '-mrelaxed-simd', '-o', out, ...sources], { encoding: 'utf8' });
    if (run.status === 0) return out;
  }
  rmSync(out, { force: true });
  return undefined;
}

/** Returns the output path, or undefined (after a warning) when clang cannot build wasm32 here. */
export function buildWasm(root) {
  const sourceDir = join(root, 'kernel/lib/fused/native');
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.c')).map((f) => join(sourceDir, f));
  const outDir = join(root, 'dist/fused');
  const out = join(outDir, 'recurrent.wasm');
  mkdirSync(outDir, { recursive: true });
  const clang = process.env.CLANG ?? 'clang';
  const run = spawnSync(clang, [...flags, '-o', out, ...sources], { encoding: 'utf8' });
  if (run.error && run.error.code === 'ENOENT') {
    console.warn(`buildWasm: '${clang}' not found; fused kernels will run in JavaScript (install clang and lld for the SIMD build)`);
    return undefined;
  }
  if (run.status !== 0) {
    const output = `${run.stdout}${run.stderr}`.trim();
    // An error located in our sources is ours to fix; anything else is a toolchain without wasm32 support.
    if (/\.[ch]:\d+:\d+: error/.test(output)) throw new Error(`buildWasm: compiling kernel/lib/fused/native failed:\n${output}`);
    console.warn(`buildWasm: ${clang} cannot build wasm32 here (is lld installed?); fused kernels will run in JavaScript:\n${output}`);
    return undefined;
  }
  buildRelaxed(sources, outDir);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = buildWasm(join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (out) console.log(`built ${out}${existsSync(join(dirname(out), 'recurrent-relaxed.wasm')) ? ' and recurrent-relaxed.wasm' : ''}`);
}
